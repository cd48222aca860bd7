export default definePageConfig({ navigationBarTitleText: '同行人员' })
