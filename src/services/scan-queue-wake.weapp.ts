/** Taro picks this over scan-queue-wake.ts in this mini-program's build. */
export { onNetworkBack, preloadKeptScanPages } from './scan-queue-wake-mini'
