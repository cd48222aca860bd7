/**
 * Issue 17, observation 3: a family of four 周 people masks to four 周** rows. With the relation
 * and the last four ID digits every screen of the holder's own people tells them apart: the
 * chooser, the result cards, 同行人员 and 我的扫码记录 (against the real functions).
 */
import Checkin from '../../src/pages/checkin'
import Companions from '../../src/pages/companions'
import Entries from '../../src/pages/entries'
import type { TestStack } from '../support/stack'
import {
  buttonByText, callActionOn, click, connect, createPageStack, demoCodeUrl, idCard, linkPath, mountPage, openUrl, signInAs, signOut, waitFor
} from './support/helpers'

let stack: TestStack
let codeUrl: string
let token: string

const holder = { name: '周新民', idCard: idCard('37010219800101451') }
const family = [
  { name: '周大海', idCard: idCard('37010219550101452'), relation: 'parent' as const },
  { name: '周晓红', idCard: idCard('37010220100101453'), relation: 'child' as const },
  { name: '周晓明', idCard: idCard('37010220120101454'), relation: 'child' as const }
]
const last4 = (id: string) => id.slice(-4)
const expected = [
  `周** · 本人 · ${last4(holder.idCard)}`,
  `周** · 父母 · ${last4(family[0].idCard)}`,
  `周** · 子女 · ${last4(family[1].idCard)}`,
  `周** · 子女 · ${last4(family[2].idCard)}`
]
const all = (selector: string) => Array.from(document.querySelectorAll<HTMLElement>(selector))
const joined = (row: HTMLElement, name: string, tag: string) => `${row.querySelector(name)!.textContent} · ${row.querySelector(tag)!.textContent}`

beforeAll(async () => {
  stack = await createPageStack()
  codeUrl = await demoCodeUrl(stack)
  token = await stack.login('newcomer')
  // Only a verified holder may list 同行人员.
  await stack.verify(token, { ...holder, phone: '13912345678' })
  for (const person of family) {
    const added = await callActionOn(stack, 'people', 'addCompanion', person, token)
    if (!added.ok) throw new Error(added.message)
  }
})
afterAll(async () => { await stack.close() })
beforeEach(() => { connect(stack); signOut() })

test('the chooser and the result cards name each 周** with relation and last four digits', async () => {
  await signInAs(stack, 'newcomer')
  openUrl(linkPath(codeUrl))
  const utils = await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.choose-sheet'), 'the choose sheet')
  const rows = all('.choose-row').map((r) => joined(r, '.choose-row__name', '.choose-row__tag'))
  expect(rows).toEqual(expected)
  for (const row of all('.choose-row').slice(1)) {
    if (row.getAttribute('aria-checked') !== 'true') click(utils, row)
  }
  await waitFor(() => !!buttonByText('确认登记（4人）'), 'four chosen')
  click(utils, buttonByText('确认登记（4人）'))
  await waitFor(() => !!document.querySelector('.checkin-result'), 'the result')
  expect(all('.status-card').map((c) => joined(c, '.person-name', '.status-card__tag'))).toEqual(expected)
})

test('同行人员 and 我的扫码记录 tell the same family apart', async () => {
  await signInAs(stack, 'newcomer')
  await mountPage(Companions)
  await waitFor(() => all('.companion').length === 3, 'the list')
  expect(all('.companion').map((c) => joined(c, '.companion__name', '.companion__relation'))).toEqual(expected.slice(1))

  const entered = await stack.call('checkIn', { code: codeUrl, companionIds: [] }, token)
  if (!entered.ok) throw new Error(entered.message)
  await mountPage(Entries)
  await waitFor(() => all('.entry').length >= 4, 'the entries')
  const metas = new Set(all('.entry__meta').map((m) => m.textContent!.replace(/^[^·]*· /, '')))
  expect([...metas].sort()).toEqual([...expected].sort())
})
