import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { uuidv7 } from '@asn/domain';
import type { RunningApi } from './server.js';
import { Client, codeOf, twoProcesses } from './test/harness.js';
import { wsText } from './testing/ws-text.js';
import { subscribe, type LiveSubscription } from './test/ws.js';
import { decodeCursor } from './modules/events/event.cursor.js';
import { EVENTS_TOPIC, type DomainEventMessage } from './platform/pubsub.js';
import { createCtx, inTx } from './platform/context.js';
import { scheduleJob } from './platform/jobs.js';

const redisUrl = process.env.REDIS_URL;

/** How long to keep listening after the expected arrivals, to catch a second copy. */
const SETTLE_MS = 1000;

const CUSTOMER_EVENTS = `subscription { events(entityTypes: ["Customer"]) { id type cursor entityId } }`;
type Ev = { id: string; type: string; cursor: string; entityId: string };

const CREATE_CUSTOMER = `mutation($n: String!, $p: String!) { createCustomer(input: { name: $n, phone: $p }) { customer { id } } }`;
let phones = 0;
async function createCustomer(c: Client, name: string): Promise<string> {
  const r = await c.ok<{ createCustomer: { customer: { id: string } } }>(CREATE_CUSTOMER, { n: name, p: `1370000${String(phones++).padStart(4, '0')}` });
  return r.createCustomer.customer.id;
}

/** Waits (checking every 20 ms) until `cond` holds, or fails naming `what` after `ms`. */
async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await cond()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const eventsOf = (s: LiveSubscription): Ev[] => s.received.map((m: { events: Ev }) => m.events);
const copiesOf = (s: LiveSubscription, entityId: string) => eventsOf(s).filter((e) => e.entityId === entityId).length;

/**
 * The subscriptions are live on their processes: a customer created through `writer` reaches all of
 * them (retried, since graphql-ws does not acknowledge a subscribe and a loaded machine may take a
 * while to register it). Events of these warm-up customers are ignored by the checks, which count by id.
 */
async function untilLive(writer: Client, subs: LiveSubscription[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const id = await createCustomer(writer, `预热客户${attempt}`);
    try {
      await until(() => subs.every((s) => copiesOf(s, id) > 0), 5000, 'warm-up event on every subscriber');
      return;
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
}

/** A raw graphql-transport-ws socket that records how it closed. */
async function openSocket(url: string, auth: { cookie?: string; bearer?: string }) {
  const socket = new WebSocket(url, 'graphql-transport-ws', { headers: auth.cookie ? { cookie: auth.cookie } : {} });
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason), at: Date.now() })),
  );
  const acked = new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => {
      if (JSON.parse(wsText(data)).type === 'connection_ack') resolve();
    });
    socket.once('error', reject);
    void closed.then((c) => reject(new Error(`closed before connection_ack: ${c.code} ${c.reason}`)));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init', ...(auth.bearer ? { payload: { authorization: `Bearer ${auth.bearer}` } } : {}) }));
  await acked;
  socket.send(JSON.stringify({ id: 'ev', type: 'subscribe', payload: { query: 'subscription { events { id } }' } }));
  return { socket, closed };
}

/** An authenticated read: answers for a live session, UNAUTHENTICATED for an ended one. */
const PROBE = `{ me { user { id } } customers(first: 1) { totalCount } }`;

/**
 * Polls `client` (every 100 ms, at most 50 times) until the API refuses its credentials; returns
 * how long after `since` the refusal came, or throws with the last answer.
 */
async function refusedAfter(client: Client, since: number): Promise<number> {
  let last: unknown;
  for (let i = 0; i < 50; i++) {
    const r = await client.gql(PROBE);
    if (codeOf(r) === 'UNAUTHENTICATED') return Date.now() - since;
    last = r;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`still accepted after 50 tries (${Date.now() - since} ms): ${JSON.stringify(last)}`);
}

/**
 * Two API processes (separate connection pools, Redis clients, outbox dispatchers, job queues and
 * socket sweepers) on one database and one Redis, as behind a load balancer: what a user sees must
 * not depend on which process served them, and nothing may happen twice.
 */
describe.skipIf(!redisUrl)('scale-out: two API processes on one database and one Redis (REDIS_URL)', () => {
  const up = twoProcesses(redisUrl!);

  it('a customer filed through process A shows up once, live, for a colleague on A and one on B', { timeout: 30_000 }, async () => {
    const writer = await new Client(up.a.url).signIn('advisor@dealer-east.demo');
    const colleague = await new Client(up.b.url).signIn('admin@dealer-east.demo');
    const onA = await subscribe(up.a.wsUrl, writer.cookie, CUSTOMER_EVENTS);
    const onB = await subscribe(up.b.wsUrl, colleague.cookie, CUSTOMER_EVENTS);
    try {
      await untilLive(writer, [onA, onB]);
      const id = await createCustomer(writer, '单次客户');
      await until(() => copiesOf(onA, id) > 0 && copiesOf(onB, id) > 0, 20_000, 'the event on both processes');
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      expect(copiesOf(onA, id)).toBe(1);
      expect(copiesOf(onB, id)).toBe(1);
      const [a1, b1] = [onA, onB].map((s) => eventsOf(s).find((e) => e.entityId === id)!);
      expect(a1).toMatchObject({ type: 'customer.created' });
      expect(b1).toEqual(a1); // the same event (id and cursor) on both processes
    } finally {
      await onA.close();
      await onB.close();
    }
  });

  it(
    'customers filed through A and B at once: each event reaches subscribers on both processes exactly once, published by one dispatcher',
    { timeout: 30_000 },
    async () => {
      const N = 30;
      const writerA = await new Client(up.a.url).signIn('advisor@dealer-east.demo');
      const writerB = Object.assign(new Client(up.b.url), { cookie: writerA.cookie });
      const onA = await subscribe(up.a.wsUrl, writerA.cookie, CUSTOMER_EVENTS);
      const onB = await subscribe(up.b.wsUrl, writerA.cookie, CUSTOMER_EVENTS);
      // which process's dispatcher handed each event to Redis (the publish is called through)
      const publishedBy = new Map<string, string[]>();
      const restore: (() => void)[] = [];
      for (const [name, api] of [
        ['A', up.a],
        ['B', up.b],
      ] as const) {
        const pubsub = api.services.pubsub;
        // eslint-disable-next-line @typescript-eslint/unbound-method -- called with pubsub below and put back on it after
        const original = pubsub.publish;
        pubsub.publish = (topic: string, ...args: unknown[]) => {
          if (topic === EVENTS_TOPIC) {
            const event = args[0] as DomainEventMessage;
            publishedBy.set(event.id, [...(publishedBy.get(event.id) ?? []), name]);
          }
          return (original as (...x: unknown[]) => void).call(pubsub, topic, ...args);
        };
        restore.push(() => (pubsub.publish = original));
      }
      try {
        await untilLive(writerA, [onA, onB]);
        // writes alternate between the processes, two at a time, while both dispatchers are kicked
        // over and over: each commit wakes its own process's dispatcher, and the other one races it
        let writing = true;
        const kicking = (async () => {
          while (writing) await Promise.all([up.a.services.dispatcher.kick(), up.b.services.dispatcher.kick()]);
        })();
        const ids: string[] = [];
        try {
          for (let i = 0; i < N; i += 2) {
            ids.push(...(await Promise.all([createCustomer(writerA, `并发客户A${i}`), createCustomer(writerB, `并发客户B${i + 1}`)])));
          }
        } finally {
          writing = false;
          await kicking;
        }
        expect(new Set(ids).size).toBe(N);

        await until(() => ids.every((id) => copiesOf(onA, id) > 0 && copiesOf(onB, id) > 0), 20_000, `all ${N} events on both processes`);
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        for (const s of [onA, onB]) {
          const ours = eventsOf(s).filter((e) => ids.includes(e.entityId));
          expect(ours).toHaveLength(N);
          expect(new Set(ours.map((e) => e.id)).size).toBe(N);
        }

        // the outbox: every row published, each with its own cursor, the one the subscribers got
        const rows = await up.t.sql<{ id: string; entity_id: string; published_at: Date | null; seq: string | null }>(
          `select id, entity_id, published_at, seq from outbox where entity_type = 'Customer' and entity_id = any($1::uuid[])`,
          [ids],
        );
        expect(rows).toHaveLength(N);
        expect(rows.every((r) => r.published_at !== null && r.seq !== null)).toBe(true);
        expect(new Set(rows.map((r) => r.seq)).size).toBe(N);
        const delivered = new Map(eventsOf(onB).map((e) => [e.id, decodeCursor(e.cursor)]));
        for (const r of rows) expect(delivered.get(r.id), `cursor of ${r.id}`).toBe(Number(r.seq));

        // each event was handed to Redis once, by one of the processes; both dispatchers took part
        for (const r of rows) expect(publishedBy.get(r.id), `publishes of ${r.id}`).toHaveLength(1);
        const by = (name: string) => rows.filter((r) => publishedBy.get(r.id)?.[0] === name).length;
        expect(by('A') + by('B')).toBe(N);
        expect(by('A')).toBeGreaterThan(0);
        expect(by('B')).toBeGreaterThan(0);
      } finally {
        for (const r of restore) r();
        await onA.close();
        await onB.close();
      }
    },
  );

  it('signing out through A: within 5 s B closes that session’s socket (4403) and refuses its token', { timeout: 30_000 }, async () => {
    const email = 'advisor@dealer-north.demo';
    const signedIn = await new Client(up.a.url).ok<{ signIn: { token: string } }>(`mutation($i: SignInInput!) { signIn(input: $i) { token } }`, {
      i: { email, password: 'demo-pass-2026', issueBearerToken: true },
    });
    const token = signedIn.signIn.token;
    const onB = Object.assign(new Client(up.b.url), { bearer: token });
    const onA = Object.assign(new Client(up.a.url), { bearer: token });
    // B has served this session (a per-process session cache would hold it now)
    for (let i = 0; i < 3; i++) expect((await onB.ok(PROBE)).me.user.id).toBe(await up.t.userId(email));
    const colleague = await new Client(up.b.url).signIn('admin@dealer-north.demo');
    const socket = await openSocket(up.b.wsUrl, { bearer: token });
    const bystander = await openSocket(up.b.wsUrl, { cookie: colleague.cookie! });

    const started = Date.now();
    await onA.ok(`mutation { signOut { ok } }`);
    const refusedIn = await refusedAfter(onB, started);
    expect(refusedIn).toBeLessThan(5000);
    const closed = await Promise.race([socket.closed, new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
    expect(closed).toMatchObject({ code: 4403, reason: 'Session ended' });
    expect(closed!.at - started).toBeLessThan(5000);
    // only that session: a colleague's socket on B is still open after the sweep that closed it
    expect(bystander.socket.readyState).toBe(WebSocket.OPEN);
    expect(codeOf(await onA.gql(PROBE))).toBe('UNAUTHENTICATED');
    bystander.socket.close();
  });

  it('deactivating a user through A: within 5 s B closes their socket (4403) and refuses their cookie', { timeout: 30_000 }, async () => {
    const email = 'parts@dealer-east.demo';
    const victim = await new Client(up.b.url).signIn(email);
    for (let i = 0; i < 3; i++) expect((await victim.ok(PROBE)).me).not.toBeNull();
    const socket = await openSocket(up.b.wsUrl, { cookie: victim.cookie! });
    const admin = await new Client(up.a.url).signIn('admin@dealer-east.demo');
    const [user] = await up.t.sql(`select id, version from users where email = $1`, [email]);

    const started = Date.now();
    await admin.ok(`mutation($id: ID!, $v: Int!) { setUserActive(input: { userId: $id, active: false, version: $v }) { user { active } } }`, {
      id: user.id,
      v: user.version,
    });
    const refusedIn = await refusedAfter(victim, started);
    expect(refusedIn).toBeLessThan(5000);
    const closed = await Promise.race([socket.closed, new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
    expect(closed).toMatchObject({ code: 4403, reason: 'Session ended' });
    expect(closed!.at - started).toBeLessThan(5000);
  });

  it('due timers run once when both processes’ job queues poll at the same moment', { timeout: 30_000 }, async () => {
    const KIND = `test.scaleOut.${uuidv7()}`;
    const tenantId = await up.t.tenantId('DLR-E1');
    const ranOn: Record<string, string[]> = { A: [], B: [] };
    for (const [name, api] of [
      ['A', up.a],
      ['B', up.b],
    ] as const) {
      api.services.jobs.register(KIND, async (tx, payload) => {
        const marker = String(payload.marker);
        ranOn[name]!.push(marker);
        // a side effect committed with the job's DONE mark
        tx.audit({ action: 'test.jobRan', entityType: 'Job', entityId: marker, after: { process: name } });
        await new Promise((r) => setTimeout(r, 15)); // some work, so the two rounds overlap
      });
    }
    const schedule = async (n: number): Promise<string[]> => {
      const markers = Array.from({ length: n }, () => uuidv7());
      const system = createCtx(up.a.services, { type: 'anonymous' }, null);
      await inTx(
        system,
        async (tx) => {
          for (const marker of markers) await scheduleJob(tx, { kind: KIND, runAt: new Date(Date.now() - 1000), payload: { marker } });
        },
        { tenantId },
      );
      return markers;
    };
    const drain = async (api: RunningApi, limit: number) => {
      let total = 0;
      for (let n; (n = await api.services.jobs.runDue(limit)) > 0;) total += n;
      return total;
    };
    const sideEffects = async (markers: string[]) =>
      (
        await up.t.sql<{ entity_id: string; n: number }>(
          `select entity_id, count(*)::int as n from audit_log where action = 'test.jobRan' and entity_id = any($1::uuid[]) group by entity_id`,
          [markers],
        )
      ).map((r) => r.n);
    const states = (markers: string[]) =>
      up.t.sql<{ status: string; attempts: number }>(`select status, attempts from jobs where kind = $1 and payload->>'marker' = any($2::text[])`, [
        KIND,
        markers,
      ]);

    // one due job, both queues' rounds at once
    const [single] = await schedule(1);
    const [ranA, ranB] = await Promise.all([up.a.services.jobs.runDue(), up.b.services.jobs.runDue()]);
    expect(ranA + ranB).toBe(1);
    expect([...ranOn.A!, ...ranOn.B!]).toEqual([single]);
    expect(await sideEffects([single!])).toEqual([1]);
    expect(await states([single!])).toEqual([{ status: 'DONE', attempts: 1 }]);

    // sixty due jobs, both queues claiming a few at a time until none is left
    const markers = await schedule(60);
    const [byA, byB] = await Promise.all([drain(up.a, 3), drain(up.b, 3)]);
    expect(byA + byB).toBe(60);
    const ran = [...ranOn.A!, ...ranOn.B!].filter((m) => m !== single);
    expect(ran).toHaveLength(60);
    expect(new Set(ran)).toEqual(new Set(markers));
    expect(byA).toBeGreaterThan(0); // both queues took part
    expect(byB).toBeGreaterThan(0);
    const effects = await sideEffects(markers);
    expect(effects).toHaveLength(60);
    expect(effects.every((n) => n === 1)).toBe(true);
    const final = await states(markers);
    expect(final).toHaveLength(60);
    expect(final.every((j) => j.status === 'DONE' && j.attempts === 1)).toBe(true);
    // and nothing is left for a later round of either
    expect(await Promise.all([up.a.services.jobs.runDue(), up.b.services.jobs.runDue()])).toEqual([0, 0]);
  });
});
