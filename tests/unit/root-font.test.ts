/**
 * The H5 root-font script (config/root-font.ts) run against a stand-in window: the root follows
 * the layout viewport's width, never `<html>`'s box, which is 375 × 8 px in a fresh phone tab
 * when Chromium fires its first resize (observation 1; the browser check is in ui-sizes.test.ts).
 */
import { rootFontScript } from '../../config/root-font'

function run(viewport: { clientWidth: number; innerWidth?: number }) {
  const listeners: Record<string, () => void> = {}
  const html = {
    clientWidth: viewport.clientWidth,
    style: { fontSize: '' },
    // What Taro's script measured: the empty page's box.
    getBoundingClientRect: () => ({ width: viewport.clientWidth, height: 8 })
  }
  const win = { innerWidth: viewport.innerWidth ?? viewport.clientWidth, addEventListener: (type: string, f: () => void) => { listeners[type] = f } }
  const doc = { documentElement: html, addEventListener: (type: string, f: () => void) => { listeners[type] = f } }
  new Function('window', 'document', rootFontScript())(win, doc)
  return { html, resize: (width: number) => { html.clientWidth = width; listeners.resize() } }
}

describe('root font size of the H5 build', () => {
  it('is 40 × width / 750 from the viewport width, also on a resize while the page is empty', () => {
    const tab = run({ clientWidth: 375 })
    expect(tab.html.style.fontSize).toBe('20px')
    tab.resize(320)
    expect(parseFloat(tab.html.style.fontSize)).toBeCloseTo(17.07, 2)
    tab.resize(414)
    expect(parseFloat(tab.html.style.fontSize)).toBeCloseTo(22.08, 2)
  })

  it('keeps a desktop window at a large phone size and never goes under 12 px', () => {
    expect(run({ clientWidth: 1280 }).html.style.fontSize).toBe('28.8px')
    expect(run({ clientWidth: 100 }).html.style.fontSize).toBe('12px')
  })

  it('falls back to innerWidth before the document has a width', () => {
    expect(run({ clientWidth: 0, innerWidth: 375 }).html.style.fontSize).toBe('20px')
  })
})
