/**
 * 页面不存在: where an address the app does not have lands (app.ts sends every unknown route
 * here), so a mistyped or foreign link shows a way home instead of a blank page.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { readElderMode } from '../../services/elder-mode'
import './index.css'

export default function NotFound() {
  const elder = readElderMode()
  return (
    <View className={`page not-found${elder ? ' elder' : ''}`}>
      <View className='card not-found__card'>
        <Text className='not-found__title'>页面不存在</Text>
        <Text className='not-found__text'>该地址不是场所码小程序的页面。</Text>
        <Text className='muted not-found__hint'>请从首页进入；入场登记请扫描场所张贴的场所码。</Text>
      </View>
      <Button className='btn btn--primary not-found__home' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>返回首页</Button>
    </View>
  )
}
