import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type Client, type TestApi } from '../../test/harness.js';

const DAY = 86_400_000;
let now = new Date('2026-11-23T02:00:00.000Z').getTime();
const clock = { now: () => new Date(now) };
const QUEUE = `query($s: FollowUpStatus) { followUps(status: $s) { totalCount nodes { id callNo assignedTo status version customer { name phone } } } }`;
const RECORD = `mutation($i: RecordFollowUpInput!) { recordFollowUp(input: $i) { followUp { status satisfaction complaintId nextMaintenanceOn } } }`;

describe('follow-up calls (回访)', () => {
  let t: TestApi;
  let care: Client;
  let admin: Client;
  let orderId: string;

  beforeAll(async () => {
    t = await startTestApi({ clock });
    care = await t.as('care@dealer-east.demo');
    admin = await t.as('admin@dealer-east.demo');
    // a delivered order (driven quickly through the lifecycle by the service admin and colleagues)
    const c = await admin.ok(
      `mutation { createCustomer(input: { name: "周杰", phone: "13500001234", vehicles: [{ vin: "HYZL50C2026001234", plate: "沪G12345" }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await admin.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "保养" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    orderId = o.createRepairOrder.repairOrder.id;
    const v = async () => (await t.sql(`select version from repair_orders where id = $1`, [orderId]))[0].version;
    const step = async (who: Client, name: string, type: string, extra: Record<string, unknown> = {}) =>
      who.ok(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { id } } }`, { i: { id: orderId, version: await v(), ...extra } });
    await step(admin, 'checkInRepairOrder', 'CheckInInput', { meter: 5000, customerSigned: true });
    await step(admin, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '保养', finding: '机油到期' }], summary: '常规保养' });
    await step(admin, 'estimateRepairOrder', 'EstimateInput', {
      method: 'ITEM',
      lines: [{ kind: 'LABOUR', description: '常规保养', hours: '1', rateMinor: '10000', payType: 'CUSTOMER' }],
    });
    await step(admin, 'approveRepairOrder', 'OrderRef');
    await step(admin, 'dispatchRepairOrder', 'DispatchInput', { technicianId: await t.userId('tech@dealer-east.demo') });
    await step(admin, 'startRepairWork', 'OrderRef');
    await step(admin, 'finishRepairWork', 'OrderRef');
    await step(await t.as('inspector@dealer-east.demo'), 'recordQualityCheck', 'QcInput', { passed: true });
    await step(admin, 'settleRepairOrder', 'SettleInput', { paymentMethod: '现金' });
    await step(admin, 'deliverRepairOrder', 'DeliverInput', { belongingsReturned: true, customerSigned: true });
  });
  afterAll(() => t.stop());

  it('the first call lands in the care agent’s queue three days after delivery', async () => {
    expect((await care.ok(QUEUE, { s: 'OPEN' })).followUps.totalCount).toBe(0);
    now += 3 * DAY + 60_000;
    await t.api.services.jobs.runDue();
    const q = (await care.ok(QUEUE, { s: 'OPEN' })).followUps;
    expect(q.nodes).toEqual([
      expect.objectContaining({ callNo: 1, assignedTo: await t.userId('care@dealer-east.demo'), customer: { name: '周杰', phone: '13500001234' } }),
    ]);
    // a technician has no follow-up queue
    expect(codeOf(await (await t.as('tech@dealer-east.demo')).gql(QUEUE, {}))).toBe('FORBIDDEN');
  });

  it('records the outcome; a complaint raised in the call is recorded and linked; next maintenance goes to the vehicle file', async () => {
    const [task] = (await care.ok(QUEUE, { s: 'OPEN' })).followUps.nodes;
    const noScore = await care.gql(RECORD, { i: { id: task.id, version: task.version, reached: true } });
    expect(codeOf(noScore)).toBe('BAD_USER_INPUT');
    const r = await care.ok(RECORD, {
      i: {
        id: task.id,
        version: task.version,
        reached: true,
        satisfaction: 2,
        remarks: '等待时间太长',
        nextMaintenanceOn: '2027-05-20',
        complaint: '交车比承诺晚了两个小时，没有提前通知',
      },
    });
    expect(r.recordFollowUp.followUp).toMatchObject({ status: 'DONE', satisfaction: 2, nextMaintenanceOn: '2027-05-20' });
    const [complaint] = await t.sql(`select number, channel, status, repair_order_id from complaints where id = $1`, [r.recordFollowUp.followUp.complaintId]);
    expect(complaint).toMatchObject({ channel: 'FOLLOW_UP_CALL', status: 'RECEIVED', repair_order_id: orderId });
    expect(complaint.number).toMatch(/^CP-\d{4}-\d{6}$/);
    const [vehicle] = await t.sql(`select next_maintenance_on::text as d from vehicles v join repair_orders o on o.vehicle_id = v.id where o.id = $1`, [
      orderId,
    ]);
    expect(vehicle.d).toBe('2027-05-20');
    expect(codeOf(await care.gql(RECORD, { i: { id: task.id, version: task.version + 1, reached: false } }))).toBe('INVALID_TRANSITION');
  });

  it('a week before the next maintenance the customer is reminded and the desk asked to call', async () => {
    const jobs = await t.sql(`select run_at from jobs where kind = 'vehicle.maintenanceReminder' and status = 'PENDING'`);
    expect(jobs.map((j) => new Date(j.run_at).toISOString())).toEqual(['2027-05-13T01:00:00.000Z']);
    const saved = now;
    now = Date.parse('2027-05-13T02:00:00Z');
    await t.api.services.jobs.runDue();
    now = saved;
    const sent = await t.sql(`select audience, kind, message from notifications where kind in ('maintenanceReminder', 'maintenanceDue') order by id`);
    expect(sent.map((n) => n.kind)).toEqual(['maintenanceReminder', 'maintenanceDue']);
    expect(sent[0].message).toContain('2027-05-20');
    expect(sent[1].message).not.toContain('13500001234');
  });

  it('the supervisor reassigns the second call when the agent is absent; agents see only their own queue', async () => {
    await admin.ok(
      `mutation { inviteUser(input: { email: "care2@dealer-east.demo", displayName: "林回访", roles: [CUSTOMER_CARE], initialPassword: "care2-password" }) { user { id } } }`,
    );
    now += 7 * DAY + 60_000;
    await t.api.services.jobs.runDue();
    const all = (await admin.ok(QUEUE, { s: 'OPEN' })).followUps.nodes;
    expect(all).toHaveLength(1);
    const second = all[0];
    expect(second.callNo).toBe(2);
    const care2 = await t.client().signIn('care2@dealer-east.demo', 'care2-password');
    const target = second.assignedTo === (await t.userId('care@dealer-east.demo')) ? 'care2@dealer-east.demo' : 'care@dealer-east.demo';
    const owner = target === 'care2@dealer-east.demo' ? care : care2;
    const other = target === 'care2@dealer-east.demo' ? care2 : care;
    expect((await other.ok(QUEUE, { s: 'OPEN' })).followUps.totalCount).toBe(0);
    expect(
      codeOf(
        await owner.gql(`mutation($i: ReassignFollowUpInput!) { reassignFollowUp(input: $i) { followUp { id } } }`, {
          i: { id: second.id, version: second.version, assigneeId: await t.userId(target) },
        }),
      ),
    ).toBe('FORBIDDEN');
    await admin.ok(`mutation($i: ReassignFollowUpInput!) { reassignFollowUp(input: $i) { followUp { assignedTo } } }`, {
      i: { id: second.id, version: second.version, assigneeId: await t.userId(target) },
    });
    expect((await other.ok(QUEUE, { s: 'OPEN' })).followUps.totalCount).toBe(1);
    expect((await owner.ok(QUEUE, { s: 'OPEN' })).followUps.totalCount).toBe(0);
  });
});
