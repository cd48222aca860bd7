/** 辅助登记 opened from the gate screen: its venue and checkpoint come preselected, if they are the caller's. */
import { initialPlace } from '../../src/services/assist-choice'
import type { AssistVenue } from '../../src/shared/api'

const venue = (venueId: string, ...checkpoints: string[]): AssistVenue => ({
  venueId, name: venueId, fullAddress: '', checkpoints: checkpoints.map((id) => ({ id, name: id }))
})

test('the venue and checkpoint named in the link', () => {
  const venues = [venue('v1', 'a'), venue('v2', 'b', 'c')]
  expect(initialPlace(venues, { venueId: 'v2', checkpointId: 'c' })).toEqual({ venueId: 'v2', checkpointId: 'c' })
  // 全部检测点 on the gate: the venue, and a choice of checkpoint left to the inspector.
  expect(initialPlace(venues, { venueId: 'v2' })).toEqual({ venueId: 'v2', checkpointId: '' })
  expect(initialPlace(venues, { venueId: 'v1' })).toEqual({ venueId: 'v1', checkpointId: 'a' })
})

test('a checkpoint of another venue, or a venue not the caller\'s, is not taken', () => {
  const venues = [venue('v1', 'a'), venue('v2', 'b', 'c')]
  expect(initialPlace(venues, { venueId: 'v2', checkpointId: 'a' })).toEqual({ venueId: 'v2', checkpointId: '' })
  expect(initialPlace(venues, { venueId: 'elsewhere' })).toEqual({ venueId: '', checkpointId: '' })
})

test('without a link: a single venue and its only checkpoint, as before', () => {
  expect(initialPlace([venue('v1', 'a')], {})).toEqual({ venueId: 'v1', checkpointId: 'a' })
  expect(initialPlace([venue('v1', 'a', 'b')], {})).toEqual({ venueId: 'v1', checkpointId: '' })
  expect(initialPlace([], {})).toEqual({ venueId: '', checkpointId: '' })
})

test('opened from home: the checkpoint where this inspector last registered someone (issue 17, observation 9)', () => {
  const venues = [venue('v1', 'a'), venue('v2', 'b', 'c')]
  expect(initialPlace(venues, {}, { venueId: 'v2', checkpointId: 'c' })).toEqual({ venueId: 'v2', checkpointId: 'c' })
  // A checkpoint removed since, or a venue no longer theirs, is not taken.
  expect(initialPlace([venue('v2', 'b', 'x')], {}, { venueId: 'v2', checkpointId: 'c' })).toEqual({ venueId: 'v2', checkpointId: '' })
  expect(initialPlace([venue('v1', 'a')], {}, { venueId: 'v2', checkpointId: 'c' })).toEqual({ venueId: 'v1', checkpointId: 'a' })
  // A link from the gate screen still wins.
  expect(initialPlace(venues, { venueId: 'v1' }, { venueId: 'v2', checkpointId: 'c' })).toEqual({ venueId: 'v1', checkpointId: 'a' })
})
