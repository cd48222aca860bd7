import type { SubscribeMessageRequest } from '../../server/platform/wx-sdk'

/**
 * WeChat's subscription-message server (cloud.openapi.subscribeMessage.send), the one thing faked
 * in the outbox tests: it records every request and answers with the errcode the script gives
 * (the SDK throws for a non-zero one), after `delayMs` so racing deliverers overlap their sends.
 * `messages` are the requests it accepted.
 */
export function fakeSubscribeMessage(script: (req: SubscribeMessageRequest, n: number) => number = () => 0, delayMs = 0) {
  const calls: SubscribeMessageRequest[] = []
  const messages: SubscribeMessageRequest[] = []
  const cloud = {
    openapi: {
      subscribeMessage: {
        async send(req: SubscribeMessageRequest) {
          calls.push(req)
          if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs))
          const errCode = script(req, calls.filter((c) => c.touser === req.touser).length)
          if (errCode !== 0) throw Object.assign(new Error(`errcode ${errCode}`), { errCode, errMsg: `openapi.subscribeMessage.send:fail ${errCode}` })
          messages.push(req)
          return { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' }
        }
      }
    }
  }
  return { calls, messages, cloud }
}
