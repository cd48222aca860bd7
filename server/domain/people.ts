import type { CompanionRequestView, CompanionView, HealthStatus, IdentityProviderKind, PersonInput, ProfileView, Relation } from '../../src/shared/api'
import { MAX_COMPANIONS } from '../../src/shared/api'
import { maskIdCard, maskName, maskPhone } from '../../src/shared/mask'
import {
  COMPANION_RULES, EDIT_RULES, normalizePerson, personErrors, PROFILE_RULES, type PersonField, type PersonRules
} from '../../src/shared/person-form'
import { decrypt, decryptOptional, encrypt, lookupHash } from '../crypto/personal-data'
import type { Queryable } from '../db'
import { LINK_IN_FORCE } from '../db/migrations/007_identity'
import type { Deps } from './deps'
import { DomainError } from './errors'
import { toIso } from './ids'
import { accountHasEntries, createPeople, personIdOf, rememberAccountPerson } from './person-keys'
import { countyToday } from './region-history'

/**
 * Ids of the people a verified account speaks for ($1 = account): the person it holds, and its
 * companions in force who hold no account of their own. Their 风险提示 and access records are
 * shown to the account, because a family's phone is often the only way an elderly companion hears
 * of them. A typed name and ID number speak for nobody: an unverified account gets none.
 */
export const ACCOUNT_PERSONS_SQL = `SELECT person_id FROM users WHERE id = $1 AND verified_at IS NOT NULL
       UNION SELECT c.person_id FROM companions c JOIN users a ON a.id = c.account_id AND a.verified_at IS NOT NULL
       WHERE c.account_id = $1 AND NOT EXISTS (SELECT 1 FROM users h WHERE h.person_id = c.person_id AND h.verified_at IS NOT NULL)`

/**
 * The people ACCOUNT_PERSONS_SQL names, as a list found on the coordinator (users and companions
 * live there), for statements on tables distributed by person: `person_id = ANY($n)` reads only
 * their shards.
 */
export async function accountPersons(db: Queryable, accountId: string): Promise<string[]> {
  const rows = await db.query<{ person_id: string }>(ACCOUNT_PERSONS_SQL, [accountId])
  return rows.map((r) => r.person_id).filter(Boolean)
}

/** The person the account holds, verified ($1 = account); none for an unverified account. */
export const HELD_PERSON_SQL = '(SELECT person_id FROM users WHERE id = $1 AND verified_at IS NOT NULL)'

/**
 * People (DESIGN §4): a person is known by the keyed hash of their ID number, so the same
 * child listed by both parents, registered by an inspector or holding an account is one row.
 */

interface PersonRow {
  id: string
  id_card_enc: string
  name_enc: string
  phone_enc: string | null
}

interface Person { id: string; name: string; idCard: string; phone: string | null }

/** INVALID_INPUT with every field's message (of `only`, when given), or nothing. */
export function assertValid(input: Partial<Record<PersonField, unknown>>, rules: PersonRules, only?: PersonField[]): void {
  const fields = personErrors(input, rules, only)
  if (Object.keys(fields).length) throw new DomainError('INVALID_INPUT', fields)
}

function open(deps: Deps, row: PersonRow): Person {
  const k = deps.config.dataKeys
  return { id: row.id, name: decrypt(k, row.name_enc), idCard: decrypt(k, row.id_card_enc), phone: decryptOptional(k, row.phone_enc) }
}

export function idCardHash(deps: Deps, idCard: string): string {
  return lookupHash(deps.config.lookupHashKey, idCard)
}

/**
 * The county of registration: the first six digits of a (valid) ID number, GB 11643, taken to the
 * region it lies in today when the code has been retired since the number was issued
 * (region-history.ts: 412723 of the old 周口地区 is 411623 商水县). Stored in clear beside the
 * encrypted number so officials of that region can be scoped to the person.
 */
export function idRegionOf(idCard: string): string {
  return countyToday(idCard.slice(0, 6))
}

/**
 * Whether some other account or an inspector also knows this person. Only a person nobody else
 * knows may have their name corrected; otherwise one account could rename another's family.
 */
async function knownElsewhere(tx: Queryable, personId: string, accountId: string): Promise<boolean> {
  const [row] = await tx.query<{ known: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM users WHERE person_id = $1 AND id <> $2)
         OR EXISTS (SELECT 1 FROM companions WHERE person_id = $1 AND account_id <> $2)
         OR EXISTS (SELECT 1 FROM entries WHERE person_id = $1 AND method = 'assisted') AS known`,
    [personId, accountId])
  return row.known
}

/**
 * The person with this ID number, created when new. A name that differs from the one on record
 * is refused (the pair is what 实名 means here), unless nobody but `accountId` knows the person,
 * in which case it is a correction. A mobile is recorded when the person has none yet.
 */
export async function findOrCreatePerson(deps: Deps, tx: Queryable, input: PersonInput, accountId: string | null): Promise<string> {
  const k = deps.config.dataKeys
  const hash = idCardHash(deps, input.idCard)
  const phone = input.phone ?? null
  // Created first: two accounts adding the same child at once make one person, not an error.
  const created = await createPeople(tx, [{
    hash, idCardEnc: encrypt(k, input.idCard), nameEnc: encrypt(k, input.name), idRegion: idRegionOf(input.idCard),
    phoneEnc: phone && encrypt(k, phone), phoneHash: phone && lookupHash(deps.config.lookupHashKey, phone)
  }])
  if (created.size) return created.get(hash)!
  const [row] = await tx.query<PersonRow & { id_region: string | null }>(
    'SELECT id, id_card_enc, name_enc, phone_enc, id_region FROM persons WHERE id = $1 FOR UPDATE', [await personIdOf(tx, hash)])
  // Recorded before the county was stored (migration 005): written now that the person is.
  if (!row.id_region) await tx.query('UPDATE persons SET id_region = $2 WHERE id = $1', [row.id, idRegionOf(input.idCard)])
  const person = open(deps, row)
  if (person.name !== input.name) {
    if (!accountId || await knownElsewhere(tx, person.id, accountId)) {
      throw new DomainError('PERSON_NAME_MISMATCH', { name: '与该身份证号码已登记的姓名不一致' })
    }
    await tx.query('UPDATE persons SET name_enc = $2 WHERE id = $1', [person.id, encrypt(k, input.name)])
  }
  if (phone && !person.phone) await setPersonPhone(deps, tx, person.id, phone)
  return person.id
}

async function setPersonPhone(deps: Deps, tx: Queryable, personId: string, phone: string): Promise<void> {
  await tx.query('UPDATE persons SET phone_enc = $2, phone_hash = $3 WHERE id = $1',
    [personId, encrypt(deps.config.dataKeys, phone), lookupHash(deps.config.lookupHashKey, phone)])
}

// ---- 实名信息 ----------------------------------------------------------------------------------

interface HolderRow extends PersonRow {
  status: HealthStatus | null; has_entries: boolean
  verified_via: IdentityProviderKind | null; declared_phone_enc: string | null
}

/** Locks the account row too when `forUpdate`: one account's edits happen one at a time. */
async function holderOf(tx: Queryable, accountId: string, forUpdate = false): Promise<HolderRow | null> {
  if (forUpdate) await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [accountId])
  // The account on the coordinator, then its person on theirs (docs/scale.md §3).
  const [u] = await tx.query<{ person_id: string | null; verified_via: IdentityProviderKind | null; declared_phone_enc: string | null }>(
    'SELECT person_id, verified_via, declared_phone_enc FROM users WHERE id = $1', [accountId])
  if (!u?.person_id) return null
  const [p] = await tx.query<PersonRow & { status: HealthStatus | null }>(
    `SELECT p.id, p.id_card_enc, p.name_enc, p.phone_enc, h.status
     FROM persons p LEFT JOIN health_status h ON h.person_id = p.id WHERE p.id = $1`, [u.person_id])
  return { ...p, verified_via: u.verified_via, declared_phone_enc: u.declared_phone_enc, has_entries: await accountHasEntries(tx, accountId) }
}

function profileView(deps: Deps, row: HolderRow): ProfileView {
  const p = open(deps, row)
  const verified = row.verified_via !== null
  // An unverified account sees only what it typed: the person's own mobile is the holder's.
  const phone = verified ? p.phone : decryptOptional(deps.config.dataKeys, row.declared_phone_enc)
  return {
    nameMasked: maskName(p.name),
    idCardMasked: maskIdCard(p.idCard),
    phoneMasked: phone ? maskPhone(phone) : '',
    // No record means nobody has flagged this person: the default code is green.
    healthStatus: verified ? row.status ?? 'green' : null,
    verified,
    verifiedVia: row.verified_via,
    hasEntries: row.has_entries
  }
}

export async function getProfile(deps: Deps, accountId: string): Promise<ProfileView | null> {
  const row = await holderOf(deps.db, accountId)
  return row ? profileView(deps, row) : null
}

/**
 * The holder's own name and mobile in clear, for the server's own use only (a venue applied
 * for with 本人 as its admin): never sent to a client, which sees them masked.
 */
export async function ownContact(deps: Deps, accountId: string): Promise<{ name: string; phone: string } | null> {
  const row = await holderOf(deps.db, accountId)
  if (!row) return null
  const p = open(deps, row)
  const phone = row.verified_via !== null ? p.phone : decryptOptional(deps.config.dataKeys, row.declared_phone_enc)
  return phone ? { name: p.name, phone } : null
}

/**
 * Records or edits the holder's 实名信息. The first save needs every field; an edit sends only
 * what changed. Once the account has entries its ID number is fixed: changing it would turn
 * the account into someone else with that history left behind. Once verified only the mobile
 * changes. Typed (unverified) 实名信息 never touches the person's record: its mobile stays on the
 * account until a provider confirms who is holding the phone.
 */
export async function saveProfile(deps: Deps, accountId: string, raw: Partial<PersonInput>): Promise<ProfileView> {
  await deps.db.transaction(async (tx) => {
    const current = await holderOf(tx, accountId, true)
    assertValid(raw, current ? EDIT_RULES : PROFILE_RULES)
    const input = normalizePerson(raw)
    const was = current ? open(deps, current) : null
    const verified = current?.verified_via != null
    const target = { name: input.name ?? was!.name, idCard: input.idCard ?? was!.idCard }
    if (verified && (target.name !== was!.name || target.idCard !== was!.idCard)) {
      throw new DomainError('IDENTITY_VERIFIED_LOCKED', target.idCard !== was!.idCard ? { idCard: '已核验的身份证号码不能修改' } : { name: '已核验的姓名不能修改' })
    }
    if (was && target.idCard !== was.idCard && current!.has_entries) {
      throw new DomainError('ID_CARD_LOCKED', { idCard: '已有扫码记录，不能修改身份证号码' })
    }
    if (await listsAsCompanion(deps, tx, accountId, target.idCard)) throw new DomainError('HOLDER_IN_COMPANIONS', { idCard: '该身份证号码已在您的同行人员中' })
    const personId = verified ? current!.id : await findOrCreatePerson(deps, tx, target, accountId)
    if (verified) {
      // The holder's own mobile is theirs to change, unlike a companion's record.
      if (input.phone && input.phone !== was!.phone) await setPersonPhone(deps, tx, personId, input.phone)
    } else if (input.phone) {
      await tx.query('UPDATE users SET declared_phone_enc = $2 WHERE id = $1', [accountId, encrypt(deps.config.dataKeys, input.phone)])
    }
    await tx.query('UPDATE users SET person_id = $2 WHERE id = $1', [accountId, personId])
  })
  return (await getProfile(deps, accountId))!
}

// ---- 同行人员 ----------------------------------------------------------------------------------

interface CompanionRow extends PersonRow { relation: Relation; link_phone_enc: string | null; in_force: boolean }

function companionView(deps: Deps, row: CompanionRow): CompanionView {
  const p = open(deps, row)
  const phone = decryptOptional(deps.config.dataKeys, row.link_phone_enc)
  return {
    personId: p.id,
    nameMasked: maskName(p.name),
    idCardMasked: maskIdCard(p.idCard),
    phoneMasked: phone ? maskPhone(phone) : null,
    relation: row.relation,
    pending: !row.in_force
  }
}

/**
 * The account's companion links (`where` on companions `c`, $1 the account), with their people:
 * the links on the coordinator, then the people on their shards (docs/scale.md §3).
 */
async function companionRows(db: Queryable, where: string, params: unknown[]): Promise<CompanionRow[]> {
  const links = await db.query<{ person_id: string; relation: Relation; link_phone_enc: string | null; in_force: boolean }>(
    `SELECT c.person_id, c.relation, c.phone_enc AS link_phone_enc, ${LINK_IN_FORCE('c')} AS in_force
     FROM companions c WHERE ${where} ORDER BY c.created_at, c.person_id`, params)
  if (!links.length) return []
  const people = await db.query<PersonRow>('SELECT id, id_card_enc, name_enc, phone_enc FROM persons WHERE id = ANY($1::uuid[])',
    [links.map((l) => l.person_id)])
  const byId = new Map(people.map((p) => [p.id, p]))
  return links.flatMap((l) => {
    const p = byId.get(l.person_id)
    return p ? [{ ...p, relation: l.relation, link_phone_enc: l.link_phone_enc, in_force: l.in_force }] : []
  })
}

export async function listCompanions(deps: Deps, accountId: string): Promise<CompanionView[]> {
  const rows = await companionRows(deps.db, 'c.account_id = $1', [accountId])
  return rows.map((r) => companionView(deps, r))
}

async function companionOf(tx: Queryable, accountId: string, personId: string): Promise<CompanionRow | null> {
  const rows = await companionRows(tx, 'c.account_id = $1 AND c.person_id = $2', [accountId, personId])
  return rows[0] ?? null
}

/** Whether the account already lists the person with this ID number among its companions. */
async function listsAsCompanion(deps: Deps, tx: Queryable, accountId: string, idCard: string): Promise<boolean> {
  const personId = await personIdOf(tx, idCardHash(deps, idCard))
  if (!personId) return false
  const rows = await tx.query('SELECT 1 FROM companions WHERE account_id = $1 AND person_id = $2', [accountId, personId])
  return rows.length > 0
}

async function assertNotHolder(deps: Deps, tx: Queryable, accountId: string, idCard: string): Promise<void> {
  const personId = await personIdOf(tx, idCardHash(deps, idCard))
  const rows = personId ? await tx.query('SELECT 1 FROM users WHERE id = $1 AND person_id = $2', [accountId, personId]) : []
  if (rows.length) throw new DomainError('COMPANION_IS_HOLDER', { idCard: '这是您本人的身份证号码' })
}

export async function addCompanion(deps: Deps, accountId: string, raw: PersonInput & { relation: Relation }): Promise<CompanionView> {
  assertValid(raw, COMPANION_RULES)
  const input = normalizePerson(raw)
  const personId = await deps.db.transaction(async (tx) => {
    // The account row lock makes the count and the insert one step: two adds at 9 make 10, not 11.
    await assertVerified(tx, accountId)
    await assertNotHolder(deps, tx, accountId, input.idCard)
    if (await listsAsCompanion(deps, tx, accountId, input.idCard)) throw new DomainError('COMPANION_DUPLICATE', { idCard: '该同行人员已在您的列表中' })
    const [{ n }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM companions WHERE account_id = $1', [accountId])
    if (n >= MAX_COMPANIONS) throw new DomainError('COMPANION_LIMIT')
    const id = await findOrCreatePerson(deps, tx, { name: input.name, idCard: input.idCard }, accountId)
    await tx.query('INSERT INTO companions (account_id, person_id, relation, phone_enc) VALUES ($1, $2, $3, $4)',
      [accountId, id, input.relation, input.phone ? encrypt(deps.config.dataKeys, input.phone) : null])
    await recordCompanionLink(tx, accountId, id)
    await rememberAccountPerson(tx, accountId, id)
    return id
  })
  return (await listCompanions(deps, accountId)).find((c) => c.personId === personId)!
}

export async function updateCompanion(
  deps: Deps, accountId: string, raw: { personId: string } & Partial<PersonInput> & { relation?: Relation }
): Promise<CompanionView> {
  assertValid(raw, EDIT_RULES)
  const input = normalizePerson(raw)
  const personId = await deps.db.transaction(async (tx) => {
    await assertVerified(tx, accountId)
    const row = await companionOf(tx, accountId, input.personId)
    if (!row) throw new DomainError('COMPANION_NOT_FOUND')
    let id = row.id
    if (input.name !== undefined || input.idCard !== undefined) {
      const was = open(deps, row)
      const target = { name: input.name ?? was.name, idCard: input.idCard ?? was.idCard }
      if (target.idCard !== was.idCard) {
        await assertNotHolder(deps, tx, accountId, target.idCard)
        if (await listsAsCompanion(deps, tx, accountId, target.idCard)) throw new DomainError('COMPANION_DUPLICATE', { idCard: '该同行人员已在您的列表中' })
      }
      // A different ID number is a different person: the old one keeps their entries.
      id = await findOrCreatePerson(deps, tx, target, accountId)
      if (id !== row.id) {
        // A different person: their consent (if they hold an account) starts afresh.
        await tx.query('UPDATE companions SET person_id = $3, accepted_at = NULL WHERE account_id = $1 AND person_id = $2', [accountId, row.id, id])
        await recordCompanionLink(tx, accountId, id)
      }
    }
    await tx.query(
      `UPDATE companions SET relation = coalesce($3, relation), phone_enc = coalesce($4, phone_enc), updated_at = now()
       WHERE account_id = $1 AND person_id = $2`,
      [accountId, id, input.relation ?? null, input.phone ? encrypt(deps.config.dataKeys, input.phone) : null])
    return id
  })
  return companionView(deps, (await companionOf(deps.db, accountId, personId))!)
}

export async function removeCompanion(deps: Deps, accountId: string, personId: string): Promise<{ removed: true }> {
  const rows = await deps.db.query('DELETE FROM companions WHERE account_id = $1 AND person_id = $2 RETURNING person_id', [accountId, personId])
  if (!rows.length) throw new DomainError('COMPANION_NOT_FOUND')
  return { removed: true }
}

/**
 * Lists and shows companions only for an account that is itself verified, locking its row so one
 * account's companion edits happen one at a time.
 */
async function assertVerified(tx: Queryable, accountId: string): Promise<void> {
  const [row] = await tx.query<{ verified: boolean }>('SELECT verified_at IS NOT NULL AS verified FROM users WHERE id = $1 FOR UPDATE', [accountId])
  if (!row.verified) throw new DomainError('IDENTITY_UNVERIFIED')
}

/** Every link appears in the companion's 谁查看了我的信息, with the account holder (masked) as who. */
async function recordCompanionLink(tx: Queryable, accountId: string, personId: string): Promise<void> {
  await tx.query(
    `INSERT INTO access_log (person_id, official_id, office, action) VALUES ($1, $2, '同行人员', 'companion_link')`, [personId, accountId])
}

// ---- consent of a companion who holds their own account -------------------------------------

/** Links other accounts made to the person the caller holds: each waits for (or has) consent. */
export async function companionRequests(deps: Deps, accountId: string): Promise<{ requests: CompanionRequestView[] }> {
  const rows = await deps.db.query<{ account_id: string; name_enc: string | null; relation: Relation; created_at: Date; accepted_at: Date | null }>(
    `SELECT c.account_id, ap.name_enc, c.relation, c.created_at, c.accepted_at
     FROM companions c JOIN users a ON a.id = c.account_id LEFT JOIN persons ap ON ap.id = a.person_id
     WHERE c.person_id = ${HELD_PERSON_SQL}
     ORDER BY c.accepted_at IS NOT NULL, c.created_at DESC, c.account_id`, [accountId])
  return {
    requests: rows.map((r) => ({
      requestId: r.account_id,
      fromNameMasked: r.name_enc ? maskName(decrypt(deps.config.dataKeys, r.name_enc)) : '未实名用户',
      relation: r.relation,
      createdAt: toIso(r.created_at),
      accepted: r.accepted_at !== null
    }))
  }
}

/** 同意 puts the link in force; 拒绝 (also after accepting) removes it from the other account's list. */
export async function answerCompanionRequest(deps: Deps, accountId: string, requestId: string, accept: boolean): Promise<{ requests: CompanionRequestView[] }> {
  // The first acceptance is kept (now() outside CASE and coalesce: Citus refuses it there).
  if (accept) {
    await deps.db.query(
      `UPDATE companions SET accepted_at = now(), updated_at = now()
       WHERE account_id = $2 AND person_id = ${HELD_PERSON_SQL} AND accepted_at IS NULL`, [accountId, requestId])
  }
  const done = accept
    ? await deps.db.query(`SELECT person_id FROM companions WHERE account_id = $2 AND person_id = ${HELD_PERSON_SQL}`, [accountId, requestId])
    : await deps.db.query(`DELETE FROM companions WHERE account_id = $2 AND person_id = ${HELD_PERSON_SQL} RETURNING person_id`, [accountId, requestId])
  if (!done.length) throw new DomainError('COMPANION_REQUEST_NOT_FOUND')
  return companionRequests(deps, accountId)
}
