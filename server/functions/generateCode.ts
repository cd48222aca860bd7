import { z } from 'zod'
import type { Api } from '../../src/shared/api'
import { posterPdf } from '../domain/posters'
import { ownContact } from '../domain/people'
import { DomainError } from '../domain/errors'
import { registerVenue, venueInputErrors } from '../domain/venues'
import { ADMIN_SELF_MISSING } from '../../src/shared/venue-application'
import { action, actions, checkpointIdSchema, venueFields } from './action-schema'
import { defineFunction } from './define'
import { venueIdSchema } from './venue-id'

/**
 * Field checks are the shared validators (via venueInputErrors), so the server's message for a
 * field is word for word the one the form shows.
 */
const schema = actions([
  z.object({ action: action('apply'), ...venueFields, adminSelf: z.literal(true).optional() }).strict(),
  z.object({ action: action('poster'), venueId: venueIdSchema, checkpointId: checkpointIdSchema }).strict()
]).superRefine((v: { action: string }, ctx) => {
  if (v.action !== 'apply') return
  // 本人 as the admin: the name and mobile come from the caller's 实名信息 (checked in the handler).
  const self = (v as { adminSelf?: true }).adminSelf === true
  for (const [field, message] of Object.entries(venueInputErrors(v as Record<string, unknown>))) {
    if (self && (field === 'adminName' || field === 'adminMobile')) continue
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
        const { action: _apply, adminSelf, ...application } = input
        if (!adminSelf) return registerVenue(deps, userId, application)
        const me = await ownContact(deps, userId)
        if (!me) throw new DomainError('INVALID_INPUT', { adminName: ADMIN_SELF_MISSING })
        return registerVenue(deps, userId, { ...application, adminName: me.name, adminMobile: me.phone })
      }
      case 'poster': return posterPdf(deps, userId, input.venueId, input.checkpointId)
    }
  }
})
