/** The browser 扫一扫's rules: where a decoded text goes, the camera's errors, and decoding a real QR image. */
import {
  CAMERA_ABSENT, CAMERA_BUSY, CAMERA_INSECURE, CAMERA_REFUSED, cameraErrorMessage, cameraUnavailable, decodeQr, decodeSize, scanRoute
} from '../../src/services/browser-scan'
import { qrGrey } from '../support/qr'

const BASE = 'https://csm.example.test'
const LINK = `${BASE}/c?t=CSM1.k1.abc123.cp1.1.AAAAAAAAAAAAAAAAAAAAAA`
const rule = { bases: [BASE] }

describe('scanRoute', () => {
  it('loads our printed link, as the camera app would', () => {
    expect(scanRoute(LINK, rule, 'http://elsewhere')).toEqual({ kind: 'link', url: LINK })
    expect(scanRoute(encodeURIComponent(LINK), rule, 'http://elsewhere')).toEqual({ kind: 'link', url: LINK })
  })
  it('sends anything else to the check-in page (the warning), never to its address', () => {
    for (const text of ['https://csm.example.test.evil.cn/c?t=CSM1.k1.abc123.cp1.1.AAAAAAAAAAAAAAAAAAAAAA', 'WIFI:S:x;;', 'javascript:alert(1)', `${LINK}&x=1`]) {
      expect(scanRoute(text, rule, BASE)).toEqual({ kind: 'page', url: `/pages/checkin/index?code=${encodeURIComponent(text)}` })
    }
  })
  it('without known bases trusts only the page\'s own origin', () => {
    expect(scanRoute(LINK, { bases: null }, BASE).kind).toBe('link')
    expect(scanRoute(LINK, { bases: null }, 'https://other.example').kind).toBe('page')
  })
})

describe('camera errors', () => {
  it('names each failure in Chinese', () => {
    expect(cameraErrorMessage({ name: 'NotAllowedError' })).toBe(CAMERA_REFUSED)
    expect(cameraErrorMessage({ name: 'NotFoundError' })).toBe(CAMERA_ABSENT)
    expect(cameraErrorMessage({ name: 'NotReadableError' })).toBe(CAMERA_BUSY)
    expect(cameraErrorMessage({ name: 'SecurityError' })).toBe(CAMERA_INSECURE)
    expect(cameraErrorMessage(new Error('x'))).toMatch(/摄像头无法打开/)
    expect(cameraUnavailable({ mediaDevices: true, secureContext: false })).toBe(CAMERA_INSECURE)
    expect(cameraUnavailable({ mediaDevices: false, secureContext: true })).toBe(CAMERA_ABSENT)
    expect(cameraUnavailable({ mediaDevices: true, secureContext: true })).toBeNull()
  })
})

describe('decoding', () => {
  it('scales large frames down, keeping the shape', () => {
    expect(decodeSize(1920, 1080)).toEqual({ width: 800, height: 450 })
    expect(decodeSize(320, 240)).toEqual({ width: 320, height: 240 })
  })
  it('reads a QR code drawn from our own matrix, and nothing from a blank image', () => {
    const { side, grey } = qrGrey(LINK, 6)
    const rgba = new Uint8ClampedArray(side * side * 4)
    grey.forEach((v, k) => { rgba[k * 4] = rgba[k * 4 + 1] = rgba[k * 4 + 2] = v; rgba[k * 4 + 3] = 255 })
    expect(decodeQr(rgba, side, side)).toBe(LINK)
    expect(decodeQr(new Uint8ClampedArray(side * side * 4).fill(255), side, side)).toBeNull()
  })
})
