export default definePageConfig({
  navigationBarTitleText: '扫码结果',
  navigationBarBackgroundColor: '#1677ff',
  navigationBarTextStyle: 'white',
  backgroundColor: '#1677ff'
})
