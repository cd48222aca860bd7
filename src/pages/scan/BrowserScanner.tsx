/**
 * 扫一扫 in the browser (H5 build; the mini-programs resolve BrowserScanner.weapp/.alipay, which
 * render nothing): the rear camera through getUserMedia, a frame every FRAME_INTERVAL_MS drawn
 * to a canvas and decoded with jsqr, and 从相册选择 for a photo. The text found goes where a
 * camera app would send it (scanRoute). The camera is stopped when a code is found, on an error
 * and when the page goes away.
 */
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import {
  cameraErrorMessage, cameraUnavailable, decodeQr, decodeSize, FRAME_INTERVAL_MS, NO_CODE_IN_PHOTO, PHOTO_UNREADABLE, scanRoute
} from '../../services/browser-scan'
import { codeLinkRule } from '../../services/code-link-rule'
import { openUrl } from '../../services/open-url'

type Phase = 'starting' | 'running' | 'found' | 'error'

function follow(text: string) {
  const route = scanRoute(text, codeLinkRule(), window.location.origin)
  if (route.kind === 'link') openUrl(route.url)
  else Taro.navigateTo({ url: route.url })
}

/** Draws an image or video frame scaled for decoding and reads its QR code. */
function decodeFrom(source: CanvasImageSource, width: number, height: number, canvas: HTMLCanvasElement): string | null {
  const size = decodeSize(width, height)
  canvas.width = size.width
  canvas.height = size.height
  const ctx = canvas.getContext('2d', { willReadFrequently: true } as CanvasRenderingContext2DSettings)
  if (!ctx) return null
  ctx.drawImage(source, 0, 0, size.width, size.height)
  return decodeQr(ctx.getImageData(0, 0, size.width, size.height).data, size.width, size.height)
}

export default function BrowserScanner() {
  const [phase, setPhase] = useState<Phase>('starting')
  const [error, setError] = useState('')
  const video = useRef<HTMLVideoElement | null>(null)
  const canvas = useRef<HTMLCanvasElement | null>(null)
  const photo = useRef<HTMLInputElement | null>(null)
  const stream = useRef<MediaStream | null>(null)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)

  const stop = useCallback(() => {
    if (timer.current) clearInterval(timer.current)
    timer.current = null
    stream.current?.getTracks().forEach((t) => t.stop())
    stream.current = null
    if (video.current) video.current.srcObject = null
  }, [])

  const found = useCallback((text: string) => {
    stop()
    setPhase('found')
    follow(text)
  }, [stop])

  const start = useCallback(async () => {
    stop()
    setError('')
    setPhase('starting')
    const why = cameraUnavailable({ mediaDevices: !!navigator.mediaDevices?.getUserMedia, secureContext: window.isSecureContext !== false })
    if (why) { setError(why); setPhase('error'); return }
    try {
      const s = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      stream.current = s
      const v = video.current
      if (!v) { stop(); return }
      v.srcObject = s
      await v.play().catch(() => undefined)
      setPhase('running')
      timer.current = setInterval(() => {
        const el = video.current
        const c = canvas.current
        if (!el || !c || el.readyState < 2 || !el.videoWidth) return
        const text = decodeFrom(el, el.videoWidth, el.videoHeight, c)
        if (text) found(text)
      }, FRAME_INTERVAL_MS)
    } catch (e) {
      stop()
      setError(cameraErrorMessage(e))
      setPhase('error')
    }
  }, [found, stop])

  useEffect(() => {
    start()
    return stop
  }, [start, stop])
  // Taro keeps a page mounted under the next one: the camera light goes off when it is left.
  useDidHide(stop)
  useDidShow(() => { if (!stream.current && phase === 'found') start() })

  const choosePhoto = () => photo.current?.click()

  const onPhoto = async (e: { target: HTMLInputElement }) => {
    const file = e.target.files?.[0]
    e.target.value = ''
    if (!file || !canvas.current) return
    setError('')
    const url = URL.createObjectURL(file)
    try {
      const img = new Image()
      await new Promise<void>((resolve, reject) => { img.onload = () => resolve(); img.onerror = () => reject(new Error('unreadable')); img.src = url })
      const text = decodeFrom(img, img.naturalWidth, img.naturalHeight, canvas.current)
      if (text) found(text)
      else setError(NO_CODE_IN_PHOTO)
    } catch {
      setError(PHOTO_UNREADABLE)
    } finally {
      URL.revokeObjectURL(url)
    }
  }

  return (
    <View className='scan-camera'>
      <View className={`scan-camera__view scan-camera__view--${phase}`}>
        <video ref={video} className='scan-camera__video' muted playsInline autoPlay aria-label='摄像头画面' />
        {phase === 'running' ? <View className='scan-camera__frame' /> : null}
        {phase === 'starting' ? <Text className='scan-camera__hint'>正在打开摄像头…</Text> : null}
        {phase === 'found' ? <Text className='scan-camera__hint'>已识别，正在打开…</Text> : null}
      </View>
      {phase === 'running' ? <Text className='scan-camera__tip'>将场所码放入框内，即可自动识别</Text> : null}
      {error ? <Text className='banner-error scan-camera__error'>{error}</Text> : null}
      <canvas ref={canvas} className='scan-camera__canvas' />
      <input ref={photo} className='scan-camera__file' type='file' accept='image/*' aria-label='从相册选择场所码照片' onChange={onPhoto} />
      {phase === 'error' ? <Button className='btn btn--primary scan-camera__retry' onClick={start}>重新打开摄像头</Button> : null}
      <Button className='btn btn--ghost scan-camera__photo' onClick={choosePhoto}>从相册选择</Button>
      <Button className='btn btn--white scan-camera__home' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>返回首页</Button>
    </View>
  )
}
