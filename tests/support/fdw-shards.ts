/**
 * Two shards on one PostgreSQL server, to prove the distribution key before there is a Citus
 * cluster (docs/scale.md): a test stack's `entries` is replaced by a coordinator table whose leaf
 * partitions are postgres_fdw foreign tables in two other databases of the same server.
 *
 * The layout mirrors the design target. Rows are split by hash of person_id, the distribution
 * key, into more buckets than there are nodes (Citus places many shards on each worker), bucket r
 * always on node r % nodes. When `entries` is itself partitioned (by day), every one of its
 * partitions is re-created with the same bounds and split by person_id under it, as a Citus
 * distributed table's time partitions are each distributed, co-located bucket for bucket.
 * Columns, CHECK constraints and indexes are read from the catalog, so the layout follows future
 * migrations without being edited.
 *
 * What the coordinator copy cannot have: PostgreSQL refuses a foreign partition under a parent
 * with a unique index (it could not enforce it across servers) and a foreign key on a foreign
 * table. So the coordinator's entries has neither; each shard table keeps the primary key and the
 * CHECKs locally, which enforces uniqueness only because the key a shard is chosen by is fixed per
 * row — on Citus a distributed table's primary key must include the distribution column for the
 * same reason. Foreign keys from other tables to entries are dropped (migration 006 drops the one
 * there is, alerts.entry_id, for the partitioned primary key anyway).
 */
import { Client } from 'pg'
import type { Db } from '../../server/db'

export const SHARD_DATABASES = ['csm_shard_a', 'csm_shard_b'] as const
/** Buckets of hash(person_id): two per node. */
export const HASH_BUCKETS = 4

export interface ShardTable {
  database: string
  /** The coordinator partition it belongs to (`entries` itself when entries is not partitioned). */
  partition: string
  bucket: number
  /** schema-qualified name in its shard database */
  table: string
}

export interface ShardedEntries {
  tables: ShardTable[]
  /** Rows held in each shard table, per person. */
  rowsByPerson(): Promise<Array<ShardTable & { personId: string | null; rows: number }>>
  /** Every relation in the coordinator's entries tree: its kind and the bytes it stores here. */
  coordinatorTree(): Promise<Array<{ name: string; kind: string; leaf: boolean; bytes: number }>>
  /** Drops the servers (and so the foreign tables) and the shard schemas; the stack drops its own schema. */
  drop(): Promise<void>
}

interface Column { name: string; type: string; not_null: boolean }

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`

/** Runs `fn` with a client on another database of the server `databaseUrl` names. */
async function withDatabase<T>(databaseUrl: string, database: string | null, fn: (c: Client) => Promise<T>): Promise<T> {
  const url = new URL(databaseUrl)
  if (database) url.pathname = `/${database}`
  const client = new Client({ connectionString: url.toString() })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Creates the shard databases once; parallel runs racing to create them both succeed. */
async function ensureDatabases(databaseUrl: string): Promise<void> {
  await withDatabase(databaseUrl, null, async (c) => {
    for (const name of SHARD_DATABASES) {
      const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
      if (found.rowCount) continue
      await c.query(`CREATE DATABASE ${ident(name)}`).catch((err: { code?: string }) => {
        // 42P04: created meanwhile; 23505: the same race caught by pg_database's unique index.
        if (err.code !== '42P04' && err.code !== '23505') throw err
      })
    }
  })
}

/** The shard-side DDL for one table with entries' columns, CHECKs, keys and indexes. */
async function shardTableDdl(db: Db, table: string): Promise<string[]> {
  const columns = await db.query<Column>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS not_null
     FROM pg_attribute WHERE attrelid = 'entries'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`)
  // Unnamed, so every shard table gets its own names for the indexes that back its keys.
  const constraints = await db.query<{ def: string }>(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = 'entries'::regclass AND contype IN ('c', 'p', 'u') ORDER BY conname`)
  const indexes = await db.query<{ def: string }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
     WHERE i.indrelid = 'entries'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
     ORDER BY i.indexrelid`)
  const body = [
    ...columns.map((c) => `${ident(c.name)} ${c.type}${c.not_null ? ' NOT NULL' : ''}`),
    ...constraints.map((c) => c.def)
  ]
  return [
    `CREATE TABLE ${table} (${body.join(', ')})`,
    ...indexes.map(({ def }) => {
      const using = / USING .*$/.exec(def)
      if (!using) throw new Error(`cannot read index definition: ${def}`)
      return `CREATE ${def.startsWith('CREATE UNIQUE') ? 'UNIQUE ' : ''}INDEX ON ${table}${using[0]}`
    })
  ]
}

interface Layout {
  schema: string
  entries: { kind: string; key: string | null }
  partitions: Array<{ name: string; bound: string }>
  servers: string[]
  tables: ShardTable[]
}

/** In each shard database, the shard schema and its tables. */
async function createShardTables(db: Db, databaseUrl: string, { schema, tables }: Layout): Promise<void> {
  for (const database of SHARD_DATABASES) {
    const ddl = (await Promise.all(tables.filter((t) => t.database === database).map((t) => shardTableDdl(db, t.table)))).flat()
    await withDatabase(databaseUrl, database, async (c) => {
      await c.query(`CREATE SCHEMA ${ident(schema)}`)
      for (const sql of ddl) await c.query(sql)
    })
  }
}

/** On the coordinator, in one transaction: the servers, the sharded entries with the old rows, and the swap. */
async function replaceEntries(db: Db, databaseUrl: string, { schema, entries, partitions, servers, tables }: Layout): Promise<void> {
  const url = new URL(databaseUrl)
  const referencing = await db.query<{ tbl: string; name: string }>(
    `SELECT conrelid::regclass::text AS tbl, conname AS name FROM pg_constraint WHERE confrelid = 'entries'::regclass AND contype = 'f'`)
  const byDay = entries.kind === 'p'
  await db.transaction(async (tx) => {
    for (const [i, server] of servers.entries()) {
      // async_capable: a query over several shards scans them concurrently, as Citus's executor does.
      await tx.query(`CREATE SERVER ${ident(server)} FOREIGN DATA WRAPPER postgres_fdw OPTIONS (
        host ${literal(url.hostname)}, port ${literal(url.port || '5432')}, dbname ${literal(SHARD_DATABASES[i])}, async_capable 'true')`)
      const password = url.password ? `, password ${literal(decodeURIComponent(url.password))}` : ''
      await tx.query(`CREATE USER MAPPING FOR CURRENT_USER SERVER ${ident(server)}
        OPTIONS (user ${literal(decodeURIComponent(url.username) || 'postgres')}${password})`)
    }
    const byPerson = 'PARTITION BY HASH (person_id)'
    await tx.query(`CREATE TABLE entries_sharded (LIKE entries INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
      ${byDay ? `PARTITION BY ${entries.key}` : byPerson}`)
    for (const p of partitions) {
      const parent = byDay ? `${p.name}_sharded` : 'entries_sharded'
      if (byDay) await tx.query(`CREATE TABLE ${ident(parent)} PARTITION OF entries_sharded ${p.bound} ${byPerson}`)
      for (const t of tables.filter((x) => x.partition === p.name)) {
        const name = `${p.name}_h${t.bucket}`
        await tx.query(`CREATE FOREIGN TABLE ${ident(name)} PARTITION OF ${ident(parent)}
          FOR VALUES WITH (MODULUS ${HASH_BUCKETS}, REMAINDER ${t.bucket})
          SERVER ${ident(servers[SHARD_DATABASES.indexOf(t.database as typeof SHARD_DATABASES[number])])}
          OPTIONS (schema_name ${literal(schema)}, table_name ${literal(name)})`)
      }
    }
    await tx.query('INSERT INTO entries_sharded SELECT * FROM entries')
    for (const f of referencing) await tx.query(`ALTER TABLE ${f.tbl} DROP CONSTRAINT ${ident(f.name)}`)
    // venue_log (migration 009) is a view of entries on one machine: re-made over the sharded table.
    const [view] = await tx.query<{ def: string | null }>(`SELECT pg_get_viewdef(to_regclass('venue_log')) AS def`)
    if (view.def) await tx.query('DROP VIEW venue_log')
    // No CASCADE: anything else bound to the old table (another view, a SQL-standard function
    // body) must fail here rather than vanish silently.
    await tx.query('DROP TABLE entries')
    await tx.query('ALTER TABLE entries_sharded RENAME TO entries')
    if (byDay) for (const p of partitions) await tx.query(`ALTER TABLE ${ident(`${p.name}_sharded`)} RENAME TO ${ident(p.name)}`)
    if (view.def) await tx.query(`CREATE VIEW venue_log AS ${view.def}`)
  })
}

/**
 * Replaces `entries` in the stack's schema by the sharded layout, moving any rows it holds.
 * `schema` is the stack's own (unique per run): the shard schemas and the servers are named after it.
 */
export async function shardEntries(db: Db, databaseUrl: string, schema: string): Promise<ShardedEntries> {
  await ensureDatabases(databaseUrl)
  await db.query('CREATE EXTENSION IF NOT EXISTS postgres_fdw SCHEMA public').catch((err: { code?: string }) => {
    if (err.code !== '42710' && err.code !== '23505') throw err
  })

  const [entries] = await db.query<{ kind: string; key: string | null }>(
    `SELECT relkind AS kind, pg_get_partkeydef(oid) AS key FROM pg_class WHERE oid = 'entries'::regclass`)
  const partitions = entries.kind === 'p'
    ? await db.query<{ name: string; bound: string }>(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'entries'::regclass ORDER BY c.relname`)
    : [{ name: 'entries', bound: '' }]
  const tables: ShardTable[] = partitions.flatMap((p) => Array.from({ length: HASH_BUCKETS }, (_, bucket) => ({
    database: SHARD_DATABASES[bucket % SHARD_DATABASES.length],
    partition: p.name,
    bucket,
    table: `${ident(schema)}.${ident(`${p.name}_h${bucket}`)}`
  })))
  const layout: Layout = { schema, entries, partitions, servers: SHARD_DATABASES.map((d) => `${schema}_${d}`), tables }

  // Servers and shard schemas outlive the stack's schema: a layout that fails half-way is removed at once.
  const drop = async () => {
    for (const server of layout.servers) await db.query(`DROP SERVER IF EXISTS ${ident(server)} CASCADE`)
    for (const database of SHARD_DATABASES) {
      await withDatabase(databaseUrl, database, (c) => c.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`))
    }
  }
  try {
    await createShardTables(db, databaseUrl, layout)
    await replaceEntries(db, databaseUrl, layout)
  } catch (err) {
    await drop().catch(() => undefined)
    throw err
  }

  return {
    tables,
    async rowsByPerson() {
      const out: Array<ShardTable & { personId: string | null; rows: number }> = []
      for (const database of SHARD_DATABASES) {
        const here = tables.filter((t) => t.database === database)
        await withDatabase(databaseUrl, database, async (c) => {
          for (const t of here) {
            const res = await c.query<{ person_id: string | null; rows: number }>(
              `SELECT person_id, count(*)::int AS rows FROM ${t.table} GROUP BY person_id`)
            out.push(...res.rows.map((r) => ({ ...t, personId: r.person_id, rows: r.rows })))
          }
        })
      }
      return out
    },
    coordinatorTree: () => db.query<{ name: string; kind: string; leaf: boolean; bytes: number }>(
      `SELECT c.relname AS name, c.relkind AS kind, t.isleaf AS leaf, coalesce(pg_total_relation_size(c.oid), 0)::int AS bytes
       FROM pg_partition_tree('entries') t JOIN pg_class c ON c.oid = t.relid`),
    drop
  }
}
