/**
 * 谁查看了我的信息 against the real people function: the honest header, the empty state, and
 * every access an official made to the holder's and a companion's data (written by the same
 * recordAccess the officials' actions use) and the companion link, newest first, in plain words; nobody else's
 * accesses; and the row on 实名信息 that leads here.
 */
import AccessLog from '../../src/pages/access-log'
import Profile from '../../src/pages/profile'
import { formatShanghai } from '../../src/shared/time'
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
    '这里列出近180天内，疫情防控部门工作人员、场所检测员和将您添加为同行人员的人查看或使用您及同行人员个人信息的每一次记录。记录由系统自动生成，任何人都无法删除或修改。')
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
  await recordAccess(deps, stack.db, official, [holder], 'set_status', { reason: '与确诊病例同场所停留' })
  await recordAccess(deps, stack.db, official, [kid.data.companion.personId], 'trace_contact')
  // Someone else's record is not this account's business.
  await recordAccess(deps, stack.db, official, [stranger], 'view_person')
  // The status change happened a day earlier than the trace.
  await stack.db.query(`UPDATE access_log SET accessed_at = now() - interval '1 day' WHERE person_id = $1`, [holder])
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
  // Never the stranger's masked name or action.
  expect(bodyText()).not.toContain('钱*')
  expect(bodyText()).not.toContain('查询健康码状态')
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
