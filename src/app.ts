import Taro from '@tarojs/taro'
import { PropsWithChildren } from 'react'
import { initCloud } from './services/cloud-init'
import './app.css'

// WeChat needs its cloud SDK initialised before any page calls a function; elsewhere a no-op.
initCloud()

// An address the app has no page for (a mistyped or foreign link; the H5 server answers every
// path with index.html) would otherwise render nothing: show the not-found page instead.
// Registered at load, before the router resolves the first page.
Taro.onPageNotFound?.(() => { Taro.redirectTo({ url: '/pages/not-found/index' }) })

function App({ children }: PropsWithChildren) {
  return children
}

export default App
