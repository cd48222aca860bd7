/** 打印/保存: one button, the platform's choices behind it. */
import { posterOutputChoices } from '../../src/services/poster-output'

test('the mini-programs save to the album or open the A4 PDF; the browser also prints', () => {
  expect(posterOutputChoices(false).map((c) => c.label)).toEqual(['保存到相册', '打印A4海报（PDF）'])
  expect(posterOutputChoices(true).map((c) => [c.id, c.label])).toEqual([['pdf', '下载A4海报（PDF）'], ['image', '保存图片'], ['print', '打印']])
})
