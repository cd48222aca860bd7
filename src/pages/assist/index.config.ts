export default definePageConfig({ navigationBarTitleText: '辅助登记' })
