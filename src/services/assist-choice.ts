/** Where an inspector registers: a venue with exactly one checkpoint needs no choice. */
import type { AssistVenue } from '../shared/api'

/** The checkpoint to preselect: the only one there is, or none (the inspector chooses). */
export function initialCheckpoint(venue: AssistVenue | undefined): string {
  return venue && venue.checkpoints.length === 1 ? venue.checkpoints[0].id : ''
}
