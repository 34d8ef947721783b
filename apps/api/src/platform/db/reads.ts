/**
 * The read path of a request (docs/adr/0013-request-pipeline.md): plain SQL on a pg connection,
 * rows turned into entity-shaped objects without an EntityManager, row-level security with the
 * tenant set in the same round trip as the first query.
 *
 * - In an HTTP request (`ctx.reads`), all reads share one connection and one transaction: the
 *   first read sends `BEGIN; select set_config(...); <its query>` as one message, later reads
 *   (other dataloader batches) one round trip each, and the request's end sends `COMMIT`.
 * - Elsewhere (subscriptions, timers, direct service calls) each read is its own transaction in
 *   one round trip: `select set_config(...); <query>` is one implicit transaction, so the
 *   transaction-local settings hold for the query and are gone after it.
 *
 * Writes keep going through `inTx` (MikroORM, a transaction of their own). Nothing here writes.
 */
import pg from 'pg';
import { ReferenceKind, type MikroORM } from '@mikro-orm/postgresql';
import { log } from '../log.js';

/**
 * The read path's pool: the API's role, with MikroORM's type parsers (dates and timestamps as
 * text, as its hydration expects them), so rows convert exactly as entities do.
 */
export function readPool(orm: MikroORM, connectionString: string, max = 10): pg.Pool {
  const { types } = orm.em.getConnection().getConnectionOptions() as { types?: pg.CustomTypesConfig };
  const pool = new pg.Pool({ connectionString, max, types });
  pool.on('error', (e) => log.error('reads.pool', e)); // an idle connection lost (database restarted) is replaced on next use
  return pool;
}

/** Who the database should take the reader for (row-level security's settings). */
export interface ReadSettings {
  tenantId: string | null;
  userId: string | null;
}

/** A parameter inlined as an SQL literal (for the first statement of a pipelined message). */
function literal(client: pg.ClientBase, v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('not a finite number');
    return String(v);
  }
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return client.escapeLiteral(v.toISOString());
  if (typeof v === 'string') return client.escapeLiteral(v);
  if (Array.isArray(v)) {
    // an untyped array literal: PostgreSQL gives it the type the context needs (uuid[], text[])
    const items = v.map((x) => (x === null || x === undefined ? 'NULL' : `"${String(x).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`));
    return client.escapeLiteral(`{${items.join(',')}}`);
  }
  return client.escapeLiteral(JSON.stringify(v));
}

/** `text` with its `$n` placeholders replaced by literals. */
export function inline(client: pg.ClientBase, text: string, params: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length) throw new Error(`no parameter $${n}`);
    return literal(client, params[i]);
  });
}

function settingsSql(client: pg.ClientBase, s: ReadSettings): string {
  return `select set_config('app.tenant_id', ${literal(client, s.tenantId ?? '')}, true), set_config('app.user_id', ${literal(client, s.userId ?? '')}, true), set_config('app.platform', '', true)`;
}

/** The last result of a (possibly multi-statement) query. */
function lastRows<R>(result: pg.QueryResult | pg.QueryResult[]): R[] {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return (last?.rows ?? []) as R[];
}

/**
 * Reads of one HTTP request: one connection, one transaction, begun by the first read.
 *
 * A request expected to read once (`expectOne`: its document read once every time so far) sends
 * its first read as a transaction of its own — `select set_config(...); <query>`, one round trip,
 * no COMMIT to wait for — and only a second read, should one come after all, opens the request's
 * transaction for the rest. The expectation changes the cost, never the answer.
 */
export class RequestReads {
  private client: pg.PoolClient | null = null;
  private opening: Promise<pg.PoolClient> | null = null;
  private failed = false;
  private ended = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** Statements read so far (what the next request with the same document may expect). */
  count = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly settings: ReadSettings,
    private readonly expectOne = false,
  ) {}

  /** Runs one statement in the request's transaction (statements run one after the other). */
  rows<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    if (this.ended) return oneShot<R>(this.pool, this.settings, text, params); // a late loader after the response
    const run = this.queue.then(() => this.run<R>(text, params));
    this.queue = run.catch(() => {});
    return run;
  }

  private async run<R>(text: string, params: readonly unknown[]): Promise<R[]> {
    this.count += 1;
    if (this.expectOne && this.count === 1) return oneShot<R>(this.pool, this.settings, text, params);
    if (!this.client) {
      // the first read: BEGIN, the settings and the query itself in one message
      this.opening ??= this.pool.connect();
      const client = await this.opening;
      this.client = client;
      try {
        return lastRows<R>(await client.query(`BEGIN; ${settingsSql(client, this.settings)}; ${inline(client, text, params)}`));
      } catch (e) {
        this.failed = true;
        throw e;
      }
    }
    if (this.failed) {
      // an earlier statement failed: the transaction is aborted; the rest of the request reads on its own
      return oneShot<R>(this.pool, this.settings, text, params);
    }
    try {
      return lastRows<R>(await this.client.query(text, params as unknown[]));
    } catch (e) {
      this.failed = true;
      throw e;
    }
  }

  /** Ends the transaction and gives the connection back (called once the response is ready). */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.queue;
    const client = this.client;
    this.client = null;
    if (!client) return;
    try {
      await client.query(this.failed ? 'ROLLBACK' : 'COMMIT');
      client.release();
    } catch (e) {
      log.error('reads.end', e);
      client.release(e instanceof Error ? e : true); // a connection in an unknown state is discarded
    }
  }
}

/** One read as its own transaction, in one round trip. */
export async function oneShot<R>(pool: pg.Pool, settings: ReadSettings, text: string, params: readonly unknown[] = []): Promise<R[]> {
  const client = await pool.connect();
  try {
    const rows = lastRows<R>(await client.query(`${settingsSql(client, settings)}; ${inline(client, text, params)}`));
    client.release();
    return rows;
  } catch (e) {
    client.release(e instanceof Error ? e : true);
    throw e;
  }
}

type Mapper<E> = (row: Record<string, unknown>) => E;
const mappers = new WeakMap<object, Mapper<unknown>>();

/**
 * Turns a row of `entity`'s table (`select *`) into a plain object with the entity's properties,
 * converted the way MikroORM's hydration converts them (dates, custom types) — a detached,
 * read-only copy: no EntityManager, no identity map, never flushed; not an instance of the class
 * (whose prototype carries MikroORM's change-tracking setters), which nothing here needs.
 * A test compares it with what MikroORM loads for every entity it is used for.
 */
export function rowMapper<E>(orm: MikroORM, entity: abstract new (...args: never[]) => E): Mapper<E> {
  let mapper = mappers.get(entity) as Mapper<E> | undefined;
  if (mapper) return mapper;
  const meta = orm.getMetadata().get<E>(entity.name);
  const platform = orm.em.getPlatform();
  const props = meta.props
    .filter((p) => p.kind === ReferenceKind.SCALAR && p.persist !== false && !p.formula && p.fieldNames?.length === 1)
    .map((p) => ({ name: p.name, field: p.fieldNames[0]!, custom: p.customType, date: p.runtimeType === 'Date' }));
  mapper = (row) => {
    const e: Record<string, unknown> = {};
    for (const p of props) {
      let v = row[p.field];
      if (v === undefined) continue;
      if (v !== null) {
        if (p.custom) v = p.custom.convertToJSValue(v, platform);
        else if (p.date && !(v instanceof Date)) v = platform.parseDate(v as string);
      }
      e[p.name] = v;
    }
    return e as E;
  };
  mappers.set(entity, mapper);
  return mapper;
}
