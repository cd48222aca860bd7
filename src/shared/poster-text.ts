/**
 * The words printed on every 场所码 poster, whichever way it is made: the card the
 * mini-programs and H5 draw on a canvas and the A4 PDF the server renders. Kept free of Taro
 * and of any QR or canvas code so the cloud functions can import it without pulling those in.
 */

export const POSTER_TITLE = '场所码'
export const POSTER_SUBTITLE = '进出请扫码 · 自动登记'
export const NOTICE_TITLE = '温馨提示'
export const NOTICE_TEXT = '扫描“场所码”后，无需填写任何个人信息。凡扫码后要求填写姓名、身份证号、手机号等信息的，均非官方场所码，请勿填写，谨防不法分子伪造场所码窃取个人信息。'
