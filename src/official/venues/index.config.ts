export default definePageConfig({ navigationBarTitleText: '场所审核' })
