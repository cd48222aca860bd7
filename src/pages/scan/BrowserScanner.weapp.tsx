/** Mini-programs scan with the platform's own scanner (Taro.scanCode on the scan page): no browser camera here. */
export default function BrowserScanner() {
  return null
}
