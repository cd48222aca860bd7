import { shanghaiDate } from '../../src/shared/time'
import { chineseDate } from '../../server/poster/pdf'
import { pdfText, rasterisePdf } from '../support/pdf'
import { decodeQrPng } from '../support/qr'
import { createTestStack, testDatabases, type TestStack } from '../support/stack'
import { makeIdCard, solo, unwrap, venueInput } from './fixtures'

/** generateCode's poster: a checkpoint's A4 PDF whose printed code checks in at that checkpoint. */
describe.each(testDatabases())('posters on $label', ({ databaseUrl }) => {
  let stack: TestStack
  let admin: string
  beforeAll(async () => { stack = await createTestStack({ databaseUrl }); admin = await stack.login('venue_admin') })
  afterAll(async () => { await stack.close() })

  it('prints a checkpoint poster whose QR, rasterised at 150 dpi, checks in at that checkpoint', async () => {
    const v = unwrap(await stack.act('generateCode', 'apply', venueInput({ name: '千佛山景区', type: 'scenic', address: '经十一路18号' }), admin))
    const south = unwrap(await stack.act('venue', 'addCheckpoint', { venueId: v.venue.id, name: '南门' }, admin)).checkpoints[1]
    const poster = unwrap(await stack.act('generateCode', 'poster', { venueId: v.venue.id, checkpointId: south.id }, admin))
    expect(poster.fileName).toBe('场所码-千佛山景区-南门.pdf')
    const pdf = Buffer.from(poster.pdfBase64, 'base64')
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(poster.bytes).toBe(pdf.length)

    const text = pdfText(pdf)
    for (const words of ['千佛山景区', '南门', '经十一路18号', '请使用微信或支付宝扫一扫', chineseDate(shanghaiDate(new Date()))]) expect(text).toContain(words)

    const scanned = decodeQrPng(rasterisePdf(pdf, 150)).data
    expect(scanned).toBe(south.url)
    const citizen = await stack.newAccount()
    await stack.verify(citizen, { name: '高山', idCard: makeIdCard('19700707'), phone: '13712345678' })
    expect(solo(await stack.call('checkIn', { code: scanned }, citizen)).venue).toMatchObject({ name: '千佛山景区', checkpointName: '南门' })
  })

  it('is for the venue admin only, and only for live checkpoints', async () => {
    const v = unwrap(await stack.call('myVenues', {}, admin)).venues[0]
    const at = { venueId: v.venue.id, checkpointId: v.code.checkpointId }
    expect(await stack.act('generateCode', 'poster', at)).toMatchObject({ ok: false, code: 'NOT_LOGGED_IN' })
    expect(await stack.act('generateCode', 'poster', at, await stack.login('inspector'))).toMatchObject({ ok: false, code: 'NOT_VENUE_ADMIN' })
    expect(await stack.act('generateCode', 'poster', { ...at, checkpointId: 'nosuchcp' }, admin)).toMatchObject({ ok: false, code: 'CHECKPOINT_NOT_FOUND' })
  })
})
