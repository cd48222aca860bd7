import { STATUS_IMPORT_COLUMNS, type HealthStatus, type ImportProblem, type ProposalView, type StatusImportResult } from '../../src/shared/api'
import { decrypt, encrypt } from '../crypto/personal-data'
import type { Queryable } from '../db'
import type { Deps } from './deps'
import { countyInRegion, officialOf, personsInRegion, type Official } from './officials'
import { idCardHash, idRegionOf } from './people'
import { createPeople as createPeopleRows, personIdsOf } from './person-keys'
import { expireProposals, pendingPersons, proposalView, proposeStatusChanges, type ProposedLine } from './proposals'
import { parseStatusCsv, type StatusLine } from './status-csv'

/** Rows per statement: large enough that 100,000 rows take a few dozen round trips, small enough for any driver. */
const CHUNK = 5000
/**
 * A file of 100,000 bad lines has more problems than anyone reads, and the answer must stay a
 * reasonable size: the first ones are listed, then how many more there are.
 */
export const MAX_REPORTED_PROBLEMS = 1000
/** Deadlocks are possible only in a three-way race creating the same new people; the retry settles it. */
const ATTEMPTS = 3

const FILE = '文件'
const [ID_COL, NAME_COL] = STATUS_IMPORT_COLUMNS

class Refused {
  constructor(readonly problems: ImportProblem[]) {}
}

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK))
  return out
}

const COLUMN_ORDER = [FILE, ...STATUS_IMPORT_COLUMNS] as string[]

/** Problems in file order (line, then column), at most MAX_REPORTED_PROBLEMS and a count of the rest. */
export function reportProblems(problems: ImportProblem[]): ImportProblem[] {
  const sorted = [...problems].sort((a, b) => a.line - b.line || COLUMN_ORDER.indexOf(a.field) - COLUMN_ORDER.indexOf(b.field))
  if (sorted.length <= MAX_REPORTED_PROBLEMS) return sorted
  const rest = sorted.length - MAX_REPORTED_PROBLEMS
  return [...sorted.slice(0, MAX_REPORTED_PROBLEMS),
    { line: sorted[MAX_REPORTED_PROBLEMS].line, field: FILE, problem: `从这一行起还有${rest}处问题未列出，请先修改以上问题后重新导入` }]
}

interface Known { id: string; name_enc: string; id_region: string | null }

/** The people of the file who already exist, by ID hash. */
async function findPeople(tx: Queryable, hashes: string[]): Promise<Map<string, Known>> {
  const found = new Map<string, Known>()
  for (const part of chunks(hashes)) {
    const ids = await personIdsOf(tx, part)
    const rows = await tx.query<Known & { id_card_hash: string }>(
      'SELECT id, id_card_hash, name_enc, id_region FROM persons WHERE id = ANY($1::uuid[])', [[...ids.values()]])
    for (const r of rows) found.set(r.id_card_hash, r)
  }
  return found
}

/**
 * Locks people for their status change, always in id order: two imports touching the same
 * people wait for each other instead of deadlocking, and each records the other's result as the
 * old status.
 */
async function lockPeople(tx: Queryable, ids: string[]): Promise<void> {
  // One row lock per person, in id order (csm_lock_persons, as a group check-in takes them).
  for (const part of chunks([...ids].sort())) await tx.query('SELECT csm_lock_persons($1::uuid[])', [part])
}

/** Name on record and region, for lines whose person exists: the problems, if any. */
async function checkKnown(deps: Deps, tx: Queryable, official: Official, known: Array<{ line: StatusLine; person: Known }>): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = []
  // Recorded before the county was stored (migration 005): the scope check needs it.
  const legacy = known.filter((k) => !k.person.id_region)
  for (const part of chunks(legacy)) {
    await tx.query('UPDATE persons p SET id_region = t.r FROM unnest($1::uuid[], $2::text[]) AS t(id, r) WHERE p.id = t.id',
      [part.map((k) => k.person.id), part.map((k) => idRegionOf(k.line.idCard))])
  }
  for (const part of chunks(known)) {
    const inScope = await personsInRegion(tx, part.map((k) => k.person.id), official.regionCode, deps.config.rules.entryRetentionDays)
    for (const { line, person } of part) {
      if (line.name !== null && decrypt(deps.config.dataKeys, person.name_enc) !== line.name) {
        problems.push({ line: line.line, field: NAME_COL, problem: '与该身份证号码已登记的姓名不一致' })
      }
      if (!inScope.has(person.id)) {
        problems.push({ line: line.line, field: ID_COL, problem: `此人不在您的辖区（${official.regionName}）内，请交由其户籍地或到访地的疫情防控部门处理` })
      }
    }
  }
  return problems
}

/**
 * Creates the people of the file nobody has recorded yet, in ID-hash order (so two imports
 * creating the same people wait for each other in one order). Returns the people someone else
 * created meanwhile, which still need the checks of known people.
 */
async function createPeople(deps: Deps, tx: Queryable, fresh: Array<{ line: StatusLine; hash: string }>): Promise<Map<string, string>> {
  const k = deps.config.dataKeys
  const ids = new Map<string, string>()
  const sorted = [...fresh].sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0))
  for (const part of chunks(sorted)) {
    const made = await createPeopleRows(tx, part.map((f) => ({
      hash: f.hash, idCardEnc: encrypt(k, f.line.idCard), nameEnc: encrypt(k, f.line.name!), idRegion: idRegionOf(f.line.idCard)
    })))
    for (const [hash, id] of made) ids.set(hash, id)
  }
  return ids
}

/**
 * Checks every line against the database and, when neither those checks nor the file's own
 * (`fileProblems`) found anything, proposes them all as one proposal (two-person rule): nothing
 * changes until a second official approves it. A refusal throws, so the transaction rolls
 * back whatever the checks touched.
 */
async function apply(deps: Deps, tx: Queryable, official: Official, fileName: string, lines: StatusLine[],
  fileProblems: ImportProblem[]): Promise<{ changed: number; proposal: ProposalView | null }> {
  const hashes = lines.map((l) => idCardHash(deps, l.idCard))
  let known = await findPeople(tx, hashes)
  await lockPeople(tx, [...known.values()].map((p) => p.id))
  const problems = await checkKnown(deps, tx, official, lines.flatMap((line, i) => {
    const person = known.get(hashes[i])
    return person ? [{ line, person }] : []
  }))
  const fresh = lines.flatMap((line, i) => (known.has(hashes[i]) ? [] : [{ line, hash: hashes[i] }]))
  for (const { line } of fresh) {
    if (!countyInRegion(idRegionOf(line.idCard), official.regionCode)) {
      problems.push({ line: line.line, field: ID_COL, problem: `此人尚未登记，且身份证号码所属地区不在您的辖区（${official.regionName}）内` })
    }
  }
  if (problems.length || fileProblems.length) throw new Refused([...fileProblems, ...problems])

  const created = await createPeople(deps, tx, fresh)
  const raced = fresh.filter((f) => !created.has(f.hash))
  if (raced.length) {
    // Recorded by someone else between our look-up and our insert: checked like any known person.
    const more = await findPeople(tx, raced.map((f) => f.hash))
    await lockPeople(tx, [...more.values()].map((p) => p.id))
    const late = await checkKnown(deps, tx, official, raced.map((f) => ({ line: f.line, person: more.get(f.hash)! })))
    if (late.length) throw new Refused(late)
    known = new Map([...known, ...more])
  }
  const personIdOf = (i: number) => known.get(hashes[i])?.id ?? created.get(hashes[i])!

  // Two-person rule: a person with a change waiting for review is refused, like any bad line.
  const pending = await pendingPersons(tx, lines.map((_, i) => personIdOf(i)))
  const held = lines.flatMap((line, i) => (pending.has(personIdOf(i))
    ? [{ line: line.line, field: ID_COL, problem: '此人已有一项待复核的健康码变更，请等复核或失效后再导入' }] : []))
  if (held.length) throw new Refused(held)

  // Only lines that would change the status are proposed (no record counts as green).
  const proposed: ProposedLine[] = []
  for (const part of chunks(lines.map((_, i) => i))) {
    const current = new Map((await tx.query<{ person_id: string; status: HealthStatus }>(
      'SELECT person_id, status FROM health_status WHERE person_id = ANY($1::uuid[])', [part.map(personIdOf)])).map((r) => [r.person_id, r.status]))
    for (const i of part) {
      const from = current.get(personIdOf(i)) ?? null
      const to = lines[i].status as HealthStatus
      if ((from ?? 'green') !== to) proposed.push({ personId: personIdOf(i), fromStatus: from, toStatus: to, reason: lines[i].reason })
    }
  }
  if (!proposed.length) return { changed: 0, proposal: null }
  const proposalId = await proposeStatusChanges(deps, tx, official, { source: 'import', reason: fileName, lines: proposed })
  return { changed: proposed.length, proposal: await proposalView(deps, tx, official, proposalId) }
}

/**
 * A status file (csv-parse, BOM allowed): every line valid and in scope, or nothing changes and
 * every problem is reported with its line and column. A good file becomes one proposal, written in
 * one transaction in bulk statements of CHUNK rows.
 */
export async function importStatusCsv(deps: Deps, userId: string, rawFileName: string, csv: string): Promise<StatusImportResult> {
  const official = await officialOf(deps.db, userId)
  // The proposal's reason as the reviewer and the people read it.
  const fileName = rawFileName.trim() || '健康码状态文件'
  // A proposal past its time no longer holds its people.
  await expireProposals(deps)
  const parsed = parseStatusCsv(csv)
  const refuse = (problems: ImportProblem[]): StatusImportResult => ({ applied: false, rows: parsed.rows, problems: reportProblems(problems) })
  if (!parsed.lines.length) return refuse(parsed.problems)
  for (let attempt = 1; ; attempt++) {
    try {
      // The database checks run even when the file already has problems, so the report is whole.
      const { changed, proposal } = await deps.db.transaction((tx) => apply(deps, tx, official, fileName, parsed.lines, parsed.problems))
      return { applied: true, rows: parsed.rows, changed, proposal }
    } catch (err) {
      if (err instanceof Refused) return refuse(err.problems)
      if ((err as { code?: string }).code === '40P01' && attempt < ATTEMPTS) continue
      throw err
    }
  }
}
