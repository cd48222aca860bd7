export default definePageConfig({ navigationBarTitleText: '场所检测' })
