/**
 * The browser's 扫一扫, without Taro or the DOM: what a decoded text leads to, the Chinese words
 * for each way the camera can fail, and the QR decoding of one frame (jsqr on RGBA pixels).
 * The page (src/pages/scan/BrowserScanner.tsx) only feeds it frames and follows its answers.
 */
import jsQR from 'jsqr'
import { parseVenueCode, type CodeLinkRule } from '../shared/venue-code'
import { checkinPageUrl } from './scanned-text'

/** How often a camera frame is decoded: often enough to feel instant, rare enough for an old phone. */
export const FRAME_INTERVAL_MS = 200
/** Frames and photos are scaled down to this many pixels on their longer side before decoding. */
export const DECODE_MAX_SIDE = 800

export type ScanRoute =
  /** One of our printed links: load it, exactly as the phone's camera app would. */
  | { kind: 'link'; url: string }
  /** Anything else: the one check-in page, which shows the warning (never a redirect). */
  | { kind: 'page'; url: string }

/**
 * Where a scanned text goes. Only a link this deployment prints is loaded; when the page does not
 * know its bases (they are written into index.html by the server), only its own origin counts,
 * so a look-alike host can never become a redirect.
 */
export function scanRoute(text: string, rule: CodeLinkRule, ownOrigin: string): ScanRoute {
  const bases = rule.bases ?? [ownOrigin]
  if (parseVenueCode(text, { bases }).ok) {
    // The one other accepted spelling: the whole link percent-encoded once.
    return { kind: 'link', url: /^https?%3A/i.test(text) ? decodeURIComponent(text) : text }
  }
  return { kind: 'page', url: checkinPageUrl(text) }
}

export const CAMERA_REFUSED = '未获得摄像头权限。请在浏览器设置中允许本网页使用摄像头，或点“从相册选择”识别场所码照片'
export const CAMERA_ABSENT = '未找到可用的摄像头。请点“从相册选择”识别场所码照片，或用微信/支付宝扫一扫'
export const CAMERA_INSECURE = '浏览器只允许 HTTPS 网页使用摄像头。请用 https 地址打开本页，或点“从相册选择”'
export const CAMERA_BUSY = '摄像头正被其他应用使用，请关闭后点“重新打开摄像头”，或点“从相册选择”'
export const CAMERA_FAILED = '摄像头无法打开，请点“重新打开摄像头”，或点“从相册选择”'
export const NO_CODE_IN_PHOTO = '照片中未识别到二维码，请选择一张清晰、完整的场所码照片'
export const PHOTO_UNREADABLE = '无法读取这张图片，请换一张场所码照片'

/** What the browser offers: whether getUserMedia exists and whether the page is a secure context. */
export interface CameraSupport { mediaDevices: boolean; secureContext: boolean }

/** Why the camera cannot even be asked for, or null when it can. */
export function cameraUnavailable(support: CameraSupport): string | null {
  if (!support.secureContext) return CAMERA_INSECURE
  if (!support.mediaDevices) return CAMERA_ABSENT
  return null
}

/** The words for a getUserMedia rejection (a DOMException's name). */
export function cameraErrorMessage(error: unknown): string {
  const name = typeof error === 'object' && error !== null ? String((error as { name?: unknown }).name ?? '') : ''
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return CAMERA_REFUSED
    case 'SecurityError':
      return CAMERA_INSECURE
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return CAMERA_ABSENT
    case 'NotReadableError':
    case 'TrackStartError':
      return CAMERA_BUSY
    default:
      return CAMERA_FAILED
  }
}

/** The size to draw a frame or photo at before decoding: the longer side at most DECODE_MAX_SIDE. */
export function decodeSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, DECODE_MAX_SIDE / Math.max(width, height, 1))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

/** The text of the QR code in RGBA pixels, or null when there is none. */
export function decodeQr(rgba: Uint8ClampedArray, width: number, height: number): string | null {
  const found = jsQR(rgba, width, height, { inversionAttempts: 'attemptBoth' })
  return found && found.data ? found.data : null
}
