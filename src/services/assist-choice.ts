/** Where an inspector registers: a venue with exactly one checkpoint needs no choice. */
import type { AssistVenue } from '../shared/api'

/** The checkpoint to preselect: the only one there is, or none (the inspector chooses). */
export function initialCheckpoint(venue: AssistVenue | undefined): string {
  return venue && venue.checkpoints.length === 1 ? venue.checkpoints[0].id : ''
}

/**
 * The venue and checkpoint to preselect: those named in the link (from the gate screen) when
 * they are the caller's, else where this inspector last registered someone (opened from home,
 * the checkpoint is not asked every time), else the only venue there is and its only checkpoint.
 */
export function initialPlace(
  venues: AssistVenue[], wanted: { venueId?: string; checkpointId?: string }, last: { venueId: string; checkpointId: string } | null = null
): { venueId: string; checkpointId: string } {
  if (!wanted.venueId && last) {
    const before = venues.find((v) => v.venueId === last.venueId)
    if (before?.checkpoints.some((c) => c.id === last.checkpointId)) return { venueId: before.venueId, checkpointId: last.checkpointId }
  }
  const named = venues.find((v) => v.venueId === wanted.venueId)
  const venue = named ?? (venues.length === 1 ? venues[0] : undefined)
  const checkpoint = named?.checkpoints.find((c) => c.id === wanted.checkpointId)
  return { venueId: venue?.venueId ?? '', checkpointId: checkpoint ? checkpoint.id : initialCheckpoint(venue) }
}
