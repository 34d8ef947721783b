import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { loadConfig, appUrlFor, type AppConfig } from '../platform/config.js';
import { startApi, type RunningApi } from '../server.js';
import { seedDemo } from '../seed/demo.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import type { Clock } from '../platform/clock.js';
import { Client, type AnyJson, type GqlResult } from '../testing/client.js';

export { Client, type AnyJson, type GqlResult };

export function codeOf(r: GqlResult): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}

export interface TestApi {
  api: RunningApi;
  db: TestDatabase;
  url: string;
  client(): Client;
  as(email: string): Promise<Client>;
  /** Owner connection for assertions (bypasses RLS). */
  sql<R extends pg.QueryResultRow = AnyJson>(text: string, params?: unknown[]): Promise<R[]>;
  /** The API role's connection, where row-level security applies. */
  appSql<R extends pg.QueryResultRow = AnyJson>(text: string, params?: unknown[], tenantId?: string | null): Promise<R[]>;
  tenantId(code: string): Promise<string>;
  userId(email: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestApi(
  opts: { seed?: boolean; history?: boolean; clock?: Clock; redisUrl?: string; config?: Partial<AppConfig> } = {},
): Promise<TestApi> {
  const db = await createTestDatabase();
  // timers run only when a test asks (jobs.runDue) so it controls the clock
  // a test that drives its own clock jumps days ahead: its sign-ins outlive the time travel
  const sessionIdleHours = opts.clock ? 24 * 366 : undefined;
  const api = await startApi(
    loadConfig({ databaseUrl: db.url, port: 0, redisUrl: opts.redisUrl, jobPollMs: 0, ...(sessionIdleHours ? { sessionIdleHours } : {}), ...opts.config }),
    {
      clock: opts.clock,
    },
  );
  if (opts.seed !== false) await seedDemo(api.services, db.url, () => {}, { history: opts.history ?? false });
  const owner = new pg.Pool({ connectionString: db.url, max: 2 });
  const app = new pg.Pool({ connectionString: appUrlFor(db.url), max: 2 });
  // an idle client whose backend goes away (database dropped at the end) must not crash the run
  for (const pool of [owner, app]) pool.on('error', () => {});
  const sql = async (text: string, params?: unknown[]) => (await owner.query(text, params)).rows;
  return {
    api,
    db,
    url: api.url,
    client: () => new Client(api.url),
    as: (email) => new Client(api.url).signIn(email),
    sql,
    async appSql(text, params, tenantId) {
      const c = await app.connect();
      try {
        await c.query('begin');
        if (tenantId !== undefined) await c.query(`select set_config('app.tenant_id', $1, true)`, [tenantId ?? '']);
        return (await c.query(text, params)).rows;
      } finally {
        await c.query('rollback');
        c.release();
      }
    },
    async tenantId(code) {
      const rows = await sql('select id from tenants where code = $1', [code]);
      if (!rows[0]) throw new Error(`no tenant ${code}`);
      return rows[0].id as string;
    },
    async userId(email) {
      const rows = await sql('select id from users where email = $1', [email]);
      if (!rows[0]) throw new Error(`no user ${email}`);
      return rows[0].id as string;
    },
    async stop() {
      await api.stop();
      await owner.end();
      await app.end();
      await db.drop();
    },
  };
}

/**
 * Two more API processes on `t`'s database sharing one Redis, as replicas behind a load balancer.
 * `t`'s own dispatcher (in-process PubSub) is stopped, so that only the replicas publish the events
 * under test. Stop them before `t`.
 */
export async function startReplicas(t: TestApi, redisUrl: string): Promise<{ a: RunningApi; b: RunningApi; stop(): Promise<void> }> {
  await t.api.services.dispatcher.stop();
  const replica = () => startApi(loadConfig({ databaseUrl: t.db.url, port: 0, redisUrl, jobPollMs: 0 }));
  const a = await replica();
  const b = await replica();
  return {
    a,
    b,
    async stop() {
      await a.stop();
      await b.stop();
    },
  };
}

/**
 * For the enclosing `describe`: a seeded test database and two API processes on it sharing Redis
 * (startReplicas), started before its tests and stopped after them. Read `t`, `a`, `b` inside tests.
 */
export function twoProcesses(redisUrl: string): { readonly t: TestApi; readonly a: RunningApi; readonly b: RunningApi } {
  let t: TestApi | undefined;
  let replicas: Awaited<ReturnType<typeof startReplicas>> | undefined;
  beforeAll(async () => {
    t = await startTestApi();
    replicas = await startReplicas(t, redisUrl);
  });
  afterAll(async () => {
    await replicas?.stop();
    await t?.stop();
  });
  const started = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error('twoProcesses: used outside a test');
    return x;
  };
  return {
    get t() {
      return started(t);
    },
    get a() {
      return started(replicas).a;
    },
    get b() {
      return started(replicas).b;
    },
  };
}

/** Row counts of every table, to prove a failed mutation wrote nothing. */
export async function tableCounts(t: TestApi): Promise<Record<string, number>> {
  const tables = ['tenants', 'users', 'relationships', 'audit_log', 'outbox'];
  const out: Record<string, number> = {};
  for (const table of tables) out[table] = Number((await t.sql(`select count(*)::int as n from ${table}`))[0].n);
  return out;
}
