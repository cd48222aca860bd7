export default definePageConfig({ navigationBarTitleText: '防控工作台' })
