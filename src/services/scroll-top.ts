import Taro from '@tarojs/taro'

/** A form's banner is at the top and its submit button at the bottom: bring the banner into view. */
export function scrollToTop(): void {
  Promise.resolve().then(() => Taro.pageScrollTo({ scrollTop: 0, duration: 200 })).catch(() => { /* no page to scroll (tests) */ })
}
