import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { DomainError, isUuid } from '@asn/domain';
import { read, tenantOf, type Ctx } from '../context.js';
import { rowMapper } from '../db/reads.js';

@ObjectType({ description: 'Money as integer minor units (fen, cents) and an ISO-4217 currency.' })
export class Money {
  @Field(() => String, { description: 'Whole minor units as a decimal string (never a float).' })
  amountMinor!: string;

  @Field(() => String)
  currency!: string;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
  /** A number, or a count that runs only if the client selected `totalCount` (see `lazyCount`). */
  totalCount: number | PromiseLike<number>;
}

/**
 * A count that costs nothing unless awaited: GraphQL awaits a field's value only when the field is
 * selected, so `totalCount` is counted only for clients that ask for it.
 */
export function lazyCount(count: () => Promise<number>): PromiseLike<number> {
  let started: Promise<number> | null = null;
  return {
    then: (onFulfilled, onRejected) => (started ??= count()).then(onFulfilled, onRejected),
  };
}

/** Builds a `XConnection` object type for a node type. */
export function ConnectionType<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(name)
  class ConnectionClass implements Connection<T> {
    @Field(() => [node])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number | PromiseLike<number>;
  }
  return ConnectionClass;
}

/**
 * Keyset pagination like `paginate`, on the read path (platform/db/reads.ts): the SQL is what
 * MikroORM builds for `where` with the ORM's tenant filter applied, sent on the request's read
 * connection; rows become detached, read-only entities. `totalCount` is counted only if selected.
 */
/**
 * Data a list page's rows bring along in the same statement (a join around the page's query), so
 * that field resolvers find it in their dataloaders instead of sending a statement each.
 */
export interface PageAlong {
  /** The page's SQL wrapped: `page` is the page's query (alias it), `tenant` the tenant's `$n`, `order` its ORDER BY direction. */
  wrap: (page: string, tenant: string, order: 'asc' | 'desc') => string;
  /** Each raw row (with the wrap's extra columns), to prime the dataloaders. */
  seen: (row: Record<string, unknown>) => void;
}

export async function leanPage<E extends { id: string }>(
  ctx: Ctx,
  entity: ClassType<E>,
  where: FilterQuery<E>,
  args: { first?: number | null; after?: string | null; newestFirst?: boolean },
  along?: PageAlong,
): Promise<Connection<E>> {
  const first = checkFirst(args.first);
  const tenantId = tenantOf(ctx);
  if (!tenantId) return emptyConnection();
  const dir = args.newestFirst ? '$lt' : '$gt';
  const afterId = args.after ? decodeCursor(args.after) : null;
  const pageWhere = (afterId ? { $and: [where, { id: { [dir]: afterId } }] } : where) as FilterQuery<E>;
  const em = ctx.em;
  em.setFilterParams('tenant', { tenantId });
  const sqlOf = async (build: (qb: ReturnType<EntityManager['createQueryBuilder']>) => void, w: FilterQuery<E>) => {
    const qb = em.createQueryBuilder(entity).where(w);
    build(qb as never);
    await qb.applyFilters(); // the ORM filter (tenant), exactly as em.find applies it
    const native = qb.getKnexQuery().toSQL().toNative();
    return { text: native.sql, params: native.bindings as unknown[] };
  };
  const order = args.newestFirst ? 'desc' : 'asc';
  const list = await sqlOf(
    (qb) =>
      void qb
        .select('*')
        .orderBy({ id: order })
        .limit(first + 1),
    pageWhere,
  );
  const map = rowMapper(ctx.services.orm, entity);
  const text = along ? along.wrap(list.text, `$${list.params.length + 1}`, order) : list.text;
  const raw = await read<Record<string, unknown>>(ctx, text, along ? [...list.params, tenantId] : list.params);
  if (along) for (const r of raw) along.seen(r);
  const rows = raw.map(map);
  const page = rows.slice(0, first);
  const last = page[page.length - 1];
  return {
    nodes: page,
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last.id) : null },
    totalCount: lazyCount(async () => {
      const count = await sqlOf((qb) => void qb.count('id'), where);
      const [row] = await read<{ count: string | number }>(ctx, count.text, count.params);
      return Number(row?.count ?? 0);
    }),
  };
}

/** The answer for a list the actor may see nothing of (no query is sent). */
export function emptyConnection<T>(): Connection<T> {
  return { nodes: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
}

export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(id)) throw DomainError.badField('after', 'NOT_A_CURSOR', {}, 'is not a cursor from this list');
  return id;
}

export function checkFirst(first: number | null | undefined): number {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw DomainError.badField('first', 'OUT_OF_RANGE', { min: 1, max: 100, unit: 'ITEMS' }, 'must be between 1 and 100');
  }
  return n;
}

/**
 * Keyset pagination over an entity whose `id` is a UUIDv7 (so id order is creation order).
 * `where` must already carry the access conditions.
 */
export async function paginate<E extends { id: string }, T>(
  em: EntityManager,
  entity: ClassType<E>,
  where: FilterQuery<E>,
  args: { first?: number | null; after?: string | null; newestFirst?: boolean },
  map: (e: E) => T,
): Promise<Connection<T>> {
  const first = checkFirst(args.first);
  const dir = args.newestFirst ? '$lt' : '$gt';
  const afterId = args.after ? decodeCursor(args.after) : null;
  const pageWhere = (afterId ? { $and: [where, { id: { [dir]: afterId } }] } : where) as FilterQuery<E>;
  const [rows, totalCount] = await Promise.all([
    em.find(entity, pageWhere, { orderBy: { id: args.newestFirst ? 'desc' : 'asc' } as never, limit: first + 1 }),
    em.count(entity, where),
  ]);
  const page = rows.slice(0, first);
  const last = page[page.length - 1];
  return {
    nodes: page.map(map),
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last.id) : null },
    totalCount,
  };
}
