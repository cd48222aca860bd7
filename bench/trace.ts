/**
 * 流调 among many entries: a case's trace over the default 14 days against the best SQL we
 * could write by hand for the same answer, on the same database in the same run, the answers
 * compared before anything is timed. Reported twice: traceCase's one statement (with decrypting
 * the contacts), and the whole call (appointment, scope, the trace row, the access log: a few
 * more round trips, which on a loaded machine cost more than the search).
 *
 * The entries are generated in the database itself (generate_series): BENCH_TRACE_ENTRIES over
 * the last 28 days, BENCH_TRACE_VENUES venues of every type (one in ten in another city), popular
 * venues busier than quiet ones, the morning, noon and evening peaks of a day, one entry in six
 * checked out, one in forty withdrawn, companions and assisted entries among them.
 */
import { VENUE_TYPE_IDS } from '../src/shared/venue-types'
import { addDays, shanghaiDate, shanghaiDayStart } from '../src/shared/time'
import { encrypt } from '../server/crypto/personal-data'
import { CHECK_OUT_HOURS } from '../server/domain/my-entries'
import { defaultStayFor } from '../server/domain/public-health-rules'
import { findStays, traceCase } from '../server/domain/tracing'
import type { TestStack } from '../tests/support/stack'
import { median } from './median'

const ENTRIES = Number(process.env.BENCH_TRACE_ENTRIES || 5_000_000)
const VENUES = Number(process.env.BENCH_TRACE_VENUES || 5_000)
// About 25 entries a person in 28 days: someone who goes out most days.
const PEOPLE = Math.max(1000, Math.round(ENTRIES / 25))
const ROUNDS = Number(process.env.BENCH_TRACE_ROUNDS || 10)

/** Entries per hour of a day in China (relative): quiet nights, peaks at 8, 12 and 18. */
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 10, 16, 12, 10, 12, 16, 12, 9, 8, 9, 12, 16, 14, 10, 7, 4, 2]

/** A uuid that follows from a number: no random generation per row, and nothing to look up. */
const idOf = (prefix: string, n: string) => `('${prefix}-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`
const PERSON = 'b7ace000'

async function fill(stack: TestStack, adminId: string): Promise<void> {
  const db = stack.db
  const keys = stack.config.dataKeys
  // 场所申报码 are unique and the other venues' are random: take codes nobody holds.
  await db.query(
    `WITH free AS (
       SELECT lpad(c::text, 6, '0') AS code, row_number() OVER (ORDER BY c) AS n FROM generate_series(100000, 999999) c
       WHERE NOT EXISTS (SELECT 1 FROM venues WHERE declaration_code = lpad(c::text, 6, '0'))
     )
     INSERT INTO venues (id, admin_user_id, name, type, province_code, province_name, city_code, city_name, county_code, county_name,
       town_code, town_name, address, credit_code_enc, credit_code_hash, admin_name_enc, admin_mobile_enc, declaration_code)
     SELECT 'bt' || i, $1, '流调基准场所' || i, ($3::text[])[1 + i % cardinality($3::text[])], '370000', '山东省',
            CASE WHEN i % 10 = 0 THEN '370200' ELSE '370100' END, CASE WHEN i % 10 = 0 THEN '青岛市' ELSE '济南市' END,
            CASE WHEN i % 10 = 0 THEN '370202' ELSE '370102' END, CASE WHEN i % 10 = 0 THEN '市南区' ELSE '历下区' END,
            CASE WHEN i % 10 = 0 THEN '370202001' ELSE '370102004' END, CASE WHEN i % 10 = 0 THEN '香港中路街道' ELSE '泉城路街道' END,
            '基准路' || i || '号', 'x', 'bt' || i, 'x', 'x', free.code
     FROM generate_series(1, $2::int) i JOIN free ON free.n = i`, [adminId, VENUES, VENUE_TYPE_IDS])
  await db.query(`INSERT INTO checkpoints (id, venue_id, name) SELECT 'btcp' || i, 'bt' || i, '主入口' FROM generate_series(1, $1::int) i`, [VENUES])
  // Everyone shares one ciphertext: tracing decrypts contacts, and encrypting each would time the fill, not the trace.
  await db.query(
    `INSERT INTO persons (id, id_card_hash, id_card_enc, name_enc, phone_enc)
     SELECT ${idOf(PERSON, 'i')}, 'bt' || i, $2, $3, $4 FROM generate_series(1, $1::int) i`,
    [PEOPLE, encrypt(keys, '370102199001011231'), encrypt(keys, '基准人'), encrypt(keys, '13800000000')])

  // Millions of rows go in faster without their secondary indexes, which are then built whole
  // from their own definitions: the same indexes as ever, sorted once instead of grown row by row.
  const indexes = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'entries' AND indexname <> 'entries_pkey'`)
  for (const i of indexes) await db.query(`DROP INDEX ${i.indexname}`)
  const slots = HOUR_WEIGHTS.flatMap((w, hour) => Array<number>(w).fill(hour))
  // Entry i: day i mod 28 back from yesterday, an hour drawn from the peaks, a venue drawn with a
  // square law (low numbers busy), a person by a prime stride. Multiplicative hashes stand in for
  // randomness so every run fills the same table. In slices, so no statement holds millions of rows.
  const SLICE = 1_000_000
  for (let first = 1; first <= ENTRIES; first += SLICE) await db.transaction(async (tx) => {
    // Every reference is valid by construction; a superuser (PGlite's, a local server's) may skip
    // checking each of millions, as pg_restore does. Without the right, they are checked.
    await tx.query('SAVEPOINT replica')
    try {
      await tx.query('SET LOCAL session_replication_role = replica')
    } catch {
      await tx.query('ROLLBACK TO SAVEPOINT replica')
    }
    await tx.query(
      `INSERT INTO entries (id, person_id, account_id, venue_id, checkpoint_id, checked_in_at, checked_out_at, method, inspector_id,
         scan_id, health_status, withdrawn_at)
       SELECT ${idOf('e7ace000', 't.i')}, ${idOf(PERSON, 't.person')}, $1, 'bt' || t.venue, 'btcp' || t.venue, t.at,
              CASE WHEN t.i % 6 = 0 THEN t.at + make_interval(mins => 10 + (t.i % 110)::int) END,
              CASE WHEN t.i % 10 = 3 THEN 'companion' WHEN t.i % 50 = 7 THEN 'assisted' ELSE 'self' END,
              CASE WHEN t.i % 50 = 7 AND t.i % 10 <> 3 THEN $1::uuid END,
              ${idOf('5ca00000', 't.i')}, 'green',
              CASE WHEN t.i % 40 = 1 THEN t.at + interval '5 minutes' END
       FROM (
         SELECT g.i,
                1 + (g.i * 48271) % $5::bigint AS person,
                1 + floor($4::int * power(((g.i * 40503) % 65537) / 65537.0, 2))::int AS venue,
                $6::timestamptz - make_interval(days => 1 + (g.i % 28)::int)
                  + make_interval(hours => ($7::int[])[1 + ((g.i * 2654435761) % 4294967296) % cardinality($7::int[])],
                                  secs => ((g.i * 7919) % 3600)::int) AS at
         FROM generate_series($2::bigint, $3::bigint) g(i)
       ) t`,
      [adminId, first, Math.min(ENTRIES, first + SLICE - 1), VENUES, PEOPLE, shanghaiDayStart(shanghaiDate(new Date())).toISOString(), slots])
  })
  for (const i of indexes) await db.query(i.indexdef)
  await db.query('ANALYZE entries')
  await db.query('ANALYZE venues')
  await db.query('ANALYZE persons')
}

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
      WHERE e.person_id = $1 AND e.checked_in_at >= $2 AND e.checked_in_at < $3 AND e.withdrawn_at IS NULL AND v.town_code LIKE '3701%'
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

export async function benchTrace(stack: TestStack, adminId: string): Promise<Array<[string, string]>> {
  const db = stack.db
  const started = Date.now()
  await fill(stack, adminId)
  const fillSeconds = (Date.now() - started) / 1000
  const officialId = await stack.userIdOf(await stack.login('official'))
  await db.query(
    `INSERT INTO officials (user_id, region_code, office, appointed_by) VALUES ($1, '3701', '济南市疫情防控指挥部', 'demo')
     ON CONFLICT (user_id) DO NOTHING`, [officialId])
  const deps = { db, config: stack.config }

  // The busiest people of the fortnight are the cases: the hardest traces, not lucky ones.
  const today = shanghaiDate(new Date())
  const fromAt = shanghaiDayStart(addDays(today, -(stack.config.rules.traceWindowDays - 1)))
  const toAt = shanghaiDayStart(addDays(today, 1))
  const window = [fromAt.toISOString(), toAt.toISOString()]
  const cases = await db.query<{ person_id: string }>(
    `SELECT person_id FROM entries WHERE person_id = ANY (SELECT ${idOf(PERSON, 'i')} FROM generate_series(1, 500) i)
       AND checked_in_at >= $1 AND checked_in_at < $2 AND withdrawn_at IS NULL
     GROUP BY person_id ORDER BY count(*) DESC, person_id LIMIT 3`, window)
  const hand = handSql(stack)

  const rows: Array<[string, string]> = [
    [`trace bench: ${ENTRIES.toLocaleString('en')} entries, ${VENUES} venues, ${PEOPLE.toLocaleString('en')} people (filled in s)`, fillSeconds.toFixed(0)]
  ]
  const byHand: number[] = []
  const statement: number[] = []
  const whole: number[] = []
  for (const [n, { person_id: personId }] of cases.entries()) {
    // Same answer first: every (stay, contact person, contact's entry) of traceCase and of the hand-written SQL.
    const result = await traceCase(deps, officialId, { personId })
    const ours = new Set(result.stays.flatMap((s) => s.contacts.map((c) => `${s.entryId} ${c.personId} ${c.enteredAt}`)))
    const theirs = new Set((await db.query<{ stay_id: string; person_id: string; checked_in_at: Date }>(hand, [personId, ...window]))
      .map((r) => `${r.stay_id} ${r.person_id} ${new Date(r.checked_in_at).toISOString()}`))
    if (ours.size !== theirs.size || [...ours].some((x) => !theirs.has(x))) {
      throw new Error(`trace bench: traceCase and the hand-written SQL disagree (${ours.size} vs ${theirs.size} overlaps)`)
    }
    if (n === 0) rows.push([`case: ${result.stays.length} stays, ${result.contactCount} people (${ours.size} overlaps), same by hand`, 'yes'])
    // Interleaved, so all three see the same machine.
    byHand.push(await median(ROUNDS, () => db.query(hand, [personId, ...window])))
    statement.push(await median(ROUNDS, () => findStays(deps, db, personId, fromAt, toAt, '3701')))
    whole.push(await median(ROUNDS, () => traceCase(deps, officialId, { personId })))
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  rows.push(
    ['hand-written SQL for the same answer (ms)', mid(byHand).toFixed(1)],
    ["traceCase's statement (+ decrypting) / hand-written", (mid(statement) / mid(byHand)).toFixed(2) + '×'],
    ['traceCase, the whole call / hand-written', (mid(whole) / mid(byHand)).toFixed(2) + '×']
  )
  return rows
}
