export default definePageConfig({ navigationBarTitleText: '修改场所信息' })
