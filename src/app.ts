import { PropsWithChildren } from 'react'
import { initCloud } from './services/cloud-init'
import './app.css'

// WeChat needs its cloud SDK initialised before any page calls a function; elsewhere a no-op.
initCloud()

function App({ children }: PropsWithChildren) {
  return children
}

export default App
