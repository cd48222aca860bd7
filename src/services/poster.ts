/**
 * The 场所码 card as it is saved or printed: the page's content (title, venue, address,
 * checkpoint, anti-fraud notice) and the code's link, laid out for a given canvas.
 */
import { canvasMeasure, layoutPoster, paintPoster, type MeasureText, type Poster2D, type PosterContent, type PosterLayout } from '../shared/poster-layout'
import { qrMatrix } from './qr-matrix'

export const POSTER_TITLE = '场所码'
export const POSTER_SUBTITLE = '进出请扫码 · 自动登记'
export const NOTICE_TITLE = '温馨提示'
export const NOTICE_TEXT = '扫描“场所码”后，无需填写任何个人信息。凡扫码后要求填写姓名、身份证号、手机号等信息的，均非官方场所码，请勿填写，谨防不法分子伪造场所码窃取个人信息。'

export interface PosterSource { venueName: string; fullAddress: string; checkpointName: string; codeUrl: string }

export function posterContent(src: PosterSource): PosterContent {
  return {
    title: POSTER_TITLE,
    subtitle: POSTER_SUBTITLE,
    venueName: src.venueName,
    fullAddress: src.fullAddress,
    checkpointName: src.checkpointName,
    noticeTitle: NOTICE_TITLE,
    noticeText: NOTICE_TEXT
  }
}

function layoutFor(src: PosterSource, measure: MeasureText): PosterLayout {
  return layoutPoster(posterContent(src), qrMatrix(src.codeUrl), measure)
}

/**
 * The card painted on a canvas of the platform's making (an HTML canvas on H5, an offscreen
 * canvas in the mini-programs): measured on a 1×1 canvas, laid out, then painted at full size.
 */
export function renderPoster<C>(src: PosterSource, makeCanvas: (width: number, height: number) => C, context2d: (canvas: C) => Poster2D): C {
  const layout = layoutFor(src, canvasMeasure(context2d(makeCanvas(1, 1))))
  const canvas = makeCanvas(layout.width, layout.height)
  paintPoster(layout, context2d(canvas))
  return canvas
}
