/**
 * What the 停用 receipt page shows (issue 20): the deletion receipt a function answers with after
 * the end, in words a person reads. Plain TypeScript, so the page stays thin and the wording is
 * tested without Taro.
 */
import type { DeletionReceipt } from '../shared/api'
import { formatShanghai } from '../shared/time'

/** Where the app keeps the last receipt it was given, so the page shows it without asking again. */
export const RECEIPT_STORAGE_KEY = 'csm.deletionReceipt'

/** What each count stands for, in the order shown; any count not named here follows with its own key. */
const COUNT_LABELS: Array<[string, string]> = [
  ['persons', '人员（姓名、身份证号、手机号）'],
  ['entries', '扫码登记记录'],
  ['entry_partitions', '按日存放的扫码记录分区'],
  ['health_status', '健康状态'],
  ['status_changes', '健康码变更记录'],
  ['status_proposals', '健康码变更申请'],
  ['appeals', '申诉'],
  ['access_log', '查看记录（谁查看了我的信息）'],
  ['risk_notices', '风险提示'],
  ['companions', '同行人员'],
  ['users', '账号'],
  ['sessions', '登录状态'],
  ['identity_checks', '实名核验记录'],
  ['venues', '场所（含管理员姓名、手机号、信用代码）'],
  ['alerts', '场所预警'],
  ['traces', '流调记录'],
  ['officials', '防控人员任命'],
  ['person_keys', '身份证号索引'],
  ['account_people', '账号与人员的关联'],
  ['status_proposal_lines', '变更申请中的人员'],
  ['checkpoints', '场所入口'],
  ['venue_changes', '场所变更记录'],
  ['venue_inspectors', '检测员绑定'],
  ['venue_handovers', '场所移交'],
  ['venue_log', '场所登记副本'],
  ['alert_recipients', '预警接收人'],
  ['notification_outbox', '待发送的通知'],
  ['subscription_grants', '订阅消息授权'],
  ['rate_limits', '访问频率计数'],
  ['audit_heads', '审计链头'],
  ['pgboss.job', '后台任务'],
  ['pgboss.archive', '已归档的后台任务'],
  ['log_files', '清空的日志文件']
]

/** Counts that describe the destruction itself rather than records of people. */
const TECHNICAL = new Set(['statistics_rows', 'wal_segments_removed', 'log_bytes'])

export interface ReceiptView {
  title: string
  summary: string
  counts: Array<{ key: string; label: string; count: number }>
  keys: string
  auditHead: string
  note: string
}

const chinaDay = (date: string) => {
  const [y, m, d] = date.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

export function receiptView(receipt: DeletionReceipt): ReceiptView {
  const named = new Map(COUNT_LABELS)
  const keys = Object.keys(receipt.counts)
  const ordered = [...COUNT_LABELS.map(([k]) => k).filter((k) => k in receipt.counts), ...keys.filter((k) => !named.has(k) && !TECHNICAL.has(k)).sort()]
  return {
    title: '本系统已停用',
    summary: `本系统已于${chinaDay(receipt.stoppedOn)}停止登记，并于${formatShanghai(receipt.destroyedAt, 'YYYY年M月D日 HH:mm')}（北京时间）销毁了全部个人信息和扫码记录。`,
    counts: ordered.map((key) => ({ key, label: named.get(key) ?? key, count: receipt.counts[key] })),
    keys: `已销毁加密个人信息的数据密钥 ${receipt.keysDestroyed.filter((k) => k !== 'lookup-hash').join('、') || '—'}${receipt.keysDestroyed.includes('lookup-hash') ? '，以及身份证号、手机号的查询密钥' : ''}：即使留有备份，其中的个人信息也无法解密。`,
    auditHead: receipt.lastAuditHead ?? '（无）',
    note: '以上为销毁回执，运营方另以文件和日志公布，可据最后的审计链头核对。本小程序不再登记、也不再保存任何个人信息。'
  }
}
