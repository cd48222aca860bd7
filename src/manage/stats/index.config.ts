export default definePageConfig({ navigationBarTitleText: '检测统计' })
