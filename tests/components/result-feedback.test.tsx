/**
 * The check-in result is heard and felt, not only seen: a green entry plays the success chime
 * with a short vibration, a red one the alarm with a long vibration, a forged code the alarm,
 * and 语音播报 reads the result aloud where the browser can speak. Only the device edge is
 * stubbed (Taro's vibration and audio calls, the browser's speechSynthesis); the page, the
 * check-in function and the database run for real.
 */
import Taro from '@tarojs/taro'
import Checkin from '../../src/pages/checkin'
import type { TestStack } from '../support/stack'
import { click, connect, createPageStack, demoCodeUrl, linkPath, mountPage, openUrl, q, signInAs, signOut, waitFor } from './support/helpers'

let stack: TestStack
let codeUrl: string
let venueName: string

beforeAll(async () => {
  stack = await createPageStack()
  codeUrl = await demoCodeUrl(stack)
  const mine = await stack.call('myVenues', {}, await stack.login('venue_admin'))
  if (!mine.ok) throw new Error(mine.message)
  venueName = mine.data.venues[0].venue.name
})
afterAll(async () => { await stack.close() })

/** What the device was asked to do: vibrations in order, sounds played in order. */
interface Device { vibrations: Array<'short' | 'long'>; sounds: string[] }
let device: Device
const restore: Array<() => void> = []

beforeEach(() => {
  connect(stack)
  signOut()
  device = { vibrations: [], sounds: [] }
  const ok = (errMsg: string) => Promise.resolve({ errMsg }) as never
  restore.push(
    jest.spyOn(Taro, 'vibrateShort').mockImplementation(() => { device.vibrations.push('short'); return ok('vibrateShort:ok') }).mockRestore.bind(null),
    jest.spyOn(Taro, 'vibrateLong').mockImplementation(() => { device.vibrations.push('long'); return ok('vibrateLong:ok') }).mockRestore.bind(null)
  )
  const audio = jest.spyOn(Taro, 'createInnerAudioContext').mockImplementation(() => {
    const ctx = {
      src: '',
      play: () => { device.sounds.push(ctx.src) },
      onEnded: () => {},
      onError: () => {},
      destroy: () => {}
    }
    return ctx as never
  })
  restore.push(() => audio.mockRestore())
})
afterEach(() => { while (restore.length) restore.pop()!() })

async function resultFor(account: 'citizen' | 'citizen_red') {
  await signInAs(stack, account)
  openUrl(linkPath(codeUrl))
  const utils = await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-result'), 'result screen')
  await waitFor(() => device.sounds.length > 0, 'a sound')
  return utils
}

test('green: the success chime and one short vibration, once', async () => {
  await resultFor('citizen')
  expect(device.sounds).toEqual(['/assets/sounds/success.wav'])
  expect(device.vibrations).toEqual(['short'])
})

test('red: the alarm and one long vibration', async () => {
  await resultFor('citizen_red')
  expect(device.sounds).toEqual(['/assets/sounds/alert.wav'])
  expect(device.vibrations).toEqual(['long'])
})

test('a forged code: the alarm on the warning screen', async () => {
  openUrl('/c?t=CSM1.k1.forged')
  await mountPage(Checkin)
  await waitFor(() => !!document.querySelector('.checkin-warning'), 'warning screen')
  await waitFor(() => device.sounds.length > 0, 'a sound')
  expect(device.sounds).toEqual(['/assets/sounds/alert.wav'])
  expect(device.vibrations).toEqual(['long'])
})

describe('语音播报', () => {
  let spoken: Array<{ text: string; lang: string }>
  beforeEach(() => {
    spoken = []
    class Utterance { lang = ''; voice: unknown = null; rate = 1; constructor(public text: string) {} }
    const zh = { lang: 'zh-CN', name: 'Chinese' }
    Object.assign(window, {
      SpeechSynthesisUtterance: Utterance,
      speechSynthesis: { speak: (u: Utterance) => { spoken.push({ text: u.text, lang: u.lang }) }, cancel: () => {}, getVoices: () => [zh] }
    })
  })
  afterEach(() => {
    delete (window as { speechSynthesis?: unknown }).speechSynthesis
    delete (window as { SpeechSynthesisUtterance?: unknown }).SpeechSynthesisUtterance
  })

  test('green: the colour, the venue and 登记成功, in Chinese', async () => {
    const utils = await resultFor('citizen')
    click(utils, q('.read-aloud'))
    expect(spoken).toEqual([{ text: `绿码，${venueName}，登记成功`, lang: 'zh-CN' }])
  })

  test('red: 红码，请勿进入', async () => {
    const utils = await resultFor('citizen_red')
    click(utils, q('.read-aloud'))
    expect(spoken).toEqual([{ text: '红码，请勿进入', lang: 'zh-CN' }])
  })
})

test('no 语音播报 where the browser cannot speak', async () => {
  await resultFor('citizen')
  expect(document.querySelector('.read-aloud')).toBeNull()
})
