import type { EntryMethod, HealthStatus, OfficialActions, TraceContact, TraceResult, TraceStay } from '../../src/shared/api'
import { HEALTH_STATUS_LABELS } from '../../src/shared/api'
import { maskIdCard, maskName, maskPhone } from '../../src/shared/mask'
import { addDays, formatShanghai, isCalendarDate, shanghaiDate, shanghaiDayStart } from '../../src/shared/time'
import { checkIdCard, normalizeIdCard } from '../../src/shared/validators'
import { decrypt, decryptOptional } from '../crypto/personal-data'
import { prepared, type Queryable } from '../db'
import { recordAccess } from './access-log'
import { raiseExposureAlerts } from './alerts'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { toIso } from './ids'
import { CHECK_OUT_HOURS } from './my-entries'
import { assertPersonInRegion, officialOf, venueInRegionSql, type Official } from './officials'
import { idCardHash } from './people'
import { defaultStayFor, type PublicHealthRules } from './public-health-rules'
import { fullAddress } from './address'
import { UTF8_BOM, csvLine } from './trace-csv'
import { regionOf } from './venues'
import { personIdOf } from './person-keys'
import { overlapMinutes, type Interval } from './trace-overlap'

type Answer<A extends keyof OfficialActions> = OfficialActions[A][1]

/**
 * 流调 (contact tracing) runs in the database, in two statements however many places the case
 * went: the case's stays in the period (on the case's shard), then for all of them at once every
 * other person's stay at the same venue that overlapped it, with their names and statuses (on
 * Citus one task per shard for all the stays: the costed fan-out of docs/scale.md §4; the people
 * are joined on the shard that holds their entries).
 *
 * A stay ends at 离场 when there is one, else after the venue type's default stay. The case's
 * stay counts as lasting longer by its own length, at most TRACE_AEROSOL_EXTENSION_MAX_MINUTES
 * (aerosols linger after the case left). Overlap is strict: a contact who came in exactly when
 * the (extended) stay ended, or left exactly when the case came in, never shared the air.
 * Withdrawn entries never count, on either side. A person is one contact of a stay however many
 * of their entries overlapped it, with the union of those overlaps in minutes rounded to the
 * nearest as Corona-Warn-App does (trace-overlap.ts); CWA's 10-minute grid and its minimum
 * exposure are not followed: a scan is an instant, not a 10-minute slot, and who counts as
 * exposed is the health office's decision, so everyone who shared the air is listed.
 *
 * No stay lasts longer than CHECK_OUT_HOURS (check-out is offered that long, default stays are
 * at most a day), so a contact's entry lies after k_in − CHECK_OUT_HOURS: the search for
 * contacts is a range on the (venue_id, checked_in_at) index, not a scan of the venue.
 *
 * Parameters of the stays: $1 case person, $2 from, $3 to (instants, to exclusive), $4 region
 * prefix, $5 venue types, $6 their default stays (minutes), $7 the default stay of a type not
 * listed, $8 the longest aerosol extension (minutes).
 */
const STAYS_SQL = prepared('csm_trace_stays', `
  WITH rules AS (
    SELECT r.type, make_interval(mins => r.minutes) AS stay FROM unnest($5::text[], $6::int[]) AS r(type, minutes)
  ), k AS (
    SELECT e.id, e.venue_id, e.checkpoint_id, e.checked_in_at AS k_in, e.checked_out_at IS NOT NULL AS k_out,
           coalesce(r.stay, make_interval(mins => $7)) AS stay,
           coalesce(e.checked_out_at, e.checked_in_at + coalesce(r.stay, make_interval(mins => $7))) AS k_end
    FROM entries e
    JOIN venues v ON v.id = e.venue_id
    LEFT JOIN rules r ON r.type = v.type
    WHERE e.person_id = $1 AND e.checked_in_at >= $2 AND e.checked_in_at < $3 AND e.withdrawn_at IS NULL
      AND ${venueInRegionSql(4)}
  )
  SELECT k.id AS stay_id, k.venue_id, k.k_in, k.k_end, k.k_out, extract(epoch FROM k.stay)::int AS stay_seconds, k.k_end + least(k.k_end - k.k_in, make_interval(mins => $8)) AS k_ext,
         v.name AS venue_name, v.address, v.province_code, v.province_name, v.city_code, v.city_name,
         v.county_code, v.county_name, v.town_code, v.town_name, cp.name AS checkpoint_name
  FROM k JOIN venues v ON v.id = k.venue_id JOIN checkpoints cp ON cp.id = k.checkpoint_id
  ORDER BY k.k_in, k.id`)

/**
 * The contacts' entries at the stays: $1 the case person, then per stay its id, venue, entry,
 * extended end and the venue type's stay (which a contact's stay without 离场 lasts). Each row
 * carries its piece of overlap (ov_from, ov_to); a person's pieces at one stay are joined in
 * findStays (trace-overlap.ts), so two scans of one person are one contact with one overlap.
 */
const CONTACTS_SQL = prepared('csm_trace_contacts', `
  SELECT kx.stay_id, x.id AS c_entry_id, x.person_id AS c_person_id, x.method AS c_method, x.checked_in_at AS c_in,
         x.checked_out_at IS NOT NULL AS c_out, coalesce(x.checked_out_at, x.checked_in_at + kx.stay) AS c_end,
         greatest(x.checked_in_at, kx.k_in) AS ov_from, least(coalesce(x.checked_out_at, x.checked_in_at + kx.stay), kx.k_ext) AS ov_to,
         p.name_enc AS c_name_enc, p.id_card_enc AS c_id_card_enc, p.phone_enc AS c_phone_enc,
         coalesce(h.status, 'green') AS c_status
  FROM (SELECT u.*, make_interval(secs => u.stay_seconds) AS stay
        FROM unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::int[]) AS u(stay_id, venue_id, k_in, k_ext, stay_seconds)) kx
  JOIN entries x ON x.venue_id = kx.venue_id
    AND x.checked_in_at > kx.k_in - make_interval(hours => ${CHECK_OUT_HOURS}) AND x.checked_in_at < kx.k_ext
    AND coalesce(x.checked_out_at, x.checked_in_at + kx.stay) > kx.k_in
    AND x.withdrawn_at IS NULL AND x.person_id <> $1
  LEFT JOIN persons p ON p.id = x.person_id
  LEFT JOIN health_status h ON h.person_id = x.person_id`)

interface StayRow {
  stay_id: string; venue_id: string; k_in: Date; k_end: Date; k_out: boolean; stay_seconds: number; k_ext: Date
  venue_name: string; address: string
  province_code: string; province_name: string; city_code: string; city_name: string
  county_code: string; county_name: string; town_code: string; town_name: string
  checkpoint_name: string
}

interface ContactRow {
  stay_id: string; c_entry_id: string; c_person_id: string; c_method: EntryMethod; c_in: Date; c_end: Date; c_out: boolean
  ov_from: Date; ov_to: Date; c_name_enc: string; c_id_card_enc: string; c_phone_enc: string | null; c_status: HealthStatus
}

/**
 * One contact person at one stay of the case: all their entries that overlapped it, joined. The
 * first entry gives the id and the method, the earliest entry and the latest end the period, and
 * `out` whether that latest end is a 离场; the overlap is the union of the entries' overlaps.
 */
export interface Contact { entryId: string; personId: string; method: EntryMethod; in: Date; end: Date; out: boolean; overlapMinutes: number
  name: string; idCard: string; phone: string | null; status: HealthStatus }
export interface Stay { entryId: string; venueId: string; venueName: string; fullAddress: string; checkpointName: string
  in: Date; end: Date; out: boolean; contacts: Contact[] }

/** The venue-type stays as SQL parameters ($5–$8 of TRACE_SQL). */
function ruleParams(rules: PublicHealthRules): unknown[] {
  const types = Object.keys(rules.defaultStayMinutes)
  // '' is no venue type: defaultStayFor answers the longest stay for it, as for any unknown type.
  return [types, types.map((t) => defaultStayFor(rules, t)), defaultStayFor(rules, ''), rules.aerosolExtensionMaxMinutes]
}

/** The case's stays in [fromAt, toAt) at venues of the region, each with its contacts (exported for the benchmark). */
export async function findStays(deps: Deps, q: Queryable, casePersonId: string, fromAt: Date, toAt: Date, regionCode: string): Promise<Stay[]> {
  const found = await q.query<StayRow>(STAYS_SQL,
    [casePersonId, fromAt.toISOString(), toAt.toISOString(), regionCode, ...ruleParams(deps.config.rules)])
  if (!found.length) return []
  const rows = await q.query<ContactRow>(CONTACTS_SQL, [casePersonId, found.map((k) => k.stay_id), found.map((k) => k.venue_id),
    found.map((k) => toIso(k.k_in)), found.map((k) => toIso(k.k_ext)), found.map((k) => k.stay_seconds)])
  const keys = deps.config.dataKeys
  const stays: Stay[] = found.map((r) => ({
    entryId: r.stay_id, venueId: r.venue_id, venueName: r.venue_name, fullAddress: fullAddress(regionOf(r), r.address),
    checkpointName: r.checkpoint_name, in: r.k_in, end: r.k_end, out: r.k_out, contacts: []
  }))
  const byId = new Map(stays.map((st) => [st.entryId, st]))
  // Each stay's contacts in the order they came, then by person and entry; a person's later entries join their first.
  rows.sort((a, b) => a.c_in.getTime() - b.c_in.getTime() || cmp(a.c_person_id, b.c_person_id) || cmp(a.c_entry_id, b.c_entry_id))
  const pieces = new Map<Contact, Interval[]>()
  const joined = new Map<string, Contact>()
  for (const r of rows) {
    const piece = { from: r.ov_from.getTime(), to: r.ov_to.getTime() }
    const key = `${r.stay_id} ${r.c_person_id}`
    const known = joined.get(key)
    if (known) {
      pieces.get(known)!.push(piece)
      if (r.c_end > known.end) { known.end = r.c_end; known.out = r.c_out }
      continue
    }
    const c: Contact = {
      entryId: r.c_entry_id, personId: r.c_person_id, method: r.c_method, in: r.c_in, end: r.c_end, out: r.c_out,
      overlapMinutes: 0, name: decrypt(keys, r.c_name_enc), idCard: decrypt(keys, r.c_id_card_enc),
      phone: decryptOptional(keys, r.c_phone_enc), status: r.c_status
    }
    joined.set(key, c)
    pieces.set(c, [piece])
    byId.get(r.stay_id)!.contacts.push(c)
  }
  for (const [c, ps] of pieces) c.overlapMinutes = overlapMinutes(ps)
  return stays
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function contactPersons(stays: Stay[]): string[] {
  return [...new Set(stays.flatMap((s) => s.contacts.map((c) => c.personId)))]
}

interface TraceRecord { id: string; case_person_id: string; region_code: string; from_at: Date; to_at: Date; confirmed_at: Date | null }

interface CasePerson { personId: string; nameMasked: string; idCardMasked: string; healthStatus: HealthStatus }

async function casePerson(deps: Deps, q: Queryable, personId: string): Promise<CasePerson> {
  const [p] = await q.query<{ name_enc: string; id_card_enc: string; status: HealthStatus }>(
    `SELECT p.name_enc, p.id_card_enc, coalesce(h.status, 'green') AS status
     FROM persons p LEFT JOIN health_status h ON h.person_id = p.id WHERE p.id = $1`, [personId])
  const keys = deps.config.dataKeys
  return { personId, nameMasked: maskName(decrypt(keys, p.name_enc)), idCardMasked: maskIdCard(decrypt(keys, p.id_card_enc)), healthStatus: p.status }
}

function result(trace: TraceRecord, person: CasePerson, stays: Stay[]): TraceResult {
  return {
    traceId: trace.id,
    person,
    from: shanghaiDate(trace.from_at),
    // to_at is the start of the day after the last one.
    to: addDays(shanghaiDate(trace.to_at), -1),
    stays: stays.map((s): TraceStay => ({
      entryId: s.entryId, venueId: s.venueId, venueName: s.venueName, fullAddress: s.fullAddress, checkpointName: s.checkpointName,
      enteredAt: toIso(s.in), leftAt: toIso(s.end), checkedOut: s.out,
      contacts: s.contacts.map((c): TraceContact => ({
        personId: c.personId, nameMasked: maskName(c.name), idCardMasked: maskIdCard(c.idCard), phoneMasked: c.phone ? maskPhone(c.phone) : null,
        healthStatus: c.status, method: c.method, enteredAt: toIso(c.in), leftAt: toIso(c.end), checkedOut: c.out, overlapMinutes: c.overlapMinutes
      }))
    })),
    contactCount: contactPersons(stays).length,
    confirmedAt: trace.confirmed_at ? toIso(trace.confirmed_at) : null
  }
}

const DATE_MESSAGE = '日期格式不正确，应为 YYYY-MM-DD'

/**
 * The period as China days, inclusive. Without dates: the last TRACE_WINDOW_DAYS days up to
 * today; never before the oldest entry still kept (ENTRY_RETENTION_DAYS).
 */
function tracePeriod(rules: PublicHealthRules, rawFrom?: string, rawTo?: string): { fromAt: Date; toAt: Date } {
  const given = (v?: string) => (v === undefined || v.trim() === '' ? undefined : v.trim())
  const fromText = given(rawFrom)
  const toText = given(rawTo)
  const fields: Record<string, string> = {}
  if (fromText !== undefined && !isCalendarDate(fromText)) fields.from = DATE_MESSAGE
  if (toText !== undefined && !isCalendarDate(toText)) fields.to = DATE_MESSAGE
  const today = shanghaiDate(new Date())
  if (toText !== undefined && !fields.to && toText > today) fields.to = '结束日期不能晚于今天'
  if (Object.keys(fields).length) throw new DomainError('INVALID_INPUT', fields)
  const oldest = addDays(today, -rules.entryRetentionDays)
  const to = toText ?? today
  let from = fromText ?? addDays(to, -(rules.traceWindowDays - 1))
  // A default start is kept inside what is stored; a start the official typed is theirs to fix.
  if (fromText === undefined && from < oldest) from = oldest
  if (from > to || from < oldest) throw new DomainError('TRACE_PERIOD_INVALID')
  return { fromAt: shanghaiDayStart(from), toAt: shanghaiDayStart(addDays(to, 1)) }
}

async function findCase(deps: Deps, input: { personId?: string; idCard?: string }): Promise<string> {
  const hasId = input.personId !== undefined && input.personId !== ''
  const hasCard = input.idCard !== undefined && input.idCard.trim() !== ''
  if (hasId && hasCard) throw new DomainError('INVALID_INPUT', { idCard: '请只填写身份证号码，或只从名单中选择人员' })
  if (!hasId && !hasCard) throw new DomainError('INVALID_INPUT', { idCard: '请填写身份证号码' })
  let rows: Array<{ id: string }>
  if (hasCard) {
    const problem = checkIdCard(input.idCard!)
    if (problem) throw new DomainError('INVALID_INPUT', { idCard: problem })
    const personId = await personIdOf(deps.db, idCardHash(deps, normalizeIdCard(input.idCard!)))
    rows = personId ? [{ id: personId }] : []
  } else {
    rows = await deps.db.query('SELECT id FROM persons WHERE id = $1', [input.personId])
  }
  if (!rows.length) throw new DomainError('PERSON_NOT_FOUND')
  return rows[0].id
}

/** Every entry of the case in the period and, for each, everyone whose stay overlapped. */
export async function traceCase(deps: Deps, userId: string,
  input: { personId?: string; idCard?: string; from?: string; to?: string }): Promise<Answer<'trace'>> {
  const official = await officialOf(deps.db, userId)
  const { fromAt, toAt } = tracePeriod(deps.config.rules, input.from, input.to)
  const personId = await findCase(deps, input)
  await assertPersonInRegion(deps.db, personId, official.regionCode, deps.config.rules.entryRetentionDays)
  return deps.db.transaction(async (tx) => {
    const [trace] = await tx.query<TraceRecord>(
      `INSERT INTO traces (case_person_id, official_id, region_code, from_at, to_at) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, case_person_id, region_code, from_at, to_at, confirmed_at`,
      [personId, official.userId, official.regionCode, fromAt.toISOString(), toAt.toISOString()])
    const stays = await findStays(deps, tx, personId, fromAt, toAt, official.regionCode)
    await recordAccess(deps, tx, official, [personId], 'trace_case', { traceId: trace.id })
    await recordAccess(deps, tx, official, contactPersons(stays), 'trace_contact', { traceId: trace.id })
    return result(trace, await casePerson(deps, tx, personId), stays)
  })
}

/** A trace made inside the official's region (a province's official sees its cities' traces). */
async function traceInScope(q: Queryable, official: Official, traceId: string, lock: boolean): Promise<TraceRecord> {
  const rows = await q.query<TraceRecord>(
    `SELECT id, case_person_id, region_code, from_at, to_at, confirmed_at FROM traces
     WHERE id = $1 AND starts_with(region_code, $2)${lock ? ' FOR UPDATE' : ''}`, [traceId, official.regionCode])
  if (!rows.length) throw new DomainError('TRACE_NOT_FOUND')
  return rows[0]
}

/** The trace again, over its stored period and region: entries withdrawn or checked out since count as they are now. */
function recompute(deps: Deps, q: Queryable, trace: TraceRecord): Promise<Stay[]> {
  return findStays(deps, q, trace.case_person_id, trace.from_at, trace.to_at, trace.region_code)
}

/** Contacts of this trace not yet in their access log for it (new since the trace was run). */
async function recordNewContacts(deps: Deps, tx: Queryable, official: Official, traceId: string, stays: Stay[]): Promise<void> {
  const seen = await tx.query<{ person_id: string }>(
    `SELECT DISTINCT person_id FROM access_log WHERE trace_id = $1 AND action = 'trace_contact'`, [traceId])
  const known = new Set(seen.map((r) => r.person_id))
  await recordAccess(deps, tx, official, contactPersons(stays).filter((p) => !known.has(p)), 'trace_contact', { traceId })
}

/**
 * A trace in the official's region, locked, as it stands now: what confirmTrace proposes
 * (server/domain/proposals.ts). Locked, so of two officials proposing at once one finds the other's.
 */
export async function traceToConfirm(deps: Deps, tx: Queryable, official: Official, traceId: string):
  Promise<{ trace: TraceResult; casePersonId: string; confirmedBy: string | null }> {
  const trace = await traceInScope(tx, official, traceId, true)
  const stays = await recompute(deps, tx, trace)
  const [by] = await tx.query<{ confirmed_by: string | null }>('SELECT confirmed_by FROM traces WHERE id = $1', [traceId])
  return { trace: result(trace, await casePerson(deps, tx, trace.case_person_id), stays), casePersonId: trace.case_person_id, confirmedBy: by.confirmed_by }
}

/**
 * The deliberate step, once a second official approved it (server/domain/proposals.ts): 风险提示
 * for every contact, a host alert for every venue. `official` is the proposer, in whose region the
 * trace lies. Twice is once.
 */
export async function applyTraceConfirmation(deps: Deps, tx: Queryable, official: Official, traceId: string): Promise<TraceResult> {
  // Locked: of several confirmations at once, one notifies and the others find it done.
  const trace = await traceInScope(tx, official, traceId, true)
  const stays = await recompute(deps, tx, trace)
  const person = await casePerson(deps, tx, trace.case_person_id)
  if (trace.confirmed_at) return result(trace, person, stays)
  const notices = stays.flatMap((s) => s.contacts.map((c) => ({ personId: c.personId, venueId: s.venueId, at: toIso(c.in) })))
  await tx.query(
    `INSERT INTO risk_notices (trace_id, person_id, venue_id, entered_at)
     SELECT DISTINCT $1::uuid, n.person_id, n.venue_id, n.entered_at
     FROM unnest($2::uuid[], $3::text[], $4::timestamptz[]) AS n(person_id, venue_id, entered_at)
     ON CONFLICT DO NOTHING`,
    [traceId, notices.map((n) => n.personId), notices.map((n) => n.venueId), notices.map((n) => n.at)])
  // One host alert per venue: from the case's first entry there to the end of its last stay.
  const visits = new Map<string, { venueId: string; from: Date; to: Date }>()
  for (const s of stays) {
    const v = visits.get(s.venueId)
    if (!v) visits.set(s.venueId, { venueId: s.venueId, from: s.in, to: s.end })
    else {
      if (s.in < v.from) v.from = s.in
      if (s.end > v.to) v.to = s.end
    }
  }
  await raiseExposureAlerts(deps, tx, traceId, [...visits.values()].map((v) => ({ venueId: v.venueId, from: toIso(v.from), to: toIso(v.to) })))
  const [confirmed] = await tx.query<{ confirmed_at: Date }>(
    'UPDATE traces SET confirmed_at = now(), confirmed_by = $2 WHERE id = $1 RETURNING confirmed_at', [traceId, official.userId])
  await recordAccess(deps, tx, official, [trace.case_person_id], 'confirm_trace', { traceId })
  await recordNewContacts(deps, tx, official, traceId, stays)
  return result({ ...trace, confirmed_at: confirmed.confirmed_at }, person, stays)
}

/**
 * A contact's full name, ID number and mobile, for the official who has to call them: only a
 * person who is a contact of a trace of the caller's region as it stands now (an entry withdrawn
 * since is no contact), and every look is in that person's access log (view_contact, with the trace).
 */
export async function contactDetails(deps: Deps, userId: string, input: { traceId: string; personId: string }): Promise<Answer<'contactDetails'>> {
  const official = await officialOf(deps.db, userId)
  return deps.db.transaction(async (tx) => {
    const trace = await traceInScope(tx, official, input.traceId, false)
    const stays = await recompute(deps, tx, trace)
    const contact = stays.flatMap((s) => s.contacts).find((c) => c.personId === input.personId)
    if (!contact) throw new DomainError('TRACE_CONTACT_NOT_FOUND')
    await recordAccess(deps, tx, official, [contact.personId], 'view_contact', { traceId: trace.id })
    return { personId: contact.personId, name: contact.name, idCard: contact.idCard, phone: contact.phone }
  })
}

export const TRACE_CSV_HEADER = ['病例到访场所', '场所地址', '检测点', '病例进入时间', '病例离开时间', '人员姓名', '身份证号', '手机号',
  '健康码', '登记方式', '进入时间', '离开时间', '是否离场登记', '重叠分钟'] as const

const METHOD_LABELS: Record<EntryMethod, string> = { self: '本人扫码', companion: '同行人员', assisted: '辅助登记' }

const minute = (at: Date) => formatShanghai(at, 'YYYY-MM-DD HH:mm')

/**
 * The trace as CSV for the health office, every cell neutralised against formula injection.
 * In full (names, ID numbers, phones): the office calls these people. A stay nobody overlapped
 * is a line too, its contact columns empty, so the file also says where the case went.
 */
export async function exportTrace(deps: Deps, userId: string, traceId: string): Promise<Answer<'exportTrace'>> {
  const official = await officialOf(deps.db, userId)
  return deps.db.transaction(async (tx) => {
    const trace = await traceInScope(tx, official, traceId, false)
    const stays = await recompute(deps, tx, trace)
    await recordAccess(deps, tx, official, [trace.case_person_id, ...contactPersons(stays)], 'export_trace', { traceId })
    let csv = UTF8_BOM + csvLine(TRACE_CSV_HEADER)
    for (const s of stays) {
      const stay = [s.venueName, s.fullAddress, s.checkpointName, minute(s.in), minute(s.end)]
      if (!s.contacts.length) csv += csvLine([...stay, '', '', '', '', '', '', '', '', ''])
      for (const c of s.contacts) {
        csv += csvLine([...stay, c.name, c.idCard, c.phone ?? '', HEALTH_STATUS_LABELS[c.status], METHOD_LABELS[c.method],
          minute(c.in), minute(c.end), c.out ? '是' : '否', String(c.overlapMinutes)])
      }
    }
    return { fileName: `流调-${formatShanghai(new Date(), 'YYYYMMDD')}-${traceId.slice(0, 8)}.csv`, csv }
  })
}
