/**
 * The WeChat build goes through WeChat's own compiler and code-quality scan, offline.
 * miniprogram-ci asks WeChat's servers for the account's limits (`attr`); the stub gives it
 * the tool's own defaults, which is the only thing that edge provides.
 */
import fs from 'fs'
import path from 'path'
import { appPages } from '../support/app-pages'

// eslint-disable-next-line @typescript-eslint/no-var-requires
const ci = require('miniprogram-ci')
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { DefaultProjectAttr } = require('miniprogram-ci/dist/config/config.js')

const root = path.resolve(__dirname, '../..')
const distWeapp = path.join(root, 'dist/weapp')

describe('WeChat build (dist/weapp)', () => {
  let project: unknown

  beforeAll(() => {
    if (!fs.existsSync(path.join(distWeapp, 'app.json'))) {
      throw new Error('dist/weapp is missing: run `npm run build:weapp` first (npm test does it)')
    }
    const config = JSON.parse(fs.readFileSync(path.join(root, 'project.config.json'), 'utf8'))
    project = new ci.Project({
      appid: config.appid,
      type: 'miniProgram',
      projectPath: root,
      privateKey: 'offline',
      ignores: ['node_modules/**/*', 'cloudfunctions/**/*', 'src/**/*', 'tests/**/*', 'server/**/*', '.data/**/*', 'dist/alipay/**/*', 'dist/h5/**/*'],
      attr: async () => DefaultProjectAttr
    })
  })

  it('compiles every page of app.json (subpackages too) with WeChat\'s compiler', async () => {
    const appJson = JSON.parse(fs.readFileSync(path.join(distWeapp, 'app.json'), 'utf8'))
    const compiled: Record<string, string | Buffer> = await ci.getCompiledResult({
      project,
      setting: { useProjectConfig: true },
      onProgressUpdate: () => undefined
    })
    expect(Object.keys(compiled)).toContain('app.json')
    for (const page of appPages(appJson)) {
      expect(Object.keys(compiled)).toEqual(expect.arrayContaining([`${page}.js`, `${page}.json`, `${page}.wxml`]))
    }
  })

  it('passes every item of the code-quality scan', async () => {
    const items: Array<{ name: string; success: boolean; text: string }> = await ci.checkCodeQuality(project)
    expect(items.length).toBeGreaterThanOrEqual(5)
    const failed = items.filter((i) => !i.success).map((i) => `${i.name}: ${i.text}`)
    expect(failed).toEqual([])
    const names = items.map((i) => i.name)
    expect(names).toEqual(expect.arrayContaining(['JS_COMPRESS_OPEN', 'WXML_COMPRESS_OPEN', 'WXSS_COMPRESS_OPEN', 'LAZYCODE_LOADING_OPEN', 'PACKAGE_SIZE_LIMIT']))
  })
})
