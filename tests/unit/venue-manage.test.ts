import { changeLine, venueLinks } from '../../src/services/venue-manage'
import { base64Bytes, safePdfName } from '../../src/services/pdf-file'

describe('场所管理 links', () => {
  it('names the venue (and checkpoint) in the query, encoded', () => {
    expect(venueLinks.manage('v 1')).toBe('/manage/venue/index?venueId=v%201')
    expect(venueLinks.edit('v1')).toBe('/manage/edit/index?venueId=v1')
    expect(venueLinks.stats('v1')).toBe('/manage/stats/index?venueId=v1')
    expect(venueLinks.code('v1', 'c2')).toBe('/pages/code/index?venueId=v1&checkpointId=c2')
  })
  it('leaves the checkpoint out when none is named: the venue\'s first one opens', () => {
    expect(venueLinks.code('v1')).toBe('/pages/code/index?venueId=v1')
  })
})

describe('a line of 变更记录', () => {
  it('reads field, old → new, and who and when in China time', () => {
    expect(changeLine({ field: 'address', oldValue: '泉城路1号', newValue: '泉城路2号', changedByMasked: '李*', changedAt: '2022-04-15T02:05:00.000Z' }))
      .toEqual({ label: '详细地址', from: '泉城路1号', to: '泉城路2号', by: '李* · 2022-04-15 10:05' })
  })
  it('says 未填写 for a value that was empty', () => {
    expect(changeLine({ field: 'name', oldValue: '', newValue: '泉城广场', changedByMasked: '李*', changedAt: '2022-04-15T02:05:00.000Z' }).from).toBe('未填写')
  })
})

describe('the poster PDF as a file', () => {
  it('decodes base64 to the file\'s bytes', () => {
    expect(Array.from(base64Bytes(Buffer.from('%PDF-1.3').toString('base64')))).toEqual(Array.from(Buffer.from('%PDF-1.3')))
  })
  it('keeps a Chinese name and ends it in .pdf', () => {
    expect(safePdfName('场所码-泉城广场-南门.pdf')).toBe('场所码-泉城广场-南门.pdf')
    expect(safePdfName('场所码-泉城广场-南门')).toBe('场所码-泉城广场-南门.pdf')
  })
  it('replaces what no file system takes (a checkpoint called 1/2号门)', () => {
    expect(safePdfName('场所码-泉城广场-1/2号门.pdf')).toBe('场所码-泉城广场-1_2号门.pdf')
    expect(safePdfName('a:b*c?"d<e>f|g\\h.pdf')).toBe('a_b_c_d_e_f_g_h.pdf')
    expect(safePdfName('///')).toBe('_.pdf')
  })
})
