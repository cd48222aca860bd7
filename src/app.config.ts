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
  // The inspector's side: few accounts ever open it, so it stays out of the main package.
  subPackages: [{ root: 'inspect', pages: ['bind/index', 'gate/index', 'handover/index'] }],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1677ff',
    navigationBarTitleText: '场所码',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f7fa'
  },
  lazyCodeLoading: 'requiredComponents'
})
