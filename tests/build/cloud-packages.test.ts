/**
 * Each WeChat cloud function is uploaded on its own as a zip of at most 50 MB: its folder, and
 * with 全量上传 also the dependencies its package.json names and everything they pull in.
 * Measured here as the deflated size of every file, which is what a zip holds.
 */
import fs from 'fs'
import path from 'path'
import zlib from 'zlib'

const root = path.resolve(__dirname, '../..')
const functionsDir = path.join(root, 'cloudfunctions')
const LIMIT_BYTES = 50 * 1024 * 1024

/** Deflated bytes of every file under dir. */
function dirBytes(dir: string, skip: (name: string) => boolean = () => false): number {
  let total = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skip(entry.name)) continue
    const p = path.join(dir, entry.name)
    total += entry.isDirectory() ? dirBytes(p) : entry.isFile() ? zlib.deflateRawSync(fs.readFileSync(p)).length : 0
  }
  return total
}

/** Packages are shared by every function: each is deflated once. */
const packageBytes = new Map<string, number>()

/** A package's installed size with all its dependencies, each counted once, from the repository's node_modules. */
function closureBytes(names: string[], seen = new Set<string>()): number {
  let total = 0
  for (const name of names) {
    if (seen.has(name)) continue
    seen.add(name)
    const dir = path.join(root, 'node_modules', name)
    if (!fs.existsSync(dir)) continue // an optional native part not installed here (pg-native)
    if (!packageBytes.has(dir)) packageBytes.set(dir, dirBytes(dir))
    total += packageBytes.get(dir)!
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
    total += closureBytes(Object.keys(pkg.dependencies ?? {}), seen)
  }
  return total
}

const names = fs.readdirSync(functionsDir).filter((n) => fs.existsSync(path.join(functionsDir, n, 'index.ts'))).sort()

describe('cloud function packages (cloudfunctions/*)', () => {
  it.each(names)('%s: built, and its zip under 50 MB even with every dependency uploaded', (name) => {
    const dir = path.join(functionsDir, name)
    if (!fs.existsSync(path.join(dir, 'index.js'))) throw new Error(`cloudfunctions/${name}/index.js is missing: run \`npm run build:cloud\` first (npm test does it)`)
    const own = dirBytes(dir, (n) => n === 'node_modules' || n === 'index.ts')
    const deps = Object.keys(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies ?? {})
    const total = own + closureBytes(deps)
    console.log(`${name}: ${(own / 1e6).toFixed(1)} MB own + ${((total - own) / 1e6).toFixed(1)} MB dependencies, deflated`)
    expect({ name, mb: Math.round(total / 1e5) / 10, under: total < LIMIT_BYTES }).toEqual({ name, mb: expect.any(Number), under: true })
  })

  it('ships the poster font only with the function that draws posters', () => {
    expect(names.filter((n) => fs.existsSync(path.join(functionsDir, n, 'fonts')))).toEqual(['generateCode'])
  })
})
