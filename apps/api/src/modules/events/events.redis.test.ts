import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApi } from '../../server.js';
import { Client, startReplicas, startTestApi, type TestApi } from '../../test/harness.js';
import { EVENTS_SUBSCRIPTION, subscribe } from '../../test/ws.js';

const redisUrl = process.env.REDIS_URL;

/** Two API processes sharing one database and one Redis: subscriptions span them. */
describe.skipIf(!redisUrl)('events across API processes over Redis (REDIS_URL)', () => {
  let t: TestApi;
  let replicas: Awaited<ReturnType<typeof startReplicas>>;
  let a: RunningApi;
  let b: RunningApi;
  beforeAll(async () => {
    t = await startTestApi();
    replicas = await startReplicas(t, redisUrl!);
    ({ a, b } = replicas);
  });
  afterAll(async () => {
    await replicas?.stop();
    await t?.stop();
  });

  it('an event committed through one process reaches a subscriber of the other, and only the right tenants', async () => {
    const writer = await new Client(a.url).signIn('admin@oem.demo');
    const dealerOnB = await new Client(b.url).signIn('admin@dealer-north.demo');
    const otherDealerOnB = await new Client(b.url).signIn('admin@dealer-east2.demo');
    const live = await subscribe(b.wsUrl, dealerOnB.cookie, EVENTS_SUBSCRIPTION);
    const bystander = await subscribe(b.wsUrl, otherDealerOnB.cookie, EVENTS_SUBSCRIPTION);
    try {
      const [rel] = await t.sql(`select id, version from relationships where dealer_code = 'HY-N001'`);
      const started = Date.now();
      await writer.ok(`mutation($id: ID!, $v: Int!) { updateRelationship(input: { id: $id, version: $v, brands: ["华岳装载机"] }) { relationship { id } } }`, {
        id: rel.id,
        v: rel.version,
      });
      const event = await live.next(5000);
      expect(event.events).toMatchObject({ type: 'relationship.updated', entityId: rel.id });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await bystander.quiet(500)).toEqual([]);
    } finally {
      await live.close();
      await bystander.close();
    }
  });
});
