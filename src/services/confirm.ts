import Taro from '@tarojs/taro'

/** WeChat, Alipay and Taro's H5 all refuse a longer confirm label: the dialog never opens. */
const MAX_CONFIRM_TEXT = 4

async function ask(title: string, content: string, confirmText: string, confirmColor: string): Promise<boolean> {
  if (Array.from(confirmText).length > MAX_CONFIRM_TEXT) throw new Error(`confirmText "${confirmText}" is longer than ${MAX_CONFIRM_TEXT} characters`)
  const answer = await Taro.showModal({ title, content, confirmText, confirmColor })
  return answer.confirm
}

/** Asks before something that cannot be undone; the red button names the action. */
export function confirmDanger(title: string, content: string, confirmText: string): Promise<boolean> {
  return ask(title, content, confirmText, '#d4380d')
}

/** Asks before a step that cannot be undone but destroys nothing (离场); the button stays blue. */
export function confirmStep(title: string, content: string, confirmText: string): Promise<boolean> {
  return ask(title, content, confirmText, '#1677ff')
}
