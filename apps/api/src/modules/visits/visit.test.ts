import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type Client, type TestApi } from '../../test/harness.js';
import { subscribe } from '../../test/ws.js';

const HOUR = 3_600_000;
let now = new Date('2026-11-23T01:00:00.000Z').getTime();
const clock = { now: () => new Date(now) };
const iso = (ms: number) => new Date(ms).toISOString();
const V = 'visit { id status version eta }';

describe('on-site service visits (上门服务)', () => {
  let t: TestApi;
  let controller: Client;
  let tech: Client;
  let otherTech: Client;
  let orderId: string;
  let token: string;
  let visitId: string;
  let version: number;

  beforeAll(async () => {
    t = await startTestApi({ clock });
    const advisor = await t.as('advisor@dealer-east.demo');
    controller = await t.as('controller@dealer-east.demo');
    tech = await t.as('tech@dealer-east.demo');
    const admin = await t.as('admin@dealer-east.demo');
    await admin.ok(`mutation { inviteUser(input: { email: "tech9@dealer-east.demo", displayName: "吴师傅", roles: [TECHNICIAN], initialPassword: "tech9-password" }) { user { id } } }`);
    otherTech = await t.client().signIn('tech9@dealer-east.demo', 'tech9-password');
    const c = await advisor.ok(`mutation { createCustomer(input: { name: "郑强", phone: "13911119876", vehicles: [{ vin: "HYZL50C2026005555", model: "ZL50 装载机", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`);
    const o = await advisor.ok(`mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "装载机无法启动", onSite: true, siteAddress: "山西省大同市某煤场 3 号堆场" }) { repairOrder { id } } }`, {
      c: c.createCustomer.customer.id,
      v: c.createCustomer.customer.vehicles[0].id,
    });
    orderId = o.createRepairOrder.repairOrder.id;
    token = (await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id: orderId })).createTrackingLink.token;
  });
  afterAll(() => t.stop());

  it('the controller schedules a trip; only on-site orders get visits', async () => {
    const r = await controller.ok(`mutation($i: ScheduleVisitInput!) { scheduleVisit(input: $i) { ${V} } }`, {
      i: { repairOrderId: orderId, engineerId: await t.userId('tech@dealer-east.demo'), scheduledAt: iso(now + 3 * HOUR), loanUnit: '周转机 ZL50-07' },
    });
    expect(r.scheduleVisit.visit.status).toBe('SCHEDULED');
    visitId = r.scheduleVisit.visit.id;
    version = r.scheduleVisit.visit.version;
    expect(codeOf(await tech.gql(`mutation($i: ScheduleVisitInput!) { scheduleVisit(input: $i) { ${V} } }`, { i: { repairOrderId: orderId, engineerId: await t.userId('tech@dealer-east.demo'), scheduledAt: iso(now + HOUR) } }))).toBe('FORBIDDEN');
  });

  it('the engineer confirms with the customer, leaves with an ETA, warns when late, arrives and the customer signs — the customer sees the ETA live', async () => {
    const live = await subscribe(t.api.wsUrl, null, `subscription($i: TrackingAccessInput!) { trackingUpdates(input: $i) { visits { status eta lateReason } } }`, {
      i: { token, phoneLast4: '9876' },
    });
    try {
      const unconfirmed = await tech.gql(`mutation($i: DepartVisitInput!) { departForVisit(input: $i) { ${V} } }`, { i: { id: visitId, version, eta: iso(now + 2 * HOUR), confirmedWithCustomer: false } });
      expect(codeOf(unconfirmed)).toBe('BAD_USER_INPUT');
      const notMine = await otherTech.gql(`mutation($i: DepartVisitInput!) { departForVisit(input: $i) { ${V} } }`, { i: { id: visitId, version, eta: iso(now + 2 * HOUR), confirmedWithCustomer: true } });
      expect(codeOf(notMine)).toBe('FORBIDDEN');
      let v = (await tech.ok(`mutation($i: DepartVisitInput!) { departForVisit(input: $i) { ${V} } }`, { i: { id: visitId, version, eta: iso(now + 2 * HOUR), confirmedWithCustomer: true } })).departForVisit.visit;
      expect((await live.next()).trackingUpdates.visits).toEqual([{ status: 'EN_ROUTE', eta: iso(now + 2 * HOUR), lateReason: null }]);
      now += HOUR;
      v = (await tech.ok(`mutation($i: ReviseVisitEtaInput!) { reviseVisitEta(input: $i) { ${V} } }`, { i: { id: v.id, version: v.version, eta: iso(now + 2 * HOUR), reason: '高速堵车' } })).reviseVisitEta.visit;
      expect((await live.next()).trackingUpdates.visits[0]).toEqual({ status: 'EN_ROUTE', eta: iso(now + 2 * HOUR), lateReason: '高速堵车' });
      const [sms] = await t.sql(`select message from notifications where kind = 'visitDelayed'`);
      expect(sms.message).toContain('高速堵车');
      expect(codeOf(await tech.gql(`mutation($i: FinishVisitInput!) { finishVisit(input: $i) { ${V} } }`, { i: { id: v.id, version: v.version, place: 'x', signedBy: 'y' } }))).toBe('INVALID_TRANSITION');
      now += HOUR;
      v = (await tech.ok(`mutation($i: ArriveVisitInput!) { arriveAtVisit(input: $i) { ${V} } }`, { i: { id: v.id, version: v.version, place: '大同煤场 3 号堆场' } })).arriveAtVisit.visit;
      v = (await tech.ok(`mutation($i: FinishVisitInput!) { finishVisit(input: $i) { ${V} } }`, { i: { id: v.id, version: v.version, place: '大同煤场 3 号堆场', signedBy: '郑强' } })).finishVisit.visit;
      expect(v.status).toBe('FINISHED');
      const order = await controller.ok(`query($id: ID!) { repairOrder(id: $id) { visits { status signedBy loanUnit arrivedPlace } timeline { action } } }`, { id: orderId });
      expect(order.repairOrder.visits).toEqual([{ status: 'FINISHED', signedBy: '郑强', loanUnit: '周转机 ZL50-07', arrivedPlace: '大同煤场 3 号堆场' }]);
      expect(order.repairOrder.timeline.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['visit.scheduled', 'visit.DEPART', 'visit.REVISE_ETA', 'visit.ARRIVE', 'visit.FINISH']),
      );
    } finally {
      await live.close();
    }
  });

  it('another dealer cannot touch the visit', async () => {
    const other = await t.as('admin@dealer-east2.demo');
    const r = await other.gql(`mutation($i: ArriveVisitInput!) { arriveAtVisit(input: $i) { ${V} } }`, { i: { id: visitId, version: 1, place: 'x' } });
    expect(codeOf(r)).toBe('NOT_FOUND');
  });
});
