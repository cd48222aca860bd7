import type { GenerateCodeResponse } from '../../src/shared/api'
import { ERRORS } from '../../src/shared/errors'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { count, makeCreditCode, makeIdCard, solo, unwrap, venueInput } from './fixtures'

/** 场所管理: checkpoints, the 场所申报码, inspectors, handover, editing, and the gate with 体温检测. */
describe.each(testDatabases())('venue management on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let admin: string
  let venue: GenerateCodeResponse
  let venueId: string

  beforeAll(async () => {
    stack = await createTestStack({ databaseUrl })
    admin = await stack.login('venue_admin')
    venue = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '趵突泉公园', type: 'scenic', address: '趵突泉南路1号' }), admin))
    venueId = venue.venue.id
  })
  afterAll(async () => { await stack.close() })

  /** A fresh signed-in account with 实名信息 (the demo accounts are shared by the tests). */
  async function newPerson(name: string): Promise<string> {
    const token = await stack.newAccount()
    await stack.verify(token, { name, idCard: makeIdCard('19900101'), phone: '13912340000' })
    return token
  }

  describe('检测点', () => {
    it('adds, renames and removes checkpoints, each with its own code and version', async () => {
      const added = unwrap(await stack.act('venue', 'addCheckpoint', { venueId, name: ' 南门 ' }, admin))
      expect(added.checkpoints.map((c) => c.name)).toEqual(['主入口', '南门'])
      const south = added.checkpoints[1]
      expect(south.url).not.toBe(added.checkpoints[0].url)

      const citizen = await newPerson('郑一')
      const entered = solo(await stack.call('checkIn', { code: south.url }, citizen))
      expect(entered.venue.checkpointName).toBe('南门')
      const [row] = await stack.db.query<{ checkpoint_id: string }>('SELECT checkpoint_id FROM entries WHERE id = $1', [entered.entryId])
      expect(row.checkpoint_id).toBe(south.id)

      // Renaming keeps the code: the printed poster still works and shows the new name.
      const renamed = unwrap(await stack.act('venue', 'renameCheckpoint', { venueId, checkpointId: south.id, name: '南门1号口' }, admin))
      expect(renamed.checkpoints[1]).toMatchObject({ id: south.id, name: '南门1号口', url: south.url })

      // Regenerating one checkpoint revokes only its poster.
      const regen = unwrap(await stack.call('regenerateCode', { venueId, checkpointId: south.id }, admin))
      expect(regen.code).toMatchObject({ checkpointId: south.id, codeVersion: 2 })
      const other = await newPerson('郑二')
      expect(await stack.call('checkIn', { code: south.url }, other)).toMatchObject({ ok: false, code: 'VENUE_CODE_REVOKED' })
      expect(solo(await stack.call('checkIn', { code: added.checkpoints[0].url }, other)).venue.checkpointName).toBe('主入口')
      expect(solo(await stack.call('checkIn', { code: regen.code.url }, citizen)).venue.checkpointName).toBe('南门1号口')

      // Removing revokes its posters; the last checkpoint stays.
      const removed = unwrap(await stack.act('venue', 'removeCheckpoint', { venueId, checkpointId: south.id }, admin))
      expect(removed.checkpoints.map((c) => c.name)).toEqual(['主入口'])
      const third = await newPerson('郑三')
      expect(await stack.call('checkIn', { code: regen.code.url }, third)).toMatchObject({ ok: false, code: 'VENUE_CODE_REVOKED' })
      expect(await stack.act('venue', 'removeCheckpoint', { venueId, checkpointId: removed.checkpoints[0].id }, admin))
        .toMatchObject({ ok: false, code: 'LAST_CHECKPOINT', message: ERRORS.LAST_CHECKPOINT })
      // A removed checkpoint's name is free again.
      expect(unwrap(await stack.act('venue', 'addCheckpoint', { venueId, name: '南门' }, admin)).checkpoints).toHaveLength(2)
    })

    it('refuses a taken name, an empty one and one too long with Chinese messages, changing nothing', async () => {
      const before = await count(stack.db, 'checkpoints')
      expect(await stack.act('venue', 'addCheckpoint', { venueId, name: '主入口' }, admin)).toMatchObject({ ok: false, code: 'CHECKPOINT_NAME_TAKEN' })
      expect(await stack.act('venue', 'addCheckpoint', { venueId, name: '  ' }, admin)).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { name: '请填写检测点名称' } })
      expect(await stack.act('venue', 'addCheckpoint', { venueId, name: '一'.repeat(21) }, admin)).toMatchObject({ ok: false, fields: { name: '检测点名称不能超过20个字' } })
      expect(await count(stack.db, 'checkpoints')).toBe(before)
    })

    it('adds at most 50 checkpoints, also when many are added at once', async () => {
      const v = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '公交一路' }), admin)).venue.id
      const results = await Promise.all(Array.from({ length: 55 }, (_, i) => stack.act('venue', 'addCheckpoint', { venueId: v, name: `${i + 1}号车` }, admin)))
      expect(results.filter((r) => r.ok)).toHaveLength(49)
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(Array(6).fill('CHECKPOINT_LIMIT'))
      const [{ n }] = await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM checkpoints WHERE venue_id = $1 AND removed_at IS NULL', [v])
      expect(n).toBe(50)
    })
  })

  describe('场所申报码 and inspectors', () => {
    it('binds an inspector with the code, and a regenerated code stops the old one at once', async () => {
      const inspector = await newPerson('吴检')
      const code = unwrap(await stack.act('venue', 'get', { venueId }, admin)).venue.declarationCode
      const bound = unwrap(await stack.act('inspector', 'bind', { declarationCode: code }, inspector))
      expect(bound.venue).toMatchObject({ venueId, name: '趵突泉公园', role: 'inspector' })
      // Binding again answers the same venue and adds nothing.
      unwrap(await stack.act('inspector', 'bind', { declarationCode: code }, inspector))
      const detail = unwrap(await stack.act('venue', 'get', { venueId }, admin))
      expect(detail.inspectors.map((i) => i.nameMasked)).toEqual(['吴*'])
      expect(unwrap(await stack.call('whoAmI', {}, inspector)).roles).toContain('inspector')

      const fresh = unwrap(await stack.act('venue', 'regenerateDeclarationCode', { venueId }, admin)).venue.declarationCode
      expect(fresh).toMatch(/^\d{6}$/)
      expect(fresh).not.toBe(code)
      const late = await newPerson('吴迟')
      expect(await stack.act('inspector', 'bind', { declarationCode: code }, late)).toMatchObject({ ok: false, code: 'DECLARATION_CODE_INVALID' })
      expect(unwrap(await stack.act('inspector', 'bind', { declarationCode: fresh }, late)).venue.venueId).toBe(venueId)

      // 解绑: the inspector loses the gate at once.
      const lateId = await stack.userIdOf(late)
      const after = unwrap(await stack.act('venue', 'removeInspector', { venueId, userId: lateId }, admin))
      expect(after.inspectors.map((i) => i.nameMasked)).toEqual(['吴*'])
      expect(await stack.act('inspector', 'feed', { venueId }, late)).toMatchObject({ ok: false, code: 'NOT_VENUE_STAFF' })
      expect(await stack.act('venue', 'removeInspector', { venueId, userId: lateId }, admin)).toMatchObject({ ok: false, code: 'INSPECTOR_NOT_FOUND' })
      expect(unwrap(await stack.call('whoAmI', {}, late)).roles).not.toContain('inspector')
    })

    it('asks for 实名信息 before binding', async () => {
      const code = unwrap(await stack.act('venue', 'get', { venueId }, admin)).venue.declarationCode
      const nobody = await stack.newAccount()
      expect(await stack.act('inspector', 'bind', { declarationCode: code }, nobody)).toMatchObject({ ok: false, code: 'BIND_PROFILE_REQUIRED' })
    })

    it('limits wrong codes per account and per address, so the 10^6 codes cannot be walked', async () => {
      const guesser = await newPerson('钱猜')
      const code = unwrap(await stack.act('venue', 'get', { venueId }, admin)).venue.declarationCode
      const wrong = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0')
      const taken = new Set((await stack.db.query<{ declaration_code: string }>('SELECT declaration_code FROM venues')).map((r) => r.declaration_code))
      const guesses = Array.from({ length: 40 }, (_, i) => wrong(i)).filter((c) => !taken.has(c)).slice(0, 10)
      for (const g of guesses) {
        expect(await stack.act('inspector', 'bind', { declarationCode: g }, guesser)).toMatchObject({ ok: false, code: 'DECLARATION_CODE_INVALID' })
      }
      // Now even the right code is refused until the window ends.
      expect(await stack.act('inspector', 'bind', { declarationCode: code }, guesser)).toMatchObject({ ok: false, code: 'RATE_LIMITED' })
      expect(await stack.db.query('SELECT 1 FROM venue_inspectors i JOIN users u ON u.id = i.user_id WHERE u.id = $1', [await stack.userIdOf(guesser)])).toHaveLength(0)
      // The address is counted too: another account from the same address is refused.
      const sameAddress = await newPerson('钱同')
      const headers = { 'x-forwarded-for': '203.0.113.9' }
      for (const g of guesses) await stack.call('inspector', { action: 'bind', declarationCode: g }, sameAddress, headers)
      const third = await newPerson('钱三')
      expect(await stack.call('inspector', { action: 'bind', declarationCode: code }, third, headers)).toMatchObject({ ok: false, code: 'RATE_LIMITED' })
      expect(await stack.call('inspector', { action: 'bind', declarationCode: code }, third, { 'x-forwarded-for': '198.51.100.7' })).toMatchObject({ ok: true })
    })
  })

  describe('修改场所信息 and handover', () => {
    it('edits with the application rules and records region and credit-code changes', async () => {
      const v = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '芙蓉街茶社' }), admin))
      const bad = await stack.act('venue', 'update', { venueId: v.venue.id, creditCode: '91370102MA3C0QCP0X', name: '' }, admin)
      expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
      expect(!bad.ok && Object.keys(bad.fields ?? {}).sort()).toEqual(['creditCode', 'name'])
      const creditCode = makeCreditCode()
      const done = unwrap(await stack.act('venue', 'update', { venueId: v.venue.id, townCode: '370102001', creditCode }, admin))
      expect(done.venue.region.town.code).toBe('370102001')
      expect(done.changes.map((c) => c.field).sort()).toEqual(['creditCode', 'region'])
      const cc = done.changes.find((c) => c.field === 'creditCode')!
      expect(cc.newValue).toBe(done.venue.creditCodeMasked)
      expect(cc.newValue).not.toContain(creditCode.slice(4, 12))
      expect(done.changes.find((c) => c.field === 'region')).toMatchObject({ changedByMasked: '李*' })
      // Nothing sent that differs: nothing recorded.
      const again = unwrap(await stack.act('venue', 'update', { venueId: v.venue.id, creditCode }, admin))
      expect(again.changes).toHaveLength(2)
    })

    it('hands the venue over only when the recipient accepts', async () => {
      const v = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '宽厚里餐馆' }), admin)).venue
      const next = await newPerson('冯新')
      const nextId = await stack.userIdOf(next)
      expect(await stack.act('venue', 'handover', { venueId: v.id, toUserId: nextId }, admin)).toMatchObject({ ok: false, code: 'HANDOVER_TARGET_INVALID' })
      unwrap(await stack.act('inspector', 'bind', { declarationCode: v.declarationCode }, next))
      const offered = unwrap(await stack.act('venue', 'handover', { venueId: v.id, toUserId: nextId }, admin))
      expect(offered.handover).toMatchObject({ toUserId: nextId, toNameMasked: '冯*', fromNameMasked: '李*' })
      expect(await stack.act('venue', 'handover', { venueId: v.id, toUserId: nextId }, admin)).toMatchObject({ ok: false, code: 'HANDOVER_PENDING' })
      // Until accepted nothing changes.
      expect(await stack.act('venue', 'get', { venueId: v.id }, next)).toMatchObject({ ok: false, code: 'NOT_VENUE_ADMIN' })
      expect(unwrap(await stack.act('inspector', 'venues', {}, next)).handovers.map((h) => h.venueName)).toEqual(['宽厚里餐馆'])

      expect(await stack.act('venue', 'acceptHandover', { venueId: v.id, adminName: '冯新', adminMobile: '123' }, next))
        .toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { adminMobile: expect.any(String) } })
      const accepted = unwrap(await stack.act('venue', 'acceptHandover', { venueId: v.id, adminName: '冯新', adminMobile: '13700001111' }, next))
      expect(accepted.venue.adminNameMasked).toBe('冯*')
      expect(accepted.handover).toBeNull()
      // The previous admin stays on as an inspector; the new admin is not listed as one.
      expect(accepted.inspectors.map((i) => i.nameMasked)).toEqual(['李*'])
      expect(accepted.changes[0]).toMatchObject({ field: 'admin', oldValue: '周* 139****5678', newValue: '冯* 137****1111' })
      expect(await stack.act('venue', 'get', { venueId: v.id }, admin)).toMatchObject({ ok: false, code: 'NOT_VENUE_ADMIN' })
      expect(unwrap(await stack.act('inspector', 'venues', {}, admin)).venues.find((x) => x.venueId === v.id)?.role).toBe('inspector')
      expect(await stack.act('venue', 'acceptHandover', { venueId: v.id, adminName: '冯新', adminMobile: '13700001111' }, next))
        .toMatchObject({ ok: false, code: 'HANDOVER_NOT_FOUND' })
    })

    it('lets the admin cancel and the recipient decline, and unbinding withdraws the offer', async () => {
      const v = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '曲水亭茶馆' }), admin)).venue
      const a = await newPerson('陈甲')
      unwrap(await stack.act('inspector', 'bind', { declarationCode: v.declarationCode }, a))
      const aId = await stack.userIdOf(a)
      unwrap(await stack.act('venue', 'handover', { venueId: v.id, toUserId: aId }, admin))
      expect(unwrap(await stack.act('venue', 'cancelHandover', { venueId: v.id }, admin)).handover).toBeNull()
      unwrap(await stack.act('venue', 'handover', { venueId: v.id, toUserId: aId }, admin))
      expect(unwrap(await stack.act('venue', 'declineHandover', { venueId: v.id }, a))).toEqual({ declined: true })
      unwrap(await stack.act('venue', 'handover', { venueId: v.id, toUserId: aId }, admin))
      expect(unwrap(await stack.act('venue', 'removeInspector', { venueId: v.id, userId: aId }, admin)).handover).toBeNull()
      expect(await stack.db.query('SELECT 1 FROM venue_handovers WHERE venue_id = $1', [v.id])).toHaveLength(0)
    })
  })

  describe('the gate and 体温检测', () => {
    it('shows the latest entries with abnormal ones first, and records temperatures', async () => {
      const v = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '百花洲' }), admin))
      const inspector = await newPerson('褚检')
      unwrap(await stack.act('inspector', 'bind', { declarationCode: v.venue.declarationCode }, inspector))
      const green = await newPerson('卫绿')
      const yellow = await stack.login('citizen_yellow')
      const first = solo(await stack.call('checkIn', { code: v.code.url }, green))
      const second = unwrap(await stack.call('checkIn', { code: v.code.url, companionIds: [] }, yellow))
      expect(second.kind).toBe('entered')

      let feed = unwrap(await stack.act('inspector', 'feed', { venueId: v.venue.id, checkpointId: v.code.checkpointId }, inspector))
      expect(feed.entries.map((e) => [e.nameMasked, e.healthStatus, e.abnormal])).toEqual([['钱*', 'yellow', true], ['卫*', 'green', false]])

      const normal = unwrap(await stack.act('inspector', 'temperature', { entryId: first.entryId, normal: true }, inspector))
      expect(normal.entry.temperature).toMatchObject({ celsius: null, abnormal: false })
      expect(await stack.act('inspector', 'temperature', { entryId: first.entryId, celsius: 43.1 }, inspector))
        .toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { celsius: '体温应在 34.0–43.0 ℃ 之间，请重新测量' } })
      expect(await stack.act('inspector', 'temperature', { entryId: first.entryId, celsius: 37.25 }, inspector))
        .toMatchObject({ ok: false, fields: { celsius: '体温最多保留一位小数，例如 37.3' } })
      const fever = unwrap(await stack.act('inspector', 'temperature', { entryId: first.entryId, celsius: 37.3 }, inspector))
      expect(fever.entry).toMatchObject({ temperature: { celsius: 37.3, abnormal: true }, abnormal: true })
      feed = unwrap(await stack.act('inspector', 'feed', { venueId: v.venue.id }, inspector))
      // Both abnormal now: newest first.
      expect(feed.entries.map((e) => e.nameMasked)).toEqual(['钱*', '卫*'])
      expect(feed.entries.every((e) => e.abnormal)).toBe(true)

      // Another venue's inspector sees and records nothing here.
      const outsider = await newPerson('蒋外')
      expect(await stack.act('inspector', 'feed', { venueId: v.venue.id }, outsider)).toMatchObject({ ok: false, code: 'NOT_VENUE_STAFF' })
      expect(await stack.act('inspector', 'temperature', { entryId: first.entryId, normal: true }, outsider)).toMatchObject({ ok: false, code: 'NOT_VENUE_STAFF' })

      // Withdrawn entries leave the screen and take no temperature.
      unwrap(await stack.act('entries', 'withdraw', { entryId: first.entryId }, green))
      expect(await stack.act('inspector', 'temperature', { entryId: first.entryId, normal: true }, inspector)).toMatchObject({ ok: false, code: 'TEMPERATURE_ENTRY_CLOSED' })
      feed = unwrap(await stack.act('inspector', 'feed', { venueId: v.venue.id }, inspector))
      expect(feed.entries.map((e) => e.nameMasked)).toEqual(['钱*'])
    })

    it('refuses one tap and a value together, or neither', async () => {
      const res = await stack.call('inspector', { action: 'temperature', entryId: '00000000-0000-4000-8000-000000000000' }, admin)
      expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: { celsius: '请选择“体温正常”或输入体温，二者选一' } })
    })
  })
})
