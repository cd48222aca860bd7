export default definePageConfig({ navigationBarTitleText: '我的扫码记录' })
