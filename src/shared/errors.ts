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
  PROFILE_REQUIRED: '扫码登记需要实名信息。请先填写本人姓名、身份证号码和手机号码，保存后将自动完成登记',
  ID_CARD_LOCKED: '您已有扫码记录，不能再修改身份证号码。如确需修改，请联系当地疫情防控部门',
  PERSON_NAME_MISMATCH: '姓名与该身份证号码已登记的姓名不一致，请核对后重新填写',
  HOLDER_IN_COMPANIONS: '该身份证号码已在您的同行人员中，请先删除该同行人员',
  COMPANION_IS_HOLDER: '不能把本人添加为同行人员',
  COMPANION_DUPLICATE: '该同行人员已在您的列表中',
  COMPANION_LIMIT: '同行人员最多10人',
  COMPANION_NOT_FOUND: '该同行人员不在您的列表中，请刷新后重试',
  ENTRY_NOT_FOUND: '扫码记录不存在',
  WITHDRAW_TOO_LATE: '只能撤销24小时内的扫码记录',
  NOT_VENUE_INSPECTOR: '您不是该场所的检测员或管理员，不能为他人登记',
  CHECKPOINT_NOT_FOUND: '检测点不存在，请重新选择',
  ASSISTED_PERSON_NOT_FOUND: '只能选择您近7天登记过的人员，请重新填写',
  RATE_LIMITED: '尝试次数过多，请稍后再试',
  NOT_FOUND: '请求的功能不存在，请更新到最新版本后重试',
  METHOD_NOT_ALLOWED: '请求方式不正确，请更新到最新版本后重试',
  PAYLOAD_TOO_LARGE: '提交的内容过大，请精简后重试',
  INTERNAL: '系统繁忙，请稍后重试'
} as const

export type ErrorCode = keyof typeof ERRORS
