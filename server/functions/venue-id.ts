import { z } from 'zod'

/** Venue ids are short lower-case base32 strings (see domain/ids.ts). */
export const venueIdSchema = z.string().regex(/^[0-9a-z]{1,32}$/, '场所编号格式不正确')
