/**
 * Customer search on a large customer base (issue: "fast on 100k customers").
 * Seeds N customers with a vehicle each into one dealer (plus the same into a second dealer, so
 * the indexes must separate tenants), then times searches by plate, VIN, phone, last four digits
 * and name through the real GraphQL API.
 *
 *   pnpm --filter @asn/api bench:search            # 100 000 customers per dealer
 *   BENCH_CUSTOMERS=20000 pnpm --filter @asn/api bench:search
 */
import { loadConfig } from '../platform/config.js';
import { startApi } from '../server.js';
import { seedDemo } from '../seed/demo.js';
import { createTestDatabase, stopEmbeddedTestServer } from '../testing/database.js';
import { Client } from '../testing/client.js';
import pg from 'pg';
import { percentileLine } from './timings.js';

const N = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);

async function main(): Promise<void> {
  const db = await createTestDatabase('asn_bench');
  const api = await startApi(loadConfig({ databaseUrl: db.url, port: 0, jobPollMs: 0 }));
  try {
    await seedDemo(api.services, db.url);
    const owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    const started = Date.now();
    for (const code of ['DLR-E1', 'DLR-E2']) {
      const tenant = (await owner.query<{ id: string }>(`select id from tenants where code = $1`, [code])).rows[0]!.id;
      await owner.query(
        `insert into customers (id, tenant_id, name, phone, phone_last4)
         select gen_random_uuid(), $1, (array['张','王','李','赵','刘','陈','杨','黄','周','吴'])[1 + i % 10] || '客户' || i,
                '139' || lpad(i::text, 8, '0'), right(lpad(i::text, 8, '0'), 4)
           from generate_series(1, $2) i`,
        [tenant, N],
      );
      await owner.query(
        `insert into vehicles (id, tenant_id, customer_id, vin, plate)
         select gen_random_uuid(), c.tenant_id, c.id, 'LBENCH' || lpad(substr(c.phone, 4), 11, '0'), '沪B' || substr(c.phone, 7)
           from customers c where c.tenant_id = $1`,
        [tenant],
      );
    }
    // the steady state autovacuum keeps: statistics, and visibility maps for index-only scans
    for (const table of ['customers', 'vehicles', 'customer_name_grams']) await owner.query(`vacuum analyze ${table}`);
    await owner.query('checkpoint'); // the bulk load's writes are flushed before the clock starts
    await owner.end();
    console.log(`seeded ${N.toLocaleString()} customers and vehicles per dealer (2 dealers) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const advisor = await new Client(api.url).signIn('advisor@dealer-east.demo');
    const query = `query($s: String) { customers(search: $s, first: 20) { totalCount nodes { id name vehicles { plate } } } }`;
    const cases: [string, (i: number) => string][] = [
      ['plate prefix', (i) => `沪B${String(10000 + ((i * 7919) % 89999)).slice(0, 5)}`],
      [
        'VIN prefix',
        (i) =>
          `LBENCH${String((i * 104729) % N)
            .padStart(11, '0')
            .slice(0, 9)}`,
      ],
      [
        'phone prefix',
        (i) =>
          `139${String((i * 15485863) % N)
            .padStart(8, '0')
            .slice(0, 6)}`,
      ],
      ['last four digits', (i) => String((i * 31) % 10000).padStart(4, '0')],
      ['name prefix', (i) => `${SURNAMES[((i * 977) % N) % 10]}客户${(i * 977) % N}`],
      // the middle of a name (the seeded names share "客户", the worst case for bigrams)
      ['name contains', (i) => `户${(i * 977) % N}`],
      ['name contains 2', (i) => `${['张', '王', '李'][i % 3]}客`],
      ['no search (newest)', () => ''],
    ];
    console.log(
      `\n${'search'.padEnd(20)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}  (${ROUNDS} requests each, over HTTP incl. session check)`,
    );
    for (const [name, make] of cases) {
      await advisor.ok(query, { s: make(0) }); // warm up
      const times: number[] = [];
      for (let i = 1; i <= ROUNDS; i++) {
        const t0 = performance.now();
        const s = make(i);
        const r = await advisor.ok<{ customers: { totalCount: number; nodes: { name: string }[] } }>(query, { s });
        times.push(performance.now() - t0);
        if (r.customers.totalCount > N) throw new Error('saw another tenant’s customers');
        // every name case asks for names that exist: found, and nothing else
        if (name.startsWith('name') && (!r.customers.totalCount || !r.customers.nodes.every((n) => n.name.includes(s))))
          throw new Error(`wrong result for name search "${s}"`);
      }
      console.log(percentileLine(name, times));
    }
  } finally {
    await api.stop();
    if (process.env.BENCH_KEEP) console.log(`kept ${db.url}`);
    else await db.drop();
    await stopEmbeddedTestServer();
  }
}

await main();
