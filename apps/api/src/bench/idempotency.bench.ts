/**
 * What an idempotency key costs on a write: N repair-order creates through the real GraphQL API
 * without a key and N with a fresh key each, interleaved (so drift hits both alike), then N
 * replays (the same key and input again). Reports the median and p90 per request in ms.
 *
 *   pnpm --filter @asn/api bench:idempotency           # 200 of each
 *   BENCH_WRITES=1000 pnpm --filter @asn/api bench:idempotency
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../platform/config.js';
import { startApi } from '../server.js';
import { seedDemo } from '../seed/demo.js';
import { createTestDatabase, stopEmbeddedTestServer } from '../testing/database.js';
import { Client } from '../testing/client.js';

const N = Number(process.env.BENCH_WRITES ?? 200);
const CREATE = `mutation($i: CreateRepairOrderInput!) { createRepairOrder(input: $i) { repairOrder { id number } } }`;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const fmt = (xs: number[]) => `median ${quantile(xs, 0.5).toFixed(2)} ms, p90 ${quantile(xs, 0.9).toFixed(2)} ms`;

async function main(): Promise<void> {
  const db = await createTestDatabase('asn_bench_idempotency');
  const api = await startApi(loadConfig({ databaseUrl: db.url, port: 0, jobPollMs: 0 }));
  try {
    await seedDemo(api.services, db.url);
    const advisor = await new Client(api.url).signIn('advisor@dealer-east.demo');
    const c = await advisor.ok<{ createCustomer: { customer: { id: string; vehicles: { id: string }[] } } }>(
      `mutation { createCustomer(input: { name: "压测", phone: "13900009999", vehicles: [{ vin: "HYBENCHIDEM000001" }] }) { customer { id vehicles { id } } } }`,
    );
    const base = { customerId: c.createCustomer.customer.id, vehicleId: c.createCustomer.customer.vehicles[0]!.id };
    const timed = async (i: Record<string, unknown>) => {
      const t0 = performance.now();
      const r = await advisor.gql(CREATE, { i });
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return performance.now() - t0;
    };
    // warm-up: plans, pools and JIT
    for (let n = 0; n < 20; n++) {
      await timed({ ...base, complaint: `预热${n}` });
      await timed({ ...base, complaint: `预热K${n}`, idempotencyKey: randomUUID() });
    }
    const plain: number[] = [];
    const keyed: number[] = [];
    const inputs: Record<string, unknown>[] = [];
    for (let n = 0; n < N; n++) {
      plain.push(await timed({ ...base, complaint: `无键${n}` }));
      const i = { ...base, complaint: `有键${n}`, idempotencyKey: randomUUID() };
      inputs.push(i);
      keyed.push(await timed(i));
    }
    const replays: number[] = [];
    for (const i of inputs) replays.push(await timed(i));
    console.log(`repair-order create ×${N} (sequential, one client, ${api.url})`);
    console.log(`  without a key:           ${fmt(plain)}`);
    console.log(`  with a fresh key:        ${fmt(keyed)}  (+${(quantile(keyed, 0.5) - quantile(plain, 0.5)).toFixed(2)} ms median)`);
    console.log(`  replay (same key+input): ${fmt(replays)}`);
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
