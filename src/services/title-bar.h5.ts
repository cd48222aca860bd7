/**
 * The browser build's title bar: Taro's router draws it (app.config's H5-only
 * `navigationStyle: 'default'`) with the page's navigationBarTitleText, a back arrow when there is
 * history and a home icon on a page opened directly (a scanned link); nothing on home. Its arrows
 * are bare icons in plain divs, so each gets the word 返回, a button role and the keyboard, and the
 * title becomes the page's heading (title-bar.css sizes it for fingers and 长辈模式).
 */
import Taro from '@tarojs/taro'
import './title-bar.css'
import './h5-controls.css'

const BUTTONS = ['taro-navigation-bar-back', 'taro-navigation-bar-home']

function label(): void {
  // Each page scrolls inside its own box: focusable, so a keyboard can scroll it (axe's
  // scrollable-region-focusable), whatever the page holds.
  for (const page of Array.from(document.querySelectorAll<HTMLElement>('.taro_page:not([tabindex])'))) page.tabIndex = 0
  const bar = document.getElementById('taro-navigation-bar')
  if (!bar) return
  for (const name of BUTTONS) {
    const button = bar.getElementsByClassName(name)[0] as HTMLElement | undefined
    if (!button || button.dataset.labelled) continue
    button.dataset.labelled = 'true'
    button.setAttribute('role', 'button')
    button.tabIndex = 0
    button.querySelector('svg')?.setAttribute('aria-hidden', 'true')
    const text = document.createElement('span')
    text.className = 'title-bar__back'
    text.textContent = '返回'
    button.appendChild(text)
    button.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); button.click() }
    })
  }
  const title = bar.getElementsByClassName('taro-navigation-bar-title')[0]
  if (title && !title.hasAttribute('role')) {
    title.setAttribute('role', 'heading')
    title.setAttribute('aria-level', '1')
  }
}

export function initTitleBar(): void {
  // The router builds the bar before the first page and fires this after every page change.
  Taro.eventCenter.on('__afterTaroRouterChange', label)
}
