/**
 * 实名 means verified (issue 16): knowing a person's name and ID number no longer makes anyone
 * that person. Each observation of the issue is a test here, through the real function entries
 * on both databases; only WeChat's and Alipay's servers are faked.
 */
import type { CheckInResponse, GenerateCodeResponse, Result } from '../../src/shared/api'
import { decrypt } from '../../server/crypto/personal-data'
import { DEMO_PEOPLE } from '../../server/domain/demo'
import { createSession } from '../../server/domain/sessions'
import { loadConfig } from '../../server/config'
import { startFakeAlipay, type FakeAlipay } from '../support/fake-alipay'
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, makeIdCard, makePhone, unwrap, venueInput } from './fixtures'

const demo = (id: string) => DEMO_PEOPLE.find((p) => p.id === id)!
const ZHANG = demo('citizen')
const SUN = demo('citizen_red')

function entered(res: Result<CheckInResponse>) {
  const data = unwrap(res)
  if (data.kind !== 'entered') throw new Error(`expected entries, got ${data.kind}`)
  return data
}

describe.each(testDatabases())('verified identity on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let venue: GenerateCodeResponse
  let zhang: string
  let official: string

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl, config: { assistDailyCap: 3 } })
    venue = unwrap(await stack.call('myVenues', {}, await stack.login('venue_admin'))).venues[0]
    zhang = await stack.login('citizen')
    official = await stack.login('official')
  })
  afterAll(async () => { await stack.close() })

  const personOf = async (token: string) => {
    const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [await stack.userIdOf(token)])
    return u.person_id
  }
  const phoneOf = async (personId: string) => {
    const [p] = await stack.db.query<{ phone_enc: string }>('SELECT phone_enc FROM persons WHERE id = $1', [personId])
    return decrypt(stack.config.dataKeys, p.phone_enc)
  }
  /** An outsider who typed 张三's name and ID number as their own 实名信息. */
  async function impostorOf(person: { name?: string; idCard?: string }): Promise<string> {
    const token = await stack.newAccount()
    unwrap(await stack.act('people', 'saveProfile', { name: person.name!, idCard: person.idCard!, phone: '13900000999' }, token))
    return token
  }

  describe('an account that typed someone else\'s name and ID number', () => {
    it('neither reads, withdraws nor changes their records, nor sees their colour', async () => {
      const real = entered(await stack.call('checkIn', { code: venue.code.url }, zhang)).people[0]
      expect(real.healthStatus).toBe('green')
      const zhangPerson = await personOf(zhang)
      const realPhone = await phoneOf(zhangPerson)

      const impostor = await impostorOf(ZHANG)
      expect(unwrap(await stack.call('whoAmI', {}, impostor))).toMatchObject({ identity: 'unverified', healthStatus: null })
      expect(unwrap(await stack.act('people', 'getProfile', {}, impostor)).profile).toMatchObject({ healthStatus: null, verified: false, phoneMasked: '139****0999' })
      // 我的扫码记录 holds nothing of 张三's; withdrawing their entry is as unknown as a made-up id.
      expect(unwrap(await stack.act('entries', 'list', {}, impostor)).entries).toEqual([])
      expect(await stack.act('entries', 'withdraw', { entryId: real.entryId }, impostor)).toMatchObject({ ok: false, code: 'ENTRY_NOT_FOUND' })
      expect(await stack.act('entries', 'checkOut', { entryIds: [real.entryId] }, impostor)).toMatchObject({ ok: false, code: 'ENTRY_NOT_FOUND' })
      const [row] = await stack.db.query<{ withdrawn_at: Date | null }>('SELECT withdrawn_at FROM entries WHERE id = $1', [real.entryId])
      expect(row.withdrawn_at).toBeNull()
      // 谁查看了我的信息 and 风险提示 are the holder's alone.
      unwrap(await stack.act('official', 'person', { idCard: ZHANG.idCard! }, official))
      expect(unwrap(await stack.act('people', 'accessLog', {}, impostor)).records).toEqual([])
      expect(unwrap(await stack.act('people', 'accessLog', {}, zhang)).records.length).toBeGreaterThan(0)
      expect(unwrap(await stack.act('entries', 'risks', {}, impostor)).notices).toEqual([])
      // The person's mobile (what officials call) is untouched by what the impostor typed.
      unwrap(await stack.act('people', 'saveProfile', { phone: '13900000888' }, impostor))
      expect(await phoneOf(zhangPerson)).toBe(realPhone)
      expect(unwrap(await stack.act('official', 'person', { idCard: ZHANG.idCard! }, official)).person.phone).toBe(realPhone)
    })

    it('still scans, as paper registration did: 身份未核验 instead of a colour, recorded as self-declared', async () => {
      const impostor = await impostorOf(SUN)
      const sunPerson = await personOf(await stack.login('citizen_red'))
      const result = entered(await stack.call('checkIn', { code: venue.code.url }, impostor)).people[0]
      expect(result).toMatchObject({ personId: sunPerson, healthStatus: null, statusHidden: 'identity_unverified' })
      const [e] = await stack.db.query<{ status_hidden: string; health_status: string }>('SELECT status_hidden, health_status FROM entries WHERE id = $1', [result.entryId])
      expect(e).toEqual({ status_hidden: 'identity_unverified', health_status: 'red' })
      // It reaches the region's officials like any other; the venue's staff learn no colour.
      const recipients = await stack.db.query<{ role: string }>(
        `SELECT r.role FROM alerts a JOIN alert_recipients r ON r.venue_id = a.venue_id AND r.alert_id = a.id WHERE a.entry_id = $1`, [result.entryId])
      expect(recipients.length).toBeGreaterThan(0)
      expect(new Set(recipients.map((r) => r.role))).toEqual(new Set(['official']))
      const gate = unwrap(await stack.act('inspector', 'feed', { venueId: venue.venue.id }, await stack.login('inspector'))).entries
      expect(gate.find((g) => g.entryId === result.entryId)).toMatchObject({ healthStatus: null, statusHidden: 'identity_unverified', abnormal: false })
      // The holder sees it, made by someone else, and may say 不是我本人.
      const sun = await stack.login('citizen_red')
      const mine = unwrap(await stack.act('entries', 'list', {}, sun)).entries.find((x) => x.entryId === result.entryId)!
      expect(mine).toMatchObject({ who: '本人', disputable: true, disputedAt: null })
      const disputed = unwrap(await stack.act('entries', 'dispute', { entryId: result.entryId }, sun)).entry
      expect(disputed).toMatchObject({ disputable: false, disputedAt: expect.any(String) })
      expect(unwrap(await stack.act('official', 'disputes', {}, official)).entries.map((d) => d.entryId)).toContain(result.entryId)
      // The impostor cannot flag (or unflag) anything; its own entry stays in tracing.
      expect(await stack.act('entries', 'dispute', { entryId: result.entryId }, impostor)).toMatchObject({ ok: false, code: 'ENTRY_NOT_DISPUTABLE' })
    })

    it('learns nothing from the 5-minute fold: its scan right after 张三\'s is an entry of its own', async () => {
      const real = entered(await stack.call('checkIn', { code: venue.code.url }, zhang)).people[0]
      const impostor = await impostorOf(ZHANG)
      const fake = entered(await stack.call('checkIn', { code: venue.code.url }, impostor)).people[0]
      expect(fake).toMatchObject({ repeated: false, healthStatus: null, statusHidden: 'identity_unverified' })
      expect(fake.entryId).not.toBe(real.entryId)
      expect(fake.checkedInAt).not.toBe(real.checkedInAt)
      // Its own second scan folds as usual.
      expect(entered(await stack.call('checkIn', { code: venue.code.url }, impostor)).people[0]).toMatchObject({ entryId: fake.entryId, repeated: true })
    })

    it('shows the colour once verified, also on the scan folded into the one made before', async () => {
      const token = await stack.newAccount()
      unwrap(await stack.act('people', 'saveProfile', { name: '石磊', idCard: makeIdCard('19870707'), phone: makePhone() }, token))
      const before = entered(await stack.call('checkIn', { code: venue.code.url }, token)).people[0]
      expect(before.healthStatus).toBeNull()
      await stack.verify(token)
      expect(entered(await stack.call('checkIn', { code: venue.code.url }, token)).people[0])
        .toMatchObject({ entryId: before.entryId, repeated: true, healthStatus: 'green', statusHidden: null })
    })

    it('cannot list companions, so no colour of anyone comes from a companion list', async () => {
      const impostor = await impostorOf({ name: '白露', idCard: makeIdCard('19910101') })
      const links = await count(stack.db, 'companions')
      expect(await stack.act('people', 'addCompanion', { name: SUN.name!, idCard: SUN.idCard!, relation: 'friend' }, impostor))
        .toMatchObject({ ok: false, code: 'IDENTITY_UNVERIFIED' })
      expect(await count(stack.db, 'companions')).toBe(links)
    })
  })

  describe('companions who hold their own verified account', () => {
    it('are shown to another account only after accepting on their phone, and every look is in their access log', async () => {
      const friend = await stack.verifiedAccount({ name: '冯远', idCard: makeIdCard('19880808'), phone: makePhone() })
      const sun = await stack.login('citizen_red')
      const added = unwrap(await stack.act('people', 'addCompanion', { name: SUN.name!, idCard: SUN.idCard!, relation: 'friend' }, friend)).companion
      expect(added.pending).toBe(true)
      // Not offered at the scan, not logged, no colour.
      const before = entered(await stack.call('checkIn', { code: venue.code.url }, friend))
      expect(before.people.map((p) => p.personId)).toEqual([await personOf(friend)])
      const requests = unwrap(await stack.act('people', 'companionRequests', {}, sun)).requests
      expect(requests).toEqual([expect.objectContaining({ fromNameMasked: '冯*', relation: 'friend', accepted: false })])
      unwrap(await stack.act('people', 'answerCompanionRequest', { requestId: requests[0].requestId, accept: true }, sun))
      expect(unwrap(await stack.act('people', 'listCompanions', {}, friend)).companions[0].pending).toBe(false)
      const { venue: other } = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '同行测试馆' }), friend))
      const code = unwrap(await stack.call('getVenueCode', { venueId: other.id }, friend)).code.url
      const choice = unwrap(await stack.call('checkIn', { code }, friend))
      expect(choice.kind).toBe('choose')
      const both = entered(await stack.call('checkIn', { code, companionIds: [added.personId] }, friend))
      expect(both.people[1]).toMatchObject({ personId: added.personId, healthStatus: 'red', statusHidden: null })
      const log = unwrap(await stack.act('people', 'accessLog', {}, sun)).records
      expect(log.filter((r) => r.action === 'companion_link')).toEqual([expect.objectContaining({ office: '同行人员', officialNameMasked: '冯*' })])
      expect(log.some((r) => r.action === 'companion_status')).toBe(true)
      // 拒绝 later removes the link from the other account's list.
      unwrap(await stack.act('people', 'answerCompanionRequest', { requestId: requests[0].requestId, accept: false }, sun))
      expect(unwrap(await stack.act('people', 'listCompanions', {}, friend)).companions).toEqual([])
      expect(await stack.act('people', 'answerCompanionRequest', { requestId: requests[0].requestId, accept: true }, sun))
        .toMatchObject({ ok: false, code: 'COMPANION_REQUEST_NOT_FOUND' })
    })
  })

  describe('辅助登记', () => {
    it('at a venue nobody approved logs the entry but shows no colour; once approved it does', async () => {
      const owner = await stack.verifiedAccount({ name: '秦川', idCard: makeIdCard('19770707'), phone: makePhone() })
      const applied = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '未审核商店' }), owner))
      expect(applied.venue.reviewStatus).toBe('pending')
      const checkpointId = applied.code.checkpointId
      const register = () => stack.act('assist', 'register', { venueId: applied.venue.id, checkpointId, name: SUN.name!, idCard: SUN.idCard! }, owner)
      const hidden = unwrap(await register())
      expect(hidden.entry).toMatchObject({ healthStatus: null, statusHidden: 'venue_unreviewed', method: 'assisted' })
      // In 孙八's own records as 辅助登记 (not 本人), and in their access log with the venue.
      const sun = await stack.login('citizen_red')
      expect(unwrap(await stack.act('entries', 'list', {}, sun)).entries.find((e) => e.entryId === hidden.entry.entryId))
        .toMatchObject({ who: '辅助登记', disputable: true })
      expect(unwrap(await stack.act('people', 'accessLog', {}, sun)).records[0])
        .toMatchObject({ action: 'assisted_entry', office: '未审核商店 主入口', officialNameMasked: '秦*' })
      // Staff of the venue get no alert of the hidden colour; the region's officials do.
      const roles = await stack.db.query<{ role: string }>(
        'SELECT r.role FROM alerts a JOIN alert_recipients r ON r.venue_id = a.venue_id AND r.alert_id = a.id WHERE a.entry_id = $1', [hidden.entry.entryId])
      expect(roles.map((r) => r.role)).not.toContain('admin')

      const review = unwrap(await stack.act('official', 'venueReviews', {}, official)).venues.find((v) => v.venueId === applied.venue.id)!
      expect(review).toMatchObject({ reviewStatus: 'pending', name: '未审核商店' })
      expect(await stack.act('official', 'reviewVenue', { venueId: applied.venue.id, approve: true, reason: '  ' }, official))
        .toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { reason: '请填写审核意见' } })
      expect(await stack.act('official', 'reviewVenue', { venueId: applied.venue.id, approve: true, reason: '核实无误' }, owner))
        .toMatchObject({ ok: false, code: 'NOT_OFFICIAL' })
      unwrap(await stack.act('official', 'reviewVenue', { venueId: applied.venue.id, approve: true, reason: '核实无误' }, official))
      const shown = unwrap(await stack.act('assist', 'register', {
        venueId: applied.venue.id, checkpointId, name: ZHANG.name!, idCard: ZHANG.idCard!
      }, owner))
      expect(shown.entry).toMatchObject({ healthStatus: 'green', statusHidden: null })
    })

    it('refuses past the daily cap per inspector, writing nothing', async () => {
      const inspector = await stack.login('inspector')
      const [{ n }] = await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM entries WHERE inspector_id = $1', [await stack.userIdOf(inspector)])
      for (let i = n; i < 3; i++) {
        unwrap(await stack.act('assist', 'register', {
          venueId: venue.venue.id, checkpointId: venue.code.checkpointId, name: '老人' + '甲乙丙'[i], idCard: makeIdCard('19400101')
        }, inspector))
      }
      const entries = await count(stack.db, 'entries')
      expect(await stack.act('assist', 'register', {
        venueId: venue.venue.id, checkpointId: venue.code.checkpointId, name: '老人丁', idCard: makeIdCard('19400101')
      }, inspector)).toMatchObject({ ok: false, code: 'ASSIST_DAILY_LIMIT' })
      expect(await count(stack.db, 'entries')).toBe(entries)
    })
  })

  describe('verification', () => {
    it('lets the newcomer verify in one tap (demo) and then see green', async () => {
      const newcomer = await stack.login('newcomer')
      expect(unwrap(await stack.call('whoAmI', {}, newcomer))).toMatchObject({ identity: 'none', identityProvider: 'demo' })
      const start = unwrap(await stack.act('people', 'startVerification', { name: '韦一笑', idCard: makeIdCard('19820202'), phone: '13911112222' }, newcomer))
      expect(start).toMatchObject({ provider: 'demo', client: { demo: true } })
      const { profile } = unwrap(await stack.act('people', 'confirmVerification', { checkId: start.checkId }, newcomer))
      expect(profile).toMatchObject({ nameMasked: '韦**', verified: true, verifiedVia: 'demo', healthStatus: 'green', phoneMasked: '139****2222' })
      expect(entered(await stack.call('checkIn', { code: venue.code.url }, newcomer)).people[0]).toMatchObject({ healthStatus: 'green', statusHidden: null })
      // A check confirms once; another account cannot use it at all.
      expect(unwrap(await stack.act('people', 'confirmVerification', { checkId: start.checkId }, newcomer)).profile).toEqual(
        unwrap(await stack.act('people', 'getProfile', {}, newcomer)).profile)
      expect(await stack.act('people', 'confirmVerification', { checkId: start.checkId }, await stack.newAccount()))
        .toMatchObject({ ok: false, code: 'IDENTITY_CHECK_NOT_FOUND' })
    })

    it('moves a person to the account that verified last, and tells the old one on its home page', async () => {
      const person = { name: '欧阳锋', idCard: makeIdCard('19600606'), phone: makePhone() }
      const oldPhone = await stack.verifiedAccount(person)
      const newPhone = await stack.verifiedAccount({ ...person, phone: '13722223333' })
      expect(unwrap(await stack.call('whoAmI', {}, newPhone))).toMatchObject({ identity: 'verified', identityMovedAt: null })
      const told = unwrap(await stack.call('whoAmI', {}, oldPhone))
      expect(told).toMatchObject({ identity: 'unverified', healthStatus: null, identityMovedAt: expect.any(String) })
      const [{ n }] = await stack.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM users WHERE person_id = $1 AND verified_at IS NOT NULL', [await personOf(newPhone)])
      expect(n).toBe(1)
      unwrap(await stack.act('people', 'dismissIdentityNotice', {}, oldPhone))
      expect(unwrap(await stack.call('whoAmI', {}, oldPhone)).identityMovedAt).toBeNull()
    })

    it('refuses bad input with field messages and writes nothing', async () => {
      const token = await stack.newAccount()
      const checks = await count(stack.db, 'identity_checks')
      expect(await stack.act('people', 'startVerification', {}, token))
        .toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { name: '请填写姓名', idCard: '请填写身份证号码' } })
      expect(await stack.act('people', 'startVerification', { name: '韦一笑', idCard: '370102198202021238' }, token))
        .toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { idCard: expect.any(String) } })
      expect(await stack.act('people', 'confirmVerification', { checkId: 'nope' }, token))
        .toMatchObject({ ok: false, code: 'INVALID_INPUT' })
      expect(await count(stack.db, 'identity_checks')).toBe(checks)
    })
  })
})

describe.each(testDatabases())('identity providers of a deployment on $label', ({ databaseUrl }) => {
  let wechat: FakeWechat
  let alipay: FakeAlipay
  let stack: TestStack
  let venue: GenerateCodeResponse
  beforeAll(async () => {
    wechat = await startFakeWechat()
    alipay = await startFakeAlipay()
    const fromEnv = loadConfig({
      CODE_SIGNING_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, CODE_SIGNING_KID: 'k1',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'), LOOKUP_HASH_KEY: Buffer.alloc(32, 3).toString('base64'),
      PUBLIC_BASE_URL: 'http://127.0.0.1:8080', LOCAL_STACK: '1', DATA_DIR: ':memory:', ...wechat.env
    })
    // No demo sign-in: accounts verify with their own platform's provider.
    stack = await createTestStack({ databaseUrl, demoLogin: false, config: { wechat: fromEnv.wechat, alipay: alipay.config } })
    const [admin] = await stack.db.query<{ id: string }>(`INSERT INTO users (wx_openid) VALUES ('o-admin') RETURNING id`)
    venue = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '微信核验馆' }), await createSession(stack.db, admin.id)))
  })
  afterAll(async () => {
    await stack?.close()
    await wechat?.close()
    await alipay?.close()
  })
  beforeEach(() => { wechat.setMode('up'); alipay.setMode('up') })

  let n = 0
  async function account(kind: 'wx_openid' | 'alipay_uid' | 'none'): Promise<string> {
    n++
    const [u] = kind === 'none'
      ? await stack.db.query<{ id: string }>('INSERT INTO users DEFAULT VALUES RETURNING id')
      : await stack.db.query<{ id: string }>(`INSERT INTO users (${kind}) VALUES ($1) RETURNING id`, [kind === 'wx_openid' ? `o-user-${n}` : String(2088000000100000 + n)])
    return createSession(stack.db, u.id)
  }
  const claim = () => ({ name: '沈括', idCard: makeIdCard('19750505') })

  it('verifies a WeChat account through 人脸核身: pending until the face check ends, then held', async () => {
    const token = await account('wx_openid')
    expect(unwrap(await stack.call('whoAmI', {}, token)).identityProvider).toBe('wechat')
    const start = unwrap(await stack.act('people', 'startVerification', claim(), token))
    expect(start.provider).toBe('wechat')
    const verifyId = (start.client as { verifyId: string }).verifyId
    expect(await stack.act('people', 'confirmVerification', { checkId: start.checkId }, token)).toMatchObject({ ok: false, code: 'IDENTITY_CHECK_PENDING' })
    wechat.complete(verifyId, 'pass')
    expect(unwrap(await stack.act('people', 'confirmVerification', { checkId: start.checkId }, token)).profile).toMatchObject({ verified: true, verifiedVia: 'wechat' })
    expect(unwrap(await stack.call('checkIn', { code: venue.code.url }, token))).toMatchObject({ kind: 'entered', people: [{ healthStatus: 'green' }] })
  })

  it.each([
    ['fail', 'IDENTITY_CHECK_FAILED'],
    ['other-person', 'IDENTITY_MISMATCH']
  ] as const)('refuses a WeChat face check that ended "%s", holding nothing', async (outcome, code) => {
    const token = await account('wx_openid')
    const start = unwrap(await stack.act('people', 'startVerification', claim(), token))
    wechat.complete((start.client as { verifyId: string }).verifyId, outcome)
    expect(await stack.act('people', 'confirmVerification', { checkId: start.checkId }, token)).toMatchObject({ ok: false, code })
    expect(unwrap(await stack.call('whoAmI', {}, token)).identity).toBe('none')
    // The check is spent: asked again it is expired, not retried at the provider.
    expect(await stack.act('people', 'confirmVerification', { checkId: start.checkId }, token)).toMatchObject({ ok: false, code: 'IDENTITY_CHECK_EXPIRED' })
  })

  it('answers an expired verify id and a provider that is down with their own refusals', async () => {
    const token = await account('wx_openid')
    const start = unwrap(await stack.act('people', 'startVerification', claim(), token))
    wechat.expire((start.client as { verifyId: string }).verifyId)
    expect(await stack.act('people', 'confirmVerification', { checkId: start.checkId }, token)).toMatchObject({ ok: false, code: 'IDENTITY_CHECK_EXPIRED' })
    await wechat.goDown()
    try {
      const checks = await count(stack.db, 'identity_checks')
      expect(await stack.act('people', 'startVerification', claim(), token)).toMatchObject({ ok: false, code: 'IDENTITY_PROVIDER_UNAVAILABLE' })
      expect(await count(stack.db, 'identity_checks')).toBe(checks)
    } finally {
      await wechat.comeBack()
    }
  })

  it('verifies an Alipay account through 身份验证', async () => {
    const token = await account('alipay_uid')
    const start = unwrap(await stack.act('people', 'startVerification', claim(), token))
    expect(start.provider).toBe('alipay')
    const { url } = start.client as { certifyId: string; url: string }
    alipay.completeCertify(alipay.certifyIdOf(url), 'pass')
    expect(unwrap(await stack.act('people', 'confirmVerification', { checkId: start.checkId }, token)).profile).toMatchObject({ verified: true, verifiedVia: 'alipay' })
  })

  it('says so when a deployment has no provider for the account', async () => {
    const token = await account('none')
    expect(unwrap(await stack.call('whoAmI', {}, token)).identityProvider).toBeNull()
    expect(await stack.act('people', 'startVerification', claim(), token)).toMatchObject({ ok: false, code: 'IDENTITY_PROVIDER_MISSING' })
  })
})
