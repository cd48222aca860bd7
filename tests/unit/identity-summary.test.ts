import { identityProvidersLine } from '../../server/identity/summary'

const wechat = { appId: 'wx0123456789abcdef', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', apiBase: 'https://api.weixin.qq.com' }
const alipay = { appId: '2021000122671080', privateKey: '', alipayPublicKey: '', gateway: 'https://openapi.alipay.com/gateway.do' }

describe('the start-up line about identity providers', () => {
  it('names the providers that are on, and the variables that turn the others on', () => {
    expect(identityProvidersLine({ demo: true })).toBe(
      '身份核验: 已开通 演示核验（仅本地环境，一律通过）；未开通 微信人脸核身（设置 WECHAT_APP_ID、WECHAT_APP_SECRET 后开通）、' +
      '支付宝身份验证（设置 ALIPAY_APP_ID、ALIPAY_PRIVATE_KEY、ALIPAY_PUBLIC_KEY 后开通）'
    )
    expect(identityProvidersLine({ wechat, alipay, demo: false })).toBe(
      '身份核验: 已开通 微信人脸核身（小程序 wx0123456789abcdef）、支付宝身份验证（应用 2021000122671080，需已签约“身份验证”产品）'
    )
  })

  it('says plainly when there is none, and never shows the AppSecret', () => {
    expect(identityProvidersLine({ demo: false })).toMatch(/^身份核验: 没有可用的核验方式，实名信息无法核验；未开通 /)
    expect(identityProvidersLine({ wechat, demo: false })).not.toContain(wechat.appSecret)
  })
})
