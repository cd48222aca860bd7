/**
 * 所在地区's sheet as a person uses it: tap the 选择 row, then a name per level until the
 * sheet closes (a level with one choice is taken by itself). Shared by 申领 and 修改场所信息.
 */
import type TestUtils from '@tarojs/test-utils-react'
import { click, q, waitFor } from './helpers'

export const regionValue = () => q('.region-picker__value').textContent ?? ''

/** Taps each named region in turn; the names of levels taken by themselves are left out. */
export async function chooseRegions(utils: TestUtils, names: string[]): Promise<void> {
  if (!document.querySelector('.region-sheet')) click(utils, q('.region-picker'))
  for (const name of names) {
    const option = () => Array.from(document.querySelectorAll<HTMLElement>('.region-sheet__option')).find((o) => o.textContent === name)
    await waitFor(() => !!option(), `${name} listed`)
    click(utils, option()!)
  }
  await waitFor(() => !document.querySelector('.region-sheet'), 'the sheet closed')
}
