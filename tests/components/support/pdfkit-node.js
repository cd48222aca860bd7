// Page tests run the real functions inside jsdom, whose globals are not Node's. pdfkit's Node
// build finds its own files from `document.baseURI` whenever a `document` exists, and it
// accepts a font file only if it is an `instanceof Uint8Array`, which a Buffer read by Node's
// fs is not in jsdom's realm. So it is evaluated here with no `document` and with Node's own
// typed-array classes, as it runs in the functions themselves.
const fs = require('fs')
const path = require('path')

const file = path.join(__dirname, '../../../node_modules/pdfkit/js/pdfkit.js')
const NodeUint8Array = Object.getPrototypeOf(Buffer.prototype).constructor
const NodeArrayBuffer = Object.getPrototypeOf(Buffer.alloc(1).buffer).constructor
const factory = new Function('exports', 'require', 'module', '__filename', '__dirname', 'document', 'Uint8Array', 'ArrayBuffer', fs.readFileSync(file, 'utf8'))
const mod = { exports: {} }
factory(mod.exports, require, mod, file, path.dirname(file), undefined, NodeUint8Array, NodeArrayBuffer)
module.exports = mod.exports
