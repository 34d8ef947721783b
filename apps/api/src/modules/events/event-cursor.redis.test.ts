import { describe, expect, it } from 'vitest';
import { Client, twoProcesses } from '../../test/harness.js';
import { subscribe, type LiveSubscription } from '../../test/ws.js';
import { decodeCursor } from './event.cursor.js';

const redisUrl = process.env.REDIS_URL;
const EVENTS = `subscription($after: String) { events(after: $after, entityTypes: ["Customer"]) { id cursor entityId } }`;
const PER_PROCESS = 20;

type Ev = { id: string; cursor: string; entityId: string };

async function take(s: LiveSubscription, n: number): Promise<Ev[]> {
  const out: Ev[] = [];
  while (out.length < n) out.push((await s.next(10_000)).events);
  return out;
}

/**
 * Two API processes publish at the same time (each one's dispatcher claims what committed through
 * it) while subscribers join mid-stream with a cursor: each gets exactly the events after its
 * cursor, in the order everyone else got them — none missed at the seam of replay and live, none
 * twice.
 */
describe.skipIf(!redisUrl)('event cursors across API processes over Redis (REDIS_URL)', () => {
  const up = twoProcesses(redisUrl!);

  it('joining mid-stream with a cursor: exactly the later events, in publish order, while both processes publish', async () => {
    const onA = await new Client(up.a.url).signIn('advisor@dealer-east.demo');
    const onB = Object.assign(new Client(up.b.url), { cookie: onA.cookie });
    const reference = await subscribe(up.a.wsUrl, onA.cookie, EVENTS);
    const late: { after: Ev; sub: Promise<LiveSubscription> }[] = [];
    try {
      const create = (c: Client, i: number) =>
        c.ok(`mutation($n: String!, $p: String!) { createCustomer(input: { name: $n, phone: $p }) { customer { id } } }`, {
          n: `续传客户${i}`,
          p: `1390000${String(i).padStart(4, '0')}`,
        });
      const writes = Promise.all([
        (async () => {
          for (let i = 0; i < PER_PROCESS; i++) await create(onA, i);
        })(),
        (async () => {
          for (let i = 0; i < PER_PROCESS; i++) await create(onB, 100 + i);
        })(),
      ]);
      // while the writes go on, subscribers join with the cursor of an event already seen, on either process
      const seen: Ev[] = [];
      for (const [k, api] of [
        [3, up.b],
        [11, up.a],
        [24, up.b],
      ] as const) {
        seen.push(...(await take(reference, k - seen.length)));
        late.push({ after: seen[k - 1]!, sub: subscribe(api.wsUrl, onA.cookie, EVENTS, { after: seen[k - 1]!.cursor }) });
      }
      await writes;
      seen.push(...(await take(reference, 2 * PER_PROCESS - seen.length)));
      expect(await reference.quiet(300)).toEqual([]);

      // everyone got each customer once, in increasing cursor order
      expect(new Set(seen.map((e) => e.entityId)).size).toBe(2 * PER_PROCESS);
      const order = seen.map((e) => decodeCursor(e.cursor));
      expect(order).toEqual([...order].sort((x, y) => x - y));

      for (const { after, sub } of late) {
        const s = await sub;
        const expected = seen.slice(seen.indexOf(after) + 1).map((e) => e.id);
        const got = await take(s, expected.length);
        expect(got.map((e) => e.id)).toEqual(expected);
        expect(await s.quiet(200)).toEqual([]);
      }
    } finally {
      await reference.close();
      for (const { sub } of late) await (await sub).close();
    }
  });
});
