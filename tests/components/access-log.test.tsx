/**
 * 谁查看了我的信息 against the real people function: the honest header, the empty state, and
 * every access an official made to the holder's and a companion's data (written by the same
 * recordAccess the officials' actions use) and the companion link, newest first, in plain words; nobody else's
 * accesses; and the row on 实名信息 that leads here.
 */
import AccessLog from '../../src/pages/access-log'
import Profile from '../../src/pages/profile'
import { formatShanghai } from '../../src/shared/time'
import { encrypt, reasonMac } from '../../server/crypto/personal-data'
import { recordAccess } from '../../server/domain/access-log'
import { officialOf } from '../../server/domain/officials'
import { getDeps } from '../../server/runtime'
import type { TestStack } from '../support/stack'
import {
  bodyText, callActionOn, click, connect, createPageStack, idCard, mountPage, q, recordNavigation, signInAs, signOut, waitFor
} from './support/helpers'

let stack: TestStack

beforeAll(async () => { stack = await createPageStack() })
afterAll(async () => { await stack.close() })
beforeEach(() => { connect(stack); signOut() })

const records = () => Array.from(document.querySelectorAll<HTMLElement>('.access-record'))
const text = (el: HTMLElement, selector: string) => el.querySelector(selector)?.textContent ?? null
const loaded = () => waitFor(() => !!document.querySelector('.access-log__intro'), 'the page')

/** The demo official, appointed to the demo venue's city if the seed has not done so. */
async function theOfficial() {
  const userId = await stack.userIdOf(await stack.login('official'))
  await stack.db.query(
    `INSERT INTO officials (user_id, region_code, office, appointed_by) VALUES ($1, '3701', '济南市疫情防控指挥部', 'demo')
     ON CONFLICT (user_id) DO NOTHING`, [userId])
  return officialOf(stack.db, userId)
}

const personOf = async (token: string): Promise<string> => {
  const [u] = await stack.db.query<{ person_id: string }>('SELECT person_id FROM users WHERE id = $1', [await stack.userIdOf(token)])
  return u.person_id
}

test('nothing yet: the header explains the page, and says plainly that nobody looked', async () => {
  await signInAs(stack, 'citizen')
  await mountPage(AccessLog)
  await loaded()
  expect(q('.access-log__intro-text').textContent).toBe(
    '这里列出近180天内，疫情防控部门工作人员、场所检测员和将您添加为同行人员的人查看或使用您及同行人员个人信息的每一次记录。记录由系统自动生成，每一条都连入防篡改的审计链：写入后被修改、插入或删除，都会在这里显示“校验未通过”。')
  expect(q('.access-log__empty-text').textContent).toBe('暂无记录：近180天内没有工作人员查看您的信息。')
  expect(records()).toHaveLength(0)
})

test('every access to the holder and a companion, newest first: office, official, what, why, when, whose', async () => {
  const token = await signInAs(stack, 'citizen')
  const kid = await callActionOn(stack, 'people', 'addCompanion', { name: '张小红', idCard: idCard('37010220160301002'), relation: 'child' }, token)
  if (!kid.ok) throw new Error(kid.message)
  const holder = await personOf(token)
  const stranger = await personOf(await stack.login('citizen_yellow'))
  const official = await theOfficial()
  const deps = await getDeps()
  // The status change happened a day earlier than the trace: written with that time, as the
  // chain's trigger links it (moving an existing record back a day would be an edit).
  const reason = '与确诊病例同场所停留'
  await stack.db.query(
    `INSERT INTO access_log (person_id, official_id, office, action, reason_enc, reason_mac, accessed_at)
     VALUES ($1, $2, $3, 'set_status', $4, $5, now() - interval '1 day')`,
    [holder, official.userId, official.office, encrypt(deps.config.dataKeys, reason), reasonMac(deps.config.lookupHashKey, reason)])
  await recordAccess(deps, stack.db, official, [kid.data.companion.personId], 'trace_contact')
  // Someone else's record is not this account's business.
  await recordAccess(deps, stack.db, official, [stranger], 'view_person')
  const [{ at }] = await stack.db.query<{ at: Date }>('SELECT accessed_at AS at FROM access_log WHERE person_id = $1', [holder])

  await mountPage(AccessLog)
  await loaded()
  expect(document.querySelector('.access-log__empty')).toBeNull()
  expect(records()).toHaveLength(3)
  const [newest, link, older] = records()
  expect(text(newest, '.access-record__office')).toBe(official.office)
  expect(text(newest, '.access-record__action')).toBe('流调：您与病例曾在同一场所')
  expect(newest.querySelector('.access-record__reason')).toBeNull()
  expect(text(newest, '.access-record__whose')).toBe('涉及人员：张**')
  expect(text(newest, '.access-record__official')).toBe('经办人：赵*')

  // Listing the child as a companion is on the child's record too, with who did it.
  expect(text(link, '.access-record__office')).toBe('同行人员')
  expect(text(link, '.access-record__action')).toBe('将您添加为同行人员')
  expect(text(link, '.access-record__whose')).toBe('涉及人员：张**')
  expect(text(link, '.access-record__official')).toBe('添加人：张*')

  expect(text(older, '.access-record__office')).toBe(official.office)
  expect(text(older, '.access-record__action')).toBe('变更健康码状态')
  expect(text(older, '.access-record__reason')).toBe('事由：与确诊病例同场所停留')
  expect(text(older, '.access-record__whose')).toBe('涉及人员：张*')
  expect(text(older, '.access-record__time')).toBe(formatShanghai(at, 'YYYY年M月D日 HH:mm'))
  expect(text(older, '.access-record__time')).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/)
  // Each record checked against its audit chain, quietly when it holds.
  for (const r of records()) {
    expect(text(r, '.access-record__check-label')).toBe('已校验')
    expect(text(r, '.access-record__check-note')).toBe('与审计链一致，写入后未被改动')
  }
  expect(document.querySelector('.access-record--broken')).toBeNull()
  // Never the stranger's masked name or action.
  expect(bodyText()).not.toContain('钱*')
  expect(bodyText()).not.toContain('查询健康码状态')
})

test('a record edited in the database after it was written shows 校验未通过 at its top; the others still verify', async () => {
  const token = await signInAs(stack, 'citizen')
  const holder = await personOf(token)
  const official = await theOfficial()
  const deps = await getDeps()
  await recordAccess(deps, stack.db, official, [holder], 'view_person')
  await recordAccess(deps, stack.db, official, [holder], 'set_status', { reason: '核酸阳性' })
  // Someone with the database in hand makes the look at the person seem another office's.
  await stack.db.query(
    `UPDATE access_log SET office = '某街道办事处' WHERE person_id = $1 AND action = 'view_person'
     AND chain_seq = (SELECT max(chain_seq) FROM access_log WHERE person_id = $1 AND action = 'view_person')`, [holder])

  await mountPage(AccessLog)
  await loaded()
  const edited = records().find((r) => text(r, '.access-record__office') === '某街道办事处')!
  expect(edited.classList.contains('access-record--broken')).toBe(true)
  // First thing in the record, not a footnote.
  expect(edited.firstElementChild!.classList.contains('access-record__check--broken')).toBe(true)
  expect(text(edited, '.access-record__check-label')).toBe('校验未通过')
  expect(text(edited, '.access-record__check-note')).toBe('此记录写入后被改动，或它之前的记录被删除。请保存截图，向当地卫生健康部门或12345热线反映')
  const others = records().filter((r) => r !== edited)
  expect(others.length).toBeGreaterThan(0)
  for (const r of others) expect(text(r, '.access-record__check-label')).toBe('已校验')
})

test('实名信息 has a row that opens this page', async () => {
  await signInAs(stack, 'citizen')
  const utils = await mountPage(Profile)
  await waitFor(() => !!document.querySelector('.profile__link--access-log'), 'the row')
  expect(q('.profile__link--access-log').textContent).toContain('谁查看了我的信息')
  const nav = recordNavigation()
  click(utils, q('.profile__link--access-log'))
  nav.restore()
  expect(nav.urls).toEqual(['/pages/access-log/index'])
})

test('signed out: asked to sign in, nothing listed', async () => {
  await mountPage(AccessLog)
  await waitFor(() => !!document.querySelector('.load-error'), 'the refusal')
  expect(bodyText()).toContain('请先登录')
  expect(records()).toHaveLength(0)
})
