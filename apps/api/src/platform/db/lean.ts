/**
 * Entity reads on the read path (platform/db/reads.ts) without the EntityManager: rows by key for
 * dataloaders and single reads, the ORM's tenant filter written into the SQL (taken from the
 * entity's own filter definition, so the rule stays in one place) and row-level security under it.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { read, tenantOf, type Ctx } from '../context.js';
import { rowMapper } from './reads.js';

type EntityClass<E> = abstract new (...args: never[]) => E;

interface LeanTable {
  table: string;
  /** Columns the ORM's `tenant` filter compares with the reader's tenant (any of them matches). */
  tenantColumns: string[];
  columnOf: (prop: string) => string;
}

const tables = new WeakMap<object, LeanTable>();
const MARK = '00000000-0000-0000-0000-00000000feed';

function leanTable(orm: MikroORM, entity: EntityClass<unknown>): LeanTable {
  let t = tables.get(entity);
  if (t) return t;
  const meta = orm.getMetadata().get<unknown>(entity.name);
  const columnOf = (prop: string) => {
    const p = meta.properties[prop as never] as { fieldNames?: string[] } | undefined;
    if (!p?.fieldNames?.[0]) throw new Error(`${entity.name} has no column for ${prop}`);
    return p.fieldNames[0];
  };
  const filter = meta.filters?.tenant;
  let tenantColumns: string[] = [];
  if (filter) {
    const cond = (typeof filter.cond === 'function' ? (filter.cond as (args: unknown) => unknown)({ tenantId: MARK }) : filter.cond) as Record<string, unknown>;
    const terms = (Array.isArray(cond.$or) ? cond.$or : [cond]) as Record<string, unknown>[];
    tenantColumns = terms.map((term) => {
      const [prop, value] = Object.entries(term)[0] ?? [];
      if (!prop || value !== MARK || Object.keys(term).length !== 1) throw new Error(`${entity.name}: tenant filter is not a plain comparison`);
      return columnOf(prop);
    });
  }
  t = { table: meta.tableName, tenantColumns, columnOf };
  tables.set(entity, t);
  return t;
}

/**
 * Rows of `entity` whose `prop` is one of `keys`, as detached read-only entities, ordered by
 * `orderBy` (properties, ascending). Nothing for a context without a tenant.
 */
export async function leanRows<E>(ctx: Ctx, entity: EntityClass<E>, prop: string, keys: readonly string[], orderBy: string[] = ['id']): Promise<E[]> {
  const tenantId = tenantOf(ctx);
  if (!tenantId || !keys.length) return [];
  const t = leanTable(ctx.services.orm, entity);
  const tenant = t.tenantColumns.length ? ` and (${t.tenantColumns.map((c) => `${c} = $2`).join(' or ')})` : '';
  const rows = await read<Record<string, unknown>>(
    ctx,
    `select * from ${t.table} where ${t.columnOf(prop)} = any($1::uuid[])${tenant} order by ${orderBy.map(t.columnOf).join(', ')}`,
    t.tenantColumns.length ? [keys, tenantId] : [keys],
  );
  return rows.map(rowMapper(ctx.services.orm, entity));
}

/** One row of `entity` by id (see leanRows), or null. */
export async function leanById<E>(ctx: Ctx, entity: EntityClass<E>, id: string): Promise<E | null> {
  return (await leanRows(ctx, entity, 'id', [id]))[0] ?? null;
}
