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
  // 场所管理 pages for venue admins: a subpackage, so the main package (every visitor's
  // download) stays small and F2's charts load only here.
  subPackages: [
    { root: 'manage', pages: ['stats/index'] }
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
