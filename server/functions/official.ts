import { z } from 'zod'
import { MAX_STATUS_IMPORT_BYTES, type Api } from '../../src/shared/api'
import { officialPerson, officialScopeView, setPersonStatus } from '../domain/health-status'
import { importStatusCsv } from '../domain/status-import'
import { contactDetails, exportTrace, traceCase } from '../domain/tracing'
import { decideProposal, listProposals, proposeTraceConfirmation } from '../domain/proposals'
import { answerAppeal, officialAppeals } from '../domain/appeals'
import { disputedEntries, reviewVenue, venueReviews } from '../domain/venue-review'
import { action, actions, personId, personText } from './action-schema'
import { defineFunction } from './define'

const status = z.enum(['green', 'yellow', 'red'], { errorMap: () => ({ message: '请选择绿码、黄码或红码' }) })
const date = z.string().max(10, '日期格式应为 YYYY-MM-DD')
const traceId = z.string().uuid('流调编号格式不正确')

const schema = actions([
  z.object({ action: action('scope') }).strict(),
  z.object({ action: action('person'), idCard: personText }).strict(),
  z.object({
    action: action('setStatus'), idCard: personText, name: personText, status, reason: z.string().max(200, '原因不能超过200个字'),
    emergency: z.boolean({ invalid_type_error: '紧急变更应为是或否' }).optional()
  }).strict(),
  z.object({
    action: action('importStatus'),
    fileName: z.string().max(120, '文件名过长'),
    csv: z.string().max(MAX_STATUS_IMPORT_BYTES, '文件过大：每次最多导入约10万行（8MB）')
  }).strict(),
  z.object({ action: action('trace'), personId: personId.optional(), idCard: personText.optional(), from: date.optional(), to: date.optional() }).strict(),
  z.object({ action: action('confirmTrace'), traceId }).strict(),
  z.object({ action: action('contactDetails'), traceId, personId }).strict(),
  z.object({ action: action('exportTrace'), traceId }).strict(),
  z.object({ action: action('venueReviews') }).strict(),
  z.object({
    action: action('reviewVenue'), venueId: z.string().max(32, '场所编号格式不正确'), approve: z.boolean(),
    reason: z.string().max(200, '原因不能超过200个字')
  }).strict(),
  z.object({ action: action('disputes') }).strict(),
  z.object({ action: action('proposals'), state: z.enum(['pending', 'decided'], { errorMap: () => ({ message: '请选择待复核或已处理' }) }).optional() }).strict(),
  z.object({
    action: action('decideProposal'), proposalId: z.string().uuid('变更申请编号格式不正确'), approve: z.boolean({ invalid_type_error: '请选择通过或驳回' }),
    reason: z.string().max(200, '复核意见不能超过200个字')
  }).strict(),
  z.object({ action: action('appeals'), state: z.enum(['open', 'answered'], { errorMap: () => ({ message: '请选择待答复或已答复' }) }).optional() }).strict(),
  z.object({
    action: action('answerAppeal'), appealId: z.string().uuid('申诉编号格式不正确'),
    decision: z.enum(['upheld', 'corrected'], { errorMap: () => ({ message: '请选择维持或更正' }) }),
    reason: z.string().max(200, '答复理由不能超过200个字')
  }).strict()
]) as unknown as z.ZodType<Api['official'][0], z.ZodTypeDef, unknown>

/**
 * The health official's console, inside the caller's appointed region: health status one by
 * one or by file, contact tracing, confirming it and exporting it. Every look at a person's data
 * is in that person's access log.
 */
export const official = defineFunction({
  name: 'official',
  schema,
  auth: 'user',
  // A CSV file's text is stored nowhere as it is; each cell is validated by its own rule.
  opaqueFields: ['csv'],
  async handler(input, { deps, userId }) {
    switch (input.action) {
      case 'scope': return officialScopeView(deps, userId)
      case 'person': return officialPerson(deps, userId, input.idCard)
      case 'setStatus': return setPersonStatus(deps, userId, input)
      case 'importStatus': return importStatusCsv(deps, userId, input.fileName, input.csv)
      case 'trace': return traceCase(deps, userId, input)
      case 'confirmTrace': return proposeTraceConfirmation(deps, userId, input.traceId)
      case 'contactDetails': return contactDetails(deps, userId, input)
      case 'exportTrace': return exportTrace(deps, userId, input.traceId)
      case 'venueReviews': return venueReviews(deps, userId)
      case 'reviewVenue': return reviewVenue(deps, userId, input)
      case 'disputes': return disputedEntries(deps, userId)
      case 'proposals': return listProposals(deps, userId, input.state)
      case 'decideProposal': return decideProposal(deps, userId, input)
      case 'appeals': return officialAppeals(deps, userId, input.state)
      case 'answerAppeal': return answerAppeal(deps, userId, input)
    }
  }
})
