/**
 * The 场所码 card as it is saved or printed: the page's content (title, venue, address,
 * checkpoint, anti-fraud notice) and the code's link, laid out for a given canvas.
 */
import { canvasMeasure, layoutPoster, paintPoster, type MeasureText, type Poster2D, type PosterContent, type PosterLayout } from '../shared/poster-layout'
import { NOTICE_TEXT, NOTICE_TITLE, POSTER_SUBTITLE, POSTER_TITLE } from '../shared/poster-text'
import { qrMatrix } from './qr-matrix'

// The code page shows the same words on screen and imports them from here.
export { NOTICE_TEXT, NOTICE_TITLE, POSTER_SUBTITLE, POSTER_TITLE }

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
