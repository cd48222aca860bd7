/**
 * The H5 build's root font size, which every rem in the CSS hangs on: 1rem = 40 design px, so
 * the root is 40 × viewport width / 750 and H5 follows the 750-wide design as rpx does.
 *
 * Replaces Taro's own script (webpack5-runner's H5WebpackPlugin), which measures `<html>`'s box
 * and takes the smaller of its width and height. In a fresh phone tab Chromium fires `resize`
 * while the page is still empty (`<html>` 375 × 8 px), so Taro's script computed 40 × 8 / 750
 * and clamped it to the floor, and nothing resized it again: every text rendered at about 1 px.
 * The layout viewport's width (`documentElement.clientWidth`, the width `device-width` gives)
 * does not depend on the content, and the floor is a size text can still be read at.
 */
export interface RootFontOptions {
  /** Design px per rem (Taro's baseFontSize × 2 for a 750 design with deviceRatio 1). */
  remDesignPx: number
  designWidth: number
  /** Floor: a 320 px phone gets 17 px; only a window narrower than 225 px reaches 12. */
  minPx: number
  /** A desktop window is drawn at the size of a large phone (540 px wide), not 2×. */
  maxPx: number
}

export const ROOT_FONT: RootFontOptions = { remDesignPx: 40, designWidth: 750, minPx: 12, maxPx: 28.8 }

/** The inline script for index.html's head: sets the root now and on every size change. */
export function rootFontScript(o: RootFontOptions = ROOT_FONT): string {
  return `!function(w,d){var e=d.documentElement;function f(){var v=w.visualViewport,s=w.screen,`
    + `width=e.clientWidth||w.innerWidth||(v&&v.width)||(s&&s.width);if(!width)return;`
    + `var x=${o.remDesignPx}*width/${o.designWidth};`
    + `e.style.fontSize=Math.min(${o.maxPx},Math.max(${o.minPx},x))+"px"}`
    + `f();w.addEventListener("resize",f);w.addEventListener("orientationchange",f);`
    + `w.addEventListener("pageshow",f);d.addEventListener("DOMContentLoaded",f)}(window,document);`
}
