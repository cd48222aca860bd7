import { MAX_CHECKPOINTS, type VenueDetail } from '../../src/shared/api'
import { checkpointNameError } from '../../src/shared/venue-application'
import type { Queryable } from '../db'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { shortId } from './ids'
import { venueDetail } from './venue-admin'
import { lockVenueAsAdmin } from './venue-access'

/**
 * 检测点管理: a venue's gates (南门, 北门, 1号车…), each with its own code and version. A removed
 * checkpoint keeps its row (entries and statistics name it) and its posters answer 场所码已作废.
 * Each change locks the venue row, so counting checkpoints and checking names cannot race.
 */

function checkedName(name: string): string {
  const error = checkpointNameError(name)
  if (error) throw new DomainError('INVALID_INPUT', { name: error })
  return name.trim()
}

async function nameTaken(tx: Queryable, venueId: string, name: string, except: string | null): Promise<boolean> {
  const rows = await tx.query('SELECT 1 FROM checkpoints WHERE venue_id = $1 AND name = $2 AND removed_at IS NULL AND id IS DISTINCT FROM $3',
    [venueId, name, except])
  return rows.length > 0
}

export async function addCheckpoint(deps: Deps, userId: string, venueId: string, rawName: string): Promise<VenueDetail> {
  const name = checkedName(rawName)
  await deps.db.transaction(async (tx) => {
    await lockVenueAsAdmin(tx, userId, venueId)
    const [{ n }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM checkpoints WHERE venue_id = $1 AND removed_at IS NULL', [venueId])
    if (n >= MAX_CHECKPOINTS) throw new DomainError('CHECKPOINT_LIMIT')
    if (await nameTaken(tx, venueId, name, null)) throw new DomainError('CHECKPOINT_NAME_TAKEN')
    await tx.query('INSERT INTO checkpoints (id, venue_id, name) VALUES ($1, $2, $3)', [shortId(), venueId, name])
  })
  return venueDetail(deps, venueId)
}

/** Renaming keeps the code: posters already printed still work and show the new name. */
export async function renameCheckpoint(deps: Deps, userId: string, venueId: string, checkpointId: string, rawName: string): Promise<VenueDetail> {
  const name = checkedName(rawName)
  await deps.db.transaction(async (tx) => {
    await lockVenueAsAdmin(tx, userId, venueId)
    if (await nameTaken(tx, venueId, name, checkpointId)) throw new DomainError('CHECKPOINT_NAME_TAKEN')
    const done = await tx.query('UPDATE checkpoints SET name = $3 WHERE venue_id = $1 AND id = $2 AND removed_at IS NULL RETURNING id',
      [venueId, checkpointId, name])
    if (!done.length) throw new DomainError('CHECKPOINT_NOT_FOUND')
  })
  return venueDetail(deps, venueId)
}

export async function removeCheckpoint(deps: Deps, userId: string, venueId: string, checkpointId: string): Promise<VenueDetail> {
  await deps.db.transaction(async (tx) => {
    await lockVenueAsAdmin(tx, userId, venueId)
    const live = await tx.query<{ id: string }>('SELECT id FROM checkpoints WHERE venue_id = $1 AND removed_at IS NULL', [venueId])
    if (!live.some((c) => c.id === checkpointId)) throw new DomainError('CHECKPOINT_NOT_FOUND')
    if (live.length <= 1) throw new DomainError('LAST_CHECKPOINT')
    await tx.query('UPDATE checkpoints SET removed_at = now() WHERE id = $1', [checkpointId])
  })
  return venueDetail(deps, venueId)
}
