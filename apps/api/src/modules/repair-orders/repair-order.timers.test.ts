import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.js';
import { startApi } from '../../server.js';
import { startTestApi, type Client, type TestApi } from '../../test/harness.js';

const HOUR = 3_600_000;
let now = new Date('2026-11-23T01:00:00.000Z').getTime(); // 09:00 in Shanghai
const clock = { now: () => new Date(now) };

describe('repair order timers (Postgres job queue, controllable clock)', () => {
  let t: TestApi;
  let advisor: Client;
  let orderId: string;

  const version = async () => (await t.sql(`select version from repair_orders where id = $1`, [orderId]))[0].version as number;
  const step = async (c: Client, name: string, type: string, extra: Record<string, unknown> = {}) =>
    c.ok(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { status } } }`, { i: { id: orderId, version: await version(), ...extra } });
  const notifications = () =>
    t.sql(`select audience, channel, kind, message from notifications where record_type = 'RepairOrder' and record_id = $1 order by id`, [orderId]);

  beforeAll(async () => {
    t = await startTestApi({ clock });
    advisor = await t.as('advisor@dealer-east.demo');
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "钱坤", phone: "13700009999", vehicles: [{ vin: "HYZL50C2026000999", plate: "沪F66666" }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await advisor.ok(
      `mutation($c: ID!, $v: ID!, $p: DateTimeISO) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "发动机异响", promisedAt: $p }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
        p: new Date(now + 8 * HOUR).toISOString(), // 17:00 the same day
      },
    );
    orderId = o.createRepairOrder.repairOrder.id;
    const tech = await t.as('tech@dealer-east.demo');
    await step(advisor, 'checkInRepairOrder', 'CheckInInput', { meter: 100, customerSigned: true });
    await step(advisor, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '发动机', finding: '气门间隙大' }], summary: '调整气门' });
    await step(advisor, 'estimateRepairOrder', 'EstimateInput', {
      method: 'ITEM',
      lines: [{ kind: 'LABOUR', description: '调整气门间隙', hours: '2', rateMinor: '12000', payType: 'CUSTOMER' }],
    });
    await step(advisor, 'approveRepairOrder', 'OrderRef');
    await step(await t.as('controller@dealer-east.demo'), 'dispatchRepairOrder', 'DispatchInput', { technicianId: await t.userId('tech@dealer-east.demo') });
    await step(tech, 'startRepairWork', 'OrderRef'); // at 09:00, promised 17:00
  });
  afterAll(() => t.stop());

  it('nothing is due before its time', async () => {
    now += 5 * HOUR; // 14:00
    await t.api.services.jobs.runDue();
    expect(await notifications()).toEqual([]);
  });

  it('alerts the advisor at 75 % of the estimated duration (15:00), once', async () => {
    now += 1 * HOUR + 60_000; // 15:01
    expect(await t.api.services.jobs.runDue()).toBe(1);
    expect(await t.api.services.jobs.runDue()).toBe(0);
    expect(await notifications()).toEqual([expect.objectContaining({ audience: 'STAFF', kind: 'progressCheck' })]);
    const [audit] = await t.sql(`select action from audit_log where entity_id = $1 and action = 'repairOrder.progressCheckDue'`, [orderId]);
    expect(audit).toBeDefined();
  });

  it('tells the customer one hour before pickup for a same-day job — even when another API process runs the queue', async () => {
    now += 1 * HOUR; // 16:01
    // a second API process over the same database: the job is in Postgres, not in memory
    const second = await startApi(loadConfig({ databaseUrl: t.db.url, port: 0, jobPollMs: 0 }), { clock });
    try {
      await Promise.all([second.services.jobs.runDue(), t.api.services.jobs.runDue()]);
      // claimed by exactly one of them, once (the SMS it sends is a job of its own that either may take)
      const runs = await t.sql(
        `select status, attempts from jobs where kind = 'repairOrder.pickupNotice' and payload->>'repairOrderId' = $1 and status <> 'CANCELLED'`,
        [orderId],
      );
      expect(runs).toEqual([{ status: 'DONE', attempts: 1 }]);
    } finally {
      await second.stop();
    }
    const sms = (await notifications()).filter((n) => n.audience === 'CUSTOMER');
    expect(sms).toEqual([expect.objectContaining({ channel: 'SMS', kind: 'pickupNotice' })]);
    expect(sms[0].message).toContain('沪F66666');
    expect(sms[0].message).toContain('17:00');
    expect(sms[0].message).not.toContain('13700009999');
  });

  it('schedules two follow-up calls after delivery: three days and ten days later', async () => {
    const inspector = await t.as('inspector@dealer-east.demo');
    await step(await t.as('tech@dealer-east.demo'), 'finishRepairWork', 'OrderRef');
    await step(inspector, 'recordQualityCheck', 'QcInput', { passed: true });
    await step(await t.as('cashier@dealer-east.demo'), 'settleRepairOrder', 'SettleInput', { paymentMethod: '现金' });
    await step(advisor, 'deliverRepairOrder', 'DeliverInput', { belongingsReturned: true, customerSigned: true });
    const jobs = await t.sql(`select kind, run_at from jobs where payload->>'repairOrderId' = $1 and kind = 'repairOrder.followUp' order by run_at`, [orderId]);
    expect(jobs.map((j) => new Date(j.run_at).getTime() - now)).toEqual([3 * 24 * HOUR, 10 * 24 * HOUR]);
    now += 3 * 24 * HOUR + 60_000;
    await t.api.services.jobs.runDue();
    expect((await notifications()).filter((n) => n.kind === 'followUpDue')).toHaveLength(1);
  });
});
