import { appendFileSync, existsSync, renameSync, rmSync, statSync } from 'fs'

/**
 * A log file that cannot fill the disk: past `maxBytes` it becomes `<file>.1` (the older `.1`
 * becomes `.2`, and so on) and a new one starts; beyond `files` files in all, the oldest goes.
 * Written synchronously, line by line: the local stack writes a line per unexpected error and one
 * per interval of refusals, so a line is never lost to a crash that follows it.
 */
export interface RotatingLogOptions {
  /** Size at which the file is rotated (default 10 MB). */
  maxBytes?: number
  /** Files kept, the current one included (default 2). */
  files?: number
}

export const DEFAULT_LOG_MAX_BYTES = 10 * 1024 * 1024
export const DEFAULT_LOG_FILES = 2

export function createRotatingLog(file: string, options: RotatingLogOptions = {}): (line: string) => void {
  const maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES
  const files = options.files ?? DEFAULT_LOG_FILES
  if (!(Number.isInteger(maxBytes) && maxBytes > 0)) throw new Error(`日志文件大小上限应为正整数（字节），当前为 ${maxBytes}`)
  if (!(Number.isInteger(files) && files >= 1)) throw new Error(`保留的日志文件数应为不小于 1 的整数，当前为 ${files}`)
  let size = existsSync(file) ? statSync(file).size : 0

  const rotate = () => {
    const name = (n: number) => (n === 0 ? file : `${file}.${n}`)
    rmSync(name(files - 1), { force: true })
    for (let n = files - 2; n >= 0; n--) if (existsSync(name(n))) renameSync(name(n), name(n + 1))
    size = 0
  }

  return (line) => {
    const bytes = Buffer.byteLength(line, 'utf8')
    // A file holding anything is rotated before it would pass the limit; one line is never split.
    if (size > 0 && size + bytes > maxBytes) rotate()
    appendFileSync(file, line)
    size += bytes
  }
}
