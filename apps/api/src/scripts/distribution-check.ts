/**
 * What would stop `create_distributed_table(<table>, 'tenant_id')` (Citus) on this schema today.
 * Reads the catalog of a migrated database — pg_class, pg_attribute, pg_index, pg_constraint —
 * and lists, for the tables of the connection's current schema:
 *
 * - `missing_tenant_id`: a table without a `tenant_id` column that is not declared reference or
 *   local in NOT_DISTRIBUTED (it could be neither distributed by tenant nor placed otherwise);
 * - `key_without_tenant_id`: a primary key, unique constraint or unique index of a distributed
 *   table whose key columns do not include `tenant_id` (Citus enforces uniqueness per shard only);
 * - `fk_without_tenant_id`: a foreign key between two distributed tables that does not pair
 *   `tenant_id` with `tenant_id` (Citus needs co-located rows: the distribution column on both sides);
 * - `fk_to_undistributed`: a foreign key from a distributed table to a table that is neither
 *   reference nor distributed (a local table, or one with no placement at all);
 * - `fk_into_distributed`: a foreign key from a reference or local table to a distributed one.
 *
 * It is a report, not a gate: `node apps/api/dist/scripts/distribution-check.js` (DATABASE_URL
 * of a migrated database) prints the list and exits 0. infra/scaling.md explains the placement
 * below table by table and holds the latest output.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export type Placement = 'distributed' | 'reference' | 'local';

/**
 * Tables that are not distributed by `tenant_id`, and why (mirrored in infra/scaling.md). Every
 * other table with a `tenant_id` column is meant to be distributed by it.
 */
export const NOT_DISTRIBUTED: Readonly<Record<string, { placement: 'reference' | 'local'; why: string }>> = {
  tenants: { placement: 'reference', why: 'every tenant table points at it; small; read by RLS policies on every node' },
  relationships: { placement: 'reference', why: 'small; read by app_authorised_by() inside the catalogue policies, which run on every node' },
  users: { placement: 'reference', why: 'looked up by e-mail at sign-in before a tenant is known; referenced by many tenant tables; rarely written' },
  vehicle_models: { placement: 'reference', why: "manufacturer catalogue read by its dealers' claims (other shards); small, rarely written" },
  warranty_policies: { placement: 'reference', why: 'manufacturer catalogue, see vehicle_models' },
  labour_operations: { placement: 'reference', why: 'manufacturer catalogue, see vehicle_models' },
  oem_parts: { placement: 'reference', why: 'manufacturer catalogue (parts list prices), see vehicle_models' },
  campaigns: { placement: 'reference', why: 'manufacturer catalogue (recalls), see vehicle_models; claims point at it' },
  sessions: { placement: 'local', why: 'found by token hash on every request before a tenant is known; kept on the coordinator with users' },
  auth_throttle: { placement: 'local', why: 'keyed by address/e-mail before a tenant is known; no tenant_id' },
  outbox: { placement: 'local', why: 'one global publish order (seq from one sequence under one advisory lock); rows live 48 h' },
  outbox_horizon: { placement: 'local', why: 'one row: the highest outbox seq pruned' },
  jobs: { placement: 'local', why: 'claimed across all tenants with FOR UPDATE SKIP LOCKED by every process' },
  mikro_orm_migrations: { placement: 'local', why: 'the migrator’s own bookkeeping' },
};

export type BlockerKind = 'missing_tenant_id' | 'key_without_tenant_id' | 'fk_without_tenant_id' | 'fk_to_undistributed' | 'fk_into_distributed';

export interface Blocker {
  table: string;
  kind: BlockerKind;
  detail: string;
}

interface TableRow {
  name: string;
  has_tenant_id: boolean;
}

interface UniqueRow {
  table_name: string;
  index_name: string;
  constraint_def: string | null;
  index_def: string;
  has_tenant_id: boolean;
}

interface ForeignKeyRow {
  table_name: string;
  target_name: string;
  name: string;
  def: string;
  pairs_tenant_id: boolean;
}

/** The tables of the current schema (partitions left out: they follow their parent). */
async function listTables(client: pg.Client | pg.PoolClient): Promise<TableRow[]> {
  const { rows } = await client.query<TableRow>(`
    select c.relname as name,
           exists (select 1 from pg_attribute a
                    where a.attrelid = c.oid and a.attname = 'tenant_id' and a.attnum > 0 and not a.attisdropped) as has_tenant_id
      from pg_class c
     where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
     order by c.relname`);
  return rows;
}

/** The placement a table gets: declared in NOT_DISTRIBUTED, else distributed when it has tenant_id, else none. */
export function placementOf(table: string, hasTenantId: boolean): Placement | null {
  const declared = NOT_DISTRIBUTED[table];
  if (declared) return declared.placement;
  return hasTenantId ? 'distributed' : null;
}

/** Blockers to distributing the tables of the current schema by tenant_id, sorted by table and kind. */
export async function distributionBlockers(client: pg.Client | pg.PoolClient): Promise<Blocker[]> {
  const tables = await listTables(client);
  const placement = new Map(tables.map((t) => [t.name, placementOf(t.name, t.has_tenant_id)]));
  const blockers: Blocker[] = [];

  for (const t of tables) {
    if (placement.get(t.name) === null) {
      blockers.push({ table: t.name, kind: 'missing_tenant_id', detail: 'no tenant_id column, and not declared reference or local' });
    }
  }

  // Unique indexes (primary keys and unique constraints included) whose key columns lack tenant_id.
  const uniques = (
    await client.query<UniqueRow>(`
      select c.relname as table_name, ic.relname as index_name,
             pg_get_constraintdef(con.oid) as constraint_def, pg_get_indexdef(i.indexrelid) as index_def,
             exists (select 1 from generate_series(0, i.indnkeyatts - 1) k
                       join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[k]
                      where a.attname = 'tenant_id') as has_tenant_id
        from pg_index i
        join pg_class c on c.oid = i.indrelid
        join pg_class ic on ic.oid = i.indexrelid
        left join pg_constraint con on con.conindid = i.indexrelid and con.conrelid = c.oid and con.contype in ('p', 'u')
       where c.relnamespace = current_schema()::regnamespace and i.indisunique
       order by c.relname, ic.relname`)
  ).rows;
  for (const u of uniques) {
    if (placement.get(u.table_name) !== 'distributed' || u.has_tenant_id) continue;
    blockers.push({ table: u.table_name, kind: 'key_without_tenant_id', detail: `${u.index_name}: ${u.constraint_def ?? uniqueIndexShape(u.index_def)}` });
  }

  // Foreign keys: does some position pair tenant_id (referencing) with tenant_id (referenced)?
  const foreignKeys = (
    await client.query<ForeignKeyRow>(`
      select c.relname as table_name, t.relname as target_name, con.conname as name, pg_get_constraintdef(con.oid) as def,
             exists (select 1 from generate_subscripts(con.conkey, 1) k
                       join pg_attribute fa on fa.attrelid = con.conrelid and fa.attnum = con.conkey[k]
                       join pg_attribute ta on ta.attrelid = con.confrelid and ta.attnum = con.confkey[k]
                      where fa.attname = 'tenant_id' and ta.attname = 'tenant_id') as pairs_tenant_id
        from pg_constraint con
        join pg_class c on c.oid = con.conrelid
        join pg_class t on t.oid = con.confrelid
       where con.contype = 'f' and c.relnamespace = current_schema()::regnamespace
       order by c.relname, con.conname`)
  ).rows;
  for (const fk of foreignKeys) {
    const from = placement.get(fk.table_name) ?? null;
    const to = placement.get(fk.target_name) ?? null;
    const detail = `${fk.name}: ${fk.def}`;
    if (from === 'distributed') {
      if (to === 'distributed') {
        if (!fk.pairs_tenant_id) blockers.push({ table: fk.table_name, kind: 'fk_without_tenant_id', detail });
      } else if (to !== 'reference') {
        blockers.push({ table: fk.table_name, kind: 'fk_to_undistributed', detail: `${detail} (${fk.target_name} is ${to ?? 'not placed'})` });
      }
    } else if (to === 'distributed') {
      blockers.push({ table: fk.table_name, kind: 'fk_into_distributed', detail: `${detail} (${fk.table_name} is ${from ?? 'not placed'})` });
    }
  }

  const order: BlockerKind[] = ['missing_tenant_id', 'key_without_tenant_id', 'fk_without_tenant_id', 'fk_to_undistributed', 'fk_into_distributed'];
  return blockers.sort((a, b) => a.table.localeCompare(b.table) || order.indexOf(a.kind) - order.indexOf(b.kind) || a.detail.localeCompare(b.detail));
}

/** `CREATE UNIQUE INDEX x ON public.t USING btree (a, b) WHERE …` → `UNIQUE INDEX (a, b) WHERE …`. */
function uniqueIndexShape(indexDef: string): string {
  const using = indexDef.match(/ USING \w+ (.*)$/);
  return `UNIQUE INDEX ${using ? using[1] : indexDef}`;
}

/** The report as text: the blockers as a table, then counts per kind and the placement of every table. */
export async function distributionReport(client: pg.Client | pg.PoolClient): Promise<string> {
  const blockers = await distributionBlockers(client);
  const tables = await listTables(client);
  const lines: string[] = [];
  const w = {
    table: Math.max('table'.length, ...blockers.map((b) => b.table.length)),
    kind: Math.max('kind'.length, ...blockers.map((b) => b.kind.length)),
  };
  lines.push(`${'table'.padEnd(w.table)}  ${'kind'.padEnd(w.kind)}  detail`);
  lines.push(`${'-'.repeat(w.table)}  ${'-'.repeat(w.kind)}  ${'-'.repeat(6)}`);
  for (const b of blockers) lines.push(`${b.table.padEnd(w.table)}  ${b.kind.padEnd(w.kind)}  ${b.detail}`);
  lines.push('');
  const counts = new Map<string, number>();
  for (const b of blockers) counts.set(b.kind, (counts.get(b.kind) ?? 0) + 1);
  const blocked = new Set(blockers.map((b) => b.table));
  lines.push(`${blockers.length} blockers on ${blocked.size} of ${tables.length} tables: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  for (const p of ['distributed', 'reference', 'local'] as const) {
    const names = tables.filter((t) => placementOf(t.name, t.has_tenant_id) === p).map((t) => t.name);
    lines.push(`${p} (${names.length}): ${names.join(', ')}`);
  }
  const unplaced = tables.filter((t) => placementOf(t.name, t.has_tenant_id) === null).map((t) => t.name);
  if (unplaced.length) lines.push(`not placed (${unplaced.length}): ${unplaced.join(', ')}`);
  const missing = Object.keys(NOT_DISTRIBUTED).filter((name) => !tables.some((t) => t.name === name));
  if (missing.length) lines.push(`declared in NOT_DISTRIBUTED but absent: ${missing.join(', ')}`);
  return lines.join('\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('Set DATABASE_URL to a migrated database (the owner connection), e.g. postgres://postgres@127.0.0.1:5432/asn');
    process.exit(1);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    console.log(await distributionReport(client));
  } finally {
    await client.end();
  }
}
