/**
 * The quick rows, on embedded PGlite as a fresh clone's `npm start` runs it: a check-in's cost
 * in units of one database round trip (`SELECT 1` on the same connection), a repeated scan
 * (idempotency window) against a first scan, the database round trips of one check-in for the
 * holder alone and for a holder with 10 companions (it must not grow with the group), the
 * group's time against one person's, and the WeChat main package against its 2 MiB limit.
 */
import fs from 'fs'
import path from 'path'
import { idCardCheckChar } from '../src/shared/validators'
import { countRoundTrips } from '../server/db/round-trips'
import { refreshSystemState } from '../server/domain/wind-down'
import { createTestStack } from '../tests/support/stack'

const WECHAT_MAIN_PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024

async function timeEach(n: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) await op(i)
  return Number(process.hrtime.bigint() - start) / 1e6 / n
}

function dirBytes(dir: string): number {
  if (!fs.existsSync(dir)) return NaN
  let total = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    total += entry.isDirectory() ? dirBytes(p) : fs.statSync(p).size
  }
  return total
}

export interface PgliteBench { rounds: number; rows: Array<[string, string]>; tripsOne: number; tripsEleven: number }

export async function benchPglite(rounds: number): Promise<PgliteBench> {
  const stack = await createTestStack()
  try {
    const admin = await stack.login('venue_admin')
    const citizen = await stack.login('citizen')
    const urls: string[] = []
    for (let i = 0; i < rounds; i++) {
      const res = await stack.act('generateCode', 'apply', {
        townCode: '370102004', address: `泉城路${i + 1}号`, type: 'restaurant',
        name: `基准测试餐馆${i + 1}`, creditCode: '91350100M000100Y43',
        adminName: '李四', adminMobile: '13800000000'
      }, admin)
      if (!res.ok) throw new Error(`generateCode: ${res.code} ${JSON.stringify(res.fields)}`)
      urls.push(res.data.code.url)
    }

    const baseline = await timeEach(rounds, () => stack.db.query('SELECT 1'))
    const firstScan = await timeEach(rounds, (i) => stack.call('checkIn', { code: urls[i] }, citizen))
    const repeatScan = await timeEach(rounds, (i) => stack.call('checkIn', { code: urls[i] }, citizen))
    // A family of 11: the group check-in's round trips must not grow with the group.
    const family = await stack.login('citizen_yellow')
    const companionIds: string[] = []
    for (let i = 0; i < 10; i++) {
      const body = `370102201501${String(i + 1).padStart(2, '0')}000`
      const res = await stack.act('people', 'addCompanion', { name: `钱${'一二三四五六七八九十'[i]}`, idCard: body + idCardCheckChar(body), relation: 'child' }, family)
      if (!res.ok) throw new Error(`addCompanion: ${res.code} ${JSON.stringify(res.fields)}`)
      companionIds.push(res.data.companion.personId)
    }
    // The deployment's phase (停用) is read once per 5 s per process, not per scan: not counted as the scan's.
    await refreshSystemState({ db: stack.db, config: stack.config })
    const counter = countRoundTrips(stack.db)
    await stack.call('checkIn', { code: urls[0], companionIds: [] }, family)
    const tripsOne = counter.count
    counter.reset()
    await stack.call('checkIn', { code: urls[1], companionIds }, family)
    const tripsEleven = counter.count
    counter.restore()
    const groupScan = await timeEach(rounds - 2, (i) => stack.call('checkIn', { code: urls[i + 2], companionIds }, family))
    const weappBytes = dirBytes(path.resolve(__dirname, '../dist/weapp'))
    return {
      rounds,
      tripsOne,
      tripsEleven,
      rows: [
        ['baseline: SELECT 1 (ms/op)', baseline.toFixed(3)],
        ['checkIn, first scan / baseline', (firstScan / baseline).toFixed(1) + '×'],
        ['checkIn, repeat scan / first scan', (repeatScan / firstScan).toFixed(2) + '×'],
        ['checkIn round trips, 1 person (with the session look-up)', String(tripsOne)],
        ['checkIn round trips, 11 people (holder + 10)', String(tripsEleven)],
        ['checkIn, 11 people / 1 person (first scans)', (groupScan / firstScan).toFixed(2) + '×'],
        ['dist/weapp bytes / 2 MiB main-package limit', Number.isNaN(weappBytes) ? '未构建 (npm run build:weapp)' : (weappBytes / WECHAT_MAIN_PACKAGE_LIMIT_BYTES).toFixed(3)]
      ]
    }
  } finally {
    await stack.close()
  }
}
