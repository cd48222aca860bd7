/**
 * A health office's status file of BENCH_IMPORT_ROWS lines (default 100,000, all new people: the
 * heaviest case, as every person is created too), against the floor of the same database work
 * measured in the same run: writing as many rows with bulk INSERTs of the same chunk size into a
 * scratch table with no checks, no encryption and no history. The file is a proposal (issue 20):
 * its approval by a second official, which applies every line, is timed separately.
 */
import { STATUS_IMPORT_COLUMNS } from '../src/shared/api'
import { idCardCheckChar } from '../src/shared/validators'
import { decideProposal } from '../server/domain/proposals'
import { importStatusCsv } from '../server/domain/status-import'
import type { TestStack } from '../tests/support/stack'

const ROWS = Number(process.env.BENCH_IMPORT_ROWS || 100_000)
const CHUNK = 5000

/** Distinct valid ID numbers of 济南市市中区 (birth day and sequence from the line number). */
function idCard(n: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 20000) * 86400_000).toISOString().slice(0, 10).replace(/-/g, '')
  const body = `370103${birth}${String(200 + Math.floor(n / 20000)).padStart(3, '0')}`
  return body + idCardCheckChar(body)
}

const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许'
const STATUSES = ['黄码', '红码', '绿码']

async function seconds(op: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint()
  await op()
  return Number(process.hrtime.bigint() - start) / 1e9
}

export async function benchStatusImport(stack: TestStack, officialToken: string): Promise<Array<[string, string]>> {
  const userId = await stack.userIdOf(officialToken)
  const lines = [STATUS_IMPORT_COLUMNS.join(',')]
  for (let i = 0; i < ROWS; i++) lines.push(`${idCard(i)},${SURNAMES[i % SURNAMES.length]}某某,${STATUSES[i % 3]},密接人员，居家健康监测`)
  const csv = lines.join('\r\n') + '\r\n'
  const deps = { db: stack.db, config: stack.config }

  // The floor: the same number of rows, bulk-inserted in the same chunks, nothing else.
  await stack.db.query('CREATE TABLE bench_import_floor (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), id_card text, name text, status text, reason text)')
  const floor = await seconds(() => stack.db.transaction(async (tx) => {
    for (let i = 0; i < ROWS; i += CHUNK) {
      const part = lines.slice(1 + i, 1 + Math.min(ROWS, i + CHUNK)).map((l) => l.split(','))
      await tx.query('INSERT INTO bench_import_floor (id_card, name, status, reason) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])',
        [0, 1, 2, 3].map((c) => part.map((cells) => cells[c])))
    }
  }))
  await stack.db.query('DROP TABLE bench_import_floor')

  let proposalId: string | null = null
  const took = await seconds(async () => {
    const result = await importStatusCsv(deps, userId, 'bench.csv', csv)
    if (!result.applied || !result.proposal) throw new Error('the benchmark file was refused')
    proposalId = result.proposal.proposalId
  })
  // The file takes effect when a second official approves it (two-person rule): that is timed too.
  const reviewerId = await stack.userIdOf(await stack.login('official_reviewer'))
  const approval = await seconds(() => decideProposal(deps, reviewerId, { proposalId: proposalId!, approve: true, reason: '名单已核对' }))
  return [
    [`status import: ${ROWS.toLocaleString('en')} lines, ${(Buffer.byteLength(csv) / 1e6).toFixed(1)} MB, proposed (s)`, took.toFixed(1)],
    [`status import: approved by a second official, ${ROWS.toLocaleString('en')} lines applied (s)`, approval.toFixed(1)],
    ['baseline: bulk INSERT of as many rows, no checks (s)', floor.toFixed(2)],
    ['status import / baseline', (took / floor).toFixed(1) + '×']
  ]
}
