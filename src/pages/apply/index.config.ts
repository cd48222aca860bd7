export default definePageConfig({ navigationBarTitleText: '申领场所码' })
