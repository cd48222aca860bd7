/**
 * 体温检测 rules, shared by the inspector's page and the functions: the range a forehead or
 * ear thermometer can honestly report, one decimal, and where a fever starts.
 */
export const TEMPERATURE_MIN = 34.0
export const TEMPERATURE_MAX = 43.0
/** 37.3 ℃ and above is abnormal (the threshold China's gates used in 2022). */
export const TEMPERATURE_ABNORMAL_FROM = 37.3

export function isAbnormalTemperature(celsius: number): boolean {
  // Compared in tenths: 37.3 must not fall below itself through binary fractions.
  return Math.round(celsius * 10) >= Math.round(TEMPERATURE_ABNORMAL_FROM * 10)
}

/** Chinese message for a value that cannot be recorded, or null when it can. */
export function temperatureError(celsius: unknown): string | null {
  if (typeof celsius !== 'number' || !Number.isFinite(celsius)) return '请输入体温，例如 36.5'
  if (celsius < TEMPERATURE_MIN || celsius > TEMPERATURE_MAX) {
    return `体温应在 ${TEMPERATURE_MIN.toFixed(1)}–${TEMPERATURE_MAX.toFixed(1)} ℃ 之间，请重新测量`
  }
  if (Math.abs(celsius * 10 - Math.round(celsius * 10)) > 1e-9) return '体温最多保留一位小数，例如 37.3'
  return null
}

/** What an inspector typed (`36.5`, `36.5℃`, full-width digits) as a number, or null. */
export function parseTemperature(text: string): number | null {
  const ascii = text.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\s|℃|°C?/gi, '')
  if (!/^\d{2}(\.\d+)?$/.test(ascii)) return null
  return Number(ascii)
}

/** 36.5 → "36.5 ℃" */
export function formatTemperature(celsius: number): string {
  return `${celsius.toFixed(1)} ℃`
}
