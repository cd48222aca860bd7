/**
 * H5 (default): Taro's showModal, showToast, showActionSheet and the Picker's wheel draw their
 * own elements on the document, outside every page root and its `elder` class, with inline
 * sizes. A class on <html> lets app.css size them for 长辈模式 (the block marked 长辈模式 there).
 */
export const ELDER_DOCUMENT_CLASS = 'elder-mode'

export function markDocument(on: boolean): void {
  if (typeof document === 'undefined' || !document.documentElement) return
  document.documentElement.classList.toggle(ELDER_DOCUMENT_CLASS, on)
}
