/**
 * The start-up line that says which identity providers a deployment has and what turns the
 * others on. Kept free of the providers themselves: the local stack reads it from the HTTP
 * runtime bundle, which does not carry alipay-sdk.
 */
import { ALIPAY_REQUIRED, WECHAT_REQUIRED, type AlipayConfig, type WechatConfig } from '../config'

export function identityProvidersLine(has: { wechat?: WechatConfig; alipay?: AlipayConfig; demo: boolean }): string {
  const on: string[] = []
  const off: string[] = []
  if (has.wechat) on.push(`微信人脸核身（小程序 ${has.wechat.appId}）`)
  else off.push(`微信人脸核身（设置 ${WECHAT_REQUIRED.join('、')} 后开通）`)
  if (has.alipay) on.push(`支付宝身份验证（应用 ${has.alipay.appId}，需已签约“身份验证”产品）`)
  else off.push(`支付宝身份验证（设置 ${ALIPAY_REQUIRED.join('、')} 后开通）`)
  if (has.demo) on.push('演示核验（仅本地环境，一律通过）')
  const parts = [on.length ? `已开通 ${on.join('、')}` : '没有可用的核验方式，实名信息无法核验', ...(off.length ? [`未开通 ${off.join('、')}`] : [])]
  return `身份核验: ${parts.join('；')}`
}
