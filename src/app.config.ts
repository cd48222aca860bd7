export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/scan/index',
    'pages/checkin/index',
    'pages/apply/index',
    'pages/code/index',
    'pages/not-found/index',
    'pages/profile/index',
    'pages/companions/index',
    'pages/entries/index',
    'pages/assist/index'
  ],
  // Pages only a venue's admin opens load on demand, keeping WeChat's main package small.
  subPackages: [
    { root: 'manage', pages: ['venue/index', 'edit/index'] }
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1677ff',
    navigationBarTitleText: '场所码',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f7fa'
  },
  lazyCodeLoading: 'requiredComponents'
})
