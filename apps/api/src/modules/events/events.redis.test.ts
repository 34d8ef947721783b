import { describe, expect, it } from 'vitest';
import { Client, twoProcesses } from '../../test/harness.js';
import { EVENTS_SUBSCRIPTION, subscribe } from '../../test/ws.js';

const redisUrl = process.env.REDIS_URL;

/** Two API processes sharing one database and one Redis: subscriptions span them. */
describe.skipIf(!redisUrl)('events across API processes over Redis (REDIS_URL)', () => {
  const up = twoProcesses(redisUrl!);

  it('an event committed through one process reaches a subscriber of the other, and only the right tenants', async () => {
    const writer = await new Client(up.a.url).signIn('admin@oem.demo');
    const dealerOnB = await new Client(up.b.url).signIn('admin@dealer-north.demo');
    const otherDealerOnB = await new Client(up.b.url).signIn('admin@dealer-east2.demo');
    const live = await subscribe(up.b.wsUrl, dealerOnB.cookie, EVENTS_SUBSCRIPTION);
    const bystander = await subscribe(up.b.wsUrl, otherDealerOnB.cookie, EVENTS_SUBSCRIPTION);
    try {
      const [rel] = await up.t.sql(`select id, version from relationships where dealer_code = 'HY-N001'`);
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
