export default definePageConfig({ navigationBarTitleText: '接收场所' })
