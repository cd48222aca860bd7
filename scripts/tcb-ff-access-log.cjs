// Loaded into functions-framework (node --require) by the local stack, before it builds its
// server. tcb-ff writes an access-log line of about 760 bytes for every request, with no switch to
// turn it off: in 8 minutes of a surge that was 216 MB and a share of the CPU the scans needed.
// Here its access-log middleware runs for one request in ACCESS_LOG_SAMPLE (0, the default: none;
// 1: every request; 100: one in a hundred); the files themselves are bounded by tcb-ff's own
// rotation (--maxLogFileSize, --maxLogFiles). The gateway's own lines (errors, refusal counts)
// are not affected.
const path = require('path')

const sample = Number(process.env.ACCESS_LOG_SAMPLE || 0)
// The package's exports do not name the middleware; its file sits beside the entry point.
const accessLog = require(path.join(path.dirname(require.resolve('@cloudbase/functions-framework')), 'middlewares/accesslog.js'))
const original = accessLog.accessLogMiddleware
if (typeof original !== 'function') throw new Error('functions-framework 的访问日志中间件已改名，请更新 scripts/tcb-ff-access-log.cjs')
accessLog.accessLogMiddleware = (option) => {
  const write = original(option)
  let n = 0
  return (ctx, next) => (sample > 0 && ++n % sample === 0 ? write(ctx, next) : next())
}
