/**
 * The request pipeline's budgets (docs/performance.md), counted at the PostgreSQL protocol level:
 * what a user's screen costs the database does not grow with the page or with the audience.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSql, perRequest, sqlCount, sqlSent } from '../testing/sql-count.js';
import { startTestApi, type Client, type TestApi } from '../test/harness.js';
import { subscribe, type LiveSubscription } from '../test/ws.js';
import { RequestReads } from './db/reads.js';

countSql(); // before the API opens its pools

const CLAIM = `query($id: ID!) { warrantyClaim(id: $id) { id number status vin claimed { amountMinor currency } } }`;
const CLAIMS = (n: number, total = false) =>
  `{ warrantyClaims(first: ${n}) { nodes { id number dealerName findings { code } lines { kind amount { amountMinor } } } ${total ? 'totalCount' : ''} } }`;
const ORDERS = (n: number) => `{ repairOrders(first: ${n}) { nodes { id number customer { name } vehicle { vin } lines { description } } } }`;

describe('what a screen costs the database', () => {
  let t: TestApi;
  let clerk: Client;
  let advisor: Client;
  let claimId: string;
  const orders: { id: string; version: number }[] = [];

  beforeAll(async () => {
    // sessions reused for the whole file: a session read again every few seconds would land in some
    // measurements and not others (its cost is the session cache's, ADR 0013, not a screen's)
    // likewise the outbox's safety-net poll (events still go out after every commit)
    t = await startTestApi({ config: { sessionCacheMs: 600_000, outboxPollMs: 600_000 } });
    clerk = await t.as('warranty@dealer-east.demo');
    advisor = await t.as('advisor@dealer-east.demo');
    const tenant = await t.tenantId('DLR-E1');
    claimId = (await t.sql<{ id: string }>(`select id from warranty_claims where tenant_id = $1 limit 1`, [tenant]))[0]!.id;
    // a dozen orders, each with its own customer and vehicle, so that a page's nested data spans many rows
    for (let i = 0; i < 12; i++) {
      const c = await advisor.ok(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id vehicles { id } } } }`, {
        i: {
          name: `预算客户${i}`,
          phone: `1390000${String(1000 + i)}`,
          vehicles: [{ vin: `LBUDGET00000${String(10000 + i)}`, plate: `沪B9${String(1000 + i)}` }],
        },
      });
      const o = await advisor.ok(`mutation($i: CreateRepairOrderInput!) { createRepairOrder(input: $i) { repairOrder { id version } } }`, {
        i: { customerId: c.createCustomer.customer.id, vehicleId: c.createCustomer.customer.vehicles[0].id, complaint: '异响' },
      });
      orders.push(o.createRepairOrder.repairOrder);
    }
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('reading one claim by id: at most two round trips (the tenant and the row go in one message), no more than one transaction', async () => {
    const cost = await perRequest(() => clerk.ok(CLAIM, { id: claimId }));
    expect(cost.roundTrips).toBeLessThanOrEqual(2);
    expect(cost.transactions).toBeLessThanOrEqual(1);
    // and it is the claim, with the dealer's tenant set for row-level security
    expect((await clerk.ok(CLAIM, { id: claimId })).warrantyClaim.id).toBe(claimId);
  });

  it('a request expected to read once that reads twice after all: both reads see its tenant, the second in a transaction', async () => {
    const tenant = await t.tenantId('DLR-E1');
    const reads = new RequestReads(t.api.services.readPool, { tenantId: tenant, userId: null }, true);
    const begins = sqlCount.transactions;
    const q = `select current_setting('app.tenant_id', true) as tenant, (select count(*)::int from customers) as customers`;
    const [first] = await reads.rows<{ tenant: string; customers: number }>(q);
    const [second] = await reads.rows<{ tenant: string; customers: number }>(q);
    await reads.end();
    expect(first!.tenant).toBe(tenant);
    expect(second!.tenant).toBe(tenant);
    const [{ n }] = await t.sql(`select count(*)::int as n from customers where tenant_id = $1`, [tenant]);
    expect(first!.customers).toBe(n); // row-level security narrowed it to the tenant
    expect(second!.customers).toBe(n);
    expect(sqlCount.transactions - begins).toBe(1);
    // and the connection went back without a transaction left open
    const [{ open }] = await t.sql(
      `select count(*)::int as open from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`,
    );
    expect(open).toBe(0);
  });

  it('a list page costs the same few statements for 2 rows as for 12, nested lines, dealers, customers and vehicles included', async () => {
    const small = await perRequest(() => advisor.ok(ORDERS(2)));
    const large = await perRequest(() => advisor.ok(ORDERS(12)));
    expect((await advisor.ok(ORDERS(12))).repairOrders.nodes.length).toBe(12);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(5);
    expect(large.transactions).toBe(1);
    const claims = await perRequest(() => clerk.ok(CLAIMS(20)));
    expect(claims.statements).toBeLessThanOrEqual(5);
    expect(claims.transactions).toBe(1);
  });

  it('totalCount is counted only when the screen asks for it, and then it is right', async () => {
    const without = await perRequest(() => clerk.ok(CLAIMS(5)));
    const withTotal = await perRequest(() => clerk.ok(CLAIMS(5, true)));
    expect(withTotal.statements).toBe(without.statements + 1);
    const tenant = await t.tenantId('DLR-E1');
    const [{ n }] = await t.sql(`select count(*)::int as n from warranty_claims where tenant_id = $1`, [tenant]);
    expect((await clerk.ok(CLAIMS(5, true))).warrantyClaims.totalCount).toBe(n);
  });

  it('one change to 12 subscribers costs the database what it costs for 2: no read per subscriber per event', async () => {
    const query = `subscription { events(entityTypes: ["RepairOrder"]) { entityId type } }`;
    const sentDuring = async (subscribers: number, order: { id: string; version: number }) => {
      const subs: LiveSubscription[] = [];
      for (let i = 0; i < subscribers; i++) subs.push(await subscribe(t.api.wsUrl, advisor.cookie, query));
      try {
        const from = sqlSent.length;
        const before = sqlCount.statements;
        await advisor.ok(`mutation($i: CheckInInput!) { checkInRepairOrder(input: $i) { repairOrder { id } } }`, {
          i: { id: order.id, version: order.version, meter: 10, customerSigned: true },
        });
        for (const s of subs) expect((await s.next(20_000)).events.entityId).toBe(order.id);
        // the sockets' periodic session check is per process, not per event: left out
        const sent = sqlSent.slice(from).filter((q) => !q.includes('app_live_sessions'));
        return { sent: sent.length, statements: sqlCount.statements - before };
      } finally {
        await Promise.all(subs.map((s) => s.close()));
      }
    };
    await sentDuring(1, orders[0]!); // warm
    const two = await sentDuring(2, orders[1]!);
    const twelve = await sentDuring(12, orders[2]!);
    expect(twelve.sent).toBe(two.sent);
  }, 120_000);
});
