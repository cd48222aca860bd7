import type { EntryMethod, MyEntryView, Relation, RiskNotices, RiskNoticeView, RiskVenueView } from '../../src/shared/api'
import { LATE_SCAN_HOURS, RELATION_LABELS } from '../../src/shared/api'
import { idCardLast4, maskName } from '../../src/shared/mask'
import { decrypt } from '../crypto/personal-data'
import type { Deps } from './deps'
import type { Queryable } from '../db'
import { accountPersons } from './people'
import { accountPeople } from './person-keys'
import { syncVenueLog } from './venue-log'
import { DomainError } from './errors'
import { toIso } from './ids'
import { fullAddress } from './address'
import { regionOf } from './venues'

/** 我的扫码记录 covers the period a 流调 looks back over, with margin. */
export const MY_ENTRIES_DAYS = 28
/**
 * An entry made by mistake can be withdrawn this long after it was made: after the server
 * received it, so a scan kept on the device and uploaded late can still be withdrawn for a day.
 */
export const WITHDRAW_HOURS = 24

/**
 * Withdrawable, by receipt time (received_at, or the visit time when it is NULL: received on
 * time, migration 010). The visit time bound adds nothing to the rule (a visit is at most
 * LATE_SCAN_HOURS before its receipt) but lets the day partitions be pruned. Spelled without
 * coalesce around the comparison with now(), which Citus refuses, and with IS [NOT] NULL on both
 * sides of the OR, so `withdrawable` is never NULL.
 */
const WITHDRAW_OPEN = `(e.withdrawn_at IS NULL
  AND ((e.received_at IS NOT NULL AND e.received_at > now() - make_interval(hours => ${WITHDRAW_HOURS}))
       OR (e.received_at IS NULL AND e.checked_in_at > now() - make_interval(hours => ${WITHDRAW_HOURS})))
  AND e.checked_in_at > now() - make_interval(hours => ${WITHDRAW_HOURS + LATE_SCAN_HOURS + 1}))`
/**
 * 离场 is offered this long after entering. Tracing relies on it: no stay lasts longer, so the
 * search for overlapping stays can be bounded on the (venue, time) index.
 */
export const CHECK_OUT_HOURS = 24

interface EntryRow {
  id: string
  checked_in_at: Date
  received_at: Date
  withdrawn_at: Date | null
  checked_out_at: Date | null
  method: EntryMethod
  is_holder: boolean
  relation: Relation | null
  disputable: boolean
  disputed_at: Date | null
  withdrawable: boolean
  check_outable: boolean
  name_enc: string | null
  own_id_card_enc: string | null
  checkpoint_name: string
  venue_name: string
  address: string
  province_code: string; province_name: string
  city_code: string; city_name: string
  county_code: string; county_name: string
  town_code: string; town_name: string
}

/**
 * Who an account is, for reading its entries: the parameters $1–$6 of every statement below,
 * found on the coordinator first. $1 the account, $2 the person it holds if verified, $3 every
 * person it may have entries of (the holder and account_people: on Citus the statement reads
 * only their shards), $4 the holder even if unverified, $5 and $6 its companions and relations.
 */
async function scopeOf(db: Queryable, accountId: string): Promise<unknown[]> {
  const { holder, people } = await accountPeople(db, accountId)
  const [row] = await db.query<{ verified: boolean; ids: string[]; relations: Relation[] }>(
    `SELECT u.verified_at IS NOT NULL AS verified,
            ARRAY(SELECT c.person_id FROM companions c WHERE c.account_id = u.id ORDER BY c.person_id) AS ids,
            ARRAY(SELECT c.relation FROM companions c WHERE c.account_id = u.id ORDER BY c.person_id) AS relations
     FROM users u WHERE u.id = $1`, [accountId])
  return [accountId, row.verified ? holder : null, people, holder, row.ids, row.relations]
}

/**
 * The entries an account may see: every entry of the person it holds (verified), whoever made
 * it, and the entries it made itself (its companions', and its own while unverified). Not a
 * companion's other entries, nor anything of a person it has only typed the name and ID number
 * of: knowing someone's ID number must not reveal where they went.
 */
const VISIBLE = `(e.person_id = ANY($3::uuid[]) AND (e.person_id = $2::uuid OR e.account_id = $1::uuid))`

/** Someone else made it for the person the account holds: the holder may say 不是我本人. */
const DISPUTABLE = `(e.person_id = $2::uuid AND e.account_id <> $1::uuid AND e.disputed_at IS NULL)`

/** An entry that can still be checked out, whoever asks (the account that made it, see checkOutEntries). */
const CHECK_OUT_OPEN = `(e.withdrawn_at IS NULL AND e.checked_out_at IS NULL
  AND e.checked_in_at > now() - make_interval(hours => ${CHECK_OUT_HOURS}))`

const SELECT_ENTRIES = `
  SELECT e.id, e.checked_in_at, coalesce(e.received_at, e.checked_in_at) AS received_at, e.withdrawn_at, e.checked_out_at, e.method,
         e.person_id IS NOT DISTINCT FROM $4::uuid AS is_holder,
         ($6::text[])[array_position($5::uuid[], e.person_id)] AS relation,
         ${DISPUTABLE} AS disputable, e.disputed_at,
         ${WITHDRAW_OPEN} AS withdrawable,
         ${CHECK_OUT_OPEN} AND e.account_id = $1::uuid AS check_outable,
         -- The last four ID digits only of the account's own people: its held person and listed companions.
         CASE WHEN e.person_id = $2::uuid OR e.person_id = ANY($5::uuid[]) THEN p.id_card_enc END AS own_id_card_enc,
         p.name_enc, c.name AS checkpoint_name, v.name AS venue_name, v.address,
         v.province_code, v.province_name, v.city_code, v.city_name, v.county_code, v.county_name, v.town_code, v.town_name
  FROM entries e
  JOIN venues v ON v.id = e.venue_id
  JOIN checkpoints c ON c.id = e.checkpoint_id
  LEFT JOIN persons p ON p.id = e.person_id`

function view(deps: Deps, r: EntryRow): MyEntryView {
  // An entry someone else made for the holder says so: an inspector's is never 本人.
  const who = r.method === 'assisted' ? '辅助登记' : r.is_holder ? '本人' : r.relation ? RELATION_LABELS[r.relation] : '同行人员'
  return {
    entryId: r.id,
    venueName: r.venue_name,
    fullAddress: fullAddress(regionOf(r), r.address),
    checkpointName: r.checkpoint_name,
    checkedInAt: toIso(r.checked_in_at),
    receivedAt: toIso(r.received_at),
    nameMasked: r.name_enc ? maskName(decrypt(deps.config.dataKeys, r.name_enc)) : '本人',
    who,
    idLast4: r.own_id_card_enc ? idCardLast4(decrypt(deps.config.dataKeys, r.own_id_card_enc)) : null,
    method: r.method,
    withdrawnAt: r.withdrawn_at ? toIso(r.withdrawn_at) : null,
    withdrawable: r.withdrawable,
    checkedOutAt: r.checked_out_at ? toIso(r.checked_out_at) : null,
    checkOutable: r.check_outable,
    disputable: r.disputable,
    disputedAt: r.disputed_at ? toIso(r.disputed_at) : null
  }
}

export async function listMyEntries(deps: Deps, accountId: string): Promise<{ entries: MyEntryView[]; days: number }> {
  const rows = await deps.db.query<EntryRow>(
    `${SELECT_ENTRIES}
     WHERE ${VISIBLE} AND e.checked_in_at > now() - make_interval(days => ${MY_ENTRIES_DAYS})
     ORDER BY e.checked_in_at DESC, e.scan_id, (e.method = 'self') DESC, e.id LIMIT 1000`, await scopeOf(deps.db, accountId))
  return { entries: rows.map((r) => view(deps, r)), days: MY_ENTRIES_DAYS }
}

/**
 * 扫错了？撤销: marks the entry withdrawn (never deletes it), which keeps it out of statistics
 * and tracing. Withdrawing twice is answered with the entry as it is.
 */
export async function withdrawEntry(deps: Deps, accountId: string, entryId: string): Promise<{ entry: MyEntryView }> {
  const scope = await scopeOf(deps.db, accountId)
  const entry = await visibleEntry(deps.db, scope, entryId)
  // One statement decides: of two withdrawals at once, one sets it and the other finds it set.
  const done = await deps.db.query<{ venue_id: string; withdrawn_at: Date }>(
    `UPDATE entries e SET withdrawn_at = now()
     WHERE e.person_id = $1 AND e.id = $2 AND ${WITHDRAW_OPEN}
     RETURNING e.venue_id, e.withdrawn_at`, [entry.person_id, entryId])
  if (done.length) await syncVenueLog(deps.db, done[0].venue_id, entryId, { withdrawn_at: done[0].withdrawn_at })
  const [r] = await deps.db.query<EntryRow>(`${SELECT_ENTRIES} WHERE ${VISIBLE} AND e.person_id = $7 AND e.id = $8`, [...scope, entry.person_id, entryId])
  if (!r.withdrawn_at) throw new DomainError('WITHDRAW_TOO_LATE')
  return { entry: view(deps, r) }
}

/** An entry the account may see (VISIBLE), with its person: the statements after it read one shard. */
async function visibleEntry(db: Queryable, scope: unknown[], entryId: string): Promise<{ person_id: string }> {
  const [row] = await db.query<{ person_id: string }>(`SELECT e.person_id FROM entries e WHERE e.id = $4 AND ${VISIBLE}`,
    [...scope.slice(0, 3), entryId])
  if (!row) throw new DomainError('ENTRY_NOT_FOUND')
  return row
}

/**
 * 离场 for entries the caller's account made (a group leaves together): all of them or none.
 * Only the account that scanned can say its group left; an entry someone else made for the
 * holder (an inspector's 辅助登记) ends at the venue type's default stay.
 */
export async function checkOutEntries(deps: Deps, accountId: string, entryIds: string[]): Promise<{ entries: MyEntryView[] }> {
  const ids = [...new Set(entryIds)]
  const scope = await scopeOf(deps.db, accountId)
  const people = scope[2]
  await deps.db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string; open: boolean }>(
      `SELECT e.id, ${CHECK_OUT_OPEN} AS open FROM entries e
       WHERE e.person_id = ANY($3::uuid[]) AND e.id = ANY($2::uuid[]) AND e.account_id = $1`, [accountId, ids, people])
    if (rows.length !== ids.length) throw new DomainError('ENTRY_NOT_FOUND')
    if (rows.some((r) => !r.open)) throw new DomainError('CHECK_OUT_CLOSED')
    // Of two check-outs of one entry at once the second updates nothing and is refused. The group
    // leaves at one instant, the transaction's: on Citus each shard's now() would be its own.
    const [{ now }] = await tx.query<{ now: Date }>('SELECT now() AS now')
    const done = await tx.query(
      `UPDATE entries e SET checked_out_at = $4::timestamptz
       WHERE e.person_id = ANY($3::uuid[]) AND e.id = ANY($2::uuid[]) AND e.account_id = $1 AND ${CHECK_OUT_OPEN} RETURNING e.id`,
      [accountId, ids, people, toIso(now)])
    if (done.length !== ids.length) throw new DomainError('CHECK_OUT_CLOSED')
  })
  const rows = await deps.db.query<EntryRow>(
    `${SELECT_ENTRIES} WHERE e.person_id = ANY($3::uuid[]) AND e.id = ANY($7::uuid[])
     ORDER BY e.checked_in_at DESC, e.scan_id, (e.method = 'self') DESC, e.id`, [...scope, ids])
  return { entries: rows.map((r) => view(deps, r)) }
}

/**
 * 风险提示 of the holder and companions not yet acknowledged (我已知晓), newest first: where and
 * when their stay overlapped a case's, never who the case was (nothing about the case is even
 * read). Also grouped per venue, as the home page shows them.
 */
export async function myRiskNotices(deps: Deps, accountId: string): Promise<RiskNotices> {
  const rows = await deps.db.query<{
    id: string; venue_id: string; person_id: string; name_enc: string; venue_name: string; address: string; entered_at: Date; created_at: Date
    province_code: string; province_name: string; city_code: string; city_name: string
    county_code: string; county_name: string; town_code: string; town_name: string
  }>(
    `SELECT r.id, r.venue_id, r.person_id, p.name_enc, v.name AS venue_name, v.address, r.entered_at, r.created_at,
            v.province_code, v.province_name, v.city_code, v.city_name, v.county_code, v.county_name, v.town_code, v.town_name
     FROM risk_notices r JOIN persons p ON p.id = r.person_id JOIN venues v ON v.id = r.venue_id
     WHERE r.person_id = ANY($1::uuid[]) AND r.acknowledged_at IS NULL
     ORDER BY r.created_at DESC, r.entered_at DESC, r.id LIMIT 200`, [await accountPersons(deps.db, accountId)])
  const notices = rows.map((r) => ({
    noticeId: r.id,
    venueId: r.venue_id,
    nameMasked: maskName(decrypt(deps.config.dataKeys, r.name_enc)),
    venueName: r.venue_name,
    fullAddress: fullAddress(regionOf(r), r.address),
    enteredAt: toIso(r.entered_at),
    createdAt: toIso(r.created_at)
  }))
  return { notices, venues: riskVenues(notices.map((notice, i) => ({ notice, personId: rows[i].person_id }))) }
}

/**
 * One 风险提示 per venue: a family that went twice to the same market reads one notice with the
 * count and the dates, not four. Venues keep the order of their newest notice.
 */
export function riskVenues(notices: ReadonlyArray<{ notice: RiskNoticeView; personId: string }>): RiskVenueView[] {
  const byVenue = new Map<string, { view: RiskVenueView; people: Set<string> }>()
  for (const { notice: n, personId } of notices) {
    const group = byVenue.get(n.venueId)
    if (!group) {
      byVenue.set(n.venueId, {
        people: new Set([personId]),
        view: {
          venueId: n.venueId, venueName: n.venueName, fullAddress: n.fullAddress, noticeIds: [n.noticeId], names: [n.nameMasked],
          entries: 1, firstEnteredAt: n.enteredAt, lastEnteredAt: n.enteredAt, createdAt: n.createdAt
        }
      })
      continue
    }
    const v = group.view
    v.noticeIds.push(n.noticeId)
    // One name per person: two family members whose names mask alike are still two people.
    if (!group.people.has(personId)) { group.people.add(personId); v.names.push(n.nameMasked) }
    v.entries += 1
    if (n.enteredAt < v.firstEnteredAt) v.firstEnteredAt = n.enteredAt
    if (n.enteredAt > v.lastEnteredAt) v.lastEnteredAt = n.enteredAt
  }
  return [...byVenue.values()].map((g) => g.view)
}

/**
 * 我已知晓: the holder (or the account listing the companion) marks the notices at a venue, or
 * the named ones, as read; they no longer come back. Only notices `risks` would show this account
 * can be marked; naming any other is refused and nothing changes. Marking twice is answered as
 * the first time (acknowledged: 0 the second time).
 */
export async function acknowledgeRisk(
  deps: Deps, accountId: string, which: { venueId?: string; noticeIds?: string[] }
): Promise<RiskNotices & { acknowledged: number }> {
  if ((which.venueId === undefined) === (which.noticeIds === undefined)) {
    throw new DomainError('INVALID_INPUT', { venueId: '请指明场所或风险提示（二选一）' })
  }
  const ids = which.noticeIds ? [...new Set(which.noticeIds)] : null
  const mine = await accountPersons(deps.db, accountId)
  const acknowledged = await deps.db.transaction(async (tx) => {
    const found = await tx.query<{ id: string; person_id: string }>(
      `SELECT r.id, r.person_id FROM risk_notices r
       WHERE r.person_id = ANY($1::uuid[]) AND ${ids ? 'r.id = ANY($2::uuid[])' : 'r.venue_id = $2'}`, [mine, ids ?? which.venueId])
    if (!found.length || (ids && found.length !== ids.length)) throw new DomainError('RISK_NOTICE_NOT_FOUND')
    // One statement: of two at once, the second finds them acknowledged and counts 0. One instant
    // for all, the transaction's (on Citus each shard's now() would be its own).
    const [{ now }] = await tx.query<{ now: Date }>('SELECT now() AS now')
    const done = await tx.query(
      `UPDATE risk_notices SET acknowledged_at = $3::timestamptz
       WHERE person_id = ANY($1::uuid[]) AND id = ANY($2::uuid[]) AND acknowledged_at IS NULL RETURNING id`,
      [[...new Set(found.map((r) => r.person_id))], found.map((r) => r.id), toIso(now)])
    return done.length
  })
  return { ...await myRiskNotices(deps, accountId), acknowledged }
}

/**
 * 不是我本人: the holder flags an entry someone else made for them (an inspector, or an account
 * that typed their name and ID number). It stays, for tracing; the region's officials see it
 * flagged (official disputes). Flagging twice is answered with the entry as it is.
 */
export async function disputeEntry(deps: Deps, accountId: string, entryId: string): Promise<{ entry: MyEntryView }> {
  const scope = await scopeOf(deps.db, accountId)
  const { person_id: personId } = await visibleEntry(deps.db, scope, entryId)
  const [row] = await deps.db.query<{ disputable: boolean; disputed: boolean }>(
    `SELECT ${DISPUTABLE} AS disputable, e.disputed_at IS NOT NULL AND e.person_id = $2::uuid AS disputed
     FROM entries e WHERE e.person_id = $3 AND e.id = $4`, [...scope.slice(0, 2), personId, entryId])
  if (!row.disputable && !row.disputed) throw new DomainError('ENTRY_NOT_DISPUTABLE')
  if (row.disputable) {
    await deps.db.query(`UPDATE entries e SET disputed_at = now() WHERE e.person_id = $3 AND e.id = $4 AND ${DISPUTABLE}`,
      [...scope.slice(0, 2), personId, entryId])
  }
  const [r] = await deps.db.query<EntryRow>(`${SELECT_ENTRIES} WHERE ${VISIBLE} AND e.person_id = $7 AND e.id = $8`, [...scope, personId, entryId])
  return { entry: view(deps, r) }
}
