/** The Alipay IDE needs, for every page in app.json (subpackages too), its template, script and config. */
import fs from 'fs'
import path from 'path'
import { appPages } from '../support/app-pages'

const root = path.resolve(__dirname, '../..')
const distAlipay = path.join(root, 'dist/alipay')

describe('Alipay build (dist/alipay)', () => {
  it('has .axml, .js and .json for every page in app.json', () => {
    const appJsonPath = path.join(distAlipay, 'app.json')
    if (!fs.existsSync(appJsonPath)) throw new Error('dist/alipay is missing: run `npm run build:alipay` first (npm test does it)')
    const app = JSON.parse(fs.readFileSync(appJsonPath, 'utf8'))
    expect(app.pages.length).toBeGreaterThanOrEqual(5)
    const missing: string[] = []
    for (const page of appPages(app)) {
      for (const ext of ['.axml', '.js', '.json']) {
        if (!fs.existsSync(path.join(distAlipay, page + ext))) missing.push(page + ext)
      }
    }
    expect(missing).toEqual([])
  })

  it('is what the root mini.project.json points the Alipay IDE at', () => {
    const conf = JSON.parse(fs.readFileSync(path.join(root, 'mini.project.json'), 'utf8'))
    expect(conf.format).toBe(2)
    expect(path.resolve(root, conf.miniprogramRoot)).toBe(distAlipay)
  })
})
