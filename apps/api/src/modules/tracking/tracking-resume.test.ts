import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type Client, type TestApi } from '../../test/harness.js';
import { subscribe } from '../../test/ws.js';

const clock = { now: () => new Date('2026-11-23T02:00:00.000Z') };
const UPDATES = `subscription($i: TrackingAccessInput!, $after: String) { trackingUpdates(input: $i, after: $after) { status cursor } }`;
const RO = `repairOrder { id version status }`;

/**
 * The customer's tracking page resumes too: its view carries the cursor of the change it
 * reflects, and a page that comes back with it gets the current view once if the order changed
 * meanwhile (only this order's changes count), then live views.
 */
describe('tracking page: resume from the view’s cursor', () => {
  let t: TestApi;
  let advisor: Client;
  let token: string;
  const orders: Record<string, { id: string; version: number; status: string }> = {};

  const newOrder = async (name: string, phone: string, vin: string) => {
    const c = (
      await advisor.ok(
        `mutation($n: String!, $p: String!, $v: String!) { createCustomer(input: { name: $n, phone: $p, vehicles: [{ vin: $v }] }) { customer { id vehicles { id } } } }`,
        { n: name, p: phone, v: vin },
      )
    ).createCustomer.customer;
    return (
      await advisor.ok(`mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "液压异响" }) { ${RO} } }`, {
        c: c.id,
        v: c.vehicles[0].id,
      })
    ).createRepairOrder.repairOrder;
  };
  const checkIn = async (key: string) => {
    const o = orders[key]!;
    orders[key] = (
      await advisor.ok(`mutation($i: CheckInInput!) { checkInRepairOrder(input: $i) { ${RO} } }`, {
        i: { id: o.id, version: o.version, meter: 10, customerSigned: true },
      })
    ).checkInRepairOrder.repairOrder;
  };
  const diagnose = async (key: string) => {
    const o = orders[key]!;
    orders[key] = (
      await advisor.ok(`mutation($i: DiagnoseInput!) { diagnoseRepairOrder(input: $i) { ${RO} } }`, {
        i: { id: o.id, version: o.version, findings: [{ system: '液压', finding: '油泵磨损' }], summary: '换泵' },
      })
    ).diagnoseRepairOrder.repairOrder;
  };
  const access = () => ({ token, phoneLast4: '2468' });

  beforeAll(async () => {
    t = await startTestApi({ clock });
    advisor = await t.as('advisor@dealer-east.demo');
    orders.mine = await newOrder('钱进', '13900002468', 'LRESUME0000000001');
    orders.other = await newOrder('孙立', '13900001357', 'LRESUME0000000002');
    token = (await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id: orders.mine!.id })).createTrackingLink
      .token;
  });
  afterAll(() => t.stop());

  it('the page that comes back gets the current view once for what it missed, then live views; nothing for an unchanged order or another order', async () => {
    const visitor = t.client();
    const opened = (await visitor.ok(`query($i: TrackingAccessInput!) { tracking(input: $i) { status cursor } }`, { i: access() })).tracking;
    expect(opened.status).toBe('APPOINTED');
    expect(opened.cursor).toEqual(expect.any(String));

    // nothing happened since: resuming delivers nothing, even while another order changes
    let page = await subscribe(t.api.wsUrl, null, UPDATES, { i: access(), after: opened.cursor });
    await checkIn('other');
    expect(await page.quiet(400)).toEqual([]);
    await page.close();

    // the phone is offline while the workshop checks the vehicle in and diagnoses it
    await checkIn('mine');
    await diagnose('other');
    await diagnose('mine');
    page = await subscribe(t.api.wsUrl, null, UPDATES, { i: access(), after: opened.cursor });
    try {
      const caughtUp = (await page.next()).trackingUpdates;
      expect(caughtUp.status).toBe('DIAGNOSED');
      expect(caughtUp.cursor).not.toBe(opened.cursor);
      expect(await page.quiet(300)).toEqual([]); // one view for the two changes

      // live from here on, each view with the cursor of its change
      const o = orders.mine!;
      await advisor.ok(`mutation($i: EstimateInput!) { estimateRepairOrder(input: $i) { ${RO} } }`, {
        i: {
          id: o.id,
          version: o.version,
          method: 'SYSTEM',
          lines: [{ kind: 'LABOUR', description: '换泵', hours: '1', rateMinor: '10000', payType: 'CUSTOMER' }],
        },
      });
      const live = (await page.next()).trackingUpdates;
      expect(live.status).toBe('ESTIMATED');
      expect(new Set([opened.cursor, caughtUp.cursor, live.cursor]).size).toBe(3);
      await page.close();

      // resuming from the newest cursor: nothing to catch up on
      page = await subscribe(t.api.wsUrl, null, UPDATES, { i: access(), after: live.cursor });
      expect(await page.quiet(400)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a bad cursor is BAD_USER_INPUT and an expired one CONFLICT (the page reloads); the wrong digits still open nothing', async () => {
    const first = async (variables: Record<string, unknown>) => {
      const s = await subscribe(t.api.wsUrl, null, UPDATES, variables);
      try {
        return (await s.next()).errors?.[0]?.extensions;
      } finally {
        await s.close();
      }
    };
    expect(await first({ i: access(), after: '%%%' })).toMatchObject({ code: 'BAD_USER_INPUT' });
    const visitor = t.client();
    const { cursor } = (await visitor.ok(`query($i: TrackingAccessInput!) { tracking(input: $i) { cursor } }`, { i: access() })).tracking;
    expect(await first({ i: { token, phoneLast4: '0000' }, after: cursor })).toMatchObject({ code: 'UNAUTHENTICATED' });
    // a change after the cursor, then everything published is deleted: the cursor is below what was deleted
    await advisor.ok(`mutation { createCustomer(input: { name: "李四", phone: "13900009999" }) { customer { id } } }`);
    await t.api.services.dispatcher.kick();
    await t.api.services.dispatcher.prune(0);
    expect(await first({ i: access(), after: cursor })).toMatchObject({ code: 'CONFLICT', details: { reason: 'CURSOR_EXPIRED' } });
  });
});
