import { idCardCheckChar } from '../../src/shared/validators'
import { parseStatusCsv, statusOfLabel } from '../../server/domain/status-csv'
import { reportProblems, MAX_REPORTED_PROBLEMS } from '../../server/domain/status-import'

const HEADER = '身份证号,姓名,健康码,原因'

function id(seq: number): string {
  const body = `370102199001${String(10 + (seq % 18)).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`
  return body + idCardCheckChar(body)
}

describe('a status file read line by line', () => {
  it('reads a good file, with or without BOM, LF or CRLF, quoted cells and a missing final newline', () => {
    for (const [bom, nl] of [['', '\n'], ['\ufeff', '\r\n'], ['\ufeff', '\n']]) {
      const csv = bom + [HEADER, `${id(1)},张三,黄码,密接`, `${id(2).toLowerCase()},"李四",红,"确诊, 转院"`, ` ${id(3)} , 王五 ,绿码,解除隔离 `].join(nl)
      const parsed = parseStatusCsv(csv)
      expect(parsed.problems).toEqual([])
      expect(parsed.rows).toBe(3)
      expect(parsed.lines).toEqual([
        { line: 2, idCard: id(1), name: '张三', status: 'yellow', reason: '密接' },
        { line: 3, idCard: id(2), name: '李四', status: 'red', reason: '确诊, 转院' },
        { line: 4, idCard: id(3), name: '王五', status: 'green', reason: '解除隔离' }
      ])
    }
  })

  it('accepts 绿码/黄码/红码 and 绿/黄/红 only', () => {
    expect(['绿码', '绿', '黄码', '黄', '红码', '红'].map(statusOfLabel)).toEqual(['green', 'green', 'yellow', 'yellow', 'red', 'red'])
    expect(['green', '蓝码', '', '绿色'].map(statusOfLabel)).toEqual([null, null, null, null])
  })

  it('reports every problem of every line with its line and column', () => {
    const csv = [
      HEADER,
      `${id(1)},张三,黄码,密接`,
      `370102199001011234,李四,蓝码,x`,
      `${id(1)},张三,红码,重复的人`,
      `${id(4)},王@五,黄码,${'长'.repeat(201)}`,
      `${id(5)},赵六,黄码`,
      '',
      `${id(6)},钱七,黄码,"多行\r\n原因"`,
      `${id(7)},孙八,"黄码,密接`
    ].join('\r\n')
    const { problems, rows, lines } = parseStatusCsv(csv)
    expect(rows).toBe(8)
    expect(problems).toEqual([
      { line: 3, field: '身份证号', problem: '身份证号码校验位不正确，请核对' },
      { line: 3, field: '健康码', problem: '健康码应填写绿码、黄码或红码' },
      { line: 3, field: '原因', problem: '变更原因至少2个字' },
      { line: 4, field: '身份证号', problem: '与第2行是同一人：每人在一个文件中只能出现一次' },
      { line: 5, field: '姓名', problem: '姓名只能包含汉字、字母或“·”' },
      { line: 5, field: '原因', problem: '变更原因不能超过200个字' },
      { line: 6, field: '文件', problem: expect.stringContaining('应有4列') },
      { line: 7, field: '文件', problem: '空行：请删除这一行' },
      // A CRLF inside a quoted cell is one line break, not two: the line after it is still right.
      { line: 8, field: '原因', problem: expect.stringContaining('控制字符') },
      { line: 10, field: '文件', problem: expect.stringContaining('引号不成对') }
    ])
    // Lines whose ID number is valid and first seen still go to the database checks.
    expect(lines.map((l) => [l.line, l.name, l.status])).toEqual([[2, '张三', 'yellow'], [5, null, 'yellow'], [8, '钱七', 'yellow']])
  })

  it('reports a quote left open at the line it opened, counts every data line and checks the lines after it', () => {
    // 13 lines: the header and 12 data lines, a quote opened in the 原因 of line 4 and never closed.
    const data = Array.from({ length: 12 }, (_, i) => `${id(10 + i)},张三,黄码,密接`)
    data[2] = `${id(12)},张三,黄码,"密接`
    data[7] = `${id(17)},张三,蓝码,密接`
    for (const nl of ['\n', '\r\n']) {
      const parsed = parseStatusCsv([HEADER, ...data].join(nl) + nl)
      expect(parsed.rows).toBe(12)
      expect(parsed.problems).toEqual([
        { line: 4, field: '文件', problem: expect.stringContaining('引号不成对') },
        { line: 9, field: '健康码', problem: '健康码应填写绿码、黄码或红码' }
      ])
      expect(parsed.lines.map((l) => l.line)).toEqual([2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13])
    }
    // The quote opens on the second line of a record whose 原因 spans two lines: reported there.
    const csv = [HEADER, `${id(1)},"张三",黄码,"多行`, '原因",x,"开', `${id(2)},李四,黄码,密接`, `${id(3)},王五,黄码,密接`].join('\n')
    const spanning = parseStatusCsv(csv)
    expect(spanning.problems).toEqual([{ line: 3, field: '文件', problem: expect.stringContaining('引号不成对') }])
    expect(spanning.rows).toBe(3)
    expect(spanning.lines.map((l) => l.line)).toEqual([4, 5])
  })

  it('refuses a wrong header, an empty file and a header alone as problems of the file', () => {
    expect(parseStatusCsv('').problems).toEqual([{ line: 1, field: '文件', problem: expect.stringContaining('文件为空') }])
    expect(parseStatusCsv('\ufeff').problems).toEqual([{ line: 1, field: '文件', problem: expect.stringContaining('文件为空') }])
    expect(parseStatusCsv(`${HEADER}\r\n`)).toMatchObject({ rows: 0, problems: [{ line: 2, field: '文件', problem: '文件中只有表头，没有数据行' }] })
    for (const header of ['身份证号,姓名,健康码', '姓名,身份证号,健康码,原因', '身份证号, 姓名,健康码,原因', 'id,name,status,reason']) {
      const parsed = parseStatusCsv(`${header}\n${id(1)},张三,黄码,密接\n`)
      expect(parsed).toMatchObject({ rows: 1, lines: [], problems: [{ line: 1, field: '文件', problem: expect.stringContaining(HEADER) }] })
    }
  })

  it('lists at most MAX_REPORTED_PROBLEMS problems in file order, then how many more there are', () => {
    const many = Array.from({ length: MAX_REPORTED_PROBLEMS + 5 }, (_, i) => ({ line: MAX_REPORTED_PROBLEMS + 6 - i, field: '姓名', problem: 'x' }))
    const reported = reportProblems(many)
    expect(reported).toHaveLength(MAX_REPORTED_PROBLEMS + 1)
    expect(reported[0].line).toBe(2)
    expect(reported[MAX_REPORTED_PROBLEMS]).toEqual({ line: MAX_REPORTED_PROBLEMS + 2, field: '文件', problem: expect.stringContaining('还有5处问题') })
    expect(reportProblems([{ line: 3, field: '原因', problem: 'a' }, { line: 3, field: '身份证号', problem: 'b' }, { line: 2, field: '文件', problem: 'c' }])
      .map((p) => p.problem)).toEqual(['c', 'b', 'a'])
  })
})
