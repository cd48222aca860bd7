// @tarojs/test-utils-react's transformer adds React's classic JSX runtime after babel-preset-taro,
// and the classic runtime refuses a file that picks its own JSX (`@jsxImportSource @antv/f2`, the
// charts). Such a file is compiled as the builds compile it: babel-preset-taro alone, whose React
// preset uses the automatic runtime that honours the pragma. Every other file goes through
// test-utils unchanged.
const { createTransformer } = require('babel-jest')
const taro = require('@tarojs/test-utils-react/dist/jest/babel-transformer.js').default

const automatic = createTransformer({
  presets: [['taro', { framework: 'react', ts: true }], ['@babel/preset-env', { modules: 'commonjs' }], '@babel/preset-typescript']
})

const pick = (sourceText) => (/@jsxImportSource\s/.test(sourceText) ? automatic : taro)

module.exports = {
  canInstrument: taro.canInstrument,
  process: (sourceText, ...rest) => pick(sourceText).process(sourceText, ...rest),
  processAsync: (sourceText, ...rest) => pick(sourceText).processAsync(sourceText, ...rest),
  getCacheKey: (sourceText, ...rest) => pick(sourceText).getCacheKey(sourceText, ...rest),
  getCacheKeyAsync: (sourceText, ...rest) => pick(sourceText).getCacheKeyAsync(sourceText, ...rest)
}
