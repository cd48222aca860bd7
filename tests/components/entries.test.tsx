/**
 * 我的扫码记录 against the real entries function: one heading per day, each line with venue,
 * address, checkpoint, time and who; 扫错了？撤销 only where allowed, and a withdrawal asked
 * first and shown in place as 已撤销 with the time; 离场 only on a stay still open, asked first,
 * then 已离场 with the time on that line.
 */
import Entries from '../../src/pages/entries'
import { formatShanghai } from '../../src/shared/time'
import { ERRORS } from '../../src/shared/errors'
import type { TestStack } from '../support/stack'
import {
  answerModals, bodyText, callActionOn, click, connect, createPageStack, demoCodeUrl, idCard, mountPage, q, signInAs, signOut, waitFor, waitForText, type Wire
} from './support/helpers'

let stack: TestStack
let wire: Wire
let codeUrl: string

beforeAll(async () => {
  stack = await createPageStack()
  codeUrl = await demoCodeUrl(stack)
})
afterAll(async () => { await stack.close() })
beforeEach(() => { wire = connect(stack); signOut() })

const lines = () => Array.from(document.querySelectorAll<HTMLElement>('.entry'))
const loaded = () => waitFor(() => !!document.querySelector('.entries__scope'), 'the list')

test('nothing yet: says so for the days kept', async () => {
  await signInAs(stack, 'citizen')
  await mountPage(Entries)
  await loaded()
  expect(bodyText()).toContain('近28天没有扫码记录')
})

test('entries by day, newest first; a withdrawal is asked first and marks its own line 已撤销', async () => {
  const token = await signInAs(stack, 'citizen')
  const kid = await callActionOn(stack, 'people', 'addCompanion', { name: '张小明', idCard: idCard('37010220150601002'), relation: 'child' }, token)
  if (!kid.ok) throw new Error(kid.message)
  // Two days ago, alone: too old to withdraw.
  const old = await stack.call('checkIn', { code: codeUrl, companionIds: [] }, token)
  if (!old.ok || old.data.kind !== 'entered') throw new Error('check-in failed')
  await stack.db.query(`UPDATE entries SET checked_in_at = now() - interval '2 days' WHERE id = $1`, [old.data.people[0].entryId])
  // Today, with the child.
  const today = await stack.call('checkIn', { code: codeUrl, companionIds: [kid.data.companion.personId] }, token)
  if (!today.ok || today.data.kind !== 'entered') throw new Error('check-in failed')

  const utils = await mountPage(Entries)
  await loaded()
  const days = Array.from(document.querySelectorAll('.entries__day-label')).map((d) => d.textContent)
  expect(days).toHaveLength(2)
  expect(days[0]).toBe('今天')
  expect(lines()).toHaveLength(3)
  const [first, second, third] = lines()
  for (const line of [first, second]) {
    expect(line.querySelector('.entry__venue')!.textContent).toBe('泉城广场')
    expect(line.querySelector('.entry__address')!.textContent).toBe('山东省济南市历下区泉城路街道 泉城路1号')
    expect(line.querySelector('.entry__time')!.textContent).toBe(formatShanghai(today.data.people[0].checkedInAt, 'HH:mm'))
  }
  const metas = [first, second].map((l) => l.querySelector('.entry__meta')!.textContent).sort()
  const [holderEntry, kidEntry] = today.data.people
  expect(metas).toEqual([`主入口 · 张** · 子女 · ${kidEntry.idLast4}`, `主入口 · 张* · 本人 · ${holderEntry.idLast4}`].sort())
  expect(kidEntry.idLast4).toBe(idCard('37010220150601002').slice(-4))
  // Two days old: no way to withdraw it any more.
  expect(third.querySelector('.entry__withdraw')).toBeNull()
  expect(first.querySelector('.entry__withdraw')!.textContent).toBe('扫错了？撤销')

  const target = first.getAttribute('data-entry')!
  const no = answerModals(false)
  click(utils, q(`.entry[data-entry="${target}"] .entry__withdraw`))
  await waitFor(() => no.asked.length === 1, 'the question')
  no.restore()
  await new Promise((r) => setTimeout(r, 100))
  expect(wire.calls).toEqual(['entries'])

  const yes = answerModals(true)
  click(utils, q(`.entry[data-entry="${target}"] .entry__withdraw`))
  await waitFor(() => !!document.querySelector(`.entry[data-entry="${target}"].entry--withdrawn`), 'the line to be marked')
  yes.restore()
  expect(yes.asked[0].content).toContain('泉城广场')
  const marked = q(`.entry[data-entry="${target}"]`)
  expect(marked.querySelector('.entry__withdrawn')!.textContent).toMatch(/^已撤销 · \d{2}:\d{2}$/)
  expect(marked.querySelector('.entry__withdraw')).toBeNull()
  // Updated in place: still three lines, the other of today still withdrawable.
  expect(lines()).toHaveLength(3)
  expect(lines().filter((l) => l.querySelector('.entry__withdraw'))).toHaveLength(1)
  expect(wire.calls).toEqual(['entries', 'entries'])

  const fresh = await callActionOn(stack, 'entries', 'list', {}, token)
  if (!fresh.ok) throw new Error(fresh.message)
  expect(fresh.data.entries.find((e) => e.entryId === target)!.withdrawnAt).not.toBeNull()
})

test('a withdrawn entry stays marked when the list is opened again', async () => {
  await signInAs(stack, 'citizen')
  await mountPage(Entries)
  await loaded()
  await waitForText('已撤销')
  expect(document.querySelectorAll('.entry--withdrawn')).toHaveLength(1)
})

test('past 24 hours since the list loaded: the refusal is said under the line and the link goes', async () => {
  const token = await signInAs(stack, 'citizen_yellow')
  const made = await stack.call('checkIn', { code: codeUrl }, token)
  if (!made.ok || made.data.kind !== 'entered') throw new Error('check-in failed')
  const utils = await mountPage(Entries)
  await loaded()
  const id = made.data.people[0].entryId
  await stack.db.query(`UPDATE entries SET checked_in_at = now() - interval '25 hours' WHERE id = $1`, [id])
  const yes = answerModals(true)
  click(utils, q(`.entry[data-entry="${id}"] .entry__withdraw`))
  await waitFor(() => !!document.querySelector(`.entry[data-entry="${id}"] .entry__error`), 'the refusal')
  yes.restore()
  expect(q(`.entry[data-entry="${id}"] .entry__error`).textContent).toBe(ERRORS.WITHDRAW_TOO_LATE)
  expect(document.querySelector(`.entry[data-entry="${id}"] .entry__withdraw`)).toBeNull()
  expect(document.querySelector(`.entry[data-entry="${id}"].entry--withdrawn`)).toBeNull()
})

test('离场: offered on an open stay only, asked first, then 已离场 with the time on its own line', async () => {
  const token = await signInAs(stack, 'citizen_red')
  const fresh = await stack.call('checkIn', { code: codeUrl }, token)
  if (!fresh.ok || fresh.data.kind !== 'entered') throw new Error('check-in failed')
  const id = fresh.data.people[0].entryId
  const utils = await mountPage(Entries)
  await loaded()
  expect(q('.entries__why').textContent).toContain('流调')
  expect(q(`.entry[data-entry="${id}"] .entry__check-out`).textContent).toBe('离场')
  expect(document.querySelector(`.entry[data-entry="${id}"] .entry__checked-out`)).toBeNull()

  const no = answerModals(false)
  click(utils, q(`.entry[data-entry="${id}"] .entry__check-out`))
  await waitFor(() => no.asked.length === 1, 'the question')
  no.restore()
  expect(no.asked[0].title).toBe('确认离场')
  await new Promise((r) => setTimeout(r, 100))
  expect(wire.calls).toEqual(['entries'])

  const yes = answerModals(true)
  click(utils, q(`.entry[data-entry="${id}"] .entry__check-out`))
  await waitFor(() => !!document.querySelector(`.entry[data-entry="${id}"] .entry__checked-out`), 'the line to be marked')
  yes.restore()
  expect(wire.sent[1]).toEqual({ name: 'entries', data: { action: 'checkOut', entryIds: [id] } })
  const line = q(`.entry[data-entry="${id}"]`)
  expect(line.querySelector('.entry__checked-out')!.textContent).toMatch(/^已离场 · \d{2}:\d{2}$/)
  expect(line.querySelector('.entry__check-out')).toBeNull()
  // Leaving does not take away 撤销 of a mistaken scan.
  expect(line.querySelector('.entry__withdraw')).not.toBeNull()

  const listed = await callActionOn(stack, 'entries', 'list', {}, token)
  if (!listed.ok) throw new Error(listed.message)
  expect(listed.data.entries.find((e) => e.entryId === id)!.checkedOutAt).not.toBeNull()
})

test('no 离场 on a withdrawn entry or one older than a day', async () => {
  await signInAs(stack, 'citizen')
  await mountPage(Entries)
  await loaded()
  const listed = await callActionOn(stack, 'entries', 'list', {}, await stack.login('citizen'))
  if (!listed.ok) throw new Error(listed.message)
  const open = listed.data.entries.filter((e) => e.checkOutable)
  // Today's two lines of the earlier test: one withdrawn, one still open.
  expect(open).toHaveLength(1)
  expect(document.querySelectorAll('.entry__check-out')).toHaveLength(1)
  expect(q(`.entry[data-entry="${open[0].entryId}"] .entry__check-out`).textContent).toBe('离场')
  expect(document.querySelector('.entry--withdrawn .entry__check-out')).toBeNull()
})
