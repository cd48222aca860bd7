import Taro from '@tarojs/taro'

async function ask(title: string, content: string, confirmText: string, confirmColor: string): Promise<boolean> {
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
