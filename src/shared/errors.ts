/**
 * Every error a cloud function can answer, with the Chinese message a person reads.
 * Functions and pages share this table so the words never drift apart.
 */
export const ERRORS = {
  INVALID_INPUT: '提交的信息有误，请按提示修改后重试',
  NOT_LOGGED_IN: '请先登录后再操作',
  FORBIDDEN: '您没有权限进行此操作',
  DEMO_LOGIN_DISABLED: '演示登录未开启',
  UNKNOWN_ACCOUNT: '演示账号不存在',
  ALIPAY_NOT_CONFIGURED: '本服务未开通支付宝登录',
  ALIPAY_CODE_INVALID: '支付宝授权已失效，请重新登录',
  ALIPAY_UNAVAILABLE: '支付宝服务暂时不可用，请稍后重试',
  VENUE_CODE_FOREIGN: '非官方场所码，谨防诈骗。请勿在扫码后填写任何个人信息',
  VENUE_CODE_FORGED: '非官方场所码，谨防诈骗。该码未通过防伪校验',
  VENUE_CODE_REVOKED: '该场所码已作废，请扫描场所张贴的最新场所码',
  VENUE_NOT_FOUND: '场所不存在或已注销',
  VENUE_ALREADY_REGISTERED: '该场所已申领过场所码，请联系该场所的管理员',
  REGION_NOT_FOUND: '所选地区不存在，请重新选择',
  RATE_LIMITED: '尝试次数过多，请稍后再试',
  NOT_FOUND: '请求的功能不存在，请更新到最新版本后重试',
  METHOD_NOT_ALLOWED: '请求方式不正确，请更新到最新版本后重试',
  PAYLOAD_TOO_LARGE: '提交的内容过大，请精简后重试',
  INTERNAL: '系统繁忙，请稍后重试'
} as const

export type ErrorCode = keyof typeof ERRORS
