/** Copy that read wrong (issue 17, observation 12), kept out of every page and the README. */
import { readdirSync, readFileSync, statSync } from 'fs'
import { join } from 'path'

const ROOT = join(__dirname, '..', '..')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : /\.(tsx?|md)$/.test(name) ? [path] : []
  })
}

test('扫一扫 is never followed by 扫描 or 扫 (扫一扫扫描场所码)', () => {
  const offending = [...files(join(ROOT, 'src')), join(ROOT, 'README.md')]
    .filter((path) => /扫一扫[”"」]?扫/.test(readFileSync(path, 'utf8')))
    .map((path) => path.slice(ROOT.length + 1))
  expect(offending).toEqual([])
})
