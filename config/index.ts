import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'
import { ROOT_FONT, rootFontScript } from './root-font'

// One Taro project, three targets; each build empties its own dist/<platform>.
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'changsuoma',
    date: '2026-11-21',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: ['@tarojs/plugin-platform-alipay'],
    // Inlined at build time so the bundle never reads `process` (absent in browsers and
    // mini-programs) when a variable was not set: '/api' is the local stack's HTTP prefix.
    defineConstants: {
      'process.env.TARO_APP_API_BASE': JSON.stringify(process.env.TARO_APP_API_BASE || '/api'),
      'process.env.TARO_APP_CLOUD_ENV': JSON.stringify(process.env.TARO_APP_CLOUD_ENV || ''),
      // Link bases a mini-program accepts before asking checkIn (PUBLIC_BASE_URL and earlier ones).
      'process.env.TARO_APP_CODE_BASES': JSON.stringify(process.env.TARO_APP_CODE_BASES || '')
    },
    // The result sounds (services/result-feedback.ts) are played by path in every build.
    copy: { patterns: [{ from: 'src/assets/sounds/', to: `dist/${process.env.TARO_ENV}/assets/sounds/` }], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      }
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'browser', customRoutes: { '/pages/checkin/index': '/c' } },
      // Our root-font script (config/root-font.ts) instead of Taro's, which measured <html>'s
      // box and left fresh phone tabs at a 1 px root; index.html prints it in <head>.
      htmlPluginOption: { script: rootFontScript() },
      postcss: {
        // Design px become rem (1rem = 40 design px); the script sets the root size to
        // 40 × viewport / 750, so H5 follows the design width as rpx does. The minimum is
        // lowered from Taro's 20 px so a 320 px phone is not drawn 375 px wide; the maximum
        // keeps a desktop window at the size of a large phone (540 px wide) instead of 2×.
        pxtransform: { enable: true, config: { baseFontSize: 20, minRootSize: ROOT_FONT.minPx, maxRootSize: ROOT_FONT.maxPx } },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      }
    }
  }
  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
