import { z } from 'zod'
import { ID_PATTERN } from '../../src/shared/venue-code'

/** Venue ids as the code format defines them (see domain/ids.ts for how they are made). */
export const venueIdSchema = z.string().regex(ID_PATTERN, '场所编号格式不正确')
