import pg from 'pg';
import { loadConfig, appUrlFor } from '../platform/config.js';
import { startApi, type RunningApi } from '../server.js';
import { DEMO_PASSWORD, seedDemo } from '../seed/demo.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import type { Clock } from '../platform/clock.js';

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown }; path?: (string | number)[] }[];
}

/** A GraphQL client over real HTTP that keeps its session cookie, like a browser. */
export class Client {
  cookie: string | null = null;
  bearer: string | null = null;

  constructor(readonly url: string) {}

  async raw(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie?.() ?? [];
    for (const c of setCookie) {
      const [pair] = c.split(';');
      if (pair?.startsWith('asn_session=')) this.cookie = pair.endsWith('=') ? null : pair;
    }
    return { status: res.status, json: await res.json().catch(() => null), headers: res.headers };
  }

  async gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> {
    return (await this.raw({ query, variables })).json as GqlResult<T>;
  }

  /** Like gql, but fails the test on any error. */
  async ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await this.gql<T>(query, variables);
    if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
    return r.data as T;
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<this> {
    await this.ok(`mutation($i: SignInInput!) { signIn(input: $i) { me { user { id } } } }`, { i: { email, password } });
    return this;
  }
}

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
  sql<R extends pg.QueryResultRow = any>(text: string, params?: unknown[]): Promise<R[]>;
  /** The API role's connection, where row-level security applies. */
  appSql<R extends pg.QueryResultRow = any>(text: string, params?: unknown[], tenantId?: string | null): Promise<R[]>;
  tenantId(code: string): Promise<string>;
  userId(email: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestApi(opts: { seed?: boolean; clock?: Clock; redisUrl?: string } = {}): Promise<TestApi> {
  const db = await createTestDatabase();
  // timers run only when a test asks (jobs.runDue) so it controls the clock
  const api = await startApi(loadConfig({ databaseUrl: db.url, port: 0, redisUrl: opts.redisUrl, jobPollMs: 0 }), { clock: opts.clock });
  if (opts.seed !== false) await seedDemo(api.services, db.url);
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

/** Row counts of every table, to prove a failed mutation wrote nothing. */
export async function tableCounts(t: TestApi): Promise<Record<string, number>> {
  const tables = ['tenants', 'users', 'relationships', 'audit_log', 'outbox'];
  const out: Record<string, number> = {};
  for (const table of tables) out[table] = Number((await t.sql(`select count(*)::int as n from ${table}`))[0].n);
  return out;
}
