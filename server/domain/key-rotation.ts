import { decrypt, encrypt, type DataKeys } from '../crypto/personal-data'
import type { Db } from '../db'

/**
 * Every column holding personal data encrypted with a data key, with the columns that find its
 * row. A test compares this list with the schema, so a new `*_enc` column cannot be forgotten.
 */
export const ENCRYPTED_COLUMNS: Array<{ table: string; key: string[]; columns: string[] }> = [
  { table: 'persons', key: ['id'], columns: ['id_card_enc', 'name_enc', 'phone_enc'] },
  { table: 'companions', key: ['account_id', 'person_id'], columns: ['phone_enc'] },
  { table: 'venues', key: ['id'], columns: ['credit_code_enc', 'admin_name_enc', 'admin_mobile_enc'] },
  { table: 'venue_changes', key: ['id'], columns: ['old_value_enc', 'new_value_enc'] },
  { table: 'status_changes', key: ['id'], columns: ['reason_enc'] },
  { table: 'access_log', key: ['id'], columns: ['reason_enc'] },
  { table: 'users', key: ['id'], columns: ['declared_phone_enc'] },
  { table: 'identity_checks', key: ['id'], columns: ['name_enc', 'id_card_enc', 'phone_enc'] },
  { table: 'status_proposals', key: ['id'], columns: ['reason_enc', 'decision_reason_enc'] },
  { table: 'status_proposal_lines', key: ['proposal_id', 'line'], columns: ['reason_enc'] },
  { table: 'appeals', key: ['id'], columns: ['text_enc', 'answer_enc'] }
]

/**
 * Re-encrypts every value not written with the current data key, a batch per transaction, so
 * the service keeps running meanwhile (a value is readable under its old key until its batch
 * commits) and an interrupted run simply continues where it stopped. Returns the values
 * re-encrypted per table. Keyed hashes are unchanged: the look-up key is a separate secret.
 */
export async function rotateDataKey(db: Db, dataKeys: DataKeys, batch = 500): Promise<Record<string, number>> {
  const done: Record<string, number> = {}
  const current = `${dataKeys.currentKid}:`
  for (const { table, key, columns } of ENCRYPTED_COLUMNS) {
    done[table] = 0
    const stale = columns.map((c) => `(${c} IS NOT NULL AND left(${c}, ${current.length}) <> $1)`).join(' OR ')
    for (;;) {
      const n = await db.transaction(async (tx) => {
        const rows = await tx.query<Record<string, string | null>>(
          `SELECT ${[...key, ...columns].join(', ')} FROM ${table} WHERE ${stale} LIMIT ${Math.floor(batch)} FOR UPDATE`, [current])
        let values = 0
        for (const row of rows) {
          const fresh = columns.map((c) => {
            const v = row[c]
            if (v == null || v.startsWith(current)) return v
            values++
            return encrypt(dataKeys, decrypt(dataKeys, v))
          })
          await tx.query(
            `UPDATE ${table} SET ${columns.map((c, i) => `${c} = $${i + 1}`).join(', ')}
             WHERE ${key.map((k, i) => `${k} = $${columns.length + i + 1}`).join(' AND ')}`,
            [...fresh, ...key.map((k) => row[k])])
        }
        return values
      })
      if (n === 0) break
      done[table] += n
    }
  }
  return done
}

/** Key ids still in use, with how many values each holds: what an operator checks before retiring a key. */
export async function dataKeyUsage(db: Db): Promise<Record<string, number>> {
  const usage: Record<string, number> = {}
  for (const { table, columns } of ENCRYPTED_COLUMNS) {
    for (const c of columns) {
      const rows = await db.query<{ kid: string; n: number }>(
        `SELECT split_part(${c}, ':', 1) AS kid, count(*)::int AS n FROM ${table} WHERE ${c} IS NOT NULL GROUP BY 1`)
      for (const { kid, n } of rows) usage[kid] = (usage[kid] ?? 0) + n
    }
  }
  return usage
}
