import fs from 'fs'
import os from 'os'
import path from 'path'
import type { HealthStatus } from '../../src/shared/api'
import type { Deps } from '../../server/domain/deps'
import { applyStatusChanges } from '../../server/domain/health-status'
import { NO_GRANT_ERROR } from '../../server/domain/outbox'
import { deliverStatusDue, fileStatusLogSender, type StatusSenders } from '../../server/domain/status-messages'
import { STATUS_PAGE, wechatStatusSender } from '../../server/platform/wechat-subscribe'
import { getDeps } from '../../server/runtime'
import { fakeSubscribeMessage } from '../support/fake-wechat-subscribe'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { approve } from '../support/two-officials'
import { makeIdCard, unwrap } from './fixtures'

const TEMPLATE = 'tpl-status-change'
const REASON = '密接者同住人员核查'

/** WeChat's server, the one thing faked (as in outbox.test.ts), a little slow so racing deliverers overlap. */
function fakeWeChat() {
  const wx = fakeSubscribeMessage(() => 0, 5)
  return { ...wx, senders: { wechat: wechatStatusSender(wx.cloud) } as StatusSenders }
}

/**
 * The person is told (issue 20): an approved change of status writes, in its own transaction, one
 * message per (recipient, channel) for exactly the accounts that see it on 首页; WeChat sends each
 * at most once, using the person's grants of the status template; the local stack logs it.
 */
describe.each(testDatabases())('status change messages on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let deps: Deps
  let official: string
  let reviewer: string
  const logFile = path.join(os.tmpdir(), `status-messages-${process.pid}-${Math.random().toString(36).slice(2)}.log`)

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl, config: { statusTemplateId: TEMPLATE, localStack: true } })
    deps = await getDeps()
    official = await stack.login('official')
    reviewer = await stack.login('official_reviewer')
  })
  afterAll(async () => {
    await stack.close()
    fs.rmSync(logFile, { force: true })
  })
  beforeEach(async () => {
    await stack.db.query('DELETE FROM status_notification_outbox')
    await stack.db.query('DELETE FROM subscription_grants')
  })

  let n = 0
  /**
   * A verified holder with a WeChat openid and a child companion (no account of their own), and a
   * second verified account that lists the holder as a companion: the holder has their own
   * account, so only the holder sees the holder's changes; the child's reach the holder.
   */
  async function family() {
    n++
    const name = `欧阳明${'一二三四五六七八九'[n % 9]}`
    const idCard = makeIdCard(`19850${n % 9 + 1}15`)
    const token = await stack.verifiedAccount({ name, idCard, phone: '13912345671' })
    const userId = await stack.userIdOf(token)
    const openid = `o_status_${n}_${Date.now()}`
    await stack.db.query('UPDATE users SET wx_openid = $2 WHERE id = $1', [userId, openid])
    const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [userId])
    const kid = unwrap(await stack.act('people', 'addCompanion', { name: '欧阳小雨', idCard: makeIdCard('20160707'), relation: 'child' }, token)).companion
    const [k] = await stack.db.query<{ id_card_enc: string }>('SELECT id_card_enc FROM persons WHERE id = $1', [kid.personId])
    const { decrypt } = await import('../../server/crypto/personal-data')
    const other = await stack.verifiedAccount({ name: '司马青', idCard: makeIdCard(`19700${n % 9 + 1}20`), phone: '13912345672' })
    unwrap(await stack.act('people', 'addCompanion', { name, idCard, relation: 'spouse' }, other))
    return {
      token, userId, openid, name, idCard, personId: u.person_id, other, otherId: await stack.userIdOf(other),
      kid: { personId: kid.personId, name: '欧阳小雨', idCard: decrypt(stack.config.dataKeys, k.id_card_enc) }
    }
  }

  const propose = async (p: { idCard: string; name: string }, status: HealthStatus) =>
    unwrap(await stack.act('official', 'setStatus', { idCard: p.idCard, name: p.name, status, reason: REASON }, official)).proposal

  const rows = async (personId: string) => stack.db.query<{ recipient: string; channel: string; change_id: string; state: string; last_error: string | null }>(
    `SELECT recipient, channel, change_id, state, last_error FROM status_notification_outbox WHERE person_id = $1 ORDER BY channel, recipient`, [personId])

  it('writes one message per recipient and channel, only once approved, to exactly those who see it on 首页', async () => {
    const f = await family()
    const proposal = await propose(f, 'yellow')
    expect(await rows(f.personId)).toEqual([])
    await approve(stack, reviewer, proposal)
    const [change] = await stack.db.query<{ id: string }>('SELECT id FROM status_changes WHERE person_id = $1', [f.personId])
    expect(await rows(f.personId)).toEqual([
      { recipient: f.userId, channel: 'log', change_id: change.id, state: 'pending', last_error: null },
      { recipient: f.userId, channel: 'wechat', change_id: change.id, state: 'pending', last_error: null }
    ])
    // The account that lists the holder as a companion does not see it on 首页, and is not told.
    expect(unwrap(await stack.act('people', 'statusNotices', {}, f.other)).notices).toEqual([])
    const seen = unwrap(await stack.act('people', 'statusNotices', {}, f.token))
    expect(seen.notices.map((x) => x.changeId)).toEqual([change.id])
    // 首页 is where the WeChat client asks for the status template.
    expect(seen.subscribeTemplateIds).toEqual([TEMPLATE])

    // The child's change reaches the holder who lists them.
    await approve(stack, reviewer, await propose(f.kid, 'red'))
    expect((await rows(f.kid.personId)).map((r) => [r.recipient, r.channel])).toEqual([[f.userId, 'log'], [f.userId, 'wechat']])
  })

  it('tells nobody of a proposal rejected or still waiting, nor of a change whose transaction failed', async () => {
    const f = await family()
    const waiting = await propose(f, 'red')
    const rejected = await propose(f.kid, 'yellow')
    unwrap(await stack.act('official', 'decideProposal', { proposalId: rejected!.proposalId, approve: false, reason: '证据不足' }, reviewer))
    expect(await rows(f.personId)).toEqual([])
    expect(await rows(f.kid.personId)).toEqual([])
    expect(waiting).not.toBeNull()

    // The change written, then its transaction rolled back: its messages go with it.
    const [officialRow] = await stack.db.query<{ user_id: string; office: string }>('SELECT user_id, office FROM officials LIMIT 1')
    await expect(deps.db.transaction(async (tx) => {
      await applyStatusChanges(deps, tx, { personIds: [f.kid.personId], statuses: ['red'], reasonEncs: ['x'], reasonMacs: ['x'] },
        { userId: officialRow.user_id, office: officialRow.office, approvedBy: null, proposalId: null, emergency: true }, 'manual')
      expect((await tx.query('SELECT 1 FROM status_notification_outbox WHERE person_id = $1', [f.kid.personId])).length).toBe(2)
      throw new Error('the approval failed after the change')
    })).rejects.toThrow('the approval failed')
    expect(await rows(f.kid.personId)).toEqual([])
    const [{ changes }] = await stack.db.query<{ changes: number }>('SELECT count(*)::int AS changes FROM status_changes WHERE person_id = $1', [f.kid.personId])
    expect(changes).toBe(0)
  })

  it('sends through WeChat once, using a grant of the status template, with nothing a lock screen should not show', async () => {
    const f = await family()
    const g = await family()
    // f accepted the status template twice; g never did.
    for (let i = 0; i < 2; i++) unwrap(await stack.act('alert', 'subscribe', { templateIds: [TEMPLATE] }, f.token))
    await approve(stack, reviewer, await propose(f, 'yellow'))
    await approve(stack, reviewer, await propose(g, 'yellow'))
    const wx = fakeWeChat()
    // Racing deliverers: each message still goes once.
    const reports = await Promise.all(Array.from({ length: 4 }, () => deliverStatusDue(deps, wx.senders, { batchSize: 1 })))
    expect(reports.reduce((s, r) => s + r.sent, 0)).toBe(1)
    expect(wx.calls).toHaveLength(1)
    const [m] = wx.messages
    expect(m).toMatchObject({ touser: f.openid, templateId: TEMPLATE, page: STATUS_PAGE })
    expect(m.data.thing2.value).toBe('健康码状态变更为黄码')
    expect(m.data.thing4.value).toContain('申诉')
    expect(m.data.time3.value).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/)
    const text = JSON.stringify(m)
    expect(text).not.toContain(REASON)
    expect(text).not.toContain(f.name)
    // One grant used; g had none, so theirs is skipped, never sent.
    const [grant] = await stack.db.query<{ remaining: number }>('SELECT remaining FROM subscription_grants WHERE user_id = $1 AND template_id = $2', [f.userId, TEMPLATE])
    expect(grant.remaining).toBe(1)
    expect((await rows(f.personId)).find((r) => r.channel === 'wechat')).toMatchObject({ state: 'sent' })
    expect((await rows(g.personId)).find((r) => r.channel === 'wechat')).toMatchObject({ state: 'skipped', last_error: NO_GRANT_ERROR })
    expect(await deliverStatusDue(deps, wx.senders)).toMatchObject({ claimed: 0, sent: 0 })
    expect(wx.calls).toHaveLength(1)
  })

  it("writes the local stack's line to the notification log", async () => {
    const f = await family()
    await approve(stack, reviewer, await propose(f, 'red'))
    expect(await deliverStatusDue(deps, { log: fileStatusLogSender(logFile) })).toMatchObject({ sent: 1 })
    const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    const line = lines.find((l) => l.recipient === f.userId)
    expect(line).toMatchObject({ event: 'status-notification', label: '健康码状态变更', status: '红码', prompt: '请打开小程序查看详情或申诉' })
    expect(JSON.stringify(lines)).not.toContain(REASON)
    expect(JSON.stringify(lines)).not.toContain(f.name)
    expect(await deliverStatusDue(deps, { log: fileStatusLogSender(logFile) })).toMatchObject({ claimed: 0 })
  })
})
