// Mini-program platform file: Taro picks it over poster-pdf.ts (the H5 default).
export { openPosterPdf, PDF_ACTION_HINT } from './poster-pdf-mini'
