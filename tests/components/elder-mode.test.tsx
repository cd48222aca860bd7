/**
 * 长辈模式 marks the document as well as the page, so what Taro's browser build draws outside
 * the page (showModal, showToast, the Picker's wheel) is sized by app.css's elder block: the
 * mark follows the switch both ways, and Taro's own dialog lands inside the marked document.
 * (The sizes themselves are measured in Chromium: tests/e2e/elder-mode.test.ts.)
 */
import Taro from '@tarojs/taro'
import { View, Button } from '@tarojs/components'
import { useElderMode } from '../../src/services/elder-mode'
import { ELDER_DOCUMENT_CLASS } from '../../src/services/elder-mode-dom'
import { click, mountPage, q, waitFor } from './support/helpers'

function Switcher() {
  const [on, set] = useElderMode()
  return (
    <View className={`page${on ? ' elder' : ''}`}>
      <Button className='switch' onClick={() => set(!on)}>{on ? '关闭长辈模式' : '开启长辈模式'}</Button>
    </View>
  )
}

const marked = () => document.documentElement.classList.contains(ELDER_DOCUMENT_CLASS)

afterEach(() => { Taro.removeStorageSync('csm.elderMode'); document.documentElement.classList.remove(ELDER_DOCUMENT_CLASS) })

test('switching 长辈模式 on and off marks and unmarks <html>, and the setting is remembered', async () => {
  const utils = await mountPage(Switcher)
  expect(marked()).toBe(false)
  click(utils, q('.switch'))
  expect(marked()).toBe(true)
  expect(Taro.getStorageSync('csm.elderMode')).toBe(true)
  click(utils, q('.switch'))
  expect(marked()).toBe(false)
})

test('Taro’s confirm dialog is drawn outside the page but inside the marked document', async () => {
  const utils = await mountPage(Switcher)
  click(utils, q('.switch'))
  void Taro.showModal({ title: '删除同行人员', content: '确定删除？', confirmText: '删除' })
  await waitFor(() => !!document.querySelector('.taro__modal'), 'the dialog')
  const dialog = q('.taro__modal')
  expect(dialog.closest('.page')).toBeNull()
  expect(dialog.closest(`.${ELDER_DOCUMENT_CLASS}`)).toBe(document.documentElement)
  click(utils, q('.taro-model__cancel'))
})
