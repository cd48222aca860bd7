/**
 * pgbench's single-row insert into a copy of the entries table: the floor of what one check-in
 * can cost on this server (one short transaction, one row, the same indexes), with none of our
 * code in the way. The copy has the columns, defaults, checks and indexes of `entries`, and its
 * partitioning (today's China day and a default), but no foreign keys; the values are what a
 * check-in writes, drawn at random.
 */
import { execFile } from 'child_process'
import fs from 'fs'
import os from 'os'
import path from 'path'
import type { Db } from '../server/db'
import { percentile } from './median'
import type { LoadResult } from './load'

export const PGBENCH_TABLE = 'entries_pgbench'

const SCRIPT = `\\set v random(1, :venues)
\\set s random(1, 100)
INSERT INTO ${PGBENCH_TABLE} (person_id, account_id, venue_id, checkpoint_id, method, scan_id, health_status)
VALUES (gen_random_uuid(), gen_random_uuid(), 'tv' || :v, 'tvcp' || :v, 'self', gen_random_uuid(),
        CASE WHEN :s <= 2 THEN 'red' WHEN :s <= 6 THEN 'yellow' ELSE 'green' END);
`

export async function createPgbenchTable(db: Db): Promise<void> {
  await db.query(`CREATE TABLE ${PGBENCH_TABLE} (LIKE entries INCLUDING ALL) PARTITION BY RANGE (checked_in_at)`)
  await db.query(`CREATE TABLE ${PGBENCH_TABLE}_default PARTITION OF ${PGBENCH_TABLE} DEFAULT`)
  await db.exec(`DO $$
    DECLARE lo timestamptz := (((now() AT TIME ZONE 'UTC') + interval '8 hours')::date::timestamp - interval '8 hours') AT TIME ZONE 'UTC';
    BEGIN
      EXECUTE format('CREATE TABLE ${PGBENCH_TABLE}_today PARTITION OF ${PGBENCH_TABLE} FOR VALUES FROM (%L) TO (%L)', lo, lo + interval '1 day');
    END $$`)
}

/** One pgbench run of `clients` clients for `seconds`; latencies from its per-transaction log. */
export async function runPgbench(pgbench: string, url: string, clients: number, seconds: number, venues: number): Promise<LoadResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csm-pgbench-'))
  try {
    const script = path.join(dir, 'insert.sql')
    fs.writeFileSync(script, SCRIPT)
    const args = ['-n', '-c', String(clients), '-j', String(Math.min(2, clients)), '-T', String(seconds),
      '-D', `venues=${venues}`, '-f', script, '-l', '--log-prefix', path.join(dir, 'tx'), url]
    const out = await new Promise<string>((resolve, reject) => {
      execFile(pgbench, args, { cwd: dir, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`pgbench failed: ${stderr || err.message}`))
        else resolve(stdout)
      })
    })
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out)
    const failed = /number of failed transactions: (\d+)/.exec(out)
    if (!tps) throw new Error(`pgbench printed no tps:\n${out}`)
    // Log lines: client, transaction, latency (µs), script, epoch seconds, µs.
    const latencies: number[] = []
    for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('tx'))) {
      for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        const cols = line.split(' ')
        if (cols.length >= 3) latencies.push(Number(cols[2]) / 1000)
      }
    }
    return {
      rate: Number(tps[1]), p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99),
      calls: latencies.length, errors: failed ? Number(failed[1]) : 0
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
