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
    await admin.ok(
      `mutation { inviteUser(input: { email: "tech9@dealer-east.demo", displayName: "吴师傅", roles: [TECHNICIAN], initialPassword: "tech9-password" }) { user { id } } }`,
    );
    otherTech = await t.client().signIn('tech9@dealer-east.demo', 'tech9-password');
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "郑强", phone: "13911119876", vehicles: [{ vin: "HYZL50C2026005555", model: "ZL50 装载机", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await advisor.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "装载机无法启动", onSite: true, siteAddress: "山西省大同市某煤场 3 号堆场" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
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
    expect(
      codeOf(
        await tech.gql(`mutation($i: ScheduleVisitInput!) { scheduleVisit(input: $i) { ${V} } }`, {
          i: { repairOrderId: orderId, engineerId: await t.userId('tech@dealer-east.demo'), scheduledAt: iso(now + HOUR) },
        }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('the dispatch board lists the day’s trips with their order, per engineer; the job list filters by technician', async () => {
    const BOARD = `query($f: DateTimeISO!, $t: DateTimeISO!, $e: ID) { visits(from: $f, to: $t, engineerId: $e) { id status loanUnit repairOrder { id number customer { name } } } }`;
    const day = { f: '2026-11-22T16:00:00.000Z', t: '2026-11-23T16:00:00.000Z' }; // 23 November in Shanghai
    const board = (await controller.ok(BOARD, day)).visits;
    expect(board).toEqual([
      expect.objectContaining({
        id: visitId,
        status: 'SCHEDULED',
        loanUnit: '周转机 ZL50-07',
        repairOrder: expect.objectContaining({ id: orderId, customer: { name: '郑强' } }),
      }),
    ]);
    expect((await controller.ok(BOARD, { ...day, e: await t.userId('tech9@dealer-east.demo') })).visits).toEqual([]);
    expect((await controller.ok(BOARD, { f: '2026-11-24T16:00:00.000Z', t: '2026-11-25T16:00:00.000Z' })).visits).toEqual([]);
    expect(codeOf(await controller.gql(BOARD, { f: day.t, t: day.f }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await controller.gql(BOARD, { f: '2026-01-01T00:00:00Z', t: '2026-03-01T00:00:00Z' }))).toBe('BAD_USER_INPUT');
    // the other dealer's board is empty
    expect((await (await t.as('admin@dealer-east2.demo')).ok(BOARD, day)).visits).toEqual([]);
    // on-site orders, and orders by technician
    const onSite = await controller.ok(`{ repairOrders(onSite: true) { nodes { id } } workshop: repairOrders(onSite: false) { totalCount } }`);
    expect(onSite.repairOrders.nodes.map((n: { id: string }) => n.id)).toContain(orderId);
    expect(onSite.workshop.totalCount).toBe(0);
    const byTech = await controller.ok(`query($t: ID) { repairOrders(technicianId: $t) { totalCount } }`, { t: await t.userId('tech@dealer-east.demo') });
    expect(byTech.repairOrders.totalCount).toBe(0); // nothing dispatched in the workshop yet
  });

  it('the engineer confirms with the customer, leaves with an ETA, warns when late, arrives and the customer signs — the customer sees the ETA live', async () => {
    const live = await subscribe(
      t.api.wsUrl,
      null,
      `subscription($i: TrackingAccessInput!) { trackingUpdates(input: $i) { visits { status eta lateReason } } }`,
      {
        i: { token, phoneLast4: '9876' },
      },
    );
    try {
      const unconfirmed = await tech.gql(`mutation($i: DepartVisitInput!) { departForVisit(input: $i) { ${V} } }`, {
        i: { id: visitId, version, eta: iso(now + 2 * HOUR), confirmedWithCustomer: false },
      });
      expect(codeOf(unconfirmed)).toBe('BAD_USER_INPUT');
      const notMine = await otherTech.gql(`mutation($i: DepartVisitInput!) { departForVisit(input: $i) { ${V} } }`, {
        i: { id: visitId, version, eta: iso(now + 2 * HOUR), confirmedWithCustomer: true },
      });
      expect(codeOf(notMine)).toBe('FORBIDDEN');
      let v = (
        await tech.ok(`mutation($i: DepartVisitInput!) { departForVisit(input: $i) { ${V} } }`, {
          i: { id: visitId, version, eta: iso(now + 2 * HOUR), confirmedWithCustomer: true },
        })
      ).departForVisit.visit;
      expect((await live.next()).trackingUpdates.visits).toEqual([{ status: 'EN_ROUTE', eta: iso(now + 2 * HOUR), lateReason: null }]);
      now += HOUR;
      v = (
        await tech.ok(`mutation($i: ReviseVisitEtaInput!) { reviseVisitEta(input: $i) { ${V} } }`, {
          i: { id: v.id, version: v.version, eta: iso(now + 2 * HOUR), reason: '高速堵车' },
        })
      ).reviseVisitEta.visit;
      expect((await live.next()).trackingUpdates.visits[0]).toEqual({ status: 'EN_ROUTE', eta: iso(now + 2 * HOUR), lateReason: '高速堵车' });
      const [sms] = await t.sql(`select message from notifications where kind = 'visitDelayed'`);
      expect(sms.message).toContain('高速堵车');
      expect(
        codeOf(
          await tech.gql(`mutation($i: FinishVisitInput!) { finishVisit(input: $i) { ${V} } }`, {
            i: { id: v.id, version: v.version, place: 'x', signedBy: 'y' },
          }),
        ),
      ).toBe('INVALID_TRANSITION');
      now += HOUR;
      v = (
        await tech.ok(`mutation($i: ArriveVisitInput!) { arriveAtVisit(input: $i) { ${V} } }`, {
          i: { id: v.id, version: v.version, place: '大同煤场 3 号堆场' },
        })
      ).arriveAtVisit.visit;
      v = (
        await tech.ok(`mutation($i: FinishVisitInput!) { finishVisit(input: $i) { ${V} } }`, {
          i: { id: v.id, version: v.version, place: '大同煤场 3 号堆场', signedBy: '郑强' },
        })
      ).finishVisit.visit;
      expect(v.status).toBe('FINISHED');
      const order = await controller.ok(`query($id: ID!) { repairOrder(id: $id) { visits { status signedBy loanUnit arrivedPlace } timeline { action } } }`, {
        id: orderId,
      });
      expect(order.repairOrder.visits).toEqual([{ status: 'FINISHED', signedBy: '郑强', loanUnit: '周转机 ZL50-07', arrivedPlace: '大同煤场 3 号堆场' }]);
      expect(order.repairOrder.timeline.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['visit.scheduled', 'visit.DEPART', 'visit.REVISE_ETA', 'visit.ARRIVE', 'visit.FINISH']),
      );
      // the steps are filed under the order: `status` is the ORDER's (the tracking page reads it), the visit's state beside it
      const [ro] = await t.sql(`select number, status from repair_orders where id = $1`, [orderId]);
      const steps: [string, string][] = [
        ['visit.scheduled', 'SCHEDULED'],
        ['visit.DEPART', 'EN_ROUTE'],
        ['visit.REVISE_ETA', 'EN_ROUTE'],
        ['visit.ARRIVE', 'ARRIVED'],
        ['visit.FINISH', 'FINISHED'],
      ];
      const audit = await t.sql(
        `select action, after->>'status' as status, after->>'visitStatus' as visit from audit_log where entity_type = 'RepairOrder' and entity_id = $1 and action like 'visit.%' order by id`,
        [orderId],
      );
      expect(audit).toEqual(steps.map(([action, visit]) => ({ action, status: ro.status, visit })));
      const events = await t.sql(
        `select type, data->>'number' as number, data->>'status' as status, data->>'visitStatus' as visit from outbox where entity_type = 'RepairOrder' and entity_id = $1 and type like 'visit.%' order by id`,
        [orderId],
      );
      expect(events).toEqual(steps.map(([type, visit]) => ({ type, number: ro.number, status: ro.status, visit })));
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
