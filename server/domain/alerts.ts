import type { AlertActions, AlertDetail, AlertKind, AlertRole, AlertView, HealthStatus } from '../../src/shared/api'
import { maskName } from '../../src/shared/mask'
import { decrypt } from '../crypto/personal-data'
import type { Queryable } from '../db'
import { recordAccess } from './access-log'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { toIso } from './ids'
import { officialOf } from './officials'
import { accountNames } from './users'
import { outboxChannels, outboxInsertSql, wakeDelivery } from './outbox'

type Answer<A extends keyof AlertActions> = AlertActions[A][1]

// ---- raising ----------------------------------------------------------------------------------

/**
 * CTEs to follow a CTE `raised (id, kind, venue_id, officials_only)` of alerts just written: their
 * recipients — the venue's admin and its inspectors (the admin only once) unless the alert is for
 * officials only, and, but for exposure alerts, every official whose region contains the venue —
 * and their outbox rows. Written in the statement
 * that raises, so an alert never exists without the people it is for. Parameters $1 and $2 are
 * the outbox channel switches (outboxChannels).
 */
const FAN_OUT_CTES = `,
  recipients AS (
    INSERT INTO alert_recipients (venue_id, alert_id, user_id, role)
    SELECT DISTINCT ON (x.alert_id, x.user_id) x.venue_id, x.alert_id, x.user_id, x.role FROM (
      SELECT r.venue_id, r.id AS alert_id, v.admin_user_id AS user_id, 'admin' AS role, 0 AS rank
      FROM raised r JOIN venues v ON v.id = r.venue_id WHERE NOT r.officials_only
      UNION ALL
      SELECT r.venue_id, r.id, i.user_id, 'inspector', 1 FROM raised r JOIN venue_inspectors i ON i.venue_id = r.venue_id
      WHERE NOT r.officials_only
      UNION ALL
      SELECT r.venue_id, r.id, o.user_id, 'official', 2
      FROM raised r JOIN venues v ON v.id = r.venue_id JOIN officials o ON starts_with(v.town_code, o.region_code)
      WHERE r.kind <> 'exposure'
    ) x
    ORDER BY x.alert_id, x.user_id, x.rank
    ON CONFLICT (venue_id, alert_id, user_id) DO NOTHING
    RETURNING venue_id, alert_id, user_id
  ),
  outbox AS (${outboxInsertSql('recipients', 1, 2)} RETURNING id)`

/** One entry just logged, as raiseStatusAlerts needs it. */
export interface LoggedForAlerts {
  entryId: string; venueId: string; checkpointId: string; personId: string
  entryStatus: HealthStatus; statusHidden: string | null
  /** The visit time: for a scan kept on the device and uploaded late, hours before the alert. */
  enteredAt: Date
}

/**
 * The status alerts of entries just logged: one per entry whose person was yellow or red at entry,
 * however often it is asked (a repeated scan asks again, and so heals an alert a crash lost),
 * with its recipients and outbox rows. An entry whose colour was hidden (a self-declared
 * identity, an assisted entry at a venue not approved) alerts the region's officials only: the
 * venue would otherwise learn the colour of whatever ID number was typed. A statement of its
 * own after the check-in, and only when someone is yellow or red: alerts live on the venue's
 * shard, the entries on the people's (docs/scale.md §3). A late upload raises its alert on
 * arrival, and the alert carries the visit time (enteredAt): staff and officials must know when
 * the person was there, not when the phone found a network.
 */
export async function raiseStatusAlerts(deps: Deps, logged: LoggedForAlerts[]): Promise<void> {
  const abnormal = logged.filter((l) => l.entryStatus === 'yellow' || l.entryStatus === 'red')
  if (!abnormal.length) return
  const column = <K extends keyof LoggedForAlerts>(k: K) => abnormal.map((l) => l[k])
  const created = await raise(deps, deps.db,
    `INSERT INTO alerts (kind, venue_id, checkpoint_id, entry_id, person_id, health_status, officials_only, entered_at)
     SELECT 'status', l.venue_id, l.checkpoint_id, l.entry_id, l.person_id, l.entry_status, l.status_hidden IS NOT NULL, l.entered_at
     FROM unnest($3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::timestamptz[])
       AS l(entry_id, venue_id, checkpoint_id, person_id, entry_status, status_hidden, entered_at)
     ON CONFLICT (venue_id, entry_id, kind) WHERE entry_id IS NOT NULL DO NOTHING
     RETURNING id, kind, venue_id, officials_only`,
    [column('entryId'), column('venueId'), column('checkpointId'), column('personId'), column('entryStatus'), column('statusHidden'),
      abnormal.map((l) => toIso(l.enteredAt))])
  if (created) wakeDelivery()
}

async function raise(deps: Deps, db: Queryable, raisedSql: string, params: unknown[]): Promise<number> {
  const [row] = await db.query<{ alerts: number; notifications: number }>(
    `WITH raised AS (${raisedSql})${FAN_OUT_CTES}
     SELECT (SELECT count(*) FROM raised)::int AS alerts, (SELECT count(*) FROM outbox)::int AS notifications`,
    [...outboxChannels(deps), ...params])
  return row.alerts
}

/**
 * A temperature of 37.3 ℃ or more recorded at the gate. A second abnormal measurement of the
 * same entry is the same alert, now showing the latest value; its recipients already have it.
 */
export async function raiseTemperatureAlert(deps: Deps, venueId: string, personId: string, entryId: string, celsius: number): Promise<void> {
  // The entry is on the person's shard, the alert on the venue's: read, then written.
  const [e] = await deps.db.query<{ checkpoint_id: string; shown_status: HealthStatus | null; checked_in_at: Date }>(
    `SELECT checkpoint_id, CASE WHEN status_hidden IS NULL THEN health_status END AS shown_status, checked_in_at
     FROM entries WHERE person_id = $1 AND id = $2 AND withdrawn_at IS NULL`, [personId, entryId])
  if (!e) return
  const created = await raise(deps, deps.db,
    // The venue's staff measured the temperature themselves; a colour hidden at the gate stays hidden.
    `INSERT INTO alerts (kind, venue_id, checkpoint_id, entry_id, person_id, health_status, temperature_celsius, entered_at)
     VALUES ('temperature', $3, $4, $5, $6, $7, $8::numeric, $9::timestamptz)
     ON CONFLICT (venue_id, entry_id, kind) WHERE entry_id IS NOT NULL DO UPDATE SET temperature_celsius = EXCLUDED.temperature_celsius
     RETURNING id, kind, venue_id, officials_only`,
    [venueId, e.checkpoint_id, entryId, personId, e.shown_status, celsius.toFixed(1), toIso(e.checked_in_at)])
  if (created) wakeDelivery()
}

/**
 * Host alerts after a confirmed trace: one per venue the case visited, to its admin and
 * inspectors, saying when but never who. Runs inside the confirming transaction.
 */
export async function raiseExposureAlerts(deps: Deps, tx: Queryable, traceId: string,
  visits: Array<{ venueId: string; from: Date | string; to: Date | string }>): Promise<number> {
  if (!visits.length) return 0
  const iso = (t: Date | string) => (t instanceof Date ? t.toISOString() : t)
  // Several visits to one venue are one alert covering them all.
  const created = await raise(deps, tx,
    `INSERT INTO alerts (kind, venue_id, trace_id, exposure_from, exposure_to)
     SELECT 'exposure', w.venue_id, $3::uuid, min(w.from_at), max(w.to_at)
     FROM unnest($4::text[], $5::timestamptz[], $6::timestamptz[]) AS w(venue_id, from_at, to_at)
     GROUP BY w.venue_id
     ON CONFLICT (trace_id, venue_id) WHERE trace_id IS NOT NULL DO NOTHING
     RETURNING id, kind, venue_id, officials_only`,
    [traceId, visits.map((v) => v.venueId), visits.map((v) => iso(v.from)), visits.map((v) => iso(v.to))])
  // The caller's transaction has not committed yet: wake the worker a little later; the
  // minute's sweep is there if that is still too early.
  if (created) wakeDelivery(5)
  return created
}

// ---- reading and acknowledging ------------------------------------------------------------------

interface AlertRow {
  id: string; kind: AlertKind; venue_id: string; venue_name: string; checkpoint_name: string | null
  person_id: string | null; name_enc: string | null; health_status: HealthStatus | null; temperature_celsius: string | null
  exposure_from: Date | null; exposure_to: Date | null; created_at: Date; closed_at: Date | null; entered_at: Date | null
  role: AlertRole | null; acknowledged_at: Date | null; in_region: boolean
}

/**
 * The alerts the caller may see: those they are a recipient of, and for an official every alert
 * of a venue inside their region (appointed after the alert or not). Newest first.
 */
async function visibleAlerts(db: Queryable, userId: string, opts: { alertId?: string; openOnly?: boolean; limit?: number }): Promise<AlertRow[]> {
  const rows = await db.query<AlertRow>(
    `WITH me AS (SELECT (SELECT region_code FROM officials WHERE user_id = $1) AS region),
     visible AS (
       SELECT alert_id AS id FROM alert_recipients WHERE user_id = $1 AND ($2::uuid IS NULL OR alert_id = $2)
       UNION
       SELECT a.id FROM alerts a JOIN venues v ON v.id = a.venue_id CROSS JOIN me
       WHERE me.region IS NOT NULL AND starts_with(v.town_code, me.region) AND ($2::uuid IS NULL OR a.id = $2)
     )
     SELECT a.id, a.kind, a.venue_id, v.name AS venue_name, cp.name AS checkpoint_name,
            CASE WHEN a.kind <> 'exposure' THEN a.person_id END AS person_id, NULL::text AS name_enc,
            a.health_status, a.temperature_celsius::text, a.exposure_from, a.exposure_to, a.created_at, a.closed_at,
            a.entered_at, r.role, r.acknowledged_at, coalesce(starts_with(v.town_code, me.region), false) AS in_region
     FROM visible JOIN alerts a ON a.id = visible.id JOIN venues v ON v.id = a.venue_id CROSS JOIN me
     LEFT JOIN checkpoints cp ON cp.id = a.checkpoint_id
     LEFT JOIN alert_recipients r ON r.venue_id = a.venue_id AND r.alert_id = a.id AND r.user_id = $1
     WHERE (NOT $3::boolean OR a.closed_at IS NULL)
     ORDER BY a.created_at DESC, a.id DESC LIMIT $4`,
    [userId, opts.alertId ?? null, opts.openOnly ?? false, opts.limit ?? 100])
  // The people's names on their own shards (alerts live on the venue's).
  const ids = [...new Set(rows.flatMap((r) => (r.person_id ? [r.person_id] : [])))]
  if (!ids.length) return rows
  const people = await db.query<{ id: string; name_enc: string }>('SELECT id, name_enc FROM persons WHERE id = ANY($1::uuid[])', [ids])
  const names = new Map(people.map((p) => [p.id, p.name_enc]))
  return rows.map((r) => ({ ...r, name_enc: r.person_id ? names.get(r.person_id) ?? null : null }))
}

function viewOf(deps: Deps, r: AlertRow): AlertView {
  return {
    alertId: r.id,
    kind: r.kind,
    venueId: r.venue_id,
    venueName: r.venue_name,
    checkpointName: r.checkpoint_name,
    personNameMasked: r.name_enc ? maskName(decrypt(deps.config.dataKeys, r.name_enc)) : null,
    healthStatus: r.health_status,
    temperatureCelsius: r.temperature_celsius === null ? null : Number(r.temperature_celsius),
    exposure: r.exposure_from && r.exposure_to ? { from: toIso(r.exposure_from), to: toIso(r.exposure_to) } : null,
    createdAt: toIso(r.created_at),
    enteredAt: r.entered_at ? toIso(r.entered_at) : null,
    acknowledgedAt: r.acknowledged_at ? toIso(r.acknowledged_at) : null,
    closedAt: r.closed_at ? toIso(r.closed_at) : null,
    // Not a recipient: an official of the region who was appointed after the alert.
    role: r.role ?? 'official'
  }
}

export async function listAlerts(deps: Deps, userId: string, openOnly: boolean): Promise<Answer<'list'>> {
  const [rows, [pending]] = await Promise.all([
    visibleAlerts(deps.db, userId, { openOnly }),
    deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM alert_recipients WHERE user_id = $1 AND acknowledged_at IS NULL', [userId])
  ])
  return {
    alerts: rows.map((r) => viewOf(deps, r)),
    unacknowledged: pending.n,
    subscribeTemplateIds: deps.config.alertTemplateId ? [deps.config.alertTemplateId] : []
  }
}

async function visibleAlert(db: Queryable, userId: string, alertId: string): Promise<AlertRow> {
  const [row] = await visibleAlerts(db, userId, { alertId, limit: 1 })
  if (!row) throw new DomainError('ALERT_NOT_FOUND')
  return row
}

/**
 * One alert. An official of its region sees the person in full for the follow-up call, and that
 * look is in the person's access log, written in the same transaction; venue staff see the
 * masked view only.
 */
export async function getAlert(deps: Deps, userId: string, alertId: string): Promise<Answer<'get'>> {
  return deps.db.transaction(async (tx) => {
    const row = await visibleAlert(tx, userId, alertId)
    const acks = await tx.query<{ role: AlertRole; acknowledged_at: Date; user_id: string; name_enc: string | null }>(
      `SELECT r.role, r.acknowledged_at, r.user_id, NULL::text AS name_enc FROM alert_recipients r
       WHERE r.venue_id = $2 AND r.alert_id = $1 AND r.acknowledged_at IS NOT NULL ORDER BY r.acknowledged_at, r.user_id`, [alertId, row.venue_id])
    const ackNames = await accountNames(tx, acks.map((a) => a.user_id))
    for (const a of acks) a.name_enc = ackNames.get(a.user_id) ?? null
    const keys = deps.config.dataKeys
    let person: AlertDetail['person'] = null
    if (row.in_region && row.person_id) {
      const official = await officialOf(tx, userId)
      const [p] = await tx.query<{ name_enc: string; id_card_enc: string; phone_enc: string | null }>(
        'SELECT name_enc, id_card_enc, phone_enc FROM persons WHERE id = $1', [row.person_id])
      person = {
        personId: row.person_id,
        name: decrypt(keys, p.name_enc),
        idCard: decrypt(keys, p.id_card_enc),
        phone: p.phone_enc ? decrypt(keys, p.phone_enc) : null
      }
      await recordAccess(deps, tx, official, [row.person_id], 'view_alert')
    }
    return {
      alert: {
        ...viewOf(deps, row),
        person,
        acknowledgements: acks.map((a) => ({
          nameMasked: a.name_enc ? maskName(decrypt(keys, a.name_enc)) : '工作人员',
          role: a.role,
          at: toIso(a.acknowledged_at)
        }))
      }
    }
  })
}

/**
 * A recipient says they have seen it (the first time is kept). An official of the region also
 * closes it (the first official's close is kept), becoming a recipient if appointed after it.
 */
export async function acknowledgeAlert(deps: Deps, userId: string, alertId: string): Promise<Answer<'acknowledge'>> {
  return deps.db.transaction(async (tx) => {
    const row = await visibleAlert(tx, userId, alertId)
    if (row.in_region) {
      await tx.query(
        `INSERT INTO alert_recipients (venue_id, alert_id, user_id, role) VALUES ($3, $1, $2, 'official')
         ON CONFLICT (venue_id, alert_id, user_id) DO NOTHING`,
        [alertId, userId, row.venue_id])
      await tx.query('UPDATE alerts SET closed_at = now(), closed_by = $2 WHERE venue_id = $3 AND id = $1 AND closed_at IS NULL',
        [alertId, userId, row.venue_id])
    }
    await tx.query(`UPDATE alert_recipients SET acknowledged_at = now()
                    WHERE venue_id = $3 AND alert_id = $1 AND user_id = $2 AND acknowledged_at IS NULL`, [alertId, userId, row.venue_id])
    return { alert: viewOf(deps, await visibleAlert(tx, userId, alertId)) }
  })
}

/**
 * After the client's requestSubscribeMessage: each accepted template is one more message WeChat
 * lets us send the user. Only the configured templates count: alerts' and a change of status's
 * (status-messages.ts). `granted` is what is left of the first template accepted (the alert
 * template's when none is).
 */
export async function subscribeAlerts(deps: Deps, userId: string, templateIds: string[]): Promise<Answer<'subscribe'>> {
  const configured = [deps.config.alertTemplateId, deps.config.statusTemplateId].filter((t): t is string => !!t)
  if (!configured.length) return { granted: 0 }
  const accepted = configured.filter((t) => templateIds.includes(t))
  if (!accepted.length) {
    const [row] = await deps.db.query<{ remaining: number }>(
      'SELECT remaining FROM subscription_grants WHERE user_id = $1 AND template_id = $2', [userId, configured[0]])
    return { granted: row?.remaining ?? 0 }
  }
  const rows = await deps.db.query<{ template_id: string; remaining: number }>(
    `INSERT INTO subscription_grants (user_id, template_id, remaining) SELECT $1, t, 1 FROM unnest($2::text[]) AS t
     ON CONFLICT (user_id, template_id) DO UPDATE SET remaining = subscription_grants.remaining + 1, updated_at = EXCLUDED.updated_at
     RETURNING template_id, remaining`, [userId, accepted])
  return { granted: rows.find((r) => r.template_id === accepted[0])!.remaining }
}
