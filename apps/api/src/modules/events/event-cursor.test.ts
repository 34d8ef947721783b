import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrlFor, loadConfig } from '../../platform/config.js';
import { startApi, type RunningApi } from '../../server.js';
import { Client, startTestApi, type TestApi } from '../../test/harness.js';
import { subscribe, type LiveSubscription } from '../../test/ws.js';
import { uuidv7 } from '@asn/domain';
import { encodeCursor } from './event.cursor.js';

const clock = { now: () => new Date('2026-11-23T02:00:00.000Z') };
const EVENTS = `subscription($after: String, $types: [String!]) {
  events(after: $after, entityTypes: $types) { id cursor type entityType entityId toState }
}`;
const RO = `repairOrder { id version status }`;

/**
 * Missed events across a restart (issue 9, item 6): each event carries a cursor; a subscriber that
 * comes back with `after: <cursor>` first gets what was published meanwhile — checked per event
 * like live ones — then live events.
 */
describe('event cursors: resume after a restart', () => {
  let t: TestApi;
  const apis: RunningApi[] = [];
  const start = async () => {
    const api = await startApi(loadConfig({ databaseUrl: t.db.url, port: 0, jobPollMs: 0 }), { clock });
    apis.push(api);
    return api;
  };

  beforeAll(async () => {
    t = await startTestApi({ clock }); // seeds; its own dispatcher must not publish the events under test
    await t.api.services.dispatcher.stop();
  });
  afterAll(async () => {
    for (const api of apis) await api.stop().catch(() => {});
    await t?.stop();
  });

  it('a subscriber that comes back with its cursor gets both changes made while the API was down, in order, then live ones; nobody gets what they may not see', async () => {
    const first = await start();
    // sessions live in the database: one sign-in serves every API process
    const advisor = await new Client(first.url).signIn('advisor@dealer-east.demo');
    const tech = await new Client(first.url).signIn('tech@dealer-east.demo');
    const clerk = await new Client(first.url).signIn('warranty@dealer-east.demo');
    const otherDealer = await new Client(first.url).signIn('admin@dealer-north.demo');
    const reviewer = await new Client(first.url).signIn('reviewer@oem.demo');
    const via = (api: RunningApi, c: Client) => Object.assign(new Client(api.url), { cookie: c.cookie });

    const customer = (
      await advisor.ok(
        `mutation { createCustomer(input: { name: "周游", phone: "13911112222", vehicles: [{ vin: "LCURSOR0000000001", plate: "沪C10001" }] }) { customer { id vehicles { id } } } }`,
      )
    ).createCustomer.customer;
    let order = (
      await advisor.ok(`mutation($i: CreateRepairOrderInput!) { createRepairOrder(input: $i) { ${RO} } }`, {
        i: { customerId: customer.id, vehicleId: customer.vehicles[0].id, complaint: '发动机异响' },
      })
    ).createRepairOrder.repairOrder;

    // the technician follows everything; another dealer's admin and the manufacturer's reviewer too
    const techLive = await subscribe(first.wsUrl, tech.cookie, EVENTS);
    order = (
      await advisor.ok(`mutation($i: CheckInInput!) { checkInRepairOrder(input: $i) { ${RO} } }`, {
        i: { id: order.id, version: order.version, meter: 5000, customerSigned: true },
      })
    ).checkInRepairOrder.repairOrder;
    const seen = (await techLive.next()).events;
    expect(seen).toMatchObject({ type: 'repairOrder.CHECK_IN', entityId: order.id, toState: 'CHECKED_IN' });
    const C = seen.cursor as string;
    expect(C).toMatch(/^[A-Za-z0-9_-]+$/);

    // the API stops; the technician's socket is gone
    await first.stop();
    await techLive.close();

    // meanwhile a second API process on the same database: two status changes of the order, and a
    // claim draft (the technician may not read claims; the manufacturer no dealer's drafts)
    const second = await start();
    order = (
      await via(second, advisor).ok(`mutation($i: DiagnoseInput!) { diagnoseRepairOrder(input: $i) { ${RO} } }`, {
        i: { id: order.id, version: order.version, findings: [{ system: '发动机', finding: '气门间隙过大' }], summary: '调整气门间隙' },
      })
    ).diagnoseRepairOrder.repairOrder;
    const OEM = await t.tenantId('OEM-HY');
    const draft = (
      await via(second, clerk).ok(`mutation($i: CreateWarrantyClaimInput!) { createWarrantyClaim(input: $i) { claim { id status } } }`, {
        i: {
          manufacturerId: OEM,
          type: 'GOODWILL',
          vin: 'HYGOOD00001',
          meter: 10,
          repairDate: '2026-11-22',
          complaint: '异响',
          cause: '磨损',
          correction: '调整',
          causalPartNumber: 'ALT-12',
          lines: [{ kind: 'LABOUR', operationCode: 'GEN-0001' }],
        },
      })
    ).createWarrantyClaim.claim;
    order = (
      await via(second, advisor).ok(`mutation($i: EstimateInput!) { estimateRepairOrder(input: $i) { ${RO} } }`, {
        i: {
          id: order.id,
          version: order.version,
          method: 'SYSTEM',
          lines: [{ kind: 'LABOUR', description: '调整气门间隙', hours: '1', rateMinor: '12000', payType: 'CUSTOMER' }],
        },
      })
    ).estimateRepairOrder.repairOrder;
    await second.services.dispatcher.kick(); // published (and committed) by the second process
    await second.stop();

    // started again; each subscriber comes back with the cursor it had
    const third = await start();
    const [techBack, clerkBack, otherBack, reviewerBack] = (await Promise.all(
      [tech, clerk, otherDealer, reviewer].map((c) => subscribe(third.wsUrl, c.cookie, EVENTS, { after: C })),
    )) as [LiveSubscription, LiveSubscription, LiveSubscription, LiveSubscription];
    try {
      const missed = [(await techBack.next()).events, (await techBack.next()).events];
      expect(missed.map((e) => [e.type, e.toState])).toEqual([
        ['repairOrder.DIAGNOSE', 'DIAGNOSED'],
        ['repairOrder.ESTIMATE', 'ESTIMATED'],
      ]);
      expect(missed.every((e) => e.entityId === order.id)).toBe(true);
      // then live, and nothing twice
      await via(third, advisor).ok(`mutation($i: OrderRef!) { approveRepairOrder(input: $i) { ${RO} } }`, { i: { id: order.id, version: order.version } });
      const live = (await techBack.next()).events;
      expect([live.type, live.toState]).toEqual(['repairOrder.APPROVE', 'APPROVED']);
      expect(new Set([C, ...missed.map((e) => e.cursor), live.cursor]).size).toBe(4);
      expect(await techBack.quiet(300)).toEqual([]);

      // the claims clerk may read both kinds: the claim draft comes back too, between the two changes
      const clerkSaw: { entityType: string; entityId: string; toState: string | null }[] = [];
      for (let i = 0; i < 4; i++) clerkSaw.push((await clerkBack.next()).events);
      expect(clerkSaw.map((e) => `${e.entityType}:${e.entityType === 'RepairOrder' ? e.toState : e.entityId}`)).toEqual([
        'RepairOrder:DIAGNOSED',
        `WarrantyClaim:${draft.id}`,
        'RepairOrder:ESTIMATED',
        'RepairOrder:APPROVED',
      ]);
      // another dealer and the manufacturer's reviewer: nothing of it, replayed or live
      expect(await otherBack.quiet(300)).toEqual([]);
      expect(await reviewerBack.quiet(0)).toEqual([]);
    } finally {
      await Promise.all([techBack, clerkBack, otherBack, reviewerBack].map((s) => s.close()));
    }
  });

  it('a malformed cursor is BAD_USER_INPUT; one older than retention, or not of this database, is CONFLICT with the reason; `eventCursor` starts a gapless subscription', async () => {
    const api = await start();
    const advisor = await new Client(api.url).signIn('advisor@dealer-east.demo');
    const errorOf = async (after: string) => {
      const s = await subscribe(api.wsUrl, advisor.cookie, EVENTS, { after });
      try {
        const msg = await s.next();
        return msg.errors?.[0] as { message: string; extensions: { code: string; details?: { reason?: string } } };
      } finally {
        await s.close();
      }
    };
    for (const bad of ['not a cursor', 'ZXYx', '', 'x'.repeat(500), Buffer.from('ev1:-1').toString('base64url')]) {
      const e = await errorOf(bad);
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.message).toContain('after');
    }
    const unknown = await errorOf(encodeCursor(987_654_321));
    expect(unknown.extensions).toMatchObject({ code: 'CONFLICT', details: { reason: 'CURSOR_UNKNOWN' } });

    // the cursor of now: a change after it arrives through the replay or live, exactly once
    const head = (await advisor.ok(`{ eventCursor }`)).eventCursor as string;
    const s = await subscribe(api.wsUrl, advisor.cookie, EVENTS, { after: head, types: ['Customer'] });
    try {
      const made = (await advisor.ok(`mutation { createCustomer(input: { name: "吴桐", phone: "13911113333" }) { customer { id } } }`)).createCustomer.customer;
      expect((await s.next()).events).toMatchObject({ entityType: 'Customer', entityId: made.id });
      expect(await s.quiet(300)).toEqual([]);
    } finally {
      await s.close();
    }

    // retention: everything published is deleted (keep 0 h); the old cursor has expired
    expect(await api.services.dispatcher.prune(0)).toBeGreaterThan(0);
    expect((await t.sql(`select count(*)::int n from outbox where published_at is not null`))[0].n).toBe(0);
    const expired = await errorOf(head);
    expect(expired.extensions).toMatchObject({ code: 'CONFLICT', details: { reason: 'CURSOR_EXPIRED' } });
    expect(expired.message).not.toMatch(/AS410|sql|outbox/i);
    // …and the newest cursor still works (nothing after it to replay)
    const fresh = (await advisor.ok(`{ eventCursor }`)).eventCursor as string;
    const again = await subscribe(api.wsUrl, advisor.cookie, EVENTS, { after: fresh });
    try {
      expect(await again.quiet(300)).toEqual([]);
      expect(again.received).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it('retention: the dispatcher deletes published events older than the retention period (at least 24 h) on its own, and keeps the rest', async () => {
    const E1 = await t.tenantId('DLR-E1');
    const old = async (hours: number) => {
      const id = uuidv7();
      await t.sql(
        `insert into outbox (id, tenant_id, audience_tenant_ids, type, entity_type, entity_id, published_at, seq)
         values ($1, $2, array[$2]::uuid[], 'test.old', 'Test', $1, now() - make_interval(hours => $3), nextval('outbox_seq'))`,
        [id, E1, hours],
      );
      return id;
    };
    const [stale, fresh] = [await old(30), await old(20)];
    const { OutboxDispatcher } = await import('../../platform/outbox.js');
    // asked for 1 h, it keeps 24 h; it prunes every 100 ms here (every 10 minutes by default)
    const dispatcher = new OutboxDispatcher(t.api.services.orm, t.api.services.pubsub, { retentionHours: 1, pruneEveryMs: 100, pollMs: 50 });
    dispatcher.start();
    try {
      await expect.poll(async () => (await t.sql(`select id from outbox where id = $1`, [stale])).length, { timeout: 10_000, interval: 100 }).toBe(0);
    } finally {
      await dispatcher.stop();
    }
    expect(await t.sql(`select id from outbox where id = $1`, [fresh])).toHaveLength(1);
    const [{ seq }] = await t.sql(`select seq from outbox where id = $1`, [fresh]);
    expect(Number((await t.sql(`select pruned_through from outbox_horizon`))[0].pruned_through)).toBe(Number(seq) - 1);
  });

  // Retried once: in the full parallel run (3 of ~12 runs on 2026-12-01, always alongside
  // pipeline.test.ts) the second claim never got the publish lock after the first committed — not
  // reproduced alone or with logging; see the issue note (a second publisher in this database, or a
  // session left holding the lock, is what would explain it).
  it('publishers take turns: a second claim waits for the first to commit, and a replay read waits for a publish in flight, then sees it', async () => {
    for (const api of apis) await api.services.dispatcher.stop(); // these two claimers are the only ones
    const E1 = await t.tenantId('DLR-E1');
    const app = (): pg.Client => new pg.Client({ connectionString: appUrlFor(t.db.url) });
    const [pub1, pub2, reader] = [app(), app(), app()];
    await Promise.all([pub1, pub2, reader].map((c) => c.connect()));
    try {
      const head = Number((await t.sql(`select app_event_head() as h`))[0].h);
      // two unpublished events (as a mutation's transaction leaves them)
      for (const type of ['test.one', 'test.two']) {
        await t.sql(
          `insert into outbox (id, tenant_id, audience_tenant_ids, type, entity_type, entity_id) values ($1, $2, array[$2]::uuid[], $3, 'Test', $1)`,
          [uuidv7(), E1, type],
        );
      }
      // waits (with a deadline fit for a loaded machine) until a session queues on the publish lock:
      // the order in which sessions queue is what this test is about, so it is observed, not assumed
      const pids = new Map<pg.Client, number>();
      for (const c of [pub1, pub2, reader]) pids.set(c, Number((await c.query('select pg_backend_pid() as pid')).rows[0].pid));
      const waitingOnLock = async (c: pg.Client) =>
        Number((await t.sql(`select count(*) as n from pg_locks where pid = $1 and locktype = 'advisory' and not granted`, [pids.get(c)]))[0].n) > 0;
      const untilWaiting = async (c: pg.Client) => {
        const deadline = Date.now() + 20_000;
        while (!(await waitingOnLock(c))) {
          if (Date.now() > deadline) throw new Error('the session never queued on the publish lock');
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await pub1.query('begin');
      const claimed = (await pub1.query(`select type, seq from app_claim_outbox(1)`)).rows;
      expect(claimed.map((r) => r.type)).toEqual(['test.one']);
      // the first publisher has "sent" test.one and not committed: the second one waits…
      await pub2.query('begin');
      let secondDone = false;
      const second = pub2.query(`select type, seq from app_claim_outbox(10)`).then((r) => ((secondDone = true), r.rows));
      await untilWaiting(pub2);
      // …and so does a replay read, queued behind the second publisher
      await reader.query('begin');
      await reader.query(`select set_config('app.tenant_id', $1, true)`, [E1]);
      let readDone = false;
      const read = reader.query(`select type, seq from app_replay_outbox($1, null, null, 100)`, [head]).then((r) => ((readDone = true), r.rows));
      await untilWaiting(reader);
      expect([secondDone, readDone]).toEqual([false, false]);
      await pub1.query('commit');
      // the second publisher was queued first: it numbers test.two, then the read waits for its commit too
      const got2 = await second;
      expect(await waitingOnLock(reader)).toBe(true);
      expect(readDone).toBe(false);
      await pub2.query('commit');
      const replayed = await read;
      await reader.query('commit');
      // numbered in publish order; the replay saw the event that was in flight when it started
      expect(got2.map((r) => r.type)).toEqual(['test.two']);
      expect(Number(got2[0].seq)).toBeGreaterThan(Number(claimed[0].seq));
      expect(replayed.map((r) => r.type)).toEqual(['test.one', 'test.two']);
      // the tenant comes from the transaction, not from the caller: another tenant's read sees none of it
      const E2 = await t.tenantId('DLR-N1');
      expect((await t.appSql(`select type from app_replay_outbox($1, null, null, 100)`, [head], E2)).map((r) => r.type)).not.toContain('test.one');
      expect(await t.appSql(`select type from app_replay_outbox($1, null, null, 100)`, [head], null)).toEqual([]);
      // nor can the API's role read the outbox rows of other tenants directly (RLS)
      expect(await t.appSql(`select id from outbox where type like 'test.%'`, [], E2)).toEqual([]);
    } finally {
      await Promise.all([pub1, pub2, reader].map((c) => c.end()));
    }
  });
});
