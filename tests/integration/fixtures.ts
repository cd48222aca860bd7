import { randomInt } from 'crypto'
import type { CheckInResponse, GenerateCodeRequest, Result } from '../../src/shared/api'
import { creditCodeCheckChar, idCardCheckChar } from '../../src/shared/validators'
import type { Db } from '../../server/db'

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** A fresh, valid 统一社会信用代码 registered in 历下区 (so tests never collide on the unique key). */
export function makeCreditCode(): string {
  let body = '91370102'
  for (let i = 0; i < 9; i++) body += CREDIT_CHARS[randomInt(CREDIT_CHARS.length)]
  return body + creditCodeCheckChar(body)
}

export function venueInput(overrides: Partial<GenerateCodeRequest> = {}): GenerateCodeRequest {
  return {
    townCode: '370102004',
    address: '泉城路188号',
    type: 'restaurant',
    name: '老济南把子肉',
    creditCode: makeCreditCode(),
    adminName: '周九',
    adminMobile: '13912345678',
    ...overrides
  }
}

export async function count(db: Db, table: string): Promise<number> {
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)
  return rows[0].n
}

/** Narrows a Result to its data, failing the test with the error code otherwise. */
export function unwrap<T>(res: Result<T>): T {
  if (!res.ok) throw new Error(`expected ok, got ${res.code}: ${res.message} ${JSON.stringify(res.fields ?? {})}`)
  return res.data
}

/** The token inside a printed link. */
export function tokenOf(url: string): string {
  return new URL(url).searchParams.get('t') as string
}

/**
 * A check-in's answer as the holder alone sees it, failing the test unless entries were logged:
 * most tests scan with an account that has no companions.
 */
export function solo(res: Result<CheckInResponse>) {
  const data = unwrap(res)
  if (data.kind !== 'entered') throw new Error(`expected entries, got ${data.kind}`)
  const [h] = data.people
  return {
    entryId: h.entryId,
    checkedInAt: h.checkedInAt,
    repeated: h.repeated,
    venue: data.venue,
    person: { nameMasked: h.nameMasked, healthStatus: h.healthStatus }
  }
}

/**
 * A valid ID number for someone born on `birth` (YYYYMMDD) in 历下区, different from every other
 * this process made for that date (500 per date). Its sequence numbers stay in 500–999: the
 * numbers written out by hand in tests and the demo data (…1231, …1233, …2343) sit below 500, and
 * a random start that walked onto one of them gave a second name for the same number
 * (PERSON_NAME_MISMATCH) about once in a dozen full runs.
 */
export function makeIdCard(birth = '20150601', county = '370102'): string {
  const seed = county + birth
  const n = ((idCardSeeds.get(seed) ?? randomInt(500)) + 1) % 500
  idCardSeeds.set(seed, n)
  const body = `${county}${birth}${500 + n}`
  return body + idCardCheckChar(body)
}
const idCardSeeds = new Map<string, number>()

/** A fresh mainland mobile number. */
export function makePhone(): string {
  return `139${String(randomInt(1e8)).padStart(8, '0')}`
}

/**
 * Moves a time column of the rows `where` selects back by `by` (an interval), as tests do to
 * let time pass. Row by row with the new value computed first: Citus refuses an UPDATE whose SET
 * applies a time function to a column, and routes each row by its distribution column. On
 * Citus, venue_log's copy of a moved entry moves with it.
 */
export async function shiftBack(db: Db, table: 'entries' | 'notification_outbox', column: string, where: string,
  params: unknown[], by: string): Promise<number> {
  const key = table === 'entries' ? 'person_id' : 'venue_id'
  const rows = await db.query<{ k: string; id: string; t: Date }>(
    `SELECT ${key} AS k, id, ${column} - $${params.length + 1}::interval AS t FROM ${table} WHERE ${where}`, [...params, by])
  for (const r of rows) {
    await db.query(`UPDATE ${table} SET ${column} = $3 WHERE ${key} = $1 AND id = $2`, [r.k, r.id, r.t])
    if (table === 'entries' && db.distributed) {
      await db.query(`UPDATE venue_log SET ${column} = $2 WHERE entry_id = $1`, [r.id, r.t])
    }
  }
  return rows.length
}
