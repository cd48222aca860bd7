import { View, Text } from '@tarojs/components'

export default function Index() {
  return <View><Text>场所码</Text></View>
}
