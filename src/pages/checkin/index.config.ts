export default definePageConfig({
  navigationBarTitleText: '扫码结果',
  navigationBarBackgroundColor: '#0958d9',
  navigationBarTextStyle: 'white',
  backgroundColor: '#0958d9'
})
