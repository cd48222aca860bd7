import Taro, { useDidShow } from '@tarojs/taro'
import { PropsWithChildren } from 'react'
import { initCloud } from './services/cloud-init'
import { initTitleBar } from './services/title-bar'
import { scanQueue } from './services/scan-queue-device'
import { onNetworkBack, preloadKeptScanPages } from './services/scan-queue-wake'
import { watchSystemEnded } from './services/ended-watch'
import './app.css'

// WeChat needs its cloud SDK initialised before any page calls a function; elsewhere a no-op.
initCloud()

// The browser build draws a title bar with 返回 (the mini-programs have their own); elsewhere a no-op.
initTitleBar()

// An address the app has no page for (a mistyped or foreign link; the H5 server answers every
// path with index.html) would otherwise render nothing: show the not-found page instead.
// Registered at load, before the router resolves the first page.
Taro.onPageNotFound?.(() => { Taro.redirectTo({ url: '/pages/not-found/index' }) })

// 停用 (issue 20): after the end, any answer carrying the deletion receipt shows the receipt page.
watchSystemEnded()

// Scans kept on this device while the network was gone (issue 19): tried again on the queue's
// own backoff while the app runs, and at once when the network comes back.
scanQueue.start()
onNetworkBack(() => { void scanQueue.drain({ force: true }) })
preloadKeptScanPages()

function App({ children }: PropsWithChildren) {
  // Back in the foreground (the person unlocked the phone at the next door): one more try now.
  useDidShow(() => { void scanQueue.drain({ force: true }) })
  return children
}

export default App
