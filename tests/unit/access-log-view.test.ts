/** 谁查看了我的信息: the honest header, the empty state, and each record in plain words. */
import { accessLogEmpty, accessLogIntro, accessRecordLines } from '../../src/services/access-log-view'
import type { AccessRecordView } from '../../src/shared/api'

const record = (extra: Partial<AccessRecordView> = {}): AccessRecordView => ({
  nameMasked: '张*', office: '济南市疫情防控指挥部', officialNameMasked: '赵*', action: 'set_status',
  reason: '密接判定', at: '2022-04-05T16:05:00Z', verified: true, ...extra
})

test('the header says what is listed, for how long, and that a changed record shows', () => {
  expect(accessLogIntro(180)).toBe('这里列出近180天内，疫情防控部门工作人员、场所检测员和将您添加为同行人员的人查看或使用您及同行人员个人信息的每一次记录。记录由系统自动生成，每一条都连入防篡改的审计链：写入后被修改、插入或删除，都会在这里显示“校验未通过”。')
  expect(accessLogEmpty(180)).toBe('暂无记录：近180天内没有工作人员查看您的信息。')
})

test('a record: office, official, what was done, why, when in China time, whose data', () => {
  expect(accessRecordLines(record())).toEqual({
    office: '济南市疫情防控指挥部',
    official: '经办人：赵*',
    action: '变更健康码状态',
    reason: '事由：密接判定',
    // 00:05 on 6 April in Shanghai.
    time: '2022年4月6日 00:05',
    whose: '涉及人员：张*',
    check: { ok: true, label: '已校验', note: '与审计链一致，写入后未被改动' }
  })
})

test('a record its audit chain no longer vouches for says so, and what to do', () => {
  expect(accessRecordLines(record({ verified: false })).check).toEqual({
    ok: false, label: '校验未通过', note: '此记录写入后被改动，或它之前的记录被删除。请保存截图，向当地卫生健康部门或12345热线反映'
  })
})

test('no reason given: no reason line; every action has its own words', () => {
  expect(accessRecordLines(record({ action: 'trace_contact', reason: null }))).toMatchObject({ reason: null, action: '流调：您与病例曾在同一场所' })
  expect(accessRecordLines(record({ action: 'view_alert', reason: '' })).reason).toBeNull()
})

test('a 同行人员 link, a companion scan and an assisted entry name who did it by their part', () => {
  expect(accessRecordLines(record({ action: 'companion_link', office: '同行人员', officialNameMasked: '李*', reason: null }))).toMatchObject({
    official: '添加人：李*', action: '将您添加为同行人员'
  })
  expect(accessRecordLines(record({ action: 'companion_status', officialNameMasked: '李*' })).official).toBe('扫码人：李*')
  expect(accessRecordLines(record({ action: 'assisted_entry', office: '泉城广场', officialNameMasked: '王*' }))).toMatchObject({
    official: '检测员：王*', action: '为您辅助登记并查看健康码状态'
  })
})
