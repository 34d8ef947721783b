/**
 * The live event path: one status change of a repair order to N subscribers of the same dealer
 * (each over its own graphql-ws socket with the session cookie, as the portal's live client).
 * Times, per change, the mutation's answer and the moment the first and the last of the N
 * subscribers has the event; in-process PubSub by default, Redis with REDIS_URL.
 *
 *   pnpm --filter @asn/api build && pnpm --filter @asn/api bench:events      # 200 subscribers, 30 changes
 *   BENCH_SUBSCRIBERS=500 BENCH_ROUNDS=50 REDIS_URL=redis://127.0.0.1:6379 pnpm --filter @asn/api bench:events
 */
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../platform/config.js';
import { startApi } from '../server.js';
import { seedDemo } from '../seed/demo.js';
import { createTestDatabase, stopEmbeddedTestServer } from '../testing/database.js';
import { Client } from '../testing/client.js';

const N = Number(process.env.BENCH_SUBSCRIBERS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

interface Waiter {
  entityId: string;
  left: number;
  first?: number;
  resolve: (last: number) => void;
}

async function main(): Promise<void> {
  const db = await createTestDatabase('asn_bench');
  const api = await startApi(loadConfig({ databaseUrl: db.url, port: 0, jobPollMs: 0, redisUrl: process.env.REDIS_URL }));
  const sockets: WsClient[] = [];
  try {
    await seedDemo(api.services, db.url);
    const advisor = await new Client(api.url).signIn('advisor@dealer-east.demo');
    const cookie = advisor.cookie!;
    class CookieSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { cookie } });
      }
    }
    let waiter: Waiter | null = null;
    const onEvent = (entityId: string) => {
      const w = waiter;
      if (!w || w.entityId !== entityId) return;
      w.first ??= performance.now();
      if (--w.left === 0) w.resolve(performance.now());
    };
    for (let i = 0; i < N; i++) {
      const ws = createClient({ url: api.wsUrl, webSocketImpl: CookieSocket, lazy: false, retryAttempts: 0 });
      sockets.push(ws);
      ws.subscribe<{ events: { entityId: string } }>(
        { query: `subscription { events(entityTypes: ["RepairOrder"]) { entityId type } }` },
        { next: (m) => m.data && onEvent(m.data.events.entityId), error: (e) => console.error('subscriber error', e), complete: () => {} },
      );
    }
    const c = await advisor.ok<{ createCustomer: { customer: { id: string; vehicles: { id: string }[] } } }>(
      `mutation { createCustomer(input: { name: "压测客户", phone: "13900000000", vehicles: [{ vin: "LBENCHEVT000001", plate: "沪B00001" }] }) { customer { id vehicles { id } } } }`,
    );
    const customerId = c.createCustomer.customer.id;
    const vehicleId = c.createCustomer.customer.vehicles[0]!.id;
    const order = async () =>
      (
        await advisor.ok<{ createRepairOrder: { repairOrder: { id: string; version: number } } }>(
          `mutation($i: CreateRepairOrderInput!) { createRepairOrder(input: $i) { repairOrder { id version } } }`,
          { i: { customerId, vehicleId, complaint: '压测' } },
        )
      ).createRepairOrder.repairOrder;
    // one change = one check-in (APPOINTED → CHECKED_IN): a status change with one event
    const change = async (o: { id: string; version: number }) => {
      const started = performance.now();
      const delivered = new Promise<number>((resolve) => (waiter = { entityId: o.id, left: N, resolve }));
      await advisor.ok(`mutation($i: CheckInInput!) { checkInRepairOrder(input: $i) { repairOrder { id } } }`, {
        i: { id: o.id, version: o.version, meter: 100, customerSigned: true },
      });
      const answered = performance.now();
      const last = await delivered;
      const w = waiter!;
      waiter = null;
      return { mutation: answered - started, first: w.first! - started, last: last - started };
    };
    // warm-up: every subscriber is registered once all have one event (no sleeping)
    await change(await order());
    const orders: { id: string; version: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) orders.push(await order());
    const rows: { mutation: number; first: number; last: number }[] = [];
    const cpu = process.cpuUsage();
    for (const o of orders) rows.push(await change(o));
    const used = process.cpuUsage(cpu);
    const pick = (k: keyof (typeof rows)[number], q: number) => {
      const xs = rows.map((r) => r[k]).sort((a, b) => a - b);
      return xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!.toFixed(1);
    };
    console.log(`${N} subscribers, ${ROUNDS} status changes, PubSub: ${process.env.REDIS_URL ? 'Redis' : 'in-process'}`);
    console.log(`${'from the mutation sent to'.padEnd(34)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
    for (const [label, k] of [
      ['its answer', 'mutation'],
      ['the first subscriber has the event', 'first'],
      [`all ${N} subscribers have it`, 'last'],
    ] as const) {
      console.log(`${label.padEnd(34)} ${pick(k, 0.5).padStart(8)} ${pick(k, 0.95).padStart(8)} ${pick(k, 1).padStart(8)}`);
    }
    // API and subscribers share this process: CPU per change covers the mutation, the dispatch and N deliveries
    console.log(`CPU of this process per change: ${((used.user + used.system) / 1000 / ROUNDS).toFixed(1)} ms`);
  } finally {
    await Promise.all(sockets.map((s) => Promise.resolve(s.dispose())));
    await api.stop();
    await db.drop();
    await stopEmbeddedTestServer();
  }
}

await main();
