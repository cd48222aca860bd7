import { randomUUID } from 'crypto'
import type { IdentityProviderKind, PersonInput, ProfileView, VerifyClient } from '../../src/shared/api'
import { normalizePerson, PROFILE_RULES } from '../../src/shared/person-form'
import { decrypt, decryptOptional, encrypt, lookupHash } from '../crypto/personal-data'
import type { Queryable } from '../db'
import type { IdentityAccount, IdentityClaim, IdentityProvider } from '../identity/port'
import { providerKindFor } from '../identity/provider-kind'
import { identityProviders } from '../identity/providers'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { assertValid, getProfile, idCardHash, idRegionOf } from './people'
import { accountHasEntries, createPeople, personIdOf } from './person-keys'

/**
 * 实名核验 (DESIGN §4, identity): an account holds its person only after a provider has checked
 * the claim, and a person is held by at most one account. Verifying a person another account
 * holds moves it here (a fresh check is exactly what proves it), and the old account is told.
 */

interface AccountRow {
  wx_openid: string | null
  alipay_uid: string | null
  person_id: string | null
  verified_at: Date | null
  declared_phone_enc: string | null
  has_entries: boolean
}

async function accountOf(tx: Queryable, accountId: string, forUpdate = false): Promise<AccountRow> {
  const [row] = await tx.query<Omit<AccountRow, 'has_entries'>>(
    `SELECT wx_openid, alipay_uid, person_id, verified_at, declared_phone_enc
     FROM users u WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [accountId])
  return { ...row, has_entries: await accountHasEntries(tx, accountId) }
}

function providerFor(deps: Deps, account: AccountRow): IdentityProvider {
  const kind = providerKindFor(deps.config, account)
  if (!kind) throw new DomainError('IDENTITY_PROVIDER_MISSING')
  return identityProviders(deps.config)[kind]!
}

const platformAccount = (a: AccountRow): IdentityAccount => ({ wxOpenid: a.wx_openid, alipayUid: a.alipay_uid })

/** Our check's id as the providers take it (OUTER_ID: letters and digits only). */
const outerIdOf = (checkId: string) => checkId.replace(/-/g, '')

/** The claim to check: what was sent, else the account's own typed 实名信息. */
async function claimOf(deps: Deps, account: AccountRow, raw: Partial<PersonInput>): Promise<IdentityClaim & { phone?: string }> {
  if (raw.name === undefined && raw.idCard === undefined) {
    if (!account.person_id) throw new DomainError('INVALID_INPUT', { name: '请填写姓名', idCard: '请填写身份证号码' })
    const [p] = await deps.db.query<{ name_enc: string; id_card_enc: string }>(
      'SELECT name_enc, id_card_enc FROM persons WHERE id = $1', [account.person_id])
    const k = deps.config.dataKeys
    const phone = raw.phone === undefined ? undefined : normalizePerson(raw).phone
    if (raw.phone !== undefined) assertValid(raw, PROFILE_RULES, ['phone'])
    return { name: decrypt(k, p.name_enc), idCard: decrypt(k, p.id_card_enc), ...(phone ? { phone } : {}) }
  }
  assertValid(raw, { required: ['name', 'idCard'] }, ['name', 'idCard', 'phone'])
  const input = normalizePerson(raw)
  return { name: input.name!, idCard: input.idCard!, ...(input.phone ? { phone: input.phone } : {}) }
}

/** The rules a claim must keep before it is worth asking a provider (and again when it passes). */
async function assertClaimAllowed(deps: Deps, tx: Queryable, accountId: string, account: AccountRow, idCard: string): Promise<void> {
  const hash = idCardHash(deps, idCard)
  const [current] = account.person_id
    ? await tx.query<{ id_card_hash: string }>('SELECT id_card_hash FROM persons WHERE id = $1', [account.person_id])
    : []
  const samePerson = !current || current.id_card_hash === hash
  if (!samePerson && account.verified_at) throw new DomainError('IDENTITY_VERIFIED_LOCKED', { idCard: '已核验的身份证号码不能修改' })
  if (!samePerson && account.has_entries) throw new DomainError('ID_CARD_LOCKED', { idCard: '已有扫码记录，不能修改身份证号码' })
  const known = await personIdOf(tx, hash)
  const listed = known ? await tx.query('SELECT 1 FROM companions WHERE account_id = $1 AND person_id = $2', [accountId, known]) : []
  if (listed.length) throw new DomainError('HOLDER_IN_COMPANIONS', { idCard: '该身份证号码已在您的同行人员中' })
}

export async function startVerification(deps: Deps, accountId: string, raw: Partial<PersonInput>):
  Promise<{ checkId: string; provider: IdentityProviderKind; client: VerifyClient }> {
  const account = await accountOf(deps.db, accountId)
  const provider = providerFor(deps, account)
  const claim = await claimOf(deps, account, raw)
  await assertClaimAllowed(deps, deps.db, accountId, account, claim.idCard)
  const checkId = randomUUID()
  const started = await provider.start({ name: claim.name, idCard: claim.idCard }, platformAccount(account), outerIdOf(checkId))
  if ('kind' in started) throw new DomainError('IDENTITY_PROVIDER_UNAVAILABLE')
  const k = deps.config.dataKeys
  await deps.db.query(
    `INSERT INTO identity_checks (id, account_id, provider, ticket, name_enc, id_card_enc, phone_enc, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [checkId, accountId, provider.kind, started.ticket, encrypt(k, claim.name), encrypt(k, claim.idCard),
      claim.phone ? encrypt(k, claim.phone) : null, started.expiresAt.toISOString()])
  return { checkId, provider: provider.kind, client: started.client }
}

interface CheckRow {
  provider: IdentityProviderKind; ticket: string; name_enc: string; id_card_enc: string; phone_enc: string | null
  status: 'pending' | 'passed' | 'failed'; expired: boolean
}

const REFUSALS = { failed: 'IDENTITY_CHECK_FAILED', mismatch: 'IDENTITY_MISMATCH', expired: 'IDENTITY_CHECK_EXPIRED' } as const

/**
 * Asks the provider how the check ended; on a pass the account holds the person. A check
 * confirms once: asked again it answers the profile (same account) and nothing moves.
 */
export async function confirmVerification(deps: Deps, accountId: string, checkId: string): Promise<{ profile: ProfileView }> {
  const check = await checkOf(deps.db, accountId, checkId)
  if (check.status === 'passed') return { profile: (await getProfile(deps, accountId))! }
  if (check.status === 'failed' || check.expired) throw new DomainError('IDENTITY_CHECK_EXPIRED')
  const account = await accountOf(deps.db, accountId)
  const provider = identityProviders(deps.config)[check.provider]
  if (!provider) throw new DomainError('IDENTITY_PROVIDER_MISSING')
  const k = deps.config.dataKeys
  const claim = { name: decrypt(k, check.name_enc), idCard: decrypt(k, check.id_card_enc) }
  const result = await provider.result(check.ticket, claim, platformAccount(account), outerIdOf(checkId))
  if (result.kind === 'pending') throw new DomainError('IDENTITY_CHECK_PENDING')
  if (result.kind === 'unavailable') throw new DomainError('IDENTITY_PROVIDER_UNAVAILABLE')
  if (result.kind !== 'passed') {
    await deps.db.query(`UPDATE identity_checks SET status = 'failed', finished_at = now() WHERE id = $1 AND status = 'pending'`, [checkId])
    throw new DomainError(REFUSALS[result.kind])
  }
  await deps.db.transaction(async (tx) => {
    const locked = await checkOf(tx, accountId, checkId, true)
    // A concurrent confirm of the same check got here first.
    if (locked.status === 'passed') return
    if (locked.status === 'failed') throw new DomainError('IDENTITY_CHECK_EXPIRED')
    const acc = await accountOf(tx, accountId, true)
    await assertClaimAllowed(deps, tx, accountId, acc, claim.idCard)
    const phone = decryptOptional(k, check.phone_enc) ?? decryptOptional(k, acc.declared_phone_enc)
    await holdPerson(deps, tx, accountId, { ...claim, phone }, check.provider)
    await tx.query(`UPDATE identity_checks SET status = 'passed', finished_at = now() WHERE id = $1`, [checkId])
  })
  return { profile: (await getProfile(deps, accountId))! }
}

async function checkOf(tx: Queryable, accountId: string, checkId: string, forUpdate = false): Promise<CheckRow> {
  const [row] = await tx.query<CheckRow>(
    `SELECT provider, ticket, name_enc, id_card_enc, phone_enc, status, expires_at <= now() AS expired
     FROM identity_checks WHERE id = $1 AND account_id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`, [checkId, accountId])
  // Another account's check is as unknown as a made-up id.
  if (!row) throw new DomainError('IDENTITY_CHECK_NOT_FOUND')
  return row
}

/**
 * The verified claim becomes the account's person: the provider's confirmation is the truth about
 * the name, so a differing name on record is corrected. Whoever held the person before loses it
 * and is told on their home page.
 */
async function holdPerson(deps: Deps, tx: Queryable, accountId: string, claim: IdentityClaim & { phone: string | null },
  via: IdentityProviderKind): Promise<void> {
  const k = deps.config.dataKeys
  const hash = idCardHash(deps, claim.idCard)
  const created = await createPeople(tx, [{ hash, idCardEnc: encrypt(k, claim.idCard), nameEnc: encrypt(k, claim.name), idRegion: idRegionOf(claim.idCard) }])
  const [person] = await tx.query<{ id: string; name_enc: string }>('SELECT id, name_enc FROM persons WHERE id = $1 FOR UPDATE',
    [created.get(hash) ?? await personIdOf(tx, hash)])
  if (decrypt(k, person.name_enc) !== claim.name) await tx.query('UPDATE persons SET name_enc = $2 WHERE id = $1', [person.id, encrypt(k, claim.name)])
  if (claim.phone) {
    await tx.query('UPDATE persons SET phone_enc = $2, phone_hash = $3 WHERE id = $1',
      [person.id, encrypt(k, claim.phone), lookupHash(deps.config.lookupHashKey, claim.phone)])
  }
  await tx.query(
    `UPDATE users SET verified_at = NULL, verified_via = NULL, identity_moved_at = now()
     WHERE person_id = $1 AND verified_at IS NOT NULL AND id <> $2`, [person.id, accountId])
  await tx.query(
    `UPDATE users SET person_id = $2, verified_at = now(), verified_via = $3, declared_phone_enc = NULL, identity_moved_at = NULL
     WHERE id = $1`, [accountId, person.id, via])
}

export async function dismissIdentityNotice(deps: Deps, accountId: string): Promise<{ dismissed: true }> {
  await deps.db.query('UPDATE users SET identity_moved_at = NULL WHERE id = $1', [accountId])
  return { dismissed: true }
}
