export default definePageConfig({ navigationBarTitleText: '批量导入健康码' })
