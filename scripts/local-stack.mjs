#!/usr/bin/env node
// The local stack: the cloud functions under functions-framework (tcb-ff) on an internal port,
// and one public port that serves the H5 build and passes /api/* through our gateway
// (server/http/gateway.ts) to them. Keys are generated once and kept in .data/keys.json, so codes
// printed yesterday still scan today. Unexpected errors (tagged JSON lines with a request id)
// go to standard error and to $LOG_DIR/errors.log. The functions process also runs the scheduled
// jobs (JOBS=1: alert delivery, the nightly purge) that WeChat's timer triggers run in production.
//
// Environment: PORT (8080), HOST (127.0.0.1), DATA_DIR (.data/pglite), KEYS_FILE (.data/keys.json),
// LOG_DIR (.data/logs), PUBLIC_BASE_URL (http://127.0.0.1:$PORT), PREVIOUS_PUBLIC_BASE_URLS,
// H5_DIR (dist/h5), DATABASE_URL (use a PostgreSQL server instead of PGlite), DATABASE_SCHEMA,
// ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY, ALIPAY_PUBLIC_KEY, ALIPAY_GATEWAY (Alipay sign-in and 身份验证:
// off unless given, and then passed to the functions as they are; http gateways are allowed here),
// WECHAT_APP_ID, WECHAT_APP_SECRET, WECHAT_API_BASE (WeChat 人脸核身, likewise).
// Overload (README 过载保护): API_MAX_IN_FLIGHT (requests in the functions at once, default twice the
// database pool), API_QUEUE_LENGTH (waiting beyond that, default 8 × API_MAX_IN_FLIGHT),
// API_QUEUE_WAIT_MS (500); the rest is refused at once with SYSTEM_BUSY. Logs: LOG_MAX_MB (10) and
// LOG_FILES (2) per log file; ACCESS_LOG_SAMPLE (0: functions-framework's access log off; N: one
// request in N).
import { spawn } from 'child_process'
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'fs'
import { createRequire } from 'module'
import http from 'http'
import net from 'net'
import { dirname, extname, join, normalize, resolve, sep } from 'path'
import { fileURLToPath } from 'url'
import { ensureKeys, keyEnv } from './local-keys.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const env = process.env
const PORT = Number(env.PORT || 8080)
const HOST = env.HOST || '127.0.0.1'
const h5Dir = resolve(root, env.H5_DIR || 'dist/h5')
const dataDir = env.DATA_DIR === ':memory:' ? ':memory:' : resolve(root, env.DATA_DIR || '.data/pglite')
const keysFile = resolve(root, env.KEYS_FILE || '.data/keys.json')
const logDir = resolve(root, env.LOG_DIR || '.data/logs')
const publicBaseUrl = env.PUBLIC_BASE_URL || `http://127.0.0.1:${PORT}`
// The functions tcb-ff is told to serve; a test keeps this file in step with src/shared/api.ts.
const FUNCTION_NAMES = JSON.parse(readFileSync(join(root, 'cloudbase-functions.json'), 'utf8')).functions.map((f) => f.name)

function die(message) {
  console.error(`场所码本地环境无法启动：${message}`)
  process.exit(1)
}

if (!Number.isInteger(PORT) || PORT <= 0 || PORT > 65535) die(`端口 PORT=${env.PORT} 无效`)
if (!existsSync(join(h5Dir, 'index.html'))) {
  die(`未找到 H5 构建产物 ${join(h5Dir, 'index.html')}。请先运行 npm run build:h5，或用 npm start 一次完成构建和启动。`)
}
const unbuilt = FUNCTION_NAMES.filter((n) => !existsSync(join(root, 'cloudfunctions', n, 'index.js')))
const runtimeBundle = join(root, 'dist/server/http.cjs')
if (!existsSync(runtimeBundle)) unbuilt.push('dist/server/http.cjs')
if (unbuilt.length) die(`云函数尚未打包（${unbuilt.join(', ')}）。请先运行 npm run build:cloud。`)
const {
  createApiGateway, admissionFor, checkAdmissionOptions, createRotatingLog, injectCodeBases, codeLinkBasesFrom, alipayConfigFrom,
  wechatConfigFrom, identityProvidersLine, ERROR_LOG_TAG, OVERLOAD_LOG_TAG
} = createRequire(import.meta.url)(runtimeBundle)

/** A whole number from the environment, or the default; anything else stops the start with its name. */
function wholeEnv(name, fallback, min) {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min) die(`${name}=${raw} 无效，应为不小于 ${min} 的整数`)
  return n
}
// The pool of server/db/pg.ts (PGlite answers one query at a time whatever the number).
const DATABASE_POOL_SIZE = 10
const defaults = admissionFor(DATABASE_POOL_SIZE)
const maxInFlight = wholeEnv('API_MAX_IN_FLIGHT', defaults.maxInFlight, 1)
const admission = {
  maxInFlight,
  maxQueued: wholeEnv('API_QUEUE_LENGTH', env.API_MAX_IN_FLIGHT ? 8 * maxInFlight : defaults.maxQueued, 0),
  queueWaitMs: wholeEnv('API_QUEUE_WAIT_MS', defaults.queueWaitMs, 1)
}
try { checkAdmissionOptions(admission) } catch (err) { die(err.message) }
// functions-framework refuses (429) past its own limit, 1,000 by default: well above ours, so only we refuse.
const FRAMEWORK_CONCURRENCY_LIMIT = 4 * maxInFlight + 100
const logLimits = { maxBytes: wholeEnv('LOG_MAX_MB', 10, 1) * 1024 * 1024, files: wholeEnv('LOG_FILES', 2, 1) }
const accessLogSample = wholeEnv('ACCESS_LOG_SAMPLE', 0, 0)

// The same bases the functions accept (server/config.ts), for the H5 page to check against.
let codeLinkBases
try {
  codeLinkBases = codeLinkBasesFrom(publicBaseUrl, env.PREVIOUS_PUBLIC_BASE_URLS, true)
} catch (err) {
  die(err.message)
}
// Half-set Alipay or WeChat variables stop every function at load: say so now, not after a 120 s wait.
let alipay
let wechat
try {
  alipay = alipayConfigFrom(env, true)
  wechat = wechatConfigFrom(env, true)
} catch (err) {
  die(err.message)
}

/** Keys are made once per data directory's owner and reused, like a real deployment's secrets. */
function loadKeys() {
  try {
    return ensureKeys(keysFile)
  } catch (err) {
    die(`密钥文件 ${keysFile} 无法读取（${err.message}）。如确认不再需要旧数据，可删除该文件后重试。`)
  }
}

/** host/database of a connection string, never its password. */
function describeDatabaseUrl(url) {
  try {
    const u = new URL(url)
    return `${u.hostname}${u.port ? ':' + u.port : ''}${u.pathname}${env.DATABASE_SCHEMA ? `（schema ${env.DATABASE_SCHEMA}）` : ''}`
  } catch {
    return '（DATABASE_URL）'
  }
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = net.createServer()
    srv.on('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => res(port))
    })
  })
}

function postJson(port, path, body) {
  return new Promise((res, rej) => {
    const data = Buffer.from(JSON.stringify(body))
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': data.length } }, (r) => {
      const chunks = []
      r.on('data', (c) => chunks.push(c))
      r.on('end', () => {
        try { res(JSON.parse(Buffer.concat(chunks).toString('utf8'))) } catch (err) { rej(err) }
      })
    })
    req.on('error', rej)
    req.end(data)
  })
}

const keys = loadKeys()
const internalPort = await freePort()
mkdirSync(logDir, { recursive: true })
const errorLog = join(logDir, 'errors.log')
const notificationLog = join(logDir, 'notifications.log')
const writeErrorLog = createRotatingLog(errorLog, logLimits)
/**
 * Unexpected errors, and the count of refusals every 10 s under overload: on this terminal and in
 * a file a user's report can be matched against, rotated so that a surge cannot fill the disk.
 */
function logError(line) {
  process.stderr.write(line)
  try { writeErrorLog(line) } catch { /* the terminal still has it */ }
}
const childEnv = {
  ...env,
  LOCAL_STACK: '1',
  DEMO_LOGIN: '1',
  DATA_DIR: dataDir,
  ...keyEnv(keys),
  PUBLIC_BASE_URL: publicBaseUrl,
  // No WeChat timer triggers here: the functions process runs the scheduled jobs (server/jobs).
  JOBS: '1',
  // The local notification channel: functions-framework drops the functions' standard output.
  NOTIFICATION_LOG_FILE: notificationLog,
  // 停用's scheduled destruction (server/domain/wind-down.ts) destroys this key file's data keys and empties these logs.
  KEYS_FILE: keysFile,
  LOG_DIR: logDir,
  // Read by scripts/tcb-ff-access-log.cjs inside functions-framework.
  ACCESS_LOG_SAMPLE: String(accessLogSample)
}
// The key file decides the data keys; a single key left in the shell must not contradict it.
delete childEnv.DATA_ENCRYPTION_KEY
// tcb-ff reads PORT itself; the public port belongs to the front server here.
delete childEnv.PORT

let frameworkOutput = ''
const framework = spawn(process.execPath, [
  // Its access log off, or one request in ACCESS_LOG_SAMPLE.
  '--require', join(root, 'scripts/tcb-ff-access-log.cjs'),
  join(root, 'node_modules/@cloudbase/functions-framework/bin/tcb-ff.js'),
  '--port', String(internalPort),
  '--functionsConfigFile', join(root, 'cloudbase-functions.json'),
  '--logDirname', logDir,
  // Rotated by functions-framework itself, within the same bounds as errors.log.
  `--maxLogFileSize=${logLimits.maxBytes}`,
  `--maxLogFiles=${logLimits.files}`,
  `--concurrencyLimit=${FRAMEWORK_CONCURRENCY_LIMIT}`,
  // Request bodies carry personal data (names, phone numbers): keep them out of the logs.
  '--logEventContext=false',
  '--captureStack=false'
], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
// Kept, not printed: tcb-ff announces its internal port, which is not the address to open.
// Our functions' unexpected-error lines are the exception: those are logged.
const keep = (chunk) => { frameworkOutput = (frameworkOutput + chunk.toString()).slice(-20000) }
framework.stdout.on('data', keep)
let pendingErr = ''
framework.stderr.on('data', (chunk) => {
  keep(chunk)
  const lines = (pendingErr + chunk.toString()).split('\n')
  pendingErr = lines.pop()
  for (const line of lines) {
    if (line.includes(`"tag":"${ERROR_LOG_TAG}"`) || line.includes(`"tag":"${OVERLOAD_LOG_TAG}"`)) logError(line + '\n')
  }
})

let stopping = false
framework.on('exit', (code, signal) => {
  if (stopping) return process.exit(0)
  console.error(`云函数服务意外退出（${signal || code}）。最近的输出：\n${frameworkOutput}`)
  process.exit(1)
})

/** First call opens the database, applies migrations and seeds the demo accounts. */
async function waitForFunctions() {
  const deadline = Date.now() + 120000
  let lastError = ''
  while (Date.now() < deadline) {
    try {
      const res = await postJson(internalPort, '/api/listDemoAccounts', {})
      if (res.ok) return res.data
      // 停用 (issue 20) has ended this deployment: it starts to show the deletion receipt, with no demo accounts.
      if (res.code === 'SYSTEM_ENDED') return { accounts: [], receipt: res.receipt }
      lastError = `${res.code} ${res.message}`
    } catch (err) {
      lastError = err.message
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error(`云函数服务在 120 秒内未就绪（${lastError}）。最近的输出：\n${frameworkOutput}`)
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2',
  '.ttf': 'font/ttf', '.map': 'application/json; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.webp': 'image/webp',
  '.wav': 'audio/wav'
}

const gateway = createApiGateway({ upstreamPort: internalPort, functionNames: FUNCTION_NAMES, log: logError, admission })

/** Files of the H5 build; any other path gets index.html, because the H5 router uses browser history. */
function serveStatic(req, res) {
  let pathname
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname)
  } catch {
    res.writeHead(400).end()
    return
  }
  const file = normalize(join(h5Dir, pathname))
  let target = join(h5Dir, 'index.html')
  if (file.startsWith(h5Dir + sep) && existsSync(file) && statSync(file).isFile()) target = file
  const isIndex = target === join(h5Dir, 'index.html')
  res.writeHead(200, {
    'content-type': MIME[extname(target).toLowerCase()] || 'application/octet-stream',
    // index.html names the hashed bundles of the current build: never cache it.
    'cache-control': isIndex ? 'no-cache' : 'public, max-age=300'
  })
  if (req.method === 'HEAD') return res.end()
  // The page learns which link bases are ours from the server that serves it.
  if (isIndex) return res.end(injectCodeBases(readFileSync(target, 'utf8'), codeLinkBases))
  createReadStream(target).pipe(res)
}

const server = http.createServer((req, res) => {
  if (req.url === '/api' || req.url.startsWith('/api/') || req.url.startsWith('/api?')) return gateway(req, res)
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end()
    return
  }
  serveStatic(req, res)
})

function stop() {
  if (stopping) return
  stopping = true
  // The refusals counted since the last line: written now, not lost with the process.
  gateway.flush()
  server.close()
  framework.kill('SIGTERM')
  setTimeout(() => framework.kill('SIGKILL'), 5000).unref()
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

let demo
try {
  demo = await waitForFunctions()
} catch (err) {
  stopping = true
  framework.kill('SIGKILL')
  die(err.message)
}
server.on('error', (err) => {
  stop()
  die(err.code === 'EADDRINUSE' ? `端口 ${PORT} 已被占用，请用 PORT=其他端口 重新启动` : err.message)
})
server.listen(PORT, HOST, () => {
  const shown = HOST === '0.0.0.0' || HOST === '::' ? '127.0.0.1' : HOST
  const lines = [
    `场所码本地环境已启动: http://${shown}:${PORT}`,
    ...(demo.receipt
      ? [`本系统已停用：个人信息和扫码记录已于 ${demo.receipt.destroyedAt} 销毁，打开小程序显示销毁回执`]
      : ['演示账号（打开首页，在“演示账号”中点击即可登录）：']),
    ...demo.accounts.map((a) => `  ${a.label.padEnd(8, '　')} ${a.nameMasked}  (${a.id})`),
    env.DATABASE_URL ? `数据库: PostgreSQL ${describeDatabaseUrl(env.DATABASE_URL)}` : `数据库: 内嵌 PGlite，数据目录 ${dataDir}`,
    `错误日志: ${errorLog}（每个文件最多 ${logLimits.maxBytes / 1024 / 1024} MB，保留 ${logLimits.files} 个）`,
    `过载保护: 同时处理 ${admission.maxInFlight} 个请求，最多排队 ${admission.maxQueued} 个、等待 ${admission.queueWaitMs} 毫秒，其余立即答复“系统繁忙”`,
    accessLogSample ? `访问日志: 每 ${accessLogSample} 个请求记录 1 个（${logDir}）` : '访问日志: 关闭（设置 ACCESS_LOG_SAMPLE=1 开启）',
    '定时任务: 已在云函数进程中启动（异常提醒每分钟投递一次、新提醒立即投递，过期数据每天 03:00 清理；每小时：超时的变更申请失效、公布审计链头、停用期满时销毁）',
    `提醒通知: ${notificationLog}`,
    `场所码链接前缀: ${codeLinkBases.join("，")}`,
    alipay ? `支付宝登录: 已开通（应用 ${alipay.appId}，网关 ${alipay.gateway}）` : '支付宝登录: 未开通（设置 ALIPAY_APP_ID、ALIPAY_PRIVATE_KEY、ALIPAY_PUBLIC_KEY 后开通）',
    // The local stack always turns demo sign-in on (DEMO_LOGIN=1 below), and with it the demo check.
    identityProvidersLine({ wechat, alipay, demo: true }),
    '按 Ctrl-C 停止'
  ]
  console.log(lines.join('\n'))
})
