/**
 * WeChat 人脸核身 for mini-programs (face verification 2.0): the server gets a verify_id for the
 * claimed name and ID number and the account's openid (getVerifyId), the mini-program passes it
 * to wx.requestFacialVerify({ verifyId }), and the server asks how the check ended
 * (queryVerifyInfo) with the same out_seq_no and openid and a hash of the same claim: WeChat
 * answers a different claim or openid with an errcode instead of a result.
 *
 * What WeChat documents and what is our guess (developers.weixin.qq.com, server API "face"):
 * - documented: the request and answer fields; verify_id lives expires_in seconds (3600 by
 *   default); success is errcode 0 with verify_ret 10000; cert_hash is the lower-case hex
 *   SHA-256 of "cert_type=B64&cert_name=B64&cert_no=B64" (standard base64 of each UTF-8 value);
 *   verify_ret 10003 身份证号不匹配, 10004 比对人脸信息不匹配, 10005 正在检测中, 9xxxx the
 *   person's device or the person gave up.
 * - guessed: 10300 (未完成核身, not started) comes from SDKs that wrap this API, not WeChat's own
 *   table; an unknown or expired verify_id is answered as WeChat's older face APIs do, errcode
 *   84001 (invalid identify id); any other errcode we cannot place is `unavailable`, with the
 *   code in the reason, so that an operator sees it rather than a person being told to retry.
 */
import { createHash } from 'crypto'
import type { WechatConfig } from '../config'
import { callWechat } from '../wechat/api'
import type { CheckResult, IdentityClaim, IdentityProvider } from './port'
import { sealedProvider } from './ticket-seal'

export const GET_VERIFY_ID = '/cityservice/face/identify/getverifyid'
export const QUERY_VERIFY_INFO = '/cityservice/face/identify/queryverifyinfo'

const CERT_TYPE = 'IDENTITY_CARD'
/** WeChat's default when an answer leaves expires_in out. */
const DEFAULT_EXPIRES_IN = 3600
const INVALID_IDENTIFY_ID = 84001

/** The claim's digest queryVerifyInfo checks against the cert_info getVerifyId was given. */
export function certHash(claim: IdentityClaim): string {
  const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64')
  return createHash('sha256')
    .update(`cert_type=${b64(CERT_TYPE)}&cert_name=${b64(claim.name)}&cert_no=${b64(claim.idCard)}`, 'utf8')
    .digest('hex')
}

const PASSED = 10000
/** 10005 正在检测中; 10300 未完成核身 (guessed, see above). */
const PENDING = new Set([10005, 10300])
/** 10003 身份证号不匹配: the name and number are not one person's at the authority. */
const MISMATCH = new Set([10003])
/** The check ran and did not pass: the face, its quality, the authority had no photo, time ran out. */
const FAILED = new Set([10002, 10004, 10009, 10010, 10011, 10012, 10020, 10026, 10027, 10028])
/** WeChat has no such check (anymore): 10017 非法 Id, 10018 用户信息不存在. */
const UNKNOWN_CHECK = new Set([10017, 10018])

/** verify_ret, where errcode is 0. 9xxxx is the person's side: cancelled, no camera, a poor capture. */
function fromVerifyRet(ret: number): CheckResult {
  if (ret === PASSED) return { kind: 'passed' }
  if (PENDING.has(ret)) return { kind: 'pending' }
  if (MISMATCH.has(ret)) return { kind: 'mismatch' }
  if (FAILED.has(ret) || (ret >= 90000 && ret < 100000)) return { kind: 'failed', detail: `verify_ret ${ret}` }
  if (UNKNOWN_CHECK.has(ret)) return { kind: 'expired' }
  // 10001 参数错误, 10006 appid 没有权限, 1000x/1001x 系统失败, 10042 请求过于频繁 and anything
  // new: ours or WeChat's to fix, not the person's.
  return { kind: 'unavailable', reason: new Error(`${QUERY_VERIFY_INFO} answered verify_ret ${ret}`) }
}

const said = (path: string, body: { errcode?: unknown; errmsg?: unknown }) =>
  new Error(`${path} answered errcode=${String(body.errcode)} errmsg=${String(body.errmsg ?? '')}`)

export function wechatFaceProvider(config: WechatConfig, sealKey: Buffer): IdentityProvider {
  return sealedProvider('wechat', sealKey, {
    async open(claim, account, outerId) {
      const openid = requireOpenid(account.wxOpenid)
      const call = await callWechat(config, GET_VERIFY_ID, {
        out_seq_no: outerId,
        cert_info: { cert_type: CERT_TYPE, cert_name: claim.name, cert_no: claim.idCard },
        openid
      })
      if (call.kind === 'unavailable') return call
      const { body } = call
      // Every refusal here is ours (no 人脸核身 permission, a bad openid) or WeChat's.
      if (body.errcode !== 0 && body.errcode !== undefined) return { kind: 'unavailable', reason: said(GET_VERIFY_ID, body) }
      const verifyId = body.verify_id
      if (typeof verifyId !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(verifyId)) {
        return { kind: 'unavailable', reason: new Error(`${GET_VERIFY_ID} answered no usable verify_id`) }
      }
      const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_EXPIRES_IN
      return { id: verifyId, expiresAt: new Date(Date.now() + expiresIn * 1000), client: { verifyId } }
    },

    async ask(verifyId, claim, account, outerId) {
      const call = await callWechat(config, QUERY_VERIFY_INFO, {
        verify_id: verifyId,
        out_seq_no: outerId,
        cert_hash: certHash(claim),
        openid: requireOpenid(account.wxOpenid)
      })
      if (call.kind === 'unavailable') return call
      const { body } = call
      if (body.errcode === INVALID_IDENTIFY_ID) return { kind: 'expired' }
      if (body.errcode !== 0 && body.errcode !== undefined) return { kind: 'unavailable', reason: said(QUERY_VERIFY_INFO, body) }
      if (typeof body.verify_ret !== 'number') return { kind: 'unavailable', reason: new Error(`${QUERY_VERIFY_INFO} answered no verify_ret`) }
      return fromVerifyRet(body.verify_ret)
    }
  })
}

function requireOpenid(openid: string | null | undefined): string {
  // The check is tied to the openid that opens wx.requestFacialVerify: without one it cannot run.
  if (!openid) throw new TypeError('the wechat identity provider needs the account\'s wxOpenid')
  return openid
}
