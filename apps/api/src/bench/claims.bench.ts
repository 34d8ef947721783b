/**
 * Warranty claims at volume: the manufacturer's review queue and a dealer's claim list.
 * Seeds N claims (two lines each) over the three demo dealers of OEM-HY, in every state, then
 * times through the real GraphQL API: the reviewer's queue (first page, with lines, findings and
 * dealer names), the queue filtered by finding, by region and by VIN, the overdue queue, and
 * the dealer's own list.
 *
 *   pnpm --filter @asn/api bench:claims            # 100 000 claims
 *   BENCH_CLAIMS=20000 pnpm --filter @asn/api bench:claims
 */
import { loadConfig } from '../platform/config.js';
import { startApi } from '../server.js';
import { seedDemo } from '../seed/demo.js';
import { createTestDatabase, stopEmbeddedTestServer } from '../testing/database.js';
import { Client } from '../testing/client.js';
import pg from 'pg';
import { seedClaims } from './suite/seed.js';

const N = Number(process.env.BENCH_CLAIMS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);

async function main(): Promise<void> {
  const db = await createTestDatabase('asn_bench_claims');
  const api = await startApi(loadConfig({ databaseUrl: db.url, port: 0, jobPollMs: 0 }));
  try {
    await seedDemo(api.services, db.url);
    const owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    const started = Date.now();
    await seedClaims(owner, N);
    for (const table of ['warranty_claims', 'warranty_claim_lines']) await owner.query(`vacuum analyze ${table}`);
    await owner.query('checkpoint');
    await owner.end();
    console.log(`seeded ${N.toLocaleString()} claims (two lines each) over 3 dealers in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const reviewer = await new Client(api.url).signIn('reviewer@oem.demo');
    const clerk = await new Client(api.url).signIn('warranty@dealer-east.demo');
    const page = `nodes { id number status vin dealerName claimed { amountMinor } findings { code } reviewDueAt lines { kind amount { amountMinor } } } totalCount`;
    const parts = `nodes { line { tagCode returnStatus approved { amountMinor } } claim { number vin dealerName } } totalCount`;
    const cases: [string, Client, string, (i: number) => Record<string, unknown>][] = [
      ['review queue (UNDER_REVIEW, first 20)', reviewer, `{ warrantyClaims(filter: { status: [UNDER_REVIEW] }, first: 20) { ${page} } }`, () => ({})],
      [
        'queue by finding',
        reviewer,
        `{ warrantyClaims(filter: { status: [UNDER_REVIEW], findingCode: LABOUR_OVER_STANDARD }, first: 20) { ${page} } }`,
        () => ({}),
      ],
      ['queue by region', reviewer, `{ warrantyClaims(filter: { status: [UNDER_REVIEW], region: "华北" }, first: 20) { ${page} } }`, () => ({})],
      ['overdue queue', reviewer, `{ warrantyClaims(filter: { overdue: true }, first: 20) { ${page} } }`, () => ({})],
      [
        'claims of a VIN',
        reviewer,
        `query($v: String) { warrantyClaims(filter: { vin: $v }, first: 20) { ${page} } }`,
        (i) => ({ v: `LBENCH${String((i * 7919) % Math.floor(N / 3)).padStart(11, '0')}` }),
      ],
      ['dealer’s own list', clerk, `{ warrantyClaims(first: 20) { ${page} } }`, () => ({})],
      [
        'receiving desk: open parts, oldest first (25)',
        reviewer,
        `{ returnedParts(status: [REQUESTED, SHIPPED, RECEIVED], first: 25, oldestFirst: true) { ${parts} } }`,
        () => ({}),
      ],
      ['inspected parts, newest first (25)', reviewer, `{ returnedParts(status: [INSPECTED], first: 25) { ${parts} } }`, () => ({})],
      ['dealer’s parts to ship (25)', clerk, `{ returnedParts(status: [REQUESTED], first: 25, oldestFirst: true) { ${parts} } }`, () => ({})],
    ];
    console.log(`| case | p50 ms | p95 ms | total rows |`);
    console.log(`|---|---|---|---|`);
    for (const [name, client, query, vars] of cases) {
      await client.ok(query, vars(0)); // warm
      const times: number[] = [];
      let total = 0;
      for (let i = 1; i <= ROUNDS; i++) {
        const t0 = performance.now();
        const r = await client.ok(query, vars(i));
        times.push(performance.now() - t0);
        total = (Object.values(r)[0] as { totalCount: number }).totalCount;
      }
      times.sort((a, b) => a - b);
      const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(0);
      console.log(`| ${name} | ${p(0.5)} | ${p(0.95)} | ${total.toLocaleString()} |`);
    }
  } finally {
    await api.stop();
    await db.drop();
    await stopEmbeddedTestServer();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
