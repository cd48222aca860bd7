import fs from 'fs'
import path from 'path'
import { CITUS_TABLES } from '../../server/db/citus'
import { createTestStack, type TestStack } from '../support/stack'

/**
 * Citus's rules, checked on every change without a cluster (CI cannot install Citus; the cluster
 * suite is citus.test.ts): every table of the migrated schema has a role in CITUS_TABLES and in
 * docs/scale.md §3, every unique key of a distributed table contains its distribution column,
 * and every foreign key is one Citus keeps. A new table or key that breaks them fails here.
 */
describe('the schema follows the Citus roles (on PGlite)', () => {
  let stack: TestStack
  beforeAll(async () => { stack = await createTestStack() })
  afterAll(async () => { await stack.close() })

  const role = new Map(CITUS_TABLES.map((t) => [t.table, t]))
  /** The co-location group of a distributed table: the table it is co-located with, or itself. */
  const group = (table: string) => role.get(table)?.colocateWith ?? table

  it('names every table, and only tables that exist, with a role', async () => {
    const rows = await stack.db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition`)
    // venue_log is a view on one machine; the set-up makes it a table distributed by venue, with
    // the roll-up job's watermark beside it.
    const tables = new Set([...rows.map((r) => r.name), 'venue_log', 'venue_log_watermark'])
    expect([...tables].sort()).toEqual([...role.keys()].sort())
  })

  it('lists every table in docs/scale.md §3', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/scale.md'), 'utf8')
    const section = doc.slice(doc.indexOf('### Every table and its role'), doc.indexOf('## 4.'))
    for (const t of CITUS_TABLES) expect({ table: t.table, listed: section.includes(`\`${t.table}\``) }).toEqual({ table: t.table, listed: true })
  })

  it('keeps the distribution column in every unique key of a distributed table', async () => {
    const keys = await stack.db.query<{ tbl: string; key: string; columns: string[] }>(
      `SELECT t.relname AS tbl, i.relname AS key,
              ARRAY(SELECT a.attname FROM unnest(x.indkey) k JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k)::text[] AS columns
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       WHERE x.indisunique AND t.relnamespace = current_schema()::regnamespace AND NOT t.relispartition`)
    const checked = keys.filter((k) => role.get(k.tbl)?.column)
    expect(checked.length).toBeGreaterThan(10)
    for (const k of checked) {
      expect({ key: k.key, hasDistributionColumn: k.columns.includes(role.get(k.tbl)!.column!) })
        .toEqual({ key: k.key, hasDistributionColumn: true })
    }
  })

  it('has only foreign keys Citus keeps', async () => {
    const links = await stack.db.query<{ name: string; tbl: string; ref: string; columns: string[]; ref_columns: string[] }>(
      `SELECT c.conname AS name, t.relname AS tbl, f.relname AS ref,
              ARRAY(SELECT a.attname FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k)::text[] AS columns,
              ARRAY(SELECT a.attname FROM unnest(c.confkey) k JOIN pg_attribute a ON a.attrelid = f.oid AND a.attnum = k)::text[] AS ref_columns
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class f ON f.oid = c.confrelid
       WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace AND c.conparentid = 0`)
    expect(links.length).toBeGreaterThan(5)
    for (const l of links) {
      const from = role.get(l.tbl)!
      const to = role.get(l.ref)!
      const kept =
        (from.role === 'coordinator' && to.role === 'coordinator') ||
        (from.role === 'reference' && to.role === 'reference') ||
        // Distributed to distributed: one co-location group, joined on both distribution columns.
        (from.column !== undefined && to.column !== undefined && group(l.tbl) === group(l.ref) &&
          l.columns.indexOf(from.column) >= 0 && l.columns.indexOf(from.column) === l.ref_columns.indexOf(to.column))
      expect({ link: l.name, from: `${l.tbl} (${from.role})`, to: `${l.ref} (${to.role})`, kept }).toEqual(
        { link: l.name, from: `${l.tbl} (${from.role})`, to: `${l.ref} (${to.role})`, kept: true })
    }
  })
})
