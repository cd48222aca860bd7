/** The benchmark's report: markdown tables, the machine they were measured on, and where they are kept. */
import fs from 'fs'
import os from 'os'
import path from 'path'

export const RESULTS_FILE = path.resolve(__dirname, 'results/latest.md')
/** BENCH_RUSH_ONLY=1 reports there, leaving the last full report in place. */
export const RUSH_RESULTS_FILE = path.resolve(__dirname, 'results/rush.md')

export function machine(postgres: string | null): string {
  const cpus = os.cpus()
  return [
    `CPU ${cpus[0]?.model.trim() ?? '?'}（${cpus.length} 核）`,
    `内存 ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `Node ${process.version}`,
    postgres ?? '无 PostgreSQL',
    `${os.type()} ${os.release()}`
  ].join('，')
}

export function table(head: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n')
}

export const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 1) : '—')
export const perSecond = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en') : '—')
export const ratio = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) + '×' : '—')
/** 达到 / 未达到, for a target. */
export const verdict = (met: boolean): string => (met ? '达到' : '**未达到**')

export function writeResults(markdown: string, file = RESULTS_FILE): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, markdown)
}
