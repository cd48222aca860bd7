/** Taro picks this over scan-queue-wake.ts in this mini-program's build. */
export { onNetworkBack } from './scan-queue-wake-mini'
