/**
 * 流调 on the benchmark's entry log (bench/dataset.ts): BENCH_CASES random cases (default 100,
 * people drawn from entries of the fortnight, so busy people more often) traced over the
 * default 14 days through the official's real call, against the best SQL we could write by
 * hand for the same answer, on the same database in the same run. Every case's answers are
 * compared before its times count; each case runs once untimed first, so all three are timed
 * on a warm cache alike, then three times each. Reported: p50 and p99 over the cases (each
 * case's median of its three runs) of the hand-written SQL, of
 * traceCase's one statement (with decrypting the contacts) and of the whole call (appointment,
 * scope, the trace row, the access log).
 */
import { VENUE_TYPE_IDS } from '../src/shared/venue-types'
import { addDays, shanghaiDate, shanghaiDayStart } from '../src/shared/time'
import { CHECK_OUT_HOURS } from '../server/domain/my-entries'
import { defaultStayFor } from '../server/domain/public-health-rules'
import { findStays, traceCase } from '../server/domain/tracing'
import type { TestStack } from '../tests/support/stack'
import { VENUE_PREFIX } from './dataset'
import { percentile, timed } from './median'

const CASES = Number(process.env.BENCH_CASES || 100)
export const RUNS_PER_CASE = 3
export const OFFICIAL_REGION = '3701'

/**
 * The same answer written by hand for this data, as well as we know how: the rules as literals
 * (a CASE on the venue type), the region as a LIKE, each stay's contacts a range on the
 * (venue_id, checked_in_at) index. Like traceCase's statement it returns the stay's venue and
 * checkpoint and each contact's person and current status. (A plain join of entries to entries
 * is much slower: the planner then scans each venue's whole history.)
 */
function handSql(stack: TestStack): string {
  const rules = stack.config.rules
  const stay = `CASE v.type ${VENUE_TYPE_IDS.map((t) => `WHEN '${t}' THEN interval '${defaultStayFor(rules, t)} minutes'`).join(' ')} END`
  return `
    SELECT k.id AS stay_id, v.name, v.address, cp.name AS checkpoint, k.checked_in_at AS k_in, k.k_end,
           c.id, c.person_id, c.method, c.checked_in_at, c.checked_out_at, p.name_enc, p.id_card_enc, p.phone_enc, h.status
    FROM (
      SELECT e.*, ${stay} AS stay, coalesce(e.checked_out_at, e.checked_in_at + ${stay}) AS k_end
      FROM entries e JOIN venues v ON v.id = e.venue_id
      WHERE e.person_id = $1 AND e.checked_in_at >= $2 AND e.checked_in_at < $3 AND e.withdrawn_at IS NULL AND v.town_code LIKE '${OFFICIAL_REGION}%'
    ) k
    JOIN venues v ON v.id = k.venue_id
    JOIN checkpoints cp ON cp.id = k.checkpoint_id
    JOIN LATERAL (
      SELECT x.* FROM entries x
      WHERE x.venue_id = k.venue_id
        AND x.checked_in_at > k.checked_in_at - interval '${CHECK_OUT_HOURS} hours'
        AND x.checked_in_at < k.k_end + least(k.k_end - k.checked_in_at, interval '${rules.aerosolExtensionMaxMinutes} minutes')
        AND coalesce(x.checked_out_at, x.checked_in_at + k.stay) > k.checked_in_at
        AND x.withdrawn_at IS NULL AND x.person_id <> $1
    ) c ON true
    JOIN persons p ON p.id = c.person_id
    LEFT JOIN health_status h ON h.person_id = c.person_id`
}

export interface Spread { p50: number; p99: number }
const spread = (xs: number[]): Spread => ({ p50: percentile(xs, 0.5), p99: percentile(xs, 0.99) })

export interface TraceBench {
  cases: number
  /** Stays and contact overlaps per case, p50 and largest. */
  stays: Spread & { max: number }
  overlaps: Spread & { max: number }
  hand: Spread
  statement: Spread
  whole: Spread
  /** The case whose whole call took longest: what a missed p99 is made of. */
  slowest: { ms: number; stays: number; overlaps: number }
}

/** The official the benchmark traces as (the demo official, appointed for 济南市). */
export async function benchOfficial(stack: TestStack): Promise<string> {
  const officialId = await stack.userIdOf(await stack.login('official'))
  await stack.db.query(
    `INSERT INTO officials (user_id, region_code, office, appointed_by) VALUES ($1, $2, '济南市疫情防控指挥部', 'demo')
     ON CONFLICT (user_id) DO NOTHING`, [officialId, OFFICIAL_REGION])
  return officialId
}

/** The window traceCase takes by default: today and the 13 days before, as instants. */
export function traceWindow(stack: TestStack): { fromAt: Date; toAt: Date } {
  const today = shanghaiDate(new Date())
  return {
    fromAt: shanghaiDayStart(addDays(today, -(stack.config.rules.traceWindowDays - 1))),
    toAt: shanghaiDayStart(addDays(today, 1))
  }
}

/** Random people of the log with an entry in the window, at venues of the official's region. */
export async function randomCases(stack: TestStack, n: number): Promise<string[]> {
  const { fromAt, toAt } = traceWindow(stack)
  const rows = await stack.db.query<{ person_id: string }>(
    `SELECT person_id FROM (
       SELECT DISTINCT e.person_id FROM entries e TABLESAMPLE SYSTEM (1) JOIN venues v ON v.id = e.venue_id
       WHERE e.checked_in_at >= $1 AND e.checked_in_at < $2 AND e.withdrawn_at IS NULL AND v.town_code LIKE $3 || '%'
         AND e.venue_id LIKE $5 || '%'
     ) s ORDER BY random() LIMIT $4`, [fromAt.toISOString(), toAt.toISOString(), OFFICIAL_REGION, n, VENUE_PREFIX])
  return rows.map((r) => r.person_id)
}

export async function benchTrace(stack: TestStack): Promise<TraceBench> {
  const db = stack.db
  const deps = { db, config: stack.config }
  const officialId = await benchOfficial(stack)
  const { fromAt, toAt } = traceWindow(stack)
  const window = [fromAt.toISOString(), toAt.toISOString()]
  const cases = await randomCases(stack, CASES)
  if (cases.length < CASES) throw new Error(`trace bench: only ${cases.length} people with entries in the window`)
  const hand = handSql(stack)
  const stays: number[] = []
  const overlaps: number[] = []
  const times = { hand: [] as number[], statement: [] as number[], whole: [] as number[] }
  for (const personId of cases) {
    // Same answer first: every (stay, contact person, contact's entry) of traceCase and of the hand-written SQL.
    const result = await traceCase(deps, officialId, { personId })
    const ours = new Set(result.stays.flatMap((s) => s.contacts.map((c) => `${s.entryId} ${c.personId} ${c.enteredAt}`)))
    const theirs = new Set((await db.query<{ stay_id: string; person_id: string; checked_in_at: Date }>(hand, [personId, ...window]))
      .map((r) => `${r.stay_id} ${r.person_id} ${new Date(r.checked_in_at).toISOString()}`))
    if (ours.size !== theirs.size || [...ours].some((x) => !theirs.has(x))) {
      throw new Error(`trace bench: traceCase and the hand-written SQL disagree for ${personId} (${ours.size} vs ${theirs.size} overlaps)`)
    }
    stays.push(result.stays.length)
    overlaps.push(ours.size)
    // Interleaved, so all three see the same machine; a case's time is its median of three, so one
    // stall of a shared machine does not become that case's time.
    const runs = { hand: [] as number[], statement: [] as number[], whole: [] as number[] }
    for (let r = 0; r < RUNS_PER_CASE; r++) {
      runs.hand.push((await timed(() => db.query(hand, [personId, ...window]))).ms)
      runs.statement.push((await timed(() => findStays(deps, db, personId, fromAt, toAt, OFFICIAL_REGION))).ms)
      runs.whole.push((await timed(() => traceCase(deps, officialId, { personId }))).ms)
    }
    times.hand.push(percentile(runs.hand, 0.5))
    times.statement.push(percentile(runs.statement, 0.5))
    times.whole.push(percentile(runs.whole, 0.5))
  }
  const worst = times.whole.indexOf(Math.max(...times.whole))
  return {
    cases: cases.length,
    slowest: { ms: times.whole[worst], stays: stays[worst], overlaps: overlaps[worst] },
    stays: { ...spread(stays), max: Math.max(...stays) },
    overlaps: { ...spread(overlaps), max: Math.max(...overlaps) },
    hand: spread(times.hand), statement: spread(times.statement), whole: spread(times.whole)
  }
}
