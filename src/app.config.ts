export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/scan/index',
    'pages/checkin/index',
    'pages/apply/index',
    'pages/code/index',
    'pages/not-found/index',
    'pages/ended/index',
    'pages/profile/index',
    'pages/companions/index',
    'pages/entries/index',
    'pages/assist/index',
    'pages/access-log/index',
    'pages/appeal/index'
  ],
  // Pages for a venue's admin and for its inspectors load on demand: few accounts ever open them,
  // so they stay out of WeChat's main package (every visitor's download), and F2's charts load
  // only with 检测统计.
  subPackages: [
    { root: 'manage', pages: ['venue/index', 'edit/index', 'stats/index'] },
    { root: 'inspect', pages: ['bind/index', 'gate/index', 'handover/index', 'alerts/index'] },
    { root: 'official', pages: ['index/index', 'status/index', 'import/index', 'trace/index', 'alert/index', 'venues/index', 'proposals/index', 'appeals/index'] }
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#0958d9',
    navigationBarTitleText: '场所码',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f7fa',
    // The browser build has no native bar: Taro's router draws one (services/title-bar.h5.ts).
    ...(process.env.TARO_ENV === 'h5' ? { navigationStyle: 'default' as const } : {})
  },
  lazyCodeLoading: 'requiredComponents'
})
