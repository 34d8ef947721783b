import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type Client, type TestApi } from '../../test/harness.js';
import { subscribe } from '../../test/ws.js';

const ESTIMATE = `status walkIn canDecideEstimate promisedAt
  pendingEstimate { id description kind payType status noGuarantee amount { amountMinor } }
  pendingTotal { amountMinor } pendingCustomerPays { amountMinor } customerPays { amountMinor }
  lines { id description status decisionChannel decidedAt } steps { status }`;
const ORDER = `id version status chasedAt totals { customerPays { amountMinor } } quotedTotals { gross { amountMinor } customerPays { amountMinor } }
  lines { id description status decidedBy decisionChannel decidedAt } rating { stars comment number }`;

/**
 * Issue 12: the customer sees the estimate on the tracking page and approves or declines it, whole
 * or per line; the shop sees the quoted total before approval, hears the customer's chase and
 * reads the rating on the order and in the customer file.
 */
describe('the estimate on the tracking page, and the customer’s voice in the shop', () => {
  let t: TestApi;
  let advisor: Client;
  let controller: Client;
  let otherDealer: Client;
  let customerId: string;
  let vehicleId: string;

  beforeAll(async () => {
    t = await startTestApi();
    advisor = await t.as('advisor@dealer-east.demo');
    controller = await t.as('controller@dealer-east.demo');
    otherDealer = await t.as('admin@dealer-north.demo');
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "钱多多", phone: "13700001234", vehicles: [{ vin: "LESTIMATE00000001", plate: "沪E22222" }] }) { customer { id vehicles { id } } } }`,
    );
    customerId = c.createCustomer.customer.id;
    vehicleId = c.createCustomer.customer.vehicles[0].id;
  });
  afterAll(() => t.stop());

  /** A walk-in order estimated with three lines: customer labour, a customer-supplied part, warranty work. */
  async function estimatedOrder(): Promise<{ id: string; token: string; version: () => Promise<number> }> {
    const o = await advisor.ok(`mutation($i: CreateRepairOrderInput!) { createRepairOrder(input: $i) { repairOrder { id } } }`, {
      i: { customerId, vehicleId, complaint: '刹车异响', promisedAt: '2030-01-01T08:00:00Z' },
    });
    const id = o.createRepairOrder.repairOrder.id as string;
    const version = async () => (await t.sql(`select version from repair_orders where id = $1`, [id]))[0].version as number;
    const step = async (name: string, type: string, extra: Record<string, unknown> = {}) =>
      advisor.ok(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { status } } }`, { i: { id, version: await version(), ...extra } });
    await step('checkInRepairOrder', 'CheckInInput', { meter: 12000, customerSigned: true });
    await step('diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '制动', finding: '前片磨损' }], summary: '更换前刹车片' });
    await step('estimateRepairOrder', 'EstimateInput', {
      method: 'ITEM',
      lines: [
        { kind: 'LABOUR', description: '更换前刹车片', hours: '1', rateMinor: '28000', payType: 'CUSTOMER' },
        {
          kind: 'PART',
          description: '刹车片（客户自带）',
          partNumber: 'PAD-1',
          quantity: '1',
          unitPriceMinor: '0',
          source: 'CUSTOMER_SUPPLIED',
          payType: 'CUSTOMER',
        },
        { kind: 'PART', description: '制动盘', partNumber: 'DISC-2', quantity: '2', unitPriceMinor: '50000', source: 'OEM', payType: 'WARRANTY' },
      ],
    });
    const link = await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id });
    return { id, token: link.createTrackingLink.token, version };
  }
  const view = async (token: string) =>
    (await t.client().ok(`query($i: TrackingAccessInput!) { tracking(input: $i) { ${ESTIMATE} } }`, { i: { token, phoneLast4: '1234' } })).tracking;
  const order = async (c: Client, id: string) => (await c.ok(`query($id: ID!) { repairOrder(id: $id) { ${ORDER} } }`, { id })).repairOrder;

  it('the customer sees the estimate (lines, pay types, their share, the no-guarantee note) and approves it per line; the shop sees it live', async () => {
    const o = await estimatedOrder();
    const before = await order(advisor, o.id);
    // before approval the shop sees what the estimate comes to, not ¥0.00
    expect(before.totals.customerPays.amountMinor).toBe('0');
    expect(before.quotedTotals).toEqual({ gross: { amountMinor: '128000' }, customerPays: { amountMinor: '28000' } });

    const v = await view(o.token);
    expect(v).toMatchObject({ status: 'ESTIMATED', walkIn: true, canDecideEstimate: true, pendingTotal: { amountMinor: '128000' } });
    expect(v.pendingCustomerPays.amountMinor).toBe('28000');
    expect(v.pendingEstimate.map((l: { description: string; payType: string; noGuarantee: boolean }) => [l.description, l.payType, l.noGuarantee])).toEqual([
      ['更换前刹车片', 'CUSTOMER', false],
      ['刹车片（客户自带）', 'CUSTOMER', true],
      ['制动盘', 'WARRANTY', false],
    ]);
    expect(v.lines).toEqual([]); // nothing approved yet

    // the shop's page follows: the order's events reach the dealer's staff
    const staffLive = await subscribe(t.api.wsUrl, advisor.cookie, `subscription { events(entityTypes: ["RepairOrder"]) { type entityId toState } }`);
    try {
      const [labour, pad, disc] = v.pendingEstimate;
      const decided = await t.client().ok(`mutation($i: DecideByLinkInput!) { decideEstimateByLink(input: $i) { ${ESTIMATE} } }`, {
        i: {
          token: o.token,
          phoneLast4: '1234',
          decisions: [
            { lineId: labour.id, approve: true },
            { lineId: pad.id, approve: false },
            { lineId: disc.id, approve: true },
          ],
        },
      });
      const after = decided.decideEstimateByLink;
      expect(after).toMatchObject({ status: 'APPROVED', canDecideEstimate: false, pendingEstimate: [], customerPays: { amountMinor: '28000' } });
      expect(after.lines.map((l: { status: string; decisionChannel: string }) => [l.status, l.decisionChannel])).toEqual([
        ['APPROVED', 'TRACKING_LINK'],
        ['DECLINED', 'TRACKING_LINK'],
        ['APPROVED', 'TRACKING_LINK'],
      ]);
      let e;
      do e = (await staffLive.next()).events;
      while (e.entityId !== o.id);
      expect(e).toMatchObject({ type: 'repairOrder.APPROVE', toState: 'APPROVED' });
    } finally {
      await staffLive.close();
    }
    const shop = await order(advisor, o.id);
    expect(shop.lines.every((l: { decidedAt: string | null; decidedBy: string | null }) => l.decidedAt && l.decidedBy === null)).toBe(true);
    expect(shop.totals.customerPays.amountMinor).toBe('28000');
    const [audit] = await t.sql(`select after from audit_log where entity_id = $1 and action = 'repairOrder.APPROVE'`, [o.id]);
    expect(audit.after).toMatchObject({ status: 'APPROVED', approved: 2, declined: 1, channel: 'TRACKING_LINK' });
  });

  it('declining every line keeps the order estimated for a revised estimate; answers must cover every line, once', async () => {
    const o = await estimatedOrder();
    const v = await view(o.token);
    const decide = (decisions: { lineId: string; approve: boolean }[]) =>
      t.client().gql(`mutation($i: DecideByLinkInput!) { decideEstimateByLink(input: $i) { ${ESTIMATE} } }`, {
        i: { token: o.token, phoneLast4: '1234', decisions },
      });
    const ids = v.pendingEstimate.map((l: { id: string }) => l.id) as string[];
    // a line left out, a line twice, another order's line: refused, nothing written
    for (const bad of [
      ids.slice(0, 2).map((lineId) => ({ lineId, approve: true })),
      [ids[0]!, ids[0]!, ids[1]!].map((lineId) => ({ lineId, approve: true })),
    ]) {
      const r = await decide(bad);
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
    }
    expect((await view(o.token)).lines).toEqual([]);

    const r = await decide(ids.map((lineId) => ({ lineId, approve: false })));
    expect(r.errors).toBeUndefined();
    expect(r.data!.decideEstimateByLink).toMatchObject({ status: 'ESTIMATED', canDecideEstimate: false, pendingEstimate: [] });
    const [audit] = await t.sql(`select after from audit_log where entity_id = $1 and action = 'repairOrder.DECLINE_ESTIMATE'`, [o.id]);
    expect(audit.after).toMatchObject({ status: 'ESTIMATED', approved: 0, declined: 3 });
    // nothing left to answer until the shop revises the estimate
    const again = await decide(ids.map((lineId) => ({ lineId, approve: true })));
    expect(again.errors?.[0]?.extensions?.details).toMatchObject({ reason: 'NOTHING_TO_DECIDE' });
    const whole = await advisor.gql(`mutation($i: DecideEstimateInput!) { decideEstimate(input: $i) { repairOrder { status } } }`, {
      i: { id: o.id, version: await o.version(), channel: 'PHONE' },
    });
    expect(whole.errors?.[0]?.extensions?.details).toMatchObject({ reason: 'NOTHING_TO_DECIDE' });
  });

  it('staff record an answer given in the shop only with the customer’s signature, or by phone; another dealer cannot', async () => {
    const o = await estimatedOrder();
    const decide = (c: Client, extra: Record<string, unknown>) =>
      o
        .version()
        .then((version) =>
          c.gql(`mutation($i: DecideEstimateInput!) { decideEstimate(input: $i) { repairOrder { ${ORDER} } } }`, { i: { id: o.id, version, ...extra } }),
        );
    const unsigned = await decide(advisor, { channel: 'IN_SHOP' });
    expect(codeOf(unsigned)).toBe('BAD_USER_INPUT');
    expect(unsigned.errors?.[0]?.extensions?.details).toMatchObject({ problems: [{ field: 'input.customerSigned', reason: 'SIGNATURE_REQUIRED' }] });
    expect(codeOf(await decide(otherDealer, { channel: 'PHONE' }))).toBe('NOT_FOUND');
    const signed = await decide(advisor, { channel: 'IN_SHOP', customerSigned: true });
    expect(signed.errors).toBeUndefined();
    const got = signed.data!.decideEstimate.repairOrder;
    expect(got.status).toBe('APPROVED');
    // recorded with the channel and the staff member who took the signature
    for (const l of got.lines) expect(l).toMatchObject({ status: 'APPROVED', decisionChannel: 'IN_SHOP', decidedBy: expect.stringMatching(/^陈晓/) });
  });

  it('the customer sees dispatch as work started; the chase reaches the desk until answered; the rating shows on the order and in the customer file', async () => {
    const o = await estimatedOrder();
    await advisor.ok(`mutation($i: DecideEstimateInput!) { decideEstimate(input: $i) { repairOrder { status } } }`, {
      i: { id: o.id, version: await o.version(), channel: 'PHONE' },
    });
    expect((await view(o.token)).status).toBe('APPROVED');
    await controller.ok(`mutation($i: DispatchInput!) { dispatchRepairOrder(input: $i) { repairOrder { status } } }`, {
      i: { id: o.id, version: await o.version(), technicianId: await t.userId('tech@dealer-east.demo') },
    });
    const started = await view(o.token);
    expect(started.status).toBe('IN_PROGRESS');
    expect(started.steps.map((s: { status: string }) => s.status)).toEqual(['APPOINTED', 'CHECKED_IN', 'DIAGNOSED', 'ESTIMATED', 'APPROVED', 'IN_PROGRESS']);

    const chased = `query { repairOrders(chased: true) { totalCount nodes { id chasedAt } } }`;
    const countBefore = (await advisor.ok(chased)).repairOrders.totalCount as number;
    const versionBefore = await o.version();
    await t.client().ok(`mutation($i: TrackingAccessInput!) { chaseRepairOrder(input: $i) { chaseAvailable } }`, { i: { token: o.token, phoneLast4: '1234' } });
    // the reminder is on the workbench's list, and did not change the order under the staff's feet
    const list = (await advisor.ok(chased)).repairOrders;
    expect(list.totalCount).toBe(countBefore + 1);
    expect(list.nodes.map((n: { id: string }) => n.id)).toContain(o.id);
    expect(await o.version()).toBe(versionBefore);
    // another dealer's desk does not hear it
    expect((await otherDealer.ok(chased)).repairOrders.nodes.map((n: { id: string }) => n.id)).not.toContain(o.id);
    const answer = async () =>
      advisor.gql(`mutation($i: OrderRef!) { answerChase(input: $i) { repairOrder { chasedAt } } }`, { i: { id: o.id, version: await o.version() } });
    expect((await answer()).data!.answerChase.repairOrder.chasedAt).toBeNull();
    expect((await advisor.ok(chased)).repairOrders.totalCount).toBe(countBefore);
    expect((await answer()).errors?.[0]?.extensions?.details).toMatchObject({ reason: 'NO_OPEN_CHASE' });

    // the rest of the repair, then the customer's stars
    for (const [name, type, extra] of [
      ['startRepairWork', 'OrderRef', {}],
      ['finishRepairWork', 'OrderRef', {}],
      ['recordQualityCheck', 'QcInput', { passed: true }],
      ['settleRepairOrder', 'SettleInput', { paymentMethod: 'cash' }],
      ['deliverRepairOrder', 'DeliverInput', { customerSigned: true, belongingsReturned: true }],
    ] as const) {
      const who = await t.as(
        { startRepairWork: 'tech', finishRepairWork: 'tech', recordQualityCheck: 'inspector', settleRepairOrder: 'admin', deliverRepairOrder: 'advisor' }[
          name
        ] + '@dealer-east.demo',
      );
      await who.ok(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { status } } }`, { i: { id: o.id, version: await o.version(), ...extra } });
    }
    await t.client().ok(`mutation($i: RateRepairInput!) { rateRepairOrder(input: $i) { canRate } }`, {
      i: { token: o.token, phoneLast4: '1234', stars: 2, comment: '等太久了' },
    });
    expect((await order(advisor, o.id)).rating).toMatchObject({ stars: 2, comment: '等太久了' });
    const file = await advisor.ok(`query($id: ID!) { customer(id: $id) { ratings { number stars comment } } }`, { id: customerId });
    expect(file.customer.ratings[0]).toMatchObject({ stars: 2, comment: '等太久了' });
  });
});
