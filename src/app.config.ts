export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/scan/index',
    'pages/checkin/index',
    'pages/apply/index',
    'pages/code/index',
    'pages/not-found/index'
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
