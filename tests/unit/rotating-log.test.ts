/** The local stack's log files: rotated past their size, never more than the files allowed. */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'fs'
import os from 'os'
import path from 'path'
import { createRotatingLog } from '../../server/http/rotating-log'

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'csm-log-'))

test('past its size the file becomes .1 and a new one starts; the oldest goes beyond the files kept', () => {
  const d = dir()
  const file = path.join(d, 'errors.log')
  const write = createRotatingLog(file, { maxBytes: 20, files: 2 })
  write('aaaaaaaaa\n')
  write('bbbbbbbbb\n')
  expect(readFileSync(file, 'utf8')).toBe('aaaaaaaaa\nbbbbbbbbb\n')
  write('ccccccccc\n')
  expect(readFileSync(file, 'utf8')).toBe('ccccccccc\n')
  expect(readFileSync(`${file}.1`, 'utf8')).toBe('aaaaaaaaa\nbbbbbbbbb\n')
  write('ddddddddd\n')
  write('eeeeeeeee\n')
  expect(readFileSync(file, 'utf8')).toBe('eeeeeeeee\n')
  expect(readFileSync(`${file}.1`, 'utf8')).toBe('ccccccccc\nddddddddd\n')
  expect(readdirSync(d).sort()).toEqual(['errors.log', 'errors.log.1'])
})

test('a thousand lines stay within files × size', () => {
  const d = dir()
  const file = path.join(d, 'errors.log')
  const write = createRotatingLog(file, { maxBytes: 1000, files: 3 })
  for (let i = 0; i < 1000; i++) write(`${JSON.stringify({ tag: 'csm-error', i })}\n`)
  const names = readdirSync(d)
  expect(names.sort()).toEqual(['errors.log', 'errors.log.1', 'errors.log.2'])
  for (const n of names) expect(readFileSync(path.join(d, n)).length).toBeLessThanOrEqual(1000)
  expect(readFileSync(file, 'utf8')).toContain('"i":999')
})

test('a file left by an earlier run counts towards the size', () => {
  const d = dir()
  const file = path.join(d, 'errors.log')
  writeFileSync(file, 'x'.repeat(15))
  createRotatingLog(file, { maxBytes: 20, files: 2 })('123456\n')
  expect(readFileSync(file, 'utf8')).toBe('123456\n')
  expect(existsSync(`${file}.1`)).toBe(true)
})

test('one line longer than the limit is written whole', () => {
  const file = path.join(dir(), 'errors.log')
  createRotatingLog(file, { maxBytes: 5, files: 1 })('0123456789\n')
  expect(readFileSync(file, 'utf8')).toBe('0123456789\n')
})

test('refuses a size or a number of files that makes no sense, in Chinese', () => {
  expect(() => createRotatingLog('/tmp/x.log', { maxBytes: 0 })).toThrow('日志文件大小上限应为正整数')
  expect(() => createRotatingLog('/tmp/x.log', { files: 0 })).toThrow('保留的日志文件数应为不小于 1 的整数')
})
