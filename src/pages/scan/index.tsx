/**
 * 扫一扫: the camera gives a text; whatever it is (ours or not) goes to the one check-in
 * page, which decides between the blue result and the warning. The browser has no camera
 * API, so there we explain how to scan instead of showing a button that cannot work.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useState } from 'react'
import { checkinPageUrl } from '../../services/scanned-text'
import { readElderMode } from '../../services/elder-mode'
import './index.css'

export default function Scan() {
  const [error, setError] = useState('')
  const elder = readElderMode()
  // Read at render time (the build inlines it anyway) so a test can act as a mini-program.
  const hasCamera = process.env.TARO_ENV !== 'h5'

  const scan = async () => {
    setError('')
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      await Taro.navigateTo({ url: checkinPageUrl(res.result) })
    } catch (e) {
      const msg = String((e as { errMsg?: string })?.errMsg ?? '')
      // Closing the camera is not an error worth a message.
      if (!/cancel/i.test(msg)) setError('未能识别二维码，请对准场所码重新扫描')
    }
  }

  return (
    <View className={`page scan${elder ? ' elder' : ''}`}>
      <View className='card scan__card'>
        <Text className='scan__title'>扫描场所码</Text>
        <Text className='scan__text'>进入场所时扫描张贴在出入口的“场所码”，即可自动完成入场登记，并向工作人员出示扫码结果。</Text>
        <Text className='scan__text scan__text--strong'>扫码后无需填写任何个人信息。</Text>
      </View>
      {hasCamera ? (
        <Button className='btn btn--primary scan__btn' onClick={scan}>扫一扫</Button>
      ) : (
        <View className='card scan__h5'>
          <Text className='scan__h5-text'>请用手机相机，或微信、支付宝的“扫一扫”对准场所码</Text>
        </View>
      )}
      {error ? <Text className='banner-error'>{error}</Text> : null}
    </View>
  )
}
