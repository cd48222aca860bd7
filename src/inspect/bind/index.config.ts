export default definePageConfig({ navigationBarTitleText: '绑定场所' })
