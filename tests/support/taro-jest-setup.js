// Breaks the require cycle router -> components -> taro-h5 -> router that otherwise fails
// the first import with "Cannot read properties of undefined (reading 'history')".
require('@tarojs/taro')

// Page tests run the real functions inside jsdom, which lacks the encoders Node has; pdfkit
// (generateCode's A4 poster) needs them as soon as it loads.
const { TextEncoder, TextDecoder } = require('util')
if (typeof globalThis.TextEncoder === 'undefined') globalThis.TextEncoder = TextEncoder
if (typeof globalThis.TextDecoder === 'undefined') globalThis.TextDecoder = TextDecoder

// The people function reaches Alipay's identity provider, whose HTTP client (undici, under
// alipay-sdk) needs Node's message ports as soon as it loads; jsdom has none of its own.
const { MessageChannel, MessagePort, BroadcastChannel } = require('worker_threads')
if (typeof globalThis.MessagePort === 'undefined') globalThis.MessagePort = MessagePort
if (typeof globalThis.MessageChannel === 'undefined') globalThis.MessageChannel = MessageChannel
if (typeof globalThis.BroadcastChannel === 'undefined') globalThis.BroadcastChannel = BroadcastChannel

// jsdom plays no media and has no vibration motor: the result pages' sound and vibration
// (use-result-feedback.ts) go nowhere, as on a silent phone, instead of logging "Not implemented".
if (typeof window !== 'undefined') {
  window.HTMLMediaElement.prototype.play = () => Promise.resolve()
  window.HTMLMediaElement.prototype.pause = () => {}
  if (!window.navigator.vibrate) window.navigator.vibrate = () => true
}
