/**
 * `pnpm bench`: the project's benchmark suite. Seeds its dataset once (100,000 warranty claims and
 * 100,000 repair orders over the demo dealers, kept in the `asn_bench` database for the next run),
 * then, A/B alternated, prints side by side:
 *
 *   - a bare baseline (node http + pg + graphql-js with a document cache) and the product reading
 *     one warranty claim and one repair order by id, as a signed-in user;
 *   - list pages of 10 and 100 with their nested data; writes (claim submit, repair-order create);
 *   - SQL statements, round trips and transactions per request (counted at the protocol level);
 *   - one event to 1,000 / 5,000 / 10,000 subscribers against a raw `ws` broadcast of the same
 *     bytes, and the memory each idle subscriber costs.
 *
 * Servers run in their own processes pinned to core 0 (taskset, where it exists), the load on core 1.
 *
 *   pnpm bench
 *   BENCH_SECONDS=5 BENCH_ROUNDS=3 BENCH_FANOUT=1000,5000,10000 BENCH_CLAIMS=100000 BENCH_ORDERS=100000 pnpm bench
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { countSql, perRequest, type SqlCount } from '../../testing/sql-count.js';
import { runLoad, type LoadResult, type Request } from './load.js';
import { productFanout, rawFanout, WARM_UP, type FanoutResult } from './fanout.js';
import { seedClaims, seedDrafts, seedRepairOrders } from './seed.js';

const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 20);
const CLAIMS = Number(env.BENCH_CLAIMS ?? 100_000);
const ORDERS = Number(env.BENCH_ORDERS ?? 100_000);
const FANOUT = (env.BENCH_FANOUT ?? '1000,5000,10000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const CHANGES = Number(env.BENCH_CHANGES ?? 5);
const here = path.dirname(fileURLToPath(import.meta.url));

const hasTaskset = os.cpus().length >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const SERVER_CPU = '0';
const LOAD_CPU = '1';

/** Re-runs this process on the load core, once. */
function pinSelf(): boolean {
  if (!hasTaskset || env.BENCH_PINNED) return false;
  const child = spawnSync('taskset', ['-c', LOAD_CPU, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...env, BENCH_PINNED: '1' },
  });
  process.exit(child.status ?? 1);
}

interface Served {
  url: string;
  wsUrl?: string;
  child: ChildProcess;
  memory(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

/** Starts one server (serve.js) in its own process, on the server core. */
async function serve(kind: 'product' | 'bare' | 'raw-ws', databaseUrl = ''): Promise<Served> {
  // BENCH_PROFILE_SERVERS=<dir>: each server writes a CPU profile there when it stops
  const prof = env.BENCH_PROFILE_SERVERS ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_PROFILE_SERVERS}`] : [];
  const args = ['--expose-gc', ...prof, path.join(here, 'serve.js'), kind, databaseUrl];
  const child = hasTaskset
    ? spawn('taskset', ['-c', SERVER_CPU, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // the server's log: warnings and errors shown, routine lines (start, stop) not
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    if (!line.includes('"level":"info"')) console.error(`  [${kind}] ${line}`);
  });
  const lines = readline.createInterface({ input: child.stdout });
  const waiting: ((line: Record<string, unknown>) => void)[] = [];
  lines.on('line', (line) => {
    if (!line.startsWith('{"bench"')) return;
    const message = (JSON.parse(line) as { bench: Record<string, unknown> }).bench;
    waiting.shift()?.(message);
  });
  const nextMessage = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      waiting.push(resolve);
      child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
    });
  const ready = await nextMessage();
  return {
    url: ready.url as string,
    wsUrl: ready.wsUrl as string | undefined,
    child,
    async memory() {
      const answer = nextMessage();
      child.kill('SIGUSR2');
      return (await answer) as { rss: number; heapUsed: number };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The benchmark's database on DATABASE_URL's server (kept between runs), or an embedded one. A
 * database seeded with other sizes than asked is dropped and made again.
 */
async function benchDatabase(): Promise<{ url: string; close(): Promise<void> }> {
  const { testServerUrl, stopEmbeddedTestServer } = await import('../../testing/database.js');
  const { ensureDatabase, migrate } = await import('../../platform/db/orm.js');
  const server = new URL(await testServerUrl());
  const name = env.BENCH_DB ?? 'asn_bench';
  server.pathname = `/${name}`;
  const url = server.toString();
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    if ((await client.query('select 1 from pg_database where datname = $1', [name])).rowCount) {
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      const sizes = await db
        .query(
          `select (select count(*) from warranty_claims where number like 'WB-%')::int as claims, (select count(*) from repair_orders where number like 'RB-%')::int as orders`,
        )
        .then(
          (r) => r.rows[0] as { claims: number; orders: number },
          () => ({ claims: 0, orders: 0 }),
        );
      await db.end();
      if ((sizes.claims || sizes.orders) && (sizes.claims !== CLAIMS || sizes.orders !== ORDERS)) {
        console.log(`${name} holds ${sizes.claims} claims and ${sizes.orders} orders: making it again`);
        await client.query(`drop database ${client.escapeIdentifier(name)} with (force)`);
      }
    }
  } finally {
    await client.end();
  }
  await ensureDatabase(url);
  await migrate(url);
  return { url, close: stopEmbeddedTestServer };
}

const gql = (query: string, variables: Record<string, unknown>, token: string): Request => ({
  body: JSON.stringify({ query, variables }),
  headers: { authorization: `Bearer ${token}` },
});

/** Sends one request and answers its data, typed as the caller names it (nothing to read by default). */
async function call<T = unknown>(url: string, req: Request): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...req.headers }, body: req.body });
  const json = (await res.json()) as { data?: T; errors?: unknown[] };
  if (json.errors?.length) throw new Error(JSON.stringify(json.errors).slice(0, 500));
  return json.data!;
}

async function signIn(url: string, email: string): Promise<string> {
  const { DEMO_PASSWORD } = await import('../../seed/demo.js');
  const data = await call<{ signIn: { token: string } }>(url, {
    body: JSON.stringify({
      query: `mutation($i: SignInInput!) { signIn(input: $i) { token } }`,
      variables: { i: { email, password: DEMO_PASSWORD, issueBearerToken: true } },
    }),
  });
  return data.signIn.token;
}

const Q = {
  claim: `query($id: ID!) { warrantyClaim(id: $id) { id number status vin claimed { amountMinor currency } submittedAt } }`,
  order: `query($id: ID!) { repairOrder(id: $id) { id number status complaint createdAt } }`,
  claims: (n: number) =>
    `{ warrantyClaims(first: ${n}) { nodes { id number status vin dealerName claimed { amountMinor currency } findings { code } lines { kind description amount { amountMinor } } } pageInfo { hasNextPage endCursor } } }`,
  claimsCounted: `{ warrantyClaims(first: 10) { nodes { id number status } totalCount } }`,
  orders: (n: number) =>
    `{ repairOrders(first: ${n}) { nodes { id number status complaint customer { name } vehicle { vin plate } lines { kind description amount { amountMinor } } } pageInfo { hasNextPage endCursor } } }`,
  submit: `mutation($i: SubmitWarrantyClaimInput!) { submitWarrantyClaim(input: $i) { claim { id status } } }`,
  create: `mutation($i: CreateRepairOrderInput!) { createRepairOrder(input: $i) { repairOrder { id status } } }`,
  checkIn: `mutation($i: CheckInInput!) { checkInRepairOrder(input: $i) { repairOrder { id } } }`,
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '—');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');

async function main(): Promise<void> {
  pinSelf();
  const startedAt = new Date();
  console.log(`# pnpm bench — ${startedAt.toISOString()}`);
  console.log(
    `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`,
  );
  console.log(
    hasTaskset
      ? `servers pinned to core ${SERVER_CPU}, load generator to core ${LOAD_CPU} (taskset)`
      : 'taskset not available (or one core): servers and load share the cores; figures are noisier',
  );
  console.log(`${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} runs per case (A/B alternated); medians shown\n`);

  countSql(); // before the in-process API opens its pool
  const db = await benchDatabase();
  const { loadConfig } = await import('../../platform/config.js');
  const { startApi } = await import('../../server.js');
  const { seedDemo } = await import('../../seed/demo.js');
  const local = await startApi(loadConfig({ databaseUrl: db.url, port: 0, jobPollMs: 0 }));
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  try {
    await seedDemo(local.services, db.url, () => {});
    const have = (
      await owner.query<{ claims: number; orders: number }>(
        `select (select count(*) from warranty_claims where number like 'WB-%')::int as claims, (select count(*) from repair_orders where number like 'RB-%')::int as orders`,
      )
    ).rows[0]!;
    if (have.claims < CLAIMS || have.orders < ORDERS) {
      const t0 = Date.now();
      console.log(`seeding ${CLAIMS.toLocaleString()} claims and ${ORDERS.toLocaleString()} repair orders (once; kept in ${env.BENCH_DB ?? 'asn_bench'}) …`);
      await seedClaims(owner, CLAIMS);
      await seedRepairOrders(owner, ORDERS);
      for (const t of ['warranty_claims', 'warranty_claim_lines', 'repair_orders', 'repair_order_lines', 'customers', 'vehicles', 'attachments'])
        await owner.query(`vacuum analyze ${t}`);
      console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    }
    const clerk = await signIn(local.url, 'warranty@dealer-east.demo');
    const advisor = await signIn(local.url, 'advisor@dealer-east.demo');
    const tenant = (await owner.query<{ tenant_id: string }>(`select tenant_id from users where email = 'warranty@dealer-east.demo'`)).rows[0]!.tenant_id;
    const claimIds = (
      await owner.query<{ id: string }>(
        `select id from warranty_claims where tenant_id = $1 and number like 'WB-%' and status <> 'DRAFT' order by random() limit 1000`,
        [tenant],
      )
    ).rows.map((r) => r.id);
    const orderIds = (
      await owner.query<{ id: string }>(`select id from repair_orders where tenant_id = $1 and number like 'RB-%' order by random() limit 1000`, [tenant])
    ).rows.map((r) => r.id);
    const vehicles = (
      await owner.query<{ id: string; customer_id: string }>(
        `select id, customer_id from vehicles where tenant_id = $1 and vin like 'LRBENCH%' order by random() limit 1000`,
        [tenant],
      )
    ).rows;
    const runTag = `WD${Date.now().toString(36).toUpperCase()}`;
    let draftBatch = 0;
    const drafts = () => seedDrafts(owner, tenant, Number(env.BENCH_DRAFTS ?? 5000), `${runTag}-${++draftBatch}`);

    const read = {
      claim: (i: number) => gql(Q.claim, { id: claimIds[i % claimIds.length] }, clerk),
      order: (i: number) => gql(Q.order, { id: orderIds[i % orderIds.length] }, advisor),
    };
    const newOrder = (i: number) => {
      const v = vehicles[i % vehicles.length]!;
      return gql(Q.create, { i: { customerId: v.customer_id, vehicleId: v.id, complaint: '压测：异响' } }, advisor);
    };

    const bareRead = {
      claim: (i: number) => ({ body: JSON.stringify({ query: Q.claim, variables: { id: claimIds[i % claimIds.length] } }) }),
      order: (i: number) => ({ body: JSON.stringify({ query: Q.order, variables: { id: orderIds[i % orderIds.length] } }) }),
    };
    type Case = { label: string; bare?: (i: number) => Request; product: (i: number) => Request | null; rounds?: number };
    let left: { id: string; version: number }[] = [];
    let submitted = 0;
    const cases: Case[] = [
      { label: 'warrantyClaim(id)', bare: bareRead.claim, product: read.claim },
      { label: 'repairOrder(id)', bare: bareRead.order, product: read.order },
      { label: 'warrantyClaims(first: 10) + nested', product: () => gql(Q.claims(10), {}, clerk) },
      { label: 'warrantyClaims(first: 100) + nested', product: () => gql(Q.claims(100), {}, clerk) },
      { label: 'repairOrders(first: 10) + nested', product: () => gql(Q.orders(10), {}, advisor) },
      { label: 'repairOrders(first: 100) + nested', product: () => gql(Q.orders(100), {}, advisor) },
      { label: 'submitWarrantyClaim (write)', product: (i) => (left[submitted + i] ? gql(Q.submit, { i: left[submitted + i] }, clerk) : null), rounds: 1 },
      { label: 'createRepairOrder (write)', product: newOrder, rounds: 1 },
    ];

    let noise = 0;
    const only = env.BENCH_ONLY; // 'http' or 'fanout': one part only (while working on it)
    // ---------------------------------------------------------------- SQL per request (in-process API)
    await local.services.dispatcher.stop(); // only what the request itself sends is counted
    const counted = new Map<string, SqlCount>();
    if (only !== 'fanout') {
      const count = async (label: string, req: (i: number) => Request | null) => {
        let i = 0;
        counted.set(label, await perRequest(() => call(local.url, req(i++)!)));
      };
      left = await drafts();
      for (const c of cases) await count(c.label, c.product);
      await count('warrantyClaims(first: 10) with totalCount', () => gql(Q.claimsCounted, {}, clerk));
    }
    // ---------------------------------------------------------------- HTTP: bare vs product, alternated
    if (only !== 'fanout') {
      const bare = await serve('bare', db.url);
      const product = await serve('product', db.url);
      const load = (url: string, next: (i: number) => Request | null) => runLoad(url, next, { connections: CONNECTIONS, seconds: SECONDS });
      // both answer the same documents
      await call(bare.url, bareRead.claim(0));
      await call(product.url, read.claim(0));
      left = await drafts();
      submitted = 0;
      const results = new Map<string, { bare: LoadResult[]; product: LoadResult[] }>();
      for (const c of cases) results.set(c.label, { bare: [], product: [] });
      for (let round = 0; round < ROUNDS; round++) {
        for (const c of cases) {
          if ((c.rounds ?? ROUNDS) <= round) continue;
          const r = results.get(c.label)!;
          const order: ('bare' | 'product')[] = round % 2 ? ['product', 'bare'] : ['bare', 'product'];
          for (const side of order) {
            if (side === 'bare' && !c.bare) continue;
            const res = side === 'bare' ? await load(bare.url, c.bare!) : await load(product.url, c.product);
            if (c.label.startsWith('submit')) submitted += res.requests + res.errors;
            if (res.errors) console.log(`  ! ${c.label} (${side}): ${res.errors} errors, first: ${res.firstError}`);
            r[side].push(res);
          }
        }
      }
      // writes one at a time too: the latency one clerk sees (under 20 at once it is a queue)
      const alone = new Map<string, LoadResult>();
      for (const c of cases.filter((x) => x.rounds === 1)) {
        const res = await runLoad(product.url, c.product, { connections: 1, seconds: SECONDS });
        if (c.label.startsWith('submit')) submitted += res.requests + res.errors;
        if (res.errors) console.log(`  ! ${c.label} (one at a time): ${res.errors} errors, first: ${res.firstError}`);
        alone.set(c.label, res);
      }
      await bare.stop();
      await product.stop();

      noise = 0;
      console.log(
        '| case | bare req/s | bare p50 / p99 ms | product req/s | product p50 / p99 ms | throughput × bare | p99 × bare | SQL statements / round trips / transactions |',
      );
      console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
      for (const c of cases) {
        const r = results.get(c.label)!;
        const sum = (xs: LoadResult[]) => ({ rps: median(xs.map((x) => x.reqPerSec)), p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)) });
        for (const xs of [r.bare, r.product])
          if (xs.length > 1)
            noise = Math.max(noise, (Math.max(...xs.map((x) => x.reqPerSec)) - Math.min(...xs.map((x) => x.reqPerSec))) / median(xs.map((x) => x.reqPerSec)));
        const p = sum(r.product);
        const b = r.bare.length ? sum(r.bare) : null;
        const sql = counted.get(c.label);
        console.log(
          `| ${c.label} | ${b ? f0(b.rps) : '—'} | ${b ? `${f1(b.p50)} / ${f1(b.p99)}` : '—'} | ${f0(p.rps)} | ${f1(p.p50)} / ${f1(p.p99)} | ${b ? `${(p.rps / b.rps).toFixed(2)}×` : '—'} | ${b ? `${(p.p99 / b.p99).toFixed(1)}×` : '—'} | ${sql ? `${f1(sql.statements)} / ${f1(sql.roundTrips)} / ${f1(sql.transactions)}` : '—'} |`,
        );
      }
      for (const [label, r] of alone) console.log(`${label}, one at a time: ${f0(r.reqPerSec)} req/s, p50 ${f1(r.p50)} ms, p99 ${f1(r.p99)} ms`);
      console.log('\nSQL per request (counted at the protocol level, one request at a time, average of 5; transactions = BEGINs:');
      console.log('a query whose document has always read once sends `set_config; <query>` as one implicit transaction, no BEGIN):');
      for (const [label, s] of counted.entries())
        console.log(
          `  ${label.padEnd(52)} ${f1(s.statements).padStart(5)} statements  ${f1(s.roundTrips).padStart(5)} round trips  ${f1(s.transactions).padStart(4)} transactions`,
        );
    }
    // ---------------------------------------------------------------- fan-out
    const fan: { n: number; raw: FanoutResult; product: FanoutResult; rawKb: number; productKb: number }[] = [];
    const fanCustomer = vehicles[0]!;
    for (const n of only === 'http' ? [] : FANOUT) {
      const api = await serve('product', db.url);
      const tokens: string[] = []; // ten sessions (one after the other: sign-in attempts are limited per e-mail)
      for (let i = 0; i < 10; i++) tokens.push(await signIn(api.url, 'advisor@dealer-east.demo'));
      const orders: { id: string; version: number }[] = [];
      for (let i = 0; i < CHANGES + WARM_UP; i++)
        orders.push(
          (
            await call<{ createRepairOrder: { repairOrder: { id: string; version: number } } }>(
              api.url,
              gql(Q.create, { i: { customerId: fanCustomer.customer_id, vehicleId: fanCustomer.id, complaint: '压测：推送' } }, advisor),
            )
          ).createRepairOrder.repairOrder,
        );
      let k = 0;
      const change = async () => {
        const o = orders[k++]!;
        await call(api.url, gql(Q.checkIn, { i: { id: o.id, version: 1, meter: 100, customerSigned: true } }, advisor));
      };
      const before = await api.memory();
      const p = await productFanout(api.wsUrl!, tokens, n, CHANGES, change);
      const after = await api.memory();
      await p.close();
      await api.stop();
      const raw = await serve('raw-ws');
      const rawBefore = await raw.memory();
      const r = await rawFanout({ url: raw.url, wsUrl: raw.wsUrl! }, n, CHANGES, p.sample);
      const rawAfter = await raw.memory();
      await r.close();
      await raw.stop();
      fan.push({ n, raw: r, product: p, rawKb: (rawAfter.rss - rawBefore.rss) / n / 1024, productKb: (after.rss - before.rss) / n / 1024 });
    }
    console.log(
      '\n| subscribers | raw ws: answered / first / p50 / p99 ms | product: answered / first / p50 / p99 ms | p99 × raw | delivered | RSS per idle socket: raw / product KB |',
    );
    console.log('|---:|---:|---:|---:|---:|---:|');
    for (const x of fan) {
      console.log(
        `| ${x.n.toLocaleString()} | ${f1(x.raw.answered)} / ${f1(x.raw.first)} / ${f1(x.raw.p50)} / ${f1(x.raw.p99)} | ${f1(x.product.answered)} / ${f1(x.product.first)} / ${f1(x.product.p50)} / ${f1(x.product.p99)} | ${(x.product.p99 / x.raw.p99).toFixed(1)}× | ${x.product.delivered}/${x.product.expected} | ${f1(x.rawKb)} / ${f1(x.productKb)} |`,
      );
    }
    console.log(
      `\nnoise: req/s of the same case varied by up to ${(noise * 100).toFixed(0)} % between its runs${noise > 0.15 ? ' — a busy machine; compare ratios, not absolute figures' : ''}`,
    );
    console.log(`total ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s`);
  } finally {
    await owner.end();
    await local.stop();
    await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
