/**
 * Network figures at network scale (issue 16): a manufacturer with BENCH_DEALERS dealers (100) and
 * BENCH_DAYS (365) days of history at BENCH_ORDERS_PER_DAY (27) delivered repair orders a day each
 * — about a million orders, with their lines, warranty claims, complaints, follow-up calls, ratings
 * and surveys in proportion, and parts orders placed with one supplier (a ninth as many, with
 * backorders, emergency orders and discrepancies) — then, over HTTP with row-level security on:
 *   - the network dashboard (networkFigures by region and by dealer, a month) and a 12-month trend,
 *   - one dealer's scorecard seen by the manufacturer and by the dealer itself (with the network),
 *   - the manufacturer's suppliers (the supplier's parts figures addressed to it),
 *   - the time the refresh jobs take to bring the figures up to date after a day's transactions
 *     (written through the triggers, as the application writes them).
 *
 *   pnpm bench:network                                  # from the repository root (builds first)
 *   BENCH_DEALERS=20 BENCH_DAYS=90 pnpm bench:network   # smaller
 *   BENCH_KEEP=1 DATABASE_URL=… pnpm bench:network       # keep the loaded database (its URL is printed)
 *   BENCH_REUSE=<that URL> pnpm bench:network           # only the response times, on a kept database
 */
import pg from 'pg';
import { addDays, localDay } from '@asn/domain';
import { percentileLine } from '../timings.js';
import { loadConfig } from '../../platform/config.js';
import { startApi } from '../../server.js';
import { DEMO_PASSWORD, seedDemo } from '../../seed/demo.js';
import { refreshDays, writeNetworkHistory, type HistoryDealer } from '../../seed/network-history.js';
import { createTestDatabase, stopEmbeddedTestServer } from '../../testing/database.js';
import { Client } from '../../testing/client.js';
import { hashPassword } from '../../platform/auth/tokens.js';

const DEALERS = Number(process.env.BENCH_DEALERS ?? 100);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const PER_DAY = Number(process.env.BENCH_ORDERS_PER_DAY ?? 27);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const KEEP = process.env.BENCH_KEEP === '1';
const REUSE = process.env.BENCH_REUSE || null;
const REGIONS = ['华东', '华北', '华南', '华中', '西南', '西北', '东北'];

async function timed<T>(rounds: number, run: () => Promise<T>): Promise<number[]> {
  await run(); // warm
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return times;
}

async function main(): Promise<void> {
  const db = REUSE ? { url: REUSE, drop: async () => undefined } : await createTestDatabase('asn_bench_network');
  const api = await startApi(loadConfig({ databaseUrl: db.url, port: 0, jobPollMs: 0 }));
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  try {
    const today = localDay(api.services.clock.now(), 'Asia/Shanghai');
    const dealerIds = REUSE ? await loaded(owner) : await load(api, owner, db.url, today);
    await responseTimes(api.url, dealerIds, today);
  } finally {
    await owner.end();
    await api.stop();
    if (KEEP || REUSE) console.log(`\nthe database is kept: BENCH_REUSE=${db.url}`);
    else await db.drop();
    await stopEmbeddedTestServer();
  }
}

/** A kept database's dealers (BENCH_REUSE), in the order they were made. */
async function loaded(owner: pg.Client): Promise<string[]> {
  const { rows } = await owner.query<{ id: string }>(`select id from tenants where code like 'BN-%' and code <> 'BN-SUP' order by substr(code, 4)::int`);
  if (!rows.length) throw new Error('BENCH_REUSE: no bench dealers (BN-1…) in that database');
  return rows.map((r) => r.id);
}

/** Seeds the demo and the network's history, rolls it up and times a day's catch-up; returns the dealers' ids. */
async function load(api: Awaited<ReturnType<typeof startApi>>, owner: pg.Client, url: string, today: string): Promise<string[]> {
  await seedDemo(api.services, url);
  const oem = (await owner.query<{ id: string }>(`select id from tenants where code = 'OEM-HY'`)).rows[0]!.id;
  // the network: DEALERS dealers authorised for both brands, spread over the regions, each with an admin
  const hash = await hashPassword(DEMO_PASSWORD);
  const dealers: HistoryDealer[] = [];
  for (let i = 1; i <= DEALERS; i++) {
    const region = REGIONS[i % REGIONS.length]!;
    const { rows } = await owner.query<{ id: string }>(
      `insert into tenants (id, kind, name, code) values (gen_random_uuid(), 'DEALER_4S', $1, $2) returning id`,
      [`${region}${i}号特约服务站`, `BN-${i}`],
    );
    const id = rows[0]!.id;
    await owner.query(
      `insert into relationships (id, kind, from_tenant_id, to_tenant_id, dealer_code, region, brands, valid_from)
       values (gen_random_uuid(), 'DEALER_AUTHORIZATION', $1, $2, $3, $4, '{华岳装载机,华岳重卡}', '2020-01-01')`,
      [oem, id, `HY-B${String(i).padStart(3, '0')}`, region],
    );
    await owner.query(
      `insert into users (id, tenant_id, email, display_name, password_hash, roles) values (gen_random_uuid(), $1, $2, '业务主管', $3, '{SERVICE_ADMIN}')`,
      [id, `admin@bn-${i}.bench`, hash],
    );
    dealers.push({ id, manufacturerId: oem, region, brands: ['华岳装载机', '华岳重卡'] });
  }
  // the parts supplier every dealer orders from, under a supply agreement with the manufacturer
  const supplierId = (
    await owner.query<{ id: string }>(
      `insert into tenants (id, kind, name, code) values (gen_random_uuid(), 'PARTS_SUPPLIER', '华岳配件供应商', 'BN-SUP') returning id`,
    )
  ).rows[0]!.id;
  await owner.query(
    `insert into relationships (id, kind, from_tenant_id, to_tenant_id, brands, valid_from) values (gen_random_uuid(), 'SUPPLY_AGREEMENT', $1, $2, '{}', '2020-01-01')`,
    [oem, supplierId],
  );
  const from = addDays(today, -DAYS - 1);
  console.log(`history: ${DEALERS} dealers × ${DAYS} days × ${PER_DAY} orders a day, bulk-loaded, then every day's figures computed`);
  const t0 = performance.now();
  const { orders } = await writeNetworkHistory(api.services, owner, {
    dealers,
    from,
    days: DAYS,
    ordersPerDay: PER_DAY,
    bulk: true,
    refresh: false,
    supplierId,
  });
  const loaded = performance.now() - t0;
  const allDays: string[] = [];
  for (let i = 0; i <= DAYS + 8; i++) allDays.push(addDays(from, i));
  const t2 = performance.now();
  await refreshDays(api.services, [...dealers.map((d) => d.id), supplierId], allDays);
  const rolled = performance.now() - t2;
  // as autovacuum would after a bulk load: without statistics the planner takes 3 million facts for one row
  await owner.query(`analyze figure_facts`);
  const counts = await owner.query<{ t: string; n: string }>(
    `select 'repair_orders' as t, count(*) as n from repair_orders union all select 'repair_order_lines', count(*) from repair_order_lines
     union all select 'warranty_claims', count(*) from warranty_claims union all select 'complaints', count(*) from complaints
     union all select 'follow_ups', count(*) from follow_ups union all select 'parts_orders', count(*) from parts_orders
     union all select 'parts_order_lines', count(*) from parts_order_lines union all select 'figure_facts', count(*) from figure_facts`,
  );
  console.log(
    `  ${orders.toLocaleString()} orders written in ${(loaded / 1000).toFixed(0)} s; every dealer's every day rolled up in ${(rolled / 1000).toFixed(0)} s ` +
      `(${(rolled / DEALERS / 1000).toFixed(2)} s a dealer)`,
  );
  console.log(`  rows: ${counts.rows.map((r) => `${r.t} ${Number(r.n).toLocaleString()}`).join(', ')}`);

  // a day's transactions through the triggers (as the application writes them), then the refresh jobs
  const nextDay = addDays(from, DAYS);
  const day = await writeNetworkHistory(api.services, owner, { dealers, from: nextDay, days: 1, ordersPerDay: PER_DAY, seed: 7, refresh: false, supplierId });
  const dirty = await owner.query<{ n: string; jobs: string }>(
    `select (select count(*) from figure_dirty) as n, (select count(*) from jobs where kind = 'figures.refresh' and status = 'PENDING') as jobs`,
  );
  await owner.query(`update jobs set run_at = now() where kind = 'figures.refresh' and status = 'PENDING'`);
  const t1 = performance.now();
  let ran = 0;
  for (let n = await api.services.jobs.runDue(200); n > 0; n = await api.services.jobs.runDue(200)) ran += n;
  const caughtUp = performance.now() - t1;
  console.log(
    `a day's transactions (${day.orders.toLocaleString()} orders with their claims, complaints, calls): ${dirty.rows[0]!.n} dirty marks, ${dirty.rows[0]!.jobs} refresh jobs; ` +
      `figures up to date in ${(caughtUp / 1000).toFixed(1)} s (${ran} jobs)`,
  );

  return dealers.map((d) => d.id);
}

/** The dashboards and scorecards over HTTP, as the analyst and the first dealer's admin. */
async function responseTimes(url: string, dealerIds: string[], today: string): Promise<void> {
  const analyst = await new Client(url).signIn('analyst@oem.demo');
  const dealerAdmin = await new Client(url).signIn('admin@bn-1.bench');
  const month = { from: `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`, to: addDays(`${today.slice(0, 7)}-01`, -1) };
  const year = { from: `${addDays(today, -365).slice(0, 7)}-01`, to: today };
  const FIG = `figureId value sample tooFew judgement`;
  const cases: [string, () => Promise<unknown>][] = [
    [
      'dashboard by region',
      () =>
        analyst.ok(`query($i: NetworkFiguresInput!) { networkFigures(input: $i) { dealers rows { label below figures { ${FIG} } } network { ${FIG} } } }`, {
          i: { ...month, groupBy: 'REGION' },
        }),
    ],
    [
      'dashboard by dealer',
      () =>
        analyst.ok(`query($i: NetworkFiguresInput!) { networkFigures(input: $i) { rows { label dealerCode below figures { ${FIG} } } } }`, {
          i: { ...month, groupBy: 'DEALER' },
        }),
    ],
    [
      'trend, 12 months',
      () =>
        analyst.ok(`query($i: FigureTrendInput!) { figureTrend(input: $i) { points { period value } } }`, {
          i: { figureId: 'firstTimeFixRate', ...year, grain: 'MONTH' },
        }),
    ],
    [
      'suppliers (OEM)',
      () =>
        analyst.ok(`query($i: NetworkFiguresInput!) { networkFigures(input: $i) { rows { label figures { ${FIG} } } } }`, {
          i: { ...month, groupBy: 'SUPPLIER' },
        }),
    ],
    [
      'scorecard (OEM)',
      () =>
        analyst.ok(`query($i: ScorecardInput!) { figureScorecard(input: $i) { dealerName figures { ${FIG} } network { ${FIG} } } }`, {
          i: { ...month, dealerId: dealerIds[0] },
        }),
    ],
    [
      'scorecard (dealer)',
      () => dealerAdmin.ok(`query($i: ScorecardInput!) { figureScorecard(input: $i) { figures { ${FIG} } network { ${FIG} } } }`, { i: month }),
    ],
    [
      'scorecard, a year',
      () =>
        dealerAdmin.ok(`query($i: ScorecardInput!) { figureScorecard(input: $i) { figures { ${FIG} } network { ${FIG} } } }`, {
          i: { from: year.from, to: month.to },
        }),
    ],
  ];
  const sup = await analyst.ok<{ networkFigures: { rows: { label: string; figures: { figureId: string; value: number | null; sample: number }[] }[] } }>(
    `query($i: NetworkFiguresInput!) { networkFigures(input: $i) { rows { label figures { figureId value sample } } } }`,
    { i: { ...month, groupBy: 'SUPPLIER' } },
  );
  for (const r of sup.networkFigures.rows) {
    const shown = r.figures.filter((f) => ['partsFillRate', 'backorderAge', 'emergencyPromiseKept', 'shipmentAccuracy'].includes(f.figureId));
    console.log(
      `supplier ${r.label}, last month: ${shown.map((f) => `${f.figureId} ${f.value === null ? '—' : Number(f.value).toFixed(3)} (n=${f.sample})`).join(', ')}`,
    );
  }
  console.log(`\nresponse times over HTTP, ${ROUNDS} requests each (ms):`);
  console.log(`${'case'.padEnd(20)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)}`);
  for (const [name, run] of cases) console.log(percentileLine(name, await timed(ROUNDS, run)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
