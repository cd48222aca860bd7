/** What either platform file of alipay-auth answers: Alipay's auth code, or why there is none. */
export type AuthCodeAnswer = { ok: true; authCode: string } | { ok: false; message: string }

/** When the Alipay app gives no code (the person closed the prompt, a base library hiccup…). */
export const NO_AUTH_CODE_MESSAGE = '未能取得支付宝授权，请重试'
