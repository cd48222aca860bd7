import Taro from '@tarojs/taro'

/** Asks before something that cannot be undone; the red button names the action. */
export async function confirmDanger(title: string, content: string, confirmText: string): Promise<boolean> {
  const answer = await Taro.showModal({ title, content, confirmText, confirmColor: '#d4380d' })
  return answer.confirm
}
