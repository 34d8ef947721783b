import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type AnyJson, type Client, type TestApi } from '../../test/harness.js';
import { subscribe } from '../../test/ws.js';

const VIEW = `number workshop status promisedAt customerName phoneMasked vehicle { plate model }
  steps { status } lines { description status amount { amountMinor } noGuarantee }
  pendingAdditionalWork { id description amount { amountMinor } safetyRelevant delayMinutes }
  additionalReason customerPays { amountMinor } chaseAvailable canRate rating { stars }`;

let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

describe('customer tracking link', () => {
  let t: TestApi;
  let advisor: Client;
  let tech: Client;
  let controller: Client;
  let inspector: Client;
  let admin: Client;
  let orderId: string;
  let token: string;
  let linkId: string;

  const version = async () => (await t.sql(`select version from repair_orders where id = $1`, [orderId]))[0].version as number;
  const staff = async (c: Client, name: string, type: string, extra: Record<string, unknown> = {}) =>
    c.ok(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { status } } }`, { i: { id: orderId, version: await version(), ...extra } });
  const view = (c: Client, last4 = '5678', tok = token) =>
    c.gql(`query($i: TrackingAccessInput!) { tracking(input: $i) { ${VIEW} } }`, { i: { token: tok, phoneLast4: last4 } });

  beforeAll(async () => {
    t = await startTestApi({ clock });
    advisor = await t.as('advisor@dealer-east.demo');
    tech = await t.as('tech@dealer-east.demo');
    controller = await t.as('controller@dealer-east.demo');
    inspector = await t.as('inspector@dealer-east.demo');
    admin = await t.as('admin@dealer-east.demo');
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "赵磊", phone: "13812345678", vehicles: [{ vin: "HYZL50C2026000888", plate: "沪D11111", model: "ZL50 装载机", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await advisor.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "动臂下沉", promisedAt: "2026-11-25T08:00:00Z" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    orderId = o.createRepairOrder.repairOrder.id;
    const link = await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token path link { id active expiresAt } } }`, {
      id: orderId,
    });
    token = link.createTrackingLink.token;
    linkId = link.createTrackingLink.link.id;
    expect(link.createTrackingLink.path).toBe(`/t/${token}`);
  });
  afterAll(() => t.stop());

  it('stores only a hash of a 256-bit token; the page needs the last four phone digits and shows no staff or full numbers', async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(await t.sql(`select * from tracking_links`))).not.toContain(token);
    const visitor = t.client();
    expect(codeOf(await view(visitor, '0000'))).toBe('UNAUTHENTICATED');
    const r = await view(visitor);
    expect(r.errors).toBeUndefined();
    const v = r.data!.tracking;
    expect(v).toMatchObject({
      status: 'APPOINTED',
      customerName: '赵*',
      phoneMasked: '138****5678',
      workshop: '华东一店（上海）',
      vehicle: { plate: '沪D11111' },
    });
    const text = JSON.stringify(r);
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('陈晓'); // the advisor's name
    expect(codeOf(await view(visitor, '5678', 'not-a-real-token-at-all-000000'))).toBe('NOT_FOUND');
  });

  it('follows the repair live, and the customer approves additional work through the link', async () => {
    const visitor = t.client();
    const live = await subscribe(
      t.api.wsUrl,
      null,
      `subscription($i: TrackingAccessInput!) { trackingUpdates(input: $i) { status pendingAdditionalWork { id } promisedAt } }`,
      {
        i: { token, phoneLast4: '5678' },
      },
    );
    try {
      const started = Date.now();
      await staff(advisor, 'checkInRepairOrder', 'CheckInInput', { meter: 2100, customerSigned: true });
      expect((await live.next()).trackingUpdates.status).toBe('CHECKED_IN');
      expect(Date.now() - started).toBeLessThan(2000);
      await staff(advisor, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '液压', finding: '油缸内泄' }], summary: '更换油缸密封' });
      await staff(advisor, 'estimateRepairOrder', 'EstimateInput', {
        method: 'SYSTEM',
        lines: [
          { kind: 'LABOUR', description: '更换动臂油缸密封', hours: '2', rateMinor: '12000', payType: 'CUSTOMER' },
          { kind: 'PART', description: '密封件', partNumber: 'SEAL-9', quantity: '1', unitPriceMinor: '38000', source: 'OEM', payType: 'CUSTOMER' },
        ],
      });
      await staff(advisor, 'approveRepairOrder', 'OrderRef');
      await staff(controller, 'dispatchRepairOrder', 'DispatchInput', { technicianId: await t.userId('tech@dealer-east.demo') });
      await staff(tech, 'startRepairWork', 'OrderRef');
      await staff(tech, 'proposeAdditionalWork', 'ProposeAdditionalWorkInput', {
        reason: '铲斗齿磨损严重，影响作业安全',
        safetyRelevant: true,
        delayMinutes: 90,
        lines: [
          { kind: 'PART', description: '铲斗齿', partNumber: 'TOOTH-5', quantity: '5', unitPriceMinor: '16000', source: 'OEM', payType: 'CUSTOMER' },
          { kind: 'LABOUR', description: '清洗散热器', hours: '0.5', rateMinor: '12000', payType: 'CUSTOMER' },
        ],
      });
      let last: AnyJson;
      do last = (await live.next()).trackingUpdates;
      while (last.status !== 'AWAITING_APPROVAL');
      expect(last.pendingAdditionalWork).toHaveLength(2);

      const page = (await view(visitor)).data!.tracking;
      expect(page.additionalReason).toBe('铲斗齿磨损严重，影响作业安全');
      const [teeth, cleaning] = page.pendingAdditionalWork;
      expect(teeth).toMatchObject({ description: '铲斗齿', safetyRelevant: true, delayMinutes: 90, amount: { amountMinor: '80000' } });
      const decided = await visitor.ok(
        `mutation($i: DecideByLinkInput!) { decideAdditionalWorkByLink(input: $i) { status customerPays { amountMinor } lines { description status } promisedAt } }`,
        {
          i: {
            token,
            phoneLast4: '5678',
            decisions: [
              { lineId: teeth.id, approve: true },
              { lineId: cleaning.id, approve: false },
            ],
          },
        },
      );
      expect(decided.decideAdditionalWorkByLink).toMatchObject({
        status: 'IN_PROGRESS',
        customerPays: { amountMinor: String(24000 + 38000 + 80000) },
        promisedAt: '2026-11-25T09:30:00.000Z',
      });
      expect(decided.decideAdditionalWorkByLink.lines.find((l: { description: string }) => l.description === '清洗散热器').status).toBe('DECLINED');
      const [audit] = await t.sql(`select actor_name, after from audit_log where entity_id = $1 and action = 'repairOrder.DECIDE_ADDITIONAL_WORK'`, [orderId]);
      expect(audit.actor_name).toBe('customer (tracking link)');
      expect(audit.after).toMatchObject({ channel: 'TRACKING_LINK', decidedBy: null });

      // the customer chases once; a second chase within half an hour is refused
      const chase = `mutation($i: TrackingAccessInput!) { chaseRepairOrder(input: $i) { chaseAvailable } }`;
      expect((await visitor.ok(chase, { i: { token, phoneLast4: '5678' } })).chaseRepairOrder.chaseAvailable).toBe(false);
      expect(codeOf(await visitor.gql(chase, { i: { token, phoneLast4: '5678' } }))).toBe('RATE_LIMITED');

      await staff(tech, 'finishRepairWork', 'OrderRef');
      await staff(inspector, 'recordQualityCheck', 'QcInput', { passed: true });
      await staff(admin, 'settleRepairOrder', 'SettleInput', { paymentMethod: '微信支付' });
      await staff(advisor, 'deliverRepairOrder', 'DeliverInput', { belongingsReturned: true, customerSigned: true });
      do last = (await live.next()).trackingUpdates;
      while (last.status !== 'DELIVERED');

      const rated = await visitor.ok(`mutation($i: RateRepairInput!) { rateRepairOrder(input: $i) { canRate rating { stars } steps { status } } }`, {
        i: { token, phoneLast4: '5678', stars: 5, comment: '很快，谢谢' },
      });
      expect(rated.rateRepairOrder.rating).toEqual({ stars: 5 });
      expect(rated.rateRepairOrder.steps.map((s: { status: string }) => s.status)).toEqual([
        'APPOINTED',
        'CHECKED_IN',
        'DIAGNOSED',
        'ESTIMATED',
        'APPROVED',
        'IN_PROGRESS',
        'AWAITING_APPROVAL',
        'IN_PROGRESS',
        'QC',
        'READY',
        'SETTLED',
        'DELIVERED',
      ]);
    } finally {
      await live.close();
    }
  });

  it('locks the link after five wrong answers', async () => {
    const visitor = t.client();
    for (let i = 0; i < 5; i++) expect(codeOf(await view(visitor, '1111'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await view(visitor))).toBe('RATE_LIMITED');
    offsetMs += 16 * 60_000;
    expect(codeOf(await view(visitor))).toBeUndefined();
  });

  it('a revoked or expired link opens nothing', async () => {
    const short = await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id, validDays: 1 }) { token } }`, { id: orderId });
    const visitor = t.client();
    expect(codeOf(await view(visitor, '5678', short.createTrackingLink.token))).toBeUndefined();
    offsetMs += 2 * 86_400_000;
    expect(codeOf(await view(visitor, '5678', short.createTrackingLink.token))).toBe('NOT_FOUND');
    await advisor.ok(`mutation($id: ID!) { revokeTrackingLink(input: { id: $id }) { link { active } } }`, { id: linkId });
    const r = await view(visitor);
    expect(codeOf(r)).toBe('NOT_FOUND');
    expect(r.errors![0]!.message).toMatch(/not valid any more/);
  });

  it('another dealer cannot share or revoke links of this order', async () => {
    const other = await t.as('admin@dealer-east2.demo');
    expect(codeOf(await other.gql(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id: orderId }))).toBe('NOT_FOUND');
    expect(codeOf(await other.gql(`mutation($id: ID!) { revokeTrackingLink(input: { id: $id }) { link { id } } }`, { id: linkId }))).toBe('NOT_FOUND');
  });
});
