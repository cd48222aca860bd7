/** 我的扫码记录: newest first, one heading per day in China's time, withdrawn lines kept in place. */
import { checkedOutNote, checkOutQuestion, disputeQuestion, groupEntriesByDay, replaceEntry, withdrawnNote } from '../../src/services/entries-view'
import type { MyEntryView } from '../../src/shared/api'

const entry = (entryId: string, checkedInAt: string, extra: Partial<MyEntryView> = {}): MyEntryView => ({
  entryId, checkedInAt, venueName: '泉城广场', fullAddress: '山东省济南市历下区泉城路街道 泉城路1号', checkpointName: '主入口',
  nameMasked: '张*', who: '本人', idLast4: '1234', method: 'self', withdrawnAt: null, withdrawable: false, checkedOutAt: null, checkOutable: false,
  disputable: false, disputedAt: null, ...extra
})

// 2022-04-06 10:00 in Shanghai.
const NOW = Date.parse('2022-04-06T02:00:00Z')

test('entries are grouped by the Shanghai day, days and entries newest first', () => {
  const days = groupEntriesByDay([
    entry('a', '2022-04-04T03:00:00Z'),
    entry('b', '2022-04-06T01:00:00Z'),
    entry('c', '2022-04-05T16:30:00Z'), // 00:30 on the 6th in Shanghai, still the 5th in UTC
    entry('d', '2022-04-05T09:00:00Z')
  ], NOW)
  expect(days.map((d) => [d.day, d.label, d.entries.map((e) => e.entryId)])).toEqual([
    ['2022-04-06', '今天', ['b', 'c']],
    ['2022-04-05', '昨天', ['d']],
    ['2022-04-04', '4月4日 周一', ['a']]
  ])
})

test('no entries, no days', () => {
  expect(groupEntriesByDay([], NOW)).toEqual([])
})

test('a withdrawn entry replaces its own line and nothing else', () => {
  const list = [entry('a', '2022-04-06T01:00:00Z', { withdrawable: true }), entry('b', '2022-04-06T00:00:00Z', { withdrawable: true })]
  const updated = { ...list[0], withdrawnAt: '2022-04-06T01:10:00Z', withdrawable: false }
  expect(replaceEntry(list, updated)).toEqual([updated, list[1]])
})

test('已撤销 says when: the time on the same day, the date as well on another', () => {
  expect(withdrawnNote(entry('a', '2022-04-06T01:00:00Z'))).toBeNull()
  expect(withdrawnNote(entry('a', '2022-04-06T01:00:00Z', { withdrawnAt: '2022-04-06T01:10:00Z' }))).toBe('已撤销 · 09:10')
  expect(withdrawnNote(entry('a', '2022-04-05T15:00:00Z', { withdrawnAt: '2022-04-05T16:30:00Z' }))).toBe('已撤销 · 4月6日 00:30')
})

test('已离场 says when, like 已撤销: the time on the same day, the date as well on another', () => {
  expect(checkedOutNote(entry('a', '2022-04-06T01:00:00Z'))).toBeNull()
  expect(checkedOutNote(entry('a', '2022-04-06T01:00:00Z', { checkedOutAt: '2022-04-06T02:45:00Z' }))).toBe('已离场 · 10:45')
  // Entered 23:00, left after midnight (Shanghai).
  expect(checkedOutNote(entry('a', '2022-04-05T15:00:00Z', { checkedOutAt: '2022-04-05T16:05:00Z' }))).toBe('已离场 · 4月6日 00:05')
})

test('the 离场 question names the venue and the time it will record', () => {
  expect(checkOutQuestion('泉城广场', NOW)).toEqual({
    title: '确认离场',
    content: '离场时间 10:00。确认已离开“泉城广场”？记录后不能修改。'
  })
})

test('the 离场 time is never split across lines: it ends within the first line of the narrowest dialog', () => {
  // Ten characters fit the first line of a 320 px dialog even in 长辈模式; a longer venue name must not push the time.
  const { content } = checkOutQuestion('济南市历下区泉城路街道综合服务中心一楼东侧大厅', NOW)
  expect(content.indexOf('10:00') + '10:00'.length).toBeLessThanOrEqual(10)
})

test('不是我本人 is asked first, naming the entry, who made it, and that officials will be told', () => {
  const q = disputeQuestion(entry('a', '2022-04-06T01:05:00Z', { nameMasked: '张**', who: '辅助登记' }))
  expect(q.title).toBe('不是我本人')
  expect(q.content).toBe('张** 4月6日 09:05 在“泉城广场”的登记（辅助登记）不是本人到场？标记后该记录将报告当地疫情防控部门核查，标记不能撤回。')
})
