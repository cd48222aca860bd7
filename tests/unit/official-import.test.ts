import { MAX_STATUS_IMPORT_BYTES, STATUS_IMPORT_COLUMNS } from '../../src/shared/api'
import { checkIdCard, checkPersonName } from '../../src/shared/validators'
import {
  IMPORT_COLUMN_NOTES, IMPORT_HEADER, IMPORT_SAMPLE, IMPORT_STATUS_WORDS, MAX_IMPORT_TEXT, REFUSED_TEXT, chosenFileError,
  fileTextError, formatBytes, importedText, problemRows, refusedSummary, requestFileName
} from '../../src/services/official-import'

describe('the file format shown', () => {
  it('has the contract\'s header and a note for every column', () => {
    expect(IMPORT_HEADER).toBe('身份证号,姓名,健康码,原因')
    expect(Object.keys(IMPORT_COLUMN_NOTES)).toEqual([...STATUS_IMPORT_COLUMNS])
    expect(IMPORT_STATUS_WORDS).toEqual(['绿码', '黄码', '红码'])
    expect(IMPORT_COLUMN_NOTES['健康码']).toBe('绿码、黄码、红码之一')
  })

  it('has a sample that would pass: header first, valid ID numbers and names, known codes', () => {
    const [header, ...rows] = IMPORT_SAMPLE.split('\n')
    expect(header).toBe(IMPORT_HEADER)
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      const [idCard, name, status, reason] = row.split(',')
      expect(row.split(',')).toHaveLength(STATUS_IMPORT_COLUMNS.length)
      expect(checkIdCard(idCard)).toBeNull()
      expect(checkPersonName(name)).toBeNull()
      expect(IMPORT_STATUS_WORDS).toContain(status)
      expect(reason.length).toBeGreaterThan(1)
    }
  })
})

describe('a chosen file, before anything is sent', () => {
  it('passes a CSV within the limit, the limit itself included', () => {
    expect(chosenFileError('健康码.csv', 1200)).toBeNull()
    expect(chosenFileError('STATUS.CSV', MAX_STATUS_IMPORT_BYTES)).toBeNull()
  })
  it('refuses one byte over the limit, saying how large it is and what the limit is', () => {
    const msg = chosenFileError('big.csv', MAX_STATUS_IMPORT_BYTES + 1)
    expect(msg).toBe(`文件过大（8 MB），${MAX_IMPORT_TEXT}，请拆分后分批导入`)
    expect(chosenFileError('big.csv', 20 * 1024 * 1024)).toContain('文件过大（20 MB）')
  })
  it('refuses an empty file and a spreadsheet that is not CSV', () => {
    expect(chosenFileError('a.csv', 0)).toBe('文件是空的，请选择填写好的CSV文件')
    expect(chosenFileError('名单.xlsx', 100)).toContain('请选择CSV文件')
  })
  it('says the limit in words', () => {
    expect(MAX_IMPORT_TEXT).toBe('每个文件最多 8 MB（约10万行）')
  })
})

describe('the text read from the file', () => {
  it('passes UTF-8 text, with or without a byte-order mark', () => {
    expect(fileTextError(`${IMPORT_SAMPLE}\n`)).toBeNull()
    expect(fileTextError(`\uFEFF${IMPORT_SAMPLE}`)).toBeNull()
  })
  it('refuses text that was not UTF-8 (GBK read as UTF-8 leaves replacement characters)', () => {
    const gbk = Buffer.from([0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5]) // 身份证号 in GBK
    expect(fileTextError(gbk.toString('utf8'))).toContain('不是UTF-8编码')
  })
  it('refuses a file of nothing but blanks', () => {
    expect(fileTextError('\uFEFF \n\n')).toBe('文件是空的，请选择填写好的CSV文件')
  })
})

describe('sizes and names', () => {
  it('reads sizes in B, KB and MB', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(35 * 1024)).toBe('35 KB')
    expect(formatBytes(8 * 1024 * 1024)).toBe('8 MB')
    expect(formatBytes(8.25 * 1024 * 1024)).toBe('8.3 MB')
  })
  it('keeps a long name within the function\'s 120 characters, still a .csv', () => {
    expect(requestFileName(' 名单.csv ')).toBe('名单.csv')
    const long = requestFileName(`${'很'.repeat(200)}.csv`)
    expect(long).toHaveLength(120)
    expect(long.endsWith('.csv')).toBe(true)
  })
})

describe('the answer', () => {
  it('reads an applied file as rows and changes', () => {
    expect(importedText({ rows: 3, changed: 2 })).toBe('文件已提交：共 3 行，其中 2 人状态将变更，待另一名工作人员复核')
    expect(importedText({ rows: 3, changed: 0 })).toBe('文件已核对：共 3 行，没有人的状态需要变更')
  })

  it('lists every problem of a refused file in file order, whole-file problems first', () => {
    const refused = {
      applied: false as const,
      rows: 4,
      problems: [
        { line: 5, field: '健康码', problem: '应为绿码、黄码或红码' },
        { line: 2, field: '身份证号', problem: '身份证号码校验位不正确，请核对' },
        { line: 0, field: '文件', problem: '表头应为 身份证号,姓名,健康码,原因' },
        { line: 2, field: '姓名', problem: '请填写姓名' }
      ]
    }
    expect(refusedSummary(refused)).toBe('文件共 4 行数据，发现 4 处问题')
    expect(REFUSED_TEXT).toBe('文件未导入，请修改后重新上传')
    const rows = problemRows(refused.problems)
    expect(rows.map((r) => [r.where, r.field, r.problem])).toEqual([
      ['整个文件', '文件', '表头应为 身份证号,姓名,健康码,原因'],
      ['第2行', '身份证号', '身份证号码校验位不正确，请核对'],
      ['第2行', '姓名', '请填写姓名'],
      ['第5行', '健康码', '应为绿码、黄码或红码']
    ])
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length)
  })
})
