/**
 * 去核验 runs start → the platform's screen → confirm, in that order, and stops at the first
 * step that does not go through: nothing is confirmed for a closed screen, and the demo provider
 * (local stack) confirms at once without any screen.
 */
import { runVerification, type VerifySteps } from '../../src/services/identity-flow'
import { SCREEN_CANCELLED_MESSAGE } from '../../src/services/verify-screen-answer'
import type { ProfileView, VerifyClient } from '../../src/shared/api'
import type { ScreenAnswer } from '../../src/services/verify-screen-answer'

const PROFILE: ProfileView = {
  nameMasked: '周*', idCardMasked: '3701**********1234', phoneMasked: '139****0000',
  healthStatus: 'green', verified: true, verifiedVia: 'wechat', hasEntries: false
}

function steps(client: VerifyClient, screen: ScreenAnswer, options: { startFails?: boolean; confirmFails?: boolean } = {}) {
  const log: string[] = []
  const s: VerifySteps = {
    async start(input) {
      log.push(`start ${JSON.stringify(input)}`)
      return options.startFails
        ? { ok: false, code: 'IDENTITY_PROVIDER_MISSING', message: '本服务暂未开通实名核验' }
        : { ok: true, data: { checkId: 'chk-1', provider: 'wechat', client } }
    },
    async screen(c) {
      log.push(`screen ${JSON.stringify(c)}`)
      return screen
    },
    async confirm(checkId) {
      log.push(`confirm ${checkId}`)
      return options.confirmFails
        ? { ok: false, code: 'IDENTITY_MISMATCH', message: '核验结果与填写的姓名、身份证号码不一致' }
        : { ok: true, data: { profile: PROFILE } }
    }
  }
  return { s, log }
}

test('WeChat: the verifyId goes to the screen, then the check is confirmed and the verified profile returned', async () => {
  const { s, log } = steps({ verifyId: 'v-1' }, { kind: 'done' })
  expect(await runVerification(s)).toEqual({ kind: 'verified', profile: PROFILE })
  expect(log).toEqual(['start {}', 'screen {"verifyId":"v-1"}', 'confirm chk-1'])
})

test('the demo provider has no screen: start, then confirm at once', async () => {
  const { s, log } = steps({ demo: true }, { kind: 'failed', message: 'never asked' })
  expect((await runVerification(s)).kind).toBe('verified')
  expect(log).toEqual(['start {}', 'confirm chk-1'])
})

test('typed 实名信息 is what the check is opened for', async () => {
  const { s, log } = steps({ demo: true }, { kind: 'done' })
  await runVerification(s, { name: '周新', idCard: '370102198807051234' })
  expect(log[0]).toBe('start {"name":"周新","idCard":"370102198807051234"}')
})

test('the screen closed: cancelled, and nothing is confirmed', async () => {
  const { s, log } = steps({ certifyId: 'c', url: 'u' }, { kind: 'cancelled' })
  expect(await runVerification(s)).toEqual({ kind: 'cancelled', message: SCREEN_CANCELLED_MESSAGE })
  expect(log).not.toContain('confirm chk-1')
})

test('the screen failed: refused with its message, nothing confirmed', async () => {
  const { s, log } = steps({ verifyId: 'v' }, { kind: 'failed', message: '当前微信版本不支持人脸核身，请升级微信后重试' })
  expect(await runVerification(s)).toEqual({
    kind: 'refused', fail: { code: 'IDENTITY_CHECK_FAILED', message: '当前微信版本不支持人脸核身，请升级微信后重试' }
  })
  expect(log).toHaveLength(2)
})

test("the server's refusals come back as they are: no provider, or a mismatch at confirmation", async () => {
  const none = steps({ verifyId: 'v' }, { kind: 'done' }, { startFails: true })
  expect(await runVerification(none.s)).toMatchObject({ kind: 'refused', fail: { code: 'IDENTITY_PROVIDER_MISSING' } })
  expect(none.log).toHaveLength(1)
  const mismatch = steps({ verifyId: 'v' }, { kind: 'done' }, { confirmFails: true })
  expect(await runVerification(mismatch.s)).toMatchObject({ kind: 'refused', fail: { code: 'IDENTITY_MISMATCH' } })
})
