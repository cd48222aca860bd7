export default definePageConfig({ navigationBarTitleText: '设置健康码' })
