import { z } from 'zod'
import type { Api } from '../../src/shared/api'
import { posterPdf } from '../domain/posters'
import { registerVenue, venueInputErrors } from '../domain/venues'
import { action, actions, checkpointIdSchema, venueFields } from './action-schema'
import { defineFunction } from './define'
import { venueIdSchema } from './venue-id'

/**
 * Field checks are the shared validators (via venueInputErrors), so the server's message for a
 * field is word for word the one the form shows.
 */
const schema = actions([
  z.object({ action: action('apply'), ...venueFields }).strict(),
  z.object({ action: action('poster'), venueId: venueIdSchema, checkpointId: checkpointIdSchema }).strict()
]).superRefine((v: { action: string }, ctx) => {
  if (v.action !== 'apply') return
  for (const [field, message] of Object.entries(venueInputErrors(v as Record<string, unknown>))) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message })
  }
}) as unknown as z.ZodType<Api['generateCode'][0], z.ZodTypeDef, unknown>

/**
 * The code-generation function: registers venues and issues their signed codes, and makes the
 * printable posters those codes go on.
 */
export const generateCode = defineFunction({
  name: 'generateCode',
  schema,
  auth: 'user',
  async handler(input, { deps, userId }) {
    switch (input.action) {
      case 'apply': {
        const { action: _apply, ...application } = input
        return registerVenue(deps, userId, application)
      }
      case 'poster': return posterPdf(deps, userId, input.venueId, input.checkpointId)
    }
  }
})
