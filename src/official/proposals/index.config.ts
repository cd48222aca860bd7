export default definePageConfig({ navigationBarTitleText: '待复核' })
