/**
 * 场所码 page against the real getVenueCode: the poster text (name, address, anti-fraud
 * notice), the 场所申报码, and the canvas the QR code is drawn on; one checkpoint's code with
 * its own regeneration, and the A4 poster PDF downloaded on H5.
 */
import Taro from '@tarojs/taro'
import Code from '../../src/pages/code'
import { createTestStack, type TestStack } from '../support/stack'
import { bodyText, buttonByText, callActionOn, connect, mountPage, openUrl, q, signInAs, signOut, waitFor, waitForText } from './support/helpers'

let stack: TestStack
let venueId: string
let declarationCode: string
beforeAll(async () => {
  stack = await createTestStack()
  const mine = await stack.call('myVenues', {}, await stack.login('venue_admin'))
  if (!mine.ok) throw new Error(mine.message)
  venueId = mine.data.venues[0].venue.id
  declarationCode = mine.data.venues[0].venue.declarationCode
})
afterAll(async () => { await stack.close() })
beforeEach(() => { connect(stack); signOut() })

test('the admin sees the poster: QR canvas, venue name, full address, notice and declaration code', async () => {
  await signInAs(stack, 'venue_admin')
  openUrl(`/pages/code/index?venueId=${venueId}`)
  await mountPage(Code)
  await waitFor(() => !!document.querySelector('.code__venue-name'), 'venue code loaded')
  expect(q('.code__venue-name').textContent).toBe('泉城广场')
  expect(q('.code__venue-address').textContent).toBe('山东省济南市历下区泉城路街道 泉城路1号')
  expect(bodyText()).toContain('扫描“场所码”后，无需填写任何个人信息')
  expect(bodyText()).toContain('谨防不法分子伪造场所码窃取个人信息')
  expect(q('.declaration-code').textContent).toBe(declarationCode)
  expect(declarationCode).toMatch(/^\d{6}$/)
  // The e2e test screenshots this element and decodes it; here we check it is there, with the id.
  const canvas = q('#venue-qrcode')
  expect(canvas.getAttribute('canvas-id') ?? canvas.getAttribute('canvasId') ?? canvas.id).toBeTruthy()
  expect(q('.code__checkpoint').textContent).toBe('检测点：主入口')
  // One 打印/保存 choice instead of three overlapping buttons (observation 6).
  buttonByText('打印/保存')
  const labels = Array.from(document.querySelectorAll('taro-button-core')).map((b) => b.textContent)
  for (const old of ['打印A4海报（PDF）', '保存到相册', '打印']) expect(labels).not.toContain(old)
})

test('someone else\'s venue: the server refuses and the page says why', async () => {
  await signInAs(stack, 'citizen')
  openUrl(`/pages/code/index?venueId=${venueId}`)
  await mountPage(Code)
  const expected = await stack.call('getVenueCode', { venueId }, await stack.login('citizen'))
  expect(expected.ok).toBe(false)
  if (expected.ok) return
  await waitForText(expected.message)
  expect(q('.code__error').textContent).toBe(expected.message)
  expect(document.querySelector('.code__venue-name')).toBeNull()
  buttonByText('重试')
})

test('without a venue id the page explains where to come from', async () => {
  openUrl('/pages/code/index')
  await mountPage(Code)
  await waitForText('缺少场所信息，请从“场所管理”进入')
})

test('regenerating takes a confirmation, shows the new code and revokes the printed one', async () => {
  const admin = await stack.login('venue_admin')
  const before = await stack.call('getVenueCode', { venueId }, admin)
  if (!before.ok) throw new Error(before.message)
  await signInAs(stack, 'venue_admin')
  openUrl(`/pages/code/index?venueId=${venueId}`)
  await mountPage(Code)
  await waitFor(() => !!document.querySelector('.code__venue-name'), 'venue code loaded')

  // The first tap only asks; cancelling changes nothing.
  buttonByText('作废旧码并重新生成').click()
  await waitForText('确认作废？检测点“主入口”已张贴的旧场所码将立即失效')
  buttonByText('取消').click()
  await waitFor(() => !bodyText().includes('确认作废？'), 'confirmation closed')
  const unchanged = await stack.call('getVenueCode', { venueId }, admin)
  expect(unchanged.ok && unchanged.data.code.codeVersion).toBe(before.data.code.codeVersion)

  buttonByText('作废旧码并重新生成').click()
  await waitForText('确认作废？')
  buttonByText('确认作废并生成新码').click()
  await waitForText('已生成新场所码，“主入口”的旧场所码已作废，请重新打印张贴')
  const after = await stack.call('getVenueCode', { venueId }, admin)
  if (!after.ok) throw new Error(after.message)
  expect(after.data.code.codeVersion).toBe(before.data.code.codeVersion + 1)

  const citizen = await stack.login('citizen')
  const oldPoster = await stack.call('checkIn', { code: before.data.code.url }, citizen)
  expect(oldPoster.ok ? 'accepted' : oldPoster.code).toBe('VENUE_CODE_REVOKED')
  const newPoster = await stack.call('checkIn', { code: after.data.code.url }, citizen)
  expect(newPoster.ok).toBe(true)
})

describe('one checkpoint of several', () => {
  let southId: string
  beforeAll(async () => {
    const added = await callActionOn(stack, 'venue', 'addCheckpoint', { venueId, name: '南门' }, await stack.login('venue_admin'))
    if (!added.ok) throw new Error(added.message)
    southId = added.data.checkpoints.find((c) => c.name === '南门')!.id
  })

  test('the page shows the checkpoint named in the link, and regenerating revokes only its code', async () => {
    const admin = await stack.login('venue_admin')
    const before = await callActionOn(stack, 'venue', 'get', { venueId }, admin)
    if (!before.ok) throw new Error(before.message)
    const version = (name: string, d: typeof before.data) => d.checkpoints.find((c) => c.name === name)!.codeVersion

    await signInAs(stack, 'venue_admin')
    openUrl(`/pages/code/index?venueId=${venueId}&checkpointId=${southId}`)
    await mountPage(Code)
    await waitFor(() => !!document.querySelector('.code__checkpoint'), 'venue code loaded')
    expect(q('.code__checkpoint').textContent).toBe('检测点：南门')

    buttonByText('作废旧码并重新生成').click()
    await waitForText('确认作废？检测点“南门”已张贴的旧场所码将立即失效')
    buttonByText('确认作废并生成新码').click()
    await waitForText('已生成新场所码，“南门”的旧场所码已作废')
    const after = await callActionOn(stack, 'venue', 'get', { venueId }, admin)
    if (!after.ok) throw new Error(after.message)
    expect(version('南门', after.data)).toBe(version('南门', before.data) + 1)
    expect(version('主入口', after.data)).toBe(version('主入口', before.data))
  })

  test('打印/保存 → 下载A4海报（PDF） downloads this checkpoint\'s poster as a named PDF file', async () => {
    // The platform's action sheet is the edge: answer it with the PDF and keep what it offered.
    const offered: string[][] = []
    const sheet = jest.spyOn(Taro, 'showActionSheet').mockImplementation(((o: { itemList: string[] }) => {
      offered.push(o.itemList)
      return Promise.resolve({ tapIndex: o.itemList.indexOf('下载A4海报（PDF）'), errMsg: 'showActionSheet:ok' })
    }) as never)
    const blobs: Blob[] = []
    const urlApi = URL as unknown as { createObjectURL?: (b: Blob) => string; revokeObjectURL?: (u: string) => void }
    const saved = { create: urlApi.createObjectURL, revoke: urlApi.revokeObjectURL }
    urlApi.createObjectURL = (b: Blob) => { blobs.push(b); return `blob:http://localhost/${blobs.length}` }
    urlApi.revokeObjectURL = () => {}
    const clicked: Array<{ download: string; href: string }> = []
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href })
    })
    try {
      const wire = connect(stack)
      await signInAs(stack, 'venue_admin')
      openUrl(`/pages/code/index?venueId=${venueId}&checkpointId=${southId}`)
      await mountPage(Code)
      await waitFor(() => !!document.querySelector('.code__checkpoint'), 'venue code loaded')
      buttonByText('打印/保存').click()
      await waitFor(() => clicked.length === 1, 'the download link clicked', 30000)
      expect(offered).toEqual([['下载A4海报（PDF）', '保存图片', '打印']])

      expect(wire.sent.filter((r) => r.name === 'generateCode')).toEqual([
        { name: 'generateCode', data: { action: 'poster', venueId, checkpointId: southId } }
      ])
      expect(clicked[0]).toEqual({ download: '场所码-泉城广场-南门.pdf', href: 'blob:http://localhost/1' })
      expect(blobs[0].type).toBe('application/pdf')
      const head = await new Promise<string>((resolve) => {
        const reader = new FileReader()
        reader.onload = () => resolve(String(reader.result))
        reader.readAsText(blobs[0].slice(0, 5))
      })
      expect(head).toBe('%PDF-')
      expect(document.querySelector('.poster-output__message')).toBeNull()
    } finally {
      sheet.mockRestore()
      click.mockRestore()
      urlApi.createObjectURL = saved.create
      urlApi.revokeObjectURL = saved.revoke
    }
  })
})
