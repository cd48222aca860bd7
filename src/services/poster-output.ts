/**
 * 打印/保存: the one output choice of a 场所码 (the code page and 申领成功). One button opens the
 * platform's choices, so the ways out are not three buttons that overlap. Without Taro.
 */

export type PosterOutput = 'pdf' | 'image' | 'print'

export interface PosterOutputChoice { id: PosterOutput; label: string }

/**
 * The mini-programs save the card to the album or open the A4 PDF in their viewer (whose menu
 * prints it); the browser downloads the A4 PDF, saves the card as an image (a phone's way to
 * keep it) or prints the page.
 */
export function posterOutputChoices(inBrowser: boolean): PosterOutputChoice[] {
  return inBrowser
    ? [{ id: 'pdf', label: '下载A4海报（PDF）' }, { id: 'image', label: '保存图片' }, { id: 'print', label: '打印' }]
    : [{ id: 'image', label: '保存到相册' }, { id: 'pdf', label: '打印A4海报（PDF）' }]
}
