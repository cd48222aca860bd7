import { z } from 'zod'
import { APPEAL_TEXT_MAX, type Api } from '../../src/shared/api'
import { appeal } from '../domain/appeals'
import { statusNotices } from '../domain/status-notices'
import { confirmVerification, dismissIdentityNotice, startVerification } from '../domain/identity'
import {
  addCompanion, answerCompanionRequest, companionRequests, getProfile, listCompanions, removeCompanion, saveProfile, updateCompanion
} from '../domain/people'
import { myAccessLog } from '../domain/access-log'
import { action, actions, personId, personText, relation } from './action-schema'
import { defineFunction } from './define'

const schema = actions([
  z.object({ action: action('getProfile') }).strict(),
  z.object({ action: action('saveProfile'), name: personText.optional(), idCard: personText.optional(), phone: personText.optional() }).strict(),
  z.object({ action: action('listCompanions') }).strict(),
  z.object({ action: action('addCompanion'), name: personText, idCard: personText, relation, phone: personText.optional() }).strict(),
  z.object({
    action: action('updateCompanion'), personId, name: personText.optional(), idCard: personText.optional(),
    relation: relation.optional(), phone: personText.optional()
  }).strict(),
  z.object({ action: action('removeCompanion'), personId }).strict(),
  z.object({ action: action('accessLog') }).strict(),
  z.object({ action: action('startVerification'), name: personText.optional(), idCard: personText.optional(), phone: personText.optional() }).strict(),
  z.object({ action: action('confirmVerification'), checkId: z.string().uuid('核验编号格式不正确') }).strict(),
  z.object({ action: action('companionRequests') }).strict(),
  z.object({ action: action('answerCompanionRequest'), requestId: z.string().uuid('请求编号格式不正确'), accept: z.boolean() }).strict(),
  z.object({ action: action('dismissIdentityNotice') }).strict(),
  z.object({ action: action('statusNotices') }).strict(),
  z.object({ action: action('appeal'), changeId: z.string().uuid('变更记录编号格式不正确'), text: z.string().max(APPEAL_TEXT_MAX, `申诉内容不能超过${APPEAL_TEXT_MAX}个字`) }).strict()
]) as unknown as z.ZodType<Api['people'][0], z.ZodTypeDef, unknown>

/**
 * 实名信息 (typed, then verified by the account's provider) and 同行人员 of the caller's account,
 * consent to being someone's companion, who looked at their data, and the changes of their status
 * with their 申诉.
 */
export const people = defineFunction({
  name: 'people',
  schema,
  auth: 'user',
  async handler(input, { deps, userId }) {
    switch (input.action) {
      case 'getProfile': return { profile: await getProfile(deps, userId) }
      case 'saveProfile': return { profile: await saveProfile(deps, userId, input) }
      case 'listCompanions': return { companions: await listCompanions(deps, userId) }
      case 'addCompanion': return { companion: await addCompanion(deps, userId, input) }
      case 'updateCompanion': return { companion: await updateCompanion(deps, userId, input) }
      case 'removeCompanion': return removeCompanion(deps, userId, input.personId)
      case 'accessLog': return myAccessLog(deps, userId)
      case 'startVerification': return startVerification(deps, userId, input)
      case 'confirmVerification': return confirmVerification(deps, userId, input.checkId)
      case 'companionRequests': return companionRequests(deps, userId)
      case 'answerCompanionRequest': return answerCompanionRequest(deps, userId, input.requestId, input.accept)
      case 'dismissIdentityNotice': return dismissIdentityNotice(deps, userId)
      case 'statusNotices': return statusNotices(deps, userId)
      case 'appeal': return appeal(deps, userId, input)
    }
  }
})
