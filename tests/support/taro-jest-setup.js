// Breaks the require cycle router -> components -> taro-h5 -> router that otherwise fails
// the first import with "Cannot read properties of undefined (reading 'history')".
require('@tarojs/taro')

// Page tests run the real functions inside jsdom, which lacks the encoders Node has; pdfkit
// (generateCode's A4 poster) needs them as soon as it loads.
const { TextEncoder, TextDecoder } = require('util')
if (typeof globalThis.TextEncoder === 'undefined') globalThis.TextEncoder = TextEncoder
if (typeof globalThis.TextDecoder === 'undefined') globalThis.TextDecoder = TextDecoder
