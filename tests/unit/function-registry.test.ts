/** The function list is written in three places the tools need; they must name the same set. */
import fs from 'fs'
import path from 'path'
import { FUNCTION_NAMES } from '../../src/shared/api'

const root = path.resolve(__dirname, '../..')

describe('every cloud function is declared, deployable and served', () => {
  const expected = [...FUNCTION_NAMES].sort()

  it('has a WeChat cloud-function folder with entry, package.json and config.json', () => {
    const dirs = fs.readdirSync(path.join(root, 'cloudfunctions'), { withFileTypes: true })
      .filter((d) => d.isDirectory()).map((d) => d.name).sort()
    expect(dirs).toEqual(expected)
    for (const name of dirs) {
      for (const file of ['index.ts', 'package.json', 'config.json']) {
        expect(fs.existsSync(path.join(root, 'cloudfunctions', name, file))).toBe(true)
      }
    }
  })

  it('is served by functions-framework at /api/<name>', () => {
    const conf = JSON.parse(fs.readFileSync(path.join(root, 'cloudbase-functions.json'), 'utf8'))
    const served = conf.functions as Array<{ name: string; directory: string; triggerPath: string }>
    expect(served.map((f) => f.name).sort()).toEqual(expected)
    for (const f of served) {
      expect(f.directory).toBe(f.name)
      expect(f.triggerPath).toBe(`/api/${f.name}`)
    }
  })
})
