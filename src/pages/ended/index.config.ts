export default definePageConfig({ navigationBarTitleText: '本系统已停用' })
