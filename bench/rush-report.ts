/** The morning rush's part of the report (issue 19): cold start, the gateway, the database's own speed, the overload curve. */
import type { ColdStart } from './cold-start'
import type { DbPart, PathComparison } from './db-path'
import type { HttpPathResult } from './http-path'
import type { OverloadResult } from './overload'
import { ms, perSecond, ratio, table, verdict } from './report'

export const RUSH_TARGETS = {
  /** Cold start (require, first answer) / require('pg'). */
  coldStart: 2,
  /** 1 − gateway throughput / straight to functions-framework. */
  gatewayCost: 0.1,
  goodputAtTop: 0.9,
  p99Ms: 1000
}

const mib = (bytes: number | undefined): string => (bytes !== undefined && Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(0)} MiB` : '—')

function memoryLine(memory: Map<string, number>): string {
  return [...memory].map(([command, bytes]) => `${command} ${mib(bytes)}`).join('，')
}

export function rushReport(r: {
  coldStart: ColdStart; dbPath: PathComparison[]; dbParts: DbPart[]; httpPath: HttpPathResult; overload: OverloadResult | null
  repeats: number; seconds: number; tripsPg: number
}): { lines: string[]; notes: string[] } {
  const lines: string[] = []
  const notes: string[] = []
  const c = r.coldStart

  const requireRatio = c.bundle / c.pg
  const answerRatio = c.firstAnswer / c.pg
  lines.push(
    '### 早高峰：冷启动（checkIn 函数）', '',
    `每项 ${c.runs} 个新 Node 进程交替运行，取中位数；首次应答 = 从 require 开始到一次真实的首次扫码得到应答（建立连接池、检查迁移、登记）。checkIn 包 ${(c.bundleBytes / 1e6).toFixed(2)} MB。`, '',
    table(['项目', 'ms', '/ require(\'pg\')', '目标'], [
      ["require('pg')", ms(c.pg), '1.00×', ''],
      ['require(checkIn 包)', ms(c.bundle), ratio(requireRatio), `≤ ${RUSH_TARGETS.coldStart}×：${verdict(requireRatio <= RUSH_TARGETS.coldStart)}`],
      ['首次应答（require + 首次扫码）', ms(c.firstAnswer), ratio(answerRatio), `≤ ${RUSH_TARGETS.coldStart}×：${verdict(answerRatio <= RUSH_TARGETS.coldStart)}`]
    ]), '')
  if (answerRatio > RUSH_TARGETS.coldStart) {
    notes.push(`冷启动的首次应答为 require('pg') 的 ${ratio(answerRatio)}（require 本身 ${ratio(requireRatio)}）：首次应答包含与数据库建立连接（查询是否有 Citus、打开连接池）、` +
      `检查迁移和一次登记的 ${r.tripsPg} 次往返，这些在 require('pg') 里都没有。`)
  }

  const g = r.httpPath.gateway
  if (g && typeof g.baseline !== 'string') {
    const cost = 1 - g.ours.rate / g.baseline.rate
    lines.push(
      `### 早高峰：网关的开销（${g.clients} 个客户端，首次扫码）`, '',
      `同一运行时交替运行 ${r.repeats} 轮 × ${r.seconds} 秒：经网关（公开端口）与直接发给 functions-framework 的内部端口（带上网关会加的请求头）。`, '',
      table(['路径', '次/秒', 'p50 ms', 'p99 ms'], [
        ['经网关', perSecond(g.ours.rate), ms(g.ours.p50), ms(g.ours.p99)],
        ['直连 functions-framework', perSecond(g.baseline.rate), ms(g.baseline.p50), ms(g.baseline.p99)]
      ]), '',
      `网关的开销：吞吐少 ${(cost * 100).toFixed(1)}%（目标 < ${RUSH_TARGETS.gatewayCost * 100}%：${verdict(cost < RUSH_TARGETS.gatewayCost)}）。` +
      `负载下的常驻内存峰值（每 250 ms 采样）：${memoryLine(r.httpPath.underLoad)}。`, '')
    if (cost >= RUSH_TARGETS.gatewayCost) {
      notes.push(`网关的开销为 ${(cost * 100).toFixed(1)}%，未达到 < ${RUSH_TARGETS.gatewayCost * 100}%：网关是另一个 Node 进程，每个请求多一次本机 HTTP 往返和一次 JSON 检查，` +
        `与 functions-framework、PostgreSQL 和负载生成器争用这台机器的 2 核。`)
    }
  }

  const at16 = r.dbPath.find((x) => x.clients === 16)
  const http16 = r.httpPath.rows.find((x) => x.clients === 16)
  const rows: string[][] = []
  if (at16 && typeof at16.baseline !== 'string') rows.push(['数据库路径 / pgbench 单行插入（16 个客户端）', ratio(at16.ours.rate / at16.baseline.rate), `≥ 0.5×：${verdict(at16.ours.rate / at16.baseline.rate >= 0.5)}`])
  if (http16 && typeof http16.baseline !== 'string') rows.push(['HTTP 登记 / 什么都不做的函数（16 个客户端）', ratio(http16.ours.rate / http16.baseline.rate), `≥ 0.5×：${verdict(http16.ours.rate / http16.baseline.rate >= 0.5)}`])
  const modes = [...new Set(r.dbParts.map((p) => p.mode))]
  const parts = [...new Set(r.dbParts.map((p) => p.part))]
  const part = (name: string, mode: string) => r.dbParts.find((p) => p.part === name && p.mode === mode)!.run
  lines.push(
    '### 早高峰：按数据库自身的速度登记', '',
    table(['比较', '比值', '目标'], rows), '',
    `登记的数据库部分，按连接池（plan_cache_mode、连接数；第一列是运行时现在的设置）拆开：16 个客户端，每种一个连接池，交替 ${r.repeats} 轮 × ${r.seconds} 秒，取中位数；` +
    `次/秒（p50 / p99 ms），括号后是对第一列的比值。`, '',
    table(['部分', ...modes], parts.map((name) => [
      name,
      ...modes.map((m, i) => {
        const x = part(name, m)
        return `${perSecond(x.rate)}（${ms(x.p50)} / ${ms(x.p99)}）${i ? ` ${ratio(x.rate / part(name, modes[0]).rate)}` : ''}${x.errors ? `，失败 ${x.errors}：${x.firstError ?? ''}` : ''}`
      })
    ])), '')

  const o = r.overload
  if (o) {
    const C = o.capacity
    const answersOf = (counts: Record<string, number>) => Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n.toLocaleString('en')}`).join('；')
    lines.push(
      '### 早高峰：过载曲线（本地环境，PostgreSQL）', '',
      `每档连接同时发起、持续 ${o.levels.find((l) => !l.skipped)?.seconds ?? '—'} 秒，每次都是不同的人首次扫码；客户端像小程序一样：收到 SYSTEM_BUSY、5xx 或 10 秒无应答时，` +
      `按 retryDelayMs（退避加抖动，不早于 Retry-After / retryAfterMs）重试同一次扫码，得到应答后扫下一个人。C = 同一次运行中 16 个连接的有效吞吐 = ${perSecond(C)} 次/秒。` +
      `打开文件数上限：负载生成器 ${o.fileLimits.generator}，网关 ${o.fileLimits.gateway}，functions-framework ${o.fileLimits.functions}。`, '',
      table(['连接', '有效吞吐 次/秒', '/ C', '应答（状态 代码：次数）', '全部应答 p50 / p99 ms（每个连接第一个应答的 p99）', '成功 p50 / p99 ms', 'SYSTEM_BUSY p50 / p99 ms', '运行时内存峰值', '确认 / 入库 / 丢失 / 重复', '负载生成器 核'],
        o.levels.map((l) => l.skipped
          ? [l.connections, l.skipped, '', '', '', '', '', '', '', '']
          : [l.connections, perSecond(l.goodput), ratio(l.goodput / C), answersOf(l.answers), `${ms(l.p50)} / ${ms(l.p99)}（${ms(l.firstP99)}）`, `${ms(l.okP50)} / ${ms(l.okP99)}`, `${ms(l.busyP50)} / ${ms(l.busyP99)}`,
            memoryLine(l.memory), `${l.acknowledged.toLocaleString('en')} / ${l.rows.toLocaleString('en')} / ${l.lost} / ${l.duplicated}`, l.generatorCores.toFixed(2)])), '')
    const top = [...o.levels].reverse().find((l) => !l.skipped)
    if (top) {
      const internal = top.answers['500 INTERNAL'] ?? 0
      const goals = [
        [`有效吞吐 ≥ ${RUSH_TARGETS.goodputAtTop}× C`, top.goodput / C >= RUSH_TARGETS.goodputAtTop],
        [`全部应答 p99 < ${RUSH_TARGETS.p99Ms} ms`, top.p99 < RUSH_TARGETS.p99Ms],
        ['0 个 INTERNAL', internal === 0],
        ['0 丢失', top.lost === 0]
      ] as const
      lines.push(`${top.connections} 个连接时的目标：${goals.map(([what, met]) => `${what}：${verdict(met)}`).join('；')}。`, '')
      const missed = goals.filter(([, met]) => !met).map(([what]) => what)
      if (missed.length) {
        notes.push(`过载曲线在 ${top.connections} 个连接时未达到：${missed.join('、')}（有效吞吐 ${ratio(top.goodput / C)} C，全部应答 p99 ${ms(top.p99)} ms，` +
          `INTERNAL ${internal} 次，丢失 ${top.lost}）；负载生成器本身占用 ${top.generatorCores.toFixed(2)} 核，与运行时和 PostgreSQL 共用 2 核。`)
      }
    }
  }
  return { lines, notes }
}
