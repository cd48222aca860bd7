import { z } from 'zod'
import type { ListRegionsRequest } from '../../src/shared/api'
import { DomainError } from '../domain/errors'
import { listChildRegions } from '../domain/regions'
import { defineFunction } from './define'

const schema = z.object({
  parentCode: z.string().regex(/^(\d{2}|\d{4}|\d{6})?$/, '地区代码格式不正确')
}).strict() satisfies z.ZodType<ListRegionsRequest>

export const listRegions = defineFunction({
  name: 'listRegions',
  schema,
  auth: 'none',
  async handler(input) {
    const regions = listChildRegions(input.parentCode)
    if (!regions) throw new DomainError('REGION_NOT_FOUND')
    return { regions }
  }
})
