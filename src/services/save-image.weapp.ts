// Mini-program platform file: Taro picks it over save-image.ts (the H5 default).
export { savePoster, CAN_PRINT, printPage } from './save-image-mini'
