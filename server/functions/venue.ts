import { z } from 'zod'
import type { Api } from '../../src/shared/api'
import { addCheckpoint, removeCheckpoint, renameCheckpoint } from '../domain/checkpoints'
import {
  acceptHandover, cancelHandover, declineHandover, offerHandover, regenerateDeclarationCode, removeInspector, updateVenue, venueDetail
} from '../domain/venue-admin'
import { assertVenueAdmin } from '../domain/venue-access'
import { venueStats } from '../domain/venue-stats'
import { action, actions, checkpointIdSchema, venueFields } from './action-schema'
import { defineFunction } from './define'
import { venueIdSchema } from './venue-id'

const venueId = venueIdSchema
const userId = z.string().uuid('用户编号格式不正确')
const checkpointName = z.string().max(40, '内容过长')
const optional = <T extends z.ZodRawShape>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> }

const schema = actions([
  z.object({ action: action('get'), venueId }).strict(),
  z.object({ action: action('update'), venueId, ...optional(venueFields) }).strict(),
  z.object({ action: action('regenerateDeclarationCode'), venueId }).strict(),
  z.object({ action: action('removeInspector'), venueId, userId }).strict(),
  z.object({ action: action('addCheckpoint'), venueId, name: checkpointName }).strict(),
  z.object({ action: action('renameCheckpoint'), venueId, checkpointId: checkpointIdSchema, name: checkpointName }).strict(),
  z.object({ action: action('removeCheckpoint'), venueId, checkpointId: checkpointIdSchema }).strict(),
  z.object({ action: action('handover'), venueId, toUserId: userId }).strict(),
  z.object({ action: action('cancelHandover'), venueId }).strict(),
  z.object({ action: action('acceptHandover'), venueId, adminName: z.string().max(20, '不能超过20个字'), adminMobile: z.string().max(20, '不能超过20个字') }).strict(),
  z.object({ action: action('declineHandover'), venueId }).strict(),
  z.object({ action: action('stats'), venueId, date: z.string().max(10, '日期格式不正确，应为 YYYY-MM-DD') }).strict()
]) as unknown as z.ZodType<Api['venue'][0], z.ZodTypeDef, unknown>

/**
 * 场所管理: everything here is for the venue's admin, except answering a handover, which is for
 * the inspector it was offered to. Each domain call checks the role itself, under the lock it
 * changes data with.
 */
export const venue = defineFunction({
  name: 'venue',
  schema,
  auth: 'user',
  async handler(input, { deps, userId: me }) {
    switch (input.action) {
      case 'get':
        await assertVenueAdmin(deps.db, me, input.venueId)
        return venueDetail(deps, input.venueId)
      case 'update': {
        const { action: _update, venueId: id, ...patch } = input
        return updateVenue(deps, me, id, patch)
      }
      case 'regenerateDeclarationCode': return regenerateDeclarationCode(deps, me, input.venueId)
      case 'removeInspector': return removeInspector(deps, me, input.venueId, input.userId)
      case 'addCheckpoint': return addCheckpoint(deps, me, input.venueId, input.name)
      case 'renameCheckpoint': return renameCheckpoint(deps, me, input.venueId, input.checkpointId, input.name)
      case 'removeCheckpoint': return removeCheckpoint(deps, me, input.venueId, input.checkpointId)
      case 'handover': return offerHandover(deps, me, input.venueId, input.toUserId)
      case 'cancelHandover': return cancelHandover(deps, me, input.venueId)
      case 'acceptHandover': return acceptHandover(deps, me, input.venueId, input.adminName, input.adminMobile)
      case 'declineHandover': return declineHandover(deps, me, input.venueId)
      case 'stats':
        await assertVenueAdmin(deps.db, me, input.venueId)
        return venueStats(deps, input.venueId, input.date)
    }
  }
})
