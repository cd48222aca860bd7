/**
 * 场所审核 and 不是我本人 against the real functions: a newly applied venue is 待审核 on its
 * admin's hub (with what that means), and its 辅助登记 shows 场所未经审核 instead of a colour;
 * the region's official sees it with the full credit code, cannot decide without a reason, and
 * approves it, after which 辅助登记 there shows the colour. A citizen marks an entry an inspector
 * made in their name 不是我本人 (asked first), and the official sees it flagged.
 */
import Assist from '../../src/pages/assist'
import Entries from '../../src/pages/entries'
import ManageVenue from '../../src/manage/venue'
import OfficialHome from '../../src/official/index'
import OfficialVenues from '../../src/official/venues'
import type { GenerateCodeResponse } from '../../src/shared/api'
import type { TestStack } from '../support/stack'
import { unwrap, venueInput } from '../integration/fixtures'
import {
  answerModals, bodyText, buttonByText, callActionOn, click, connect, createPageStack, fieldError, idCard, mountPage, openUrl, q,
  recordNavigation, signInAs, signOut, typeInto, waitFor, waitForText, type Wire
} from './support/helpers'

let stack: TestStack
let wire: Wire
let made: GenerateCodeResponse
const APPLIED = venueInput({ name: '芙蓉街小吃店' })
const VISITOR = { name: '韩梅', idCard: idCard('37010219600101109') }
const NEXT_VISITOR = { name: '杨柳', idCard: idCard('37010219610202109') }

beforeAll(async () => {
  stack = await createPageStack()
  made = unwrap(await stack.act('generateCode', 'apply', APPLIED, await stack.login('venue_admin')))
})
afterAll(async () => {
  await mountPage(() => null)
  await stack.close()
})
beforeEach(() => { wire = connect(stack); signOut() })

const pendingItem = (name: string): HTMLElement => {
  const found = Array.from(document.querySelectorAll<HTMLElement>('.review-item')).find((el) => el.querySelector('.review-item__name')?.textContent === name)
  if (!found) throw new Error(`no pending ${name}; page text: ${bodyText().slice(0, 600)}`)
  return found
}

async function assistAt(venueId: string, checkpointId: string, visitor = VISITOR) {
  await signInAs(stack, 'venue_admin')
  openUrl(`/pages/assist/index?venueId=${venueId}&checkpointId=${checkpointId}`)
  const utils = await mountPage(Assist)
  await waitFor(() => !!document.querySelector('.assist__submit') && !!document.querySelector('.input-name input'), 'the form')
  typeInto(utils, '.input-name', visitor.name)
  typeInto(utils, '.input-idCard', visitor.idCard)
  click(utils, buttonByText('登记入场'))
  await waitFor(() => !!document.querySelector('.assist__result'), 'the result card')
}

test('a new venue is 待审核 on its hub, and its 辅助登记 shows 场所未经审核, never a colour', async () => {
  await signInAs(stack, 'venue_admin')
  openUrl(`/manage/venue/index?venueId=${made.venue.id}`)
  await mountPage(ManageVenue)
  await waitFor(() => !!document.querySelector('.venue-review'), 'the review status')
  expect(q('.venue-review__tag').textContent).toBe('待审核')
  expect(q('.venue-review__text').textContent).toContain('审核通过前，辅助登记不显示健康码状态；扫码登记不受影响')

  await assistAt(made.venue.id, made.code.checkpointId)
  expect(q('.status-card').className).toContain('status-card--hidden')
  expect(q('.status-card__hidden-text').textContent).toBe('场所未经审核')
  expect(document.querySelector('.health-status')).toBeNull()
  // Not the person's to fix: no 去核验 on an assisted card.
  expect(document.querySelector('.status-card__verify')).toBeNull()
})

test('the official reviews it: the full credit code, a reason required, then 已通过审核; 辅助登记 shows the colour', async () => {
  await signInAs(stack, 'official')
  let utils = await mountPage(OfficialHome)
  await waitFor(() => !!document.querySelector('.official-home__venues'), 'the console')
  const nav = recordNavigation()
  click(utils, buttonByText('场所审核'))
  nav.restore()
  expect(nav.urls).toEqual(['/official/venues/index'])

  utils = await mountPage(OfficialVenues)
  await waitFor(() => document.querySelectorAll('.review-item').length > 0, 'the pending venues')
  const item = pendingItem('芙蓉街小吃店')
  // In full: a business id the official checks against the licence, not personal data.
  expect(item.querySelector('.review-item__row--credit .official-row__value')!.textContent).toBe(APPLIED.creditCode)
  expect(item.textContent).toContain('山东省济南市历下区泉城路街道 泉城路188号')
  // The admin named in the application (周九), masked.
  expect(item.querySelector('.review-item__row--admin .official-row__value')!.textContent).toBe('周*')

  const sentBefore = wire.sent.length
  click(utils, item.querySelector<HTMLElement>('.review-item__approve')!)
  await waitFor(() => fieldError('reason') !== null, 'the reason message')
  expect(fieldError('reason')).toBe('请填写审核意见')
  expect(wire.sent.length).toBe(sentBefore)

  // Taro's input draws its <input> when its custom element upgrades: on a loaded machine, after the error line.
  await waitFor(() => !!document.querySelector('.review-item__reason input'), 'the reason input')
  typeInto(utils, '.review-item__reason', '信用代码与营业执照一致')
  click(utils, pendingItem('芙蓉街小吃店').querySelector<HTMLElement>('.review-item__approve')!)
  await waitFor(() => !!document.querySelector(`.official-venues__decided[data-venue-id="${made.venue.id}"]`), 'the decided line')
  const decided = q(`.official-venues__decided[data-venue-id="${made.venue.id}"]`)
  expect(decided.textContent).toContain('已通过审核')
  expect(decided.textContent).toContain('审核意见：信用代码与营业执照一致')
  expect(wire.sent.find((s) => s.data.action === 'reviewVenue')!.data).toEqual({
    action: 'reviewVenue', venueId: made.venue.id, approve: true, reason: '信用代码与营业执照一致'
  })

  // The next visitor after approval.
  await assistAt(made.venue.id, made.code.checkpointId, NEXT_VISITOR)
  expect(q('.health-status').textContent).toBe('绿码')
})

test('不是我本人: asked first, then marked on the line; the official sees it flagged', async () => {
  // The inspector registers 张三 by typing his name and ID number at the demo venue.
  const inspector = await stack.login('inspector')
  const venues = unwrap(await callActionOn(stack, 'assist', 'venues', {}, inspector)).venues
  const place = venues[0]
  unwrap(await callActionOn(stack, 'assist', 'register', {
    venueId: place.venueId, checkpointId: place.checkpoints[0].id, name: '张三', idCard: '370102199001011231'
  }, inspector))

  await signInAs(stack, 'citizen')
  let utils = await mountPage(Entries)
  await waitFor(() => !!document.querySelector('.entry__dispute'), 'the 不是我本人 link')
  // Someone else made it: 扫错了？撤销 is not the holder's to say.
  expect(q('.entry__dispute').closest('.entry')!.querySelector('.entry__withdraw')).toBeNull()
  const no = answerModals(false)
  click(utils, q('.entry__dispute'))
  await waitFor(() => no.asked.length === 1, 'the question')
  no.restore()
  expect(no.asked[0].title).toBe('不是我本人')
  expect(no.asked[0].content).toContain('报告当地疫情防控部门')
  await new Promise((r) => setTimeout(r, 100))
  expect(wire.sent.some((s) => s.data.action === 'dispute')).toBe(false)

  const yes = answerModals(true)
  click(utils, q('.entry__dispute'))
  await waitForText('已标记“不是我本人”，已报告疫情防控部门')
  yes.restore()
  expect(document.querySelector('.entry__dispute')).toBeNull()
  expect(q('.entry--disputed')).toBeTruthy()

  await signInAs(stack, 'official')
  utils = await mountPage(OfficialVenues)
  await waitFor(() => document.querySelectorAll('.official-dispute').length > 0, 'the disputed entry')
  const line = q('.official-dispute')
  expect(line.querySelector('.official-dispute__who')!.textContent).toBe('张* 称不是本人')
  expect(line.querySelector('.official-dispute__made-by')!.textContent).toBe('辅助登记检测员：王*')
  expect(line.textContent).toContain('泉城广场')
})
