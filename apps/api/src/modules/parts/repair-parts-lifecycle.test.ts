import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type AnyJson, type Client, type TestApi } from '../../test/harness.js';
import { subscribe } from '../../test/ws.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
let now = new Date('2026-12-02T01:00:00.000Z').getTime(); // 09:00 in Shanghai
const clock = { now: () => new Date(now) };

/**
 * A repair's reserved parts after the reservation: issued when the work is finished, given back
 * when they were not issued in time; the customer's page says when the parts it waits for are
 * expected, and changes when the seller names a new day.
 */
describe('repair parts: issue on finish, reservation expiry, the expected day on the tracking page (real Postgres, controllable clock)', () => {
  let t: TestApi;
  let advisor: Client;
  let clerk: Client;
  let tech: Client;
  let desk: Client;
  let SUP: string;
  let DLR: string;
  let vin = 0;

  const version = async (id: string) => (await t.sql(`select version from repair_orders where id = $1`, [id]))[0].version as number;
  const status = async (id: string) => (await t.sql(`select status from repair_orders where id = $1`, [id]))[0].status as string;
  const step = async (c: Client, id: string, name: string, type: string, extra: Record<string, unknown> = {}) =>
    c.ok(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { status } } }`, { i: { id, version: await version(id), ...extra } });
  const stock = async (partNumber: string) =>
    (await t.sql(`select on_hand, reserved from stock_items where tenant_id = $1 and part_number = $2`, [DLR, partNumber]))[0] as {
      on_hand: number;
      reserved: number;
    };
  const movements = async (partNumber: string) =>
    t.sql(
      `select m.kind, m.quantity, m.reserved_change, m.on_hand_after, m.record_id from stock_movements m join stock_items s on s.id = m.stock_item_id
        where s.tenant_id = $1 and s.part_number = $2 order by m.id`,
      [DLR, partNumber],
    );
  const partLines = async (id: string) =>
    (
      await clerk.ok(
        `query($id: ID!) { repairOrder(id: $id) { partLines { partNumber quantity state reservedQuantity reservedUntil issuedAt lapsedAt partsOrder { number status expectedOn } } } }`,
        { id },
      )
    ).repairOrder.partLines as AnyJson[];

  /** A customer with a repair at work (IN_PROGRESS) whose approved OEM part lines are `parts`. */
  async function repairAtWork(parts: string[], phone?: string): Promise<string> {
    vin++;
    const c = await advisor.ok(
      `mutation($v: String!, $p: String!) { createCustomer(input: { name: "配件客户", phone: $p, vehicles: [{ vin: $v }] }) { customer { id vehicles { id } } } }`,
      { v: `HYZL60C20261${String(vin).padStart(5, '0')}`, p: phone ?? `1370001${String(vin).padStart(4, '0')}` },
    );
    const o = await advisor.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "液压无力" }) { repairOrder { id } } }`,
      { c: c.createCustomer.customer.id, v: c.createCustomer.customer.vehicles[0].id },
    );
    const id = o.createRepairOrder.repairOrder.id as string;
    await step(advisor, id, 'checkInRepairOrder', 'CheckInInput', { meter: 100, customerSigned: true });
    await step(advisor, id, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '液压', finding: '主泵磨损' }], summary: '换主泵' });
    await step(advisor, id, 'estimateRepairOrder', 'EstimateInput', {
      method: 'ITEM',
      lines: parts.map((partNumber) => ({
        kind: 'PART',
        description: `配件 ${partNumber}`,
        partNumber,
        quantity: '1',
        unitPriceMinor: '48000',
        source: 'OEM',
        payType: 'CUSTOMER',
      })),
    });
    await step(advisor, id, 'decideEstimate', 'DecideEstimateInput', { channel: 'PHONE' });
    await step(await t.as('controller@dealer-east.demo'), id, 'dispatchRepairOrder', 'DispatchInput', {
      technicianId: await t.userId('tech@dealer-east.demo'),
    });
    await step(tech, id, 'startRepairWork', 'OrderRef');
    return id;
  }
  const reserve = async (id: string, order?: Record<string, unknown>) =>
    (
      await clerk.ok(
        `mutation($i: ReserveRepairPartsInput!) { reserveRepairOrderParts(input: $i) { reserved repairOrder { status } partsOrder { id number version lines { id } } } }`,
        { i: { id, version: await version(id), ...(order ? { order } : {}) } },
      )
    ).reserveRepairOrderParts;
  const found = (partNumber: string, quantity: number) =>
    clerk.ok(`mutation($p: String!, $q: Int!) { adjustStock(input: { partNumber: $p, quantity: $q, reason: FOUND }) { onHand } }`, {
      p: partNumber,
      q: quantity,
    });

  beforeAll(async () => {
    t = await startTestApi({ clock });
    advisor = await t.as('advisor@dealer-east.demo');
    clerk = await t.as('parts@dealer-east.demo');
    tech = await t.as('tech@dealer-east.demo');
    desk = await t.as('orders@sup-hyd.demo');
    SUP = await t.tenantId('SUP-HYD');
    DLR = await t.tenantId('DLR-E1');
    const sup = await t.as('admin@sup-hyd.demo');
    for (const p of ['HP-710', 'HP-711'])
      await sup.ok(`mutation($p: String!) { savePart(input: { partNumber: $p, nameZh: "液压主泵", category: CORE, listPriceMinor: "480000" }) { id } }`, { p });
  });
  afterAll(() => t.stop());

  it('waiting for parts: the customer’s page says the day they are expected, and shows the seller’s new day live — nothing else of the seller', async () => {
    await found('HP-700', 1);
    const id = await repairAtWork(['HP-700', 'HP-710'], '13700022468');
    const r = await reserve(id, { sellerId: SUP, type: 'EMERGENCY' });
    expect(r).toMatchObject({ reserved: 1, repairOrder: { status: 'AWAITING_PARTS' } });
    const po = r.partsOrder;

    // the staff's order page: one line held from stock, one on order with the emergency promise (24 h: tomorrow in Shanghai)
    expect(await partLines(id)).toEqual([
      expect.objectContaining({
        partNumber: 'HP-700',
        state: 'RESERVED',
        reservedQuantity: 1,
        reservedUntil: new Date(now + 72 * HOUR).toISOString(),
        partsOrder: null,
      }),
      expect.objectContaining({ partNumber: 'HP-710', state: 'ON_ORDER', partsOrder: { number: po.number, status: 'SUBMITTED', expectedOn: '2026-12-03' } }),
    ]);

    const token = (await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id })).createTrackingLink.token;
    const access = { token, phoneLast4: '2468' };
    const VIEW = `status partsExpectedOn workshop lines { description } cursor`;
    const opened = (await t.client().ok(`query($i: TrackingAccessInput!) { tracking(input: $i) { ${VIEW} } }`, { i: access })).tracking;
    expect(opened).toMatchObject({ status: 'AWAITING_PARTS', partsExpectedOn: '2026-12-03' });

    // another customer's page (a repair not waiting for parts) hears nothing of this parts order
    const otherId = await repairAtWork(['HP-799'], '13700021357');
    const otherToken = (await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id: otherId }))
      .createTrackingLink.token;
    const live = await subscribe(t.api.wsUrl, null, `subscription($i: TrackingAccessInput!) { trackingUpdates(input: $i) { ${VIEW} } }`, { i: access });
    const other = await subscribe(t.api.wsUrl, null, `subscription($i: TrackingAccessInput!) { trackingUpdates(input: $i) { status partsExpectedOn } }`, {
      i: { token: otherToken, phoneLast4: '1357' },
    });
    try {
      // the seller has none now: backordered, expected on the 12th — the seller's transaction, the customer's page changes
      await desk.ok(`mutation($i: ConfirmPartsOrderInput!) { confirmPartsOrder(input: $i) { partsOrder { status } } }`, {
        i: { id: po.id, version: po.version, lines: [{ lineId: po.lines[0].id, allocate: 0, backorder: 1, expectedOn: '2026-12-12' }] },
      });
      let view = (await live.next()).trackingUpdates;
      while (view.partsExpectedOn !== '2026-12-12') view = (await live.next()).trackingUpdates;
      expect(view).toMatchObject({ status: 'AWAITING_PARTS', partsExpectedOn: '2026-12-12' });
      // the day is all the customer learns of the seller: not its name, not the order
      const seller = (await t.sql(`select name from tenants where id = $1`, [SUP]))[0].name as string;
      expect(JSON.stringify(view)).not.toContain(seller);
      expect(JSON.stringify(view)).not.toContain(po.number);
      expect(await other.quiet(500)).toEqual([]);
    } finally {
      await live.close();
      await other.close();
    }
    expect((await partLines(id))[1]).toMatchObject({ state: 'ON_ORDER', partsOrder: { status: 'CONFIRMED', expectedOn: '2026-12-12' } });
    expect((await clerk.ok(`query($id: ID!) { repairOrder(id: $id) { partsExpectedOn } }`, { id })).repairOrder.partsExpectedOn).toBe('2026-12-12');

    // another dealer cannot read the repair's parts
    const stranger = await (await t.as('admin@dealer-east2.demo')).gql(`query($id: ID!) { repairOrder(id: $id) { partLines { partNumber } } }`, { id });
    expect(codeOf(stranger)).toBe('NOT_FOUND');
  });

  it('finishing the work issues the reserved parts once: on hand and reserved down together, an ISSUE in the journal, the lapse cancelled', async () => {
    await found('HP-600', 3);
    const id = await repairAtWork(['HP-600']);
    expect((await reserve(id)).reserved).toBe(1);
    expect(await stock('HP-600')).toEqual({ on_hand: 3, reserved: 1 });

    await step(tech, id, 'finishRepairWork', 'OrderRef');
    expect(await status(id)).toBe('QC');
    expect(await stock('HP-600')).toEqual({ on_hand: 2, reserved: 0 });
    const issued = (await movements('HP-600')).filter((m) => m.kind === 'ISSUE');
    expect(issued).toEqual([{ kind: 'ISSUE', quantity: -1, reserved_change: -1, on_hand_after: 2, record_id: id }]);
    const [res] = await t.sql(`select id, issued_at, released_at from stock_reservations where repair_order_id = $1`, [id]);
    expect(res.issued_at).not.toBeNull();
    expect(res.released_at).toBeNull();
    const [job] = await t.sql(`select status from jobs where dedupe_key = $1`, [`parts.reservationExpiry:${res.id}`]);
    expect(job.status).toBe('CANCELLED');
    const [audit] = await t.sql(`select after from audit_log where entity_id = $1 and action = 'repairOrder.FINISH_WORK'`, [id]);
    expect(audit.after.partsIssued).toEqual([{ partNumber: 'HP-600', quantity: 1 }]);
    expect((await partLines(id))[0]).toMatchObject({ state: 'ISSUED', issuedAt: expect.any(String), reservedUntil: null });

    // QC fails, the work is finished again: nothing is issued twice
    await step(await t.as('inspector@dealer-east.demo'), id, 'recordQualityCheck', 'QcInput', { passed: false, notes: '仍有异响' });
    await step(tech, id, 'finishRepairWork', 'OrderRef');
    expect((await movements('HP-600')).filter((m) => m.kind === 'ISSUE')).toHaveLength(1);
    expect(await stock('HP-600')).toEqual({ on_hand: 2, reserved: 0 });
    // and the time it would have lapsed passes: nothing comes back
    now += 73 * HOUR;
    await t.api.services.jobs.runDue();
    expect(await stock('HP-600')).toEqual({ on_hand: 2, reserved: 0 });
    expect((await movements('HP-600')).map((m) => m.kind)).toEqual(['ADJUSTMENT', 'ISSUE']);
  });

  it('a reservation not issued lapses after the tenant’s hours — not a minute before — journaled, audited and the units available again', async () => {
    await found('HP-500', 1);
    const id = await repairAtWork(['HP-500']);
    const reservedAt = now;
    expect((await reserve(id)).reserved).toBe(1);
    const [r] = await t.sql(`select expires_at from stock_reservations where repair_order_id = $1`, [id]);
    expect(new Date(r.expires_at).getTime() - reservedAt).toBe(72 * HOUR); // the default

    now = reservedAt + 72 * HOUR - MINUTE;
    await t.api.services.jobs.runDue();
    expect(await stock('HP-500')).toEqual({ on_hand: 1, reserved: 1 });
    expect((await partLines(id))[0]).toMatchObject({ state: 'RESERVED' });

    now = reservedAt + 72 * HOUR + MINUTE;
    await t.api.services.jobs.runDue();
    expect(await stock('HP-500')).toEqual({ on_hand: 1, reserved: 0 });
    expect((await movements('HP-500')).slice(1)).toEqual([{ kind: 'RELEASE', quantity: 0, reserved_change: -1, on_hand_after: 1, record_id: id }]);
    const [lapsed] = await t.sql(`select released_at, release_reason from stock_reservations where repair_order_id = $1`, [id]);
    expect(lapsed.release_reason).toBe('EXPIRED');
    const audit = await t.sql(`select action, after from audit_log where entity_id = $1 and action = 'repairOrder.partsReservationLapsed'`, [id]);
    expect(audit).toEqual([{ action: 'repairOrder.partsReservationLapsed', after: expect.objectContaining({ partNumber: 'HP-500', quantity: 1 }) }]);
    expect((await partLines(id))[0]).toMatchObject({ state: 'LAPSED', lapsedAt: new Date(now).toISOString(), reservedUntil: null });
    // the unit is free: another repair gets it; the lapsed one may reserve again when there is stock
    const next = await repairAtWork(['HP-500']);
    expect((await reserve(next)).reserved).toBe(1);
    expect(await stock('HP-500')).toEqual({ on_hand: 1, reserved: 1 });
    // finishing the lapsed repair issues nothing of the other's reservation
    await step(tech, id, 'finishRepairWork', 'OrderRef');
    expect(await stock('HP-500')).toEqual({ on_hand: 1, reserved: 1 });
  });

  it('the hours are the tenant’s setting', async () => {
    await t.sql(`update tenants set parts_reservation_hours = 24 where id = $1`, [DLR]);
    try {
      await found('HP-510', 1);
      const id = await repairAtWork(['HP-510']);
      const reservedAt = now;
      await reserve(id);
      now = reservedAt + 24 * HOUR - MINUTE;
      await t.api.services.jobs.runDue();
      expect(await stock('HP-510')).toEqual({ on_hand: 1, reserved: 1 });
      now = reservedAt + 24 * HOUR + MINUTE;
      await t.api.services.jobs.runDue();
      expect(await stock('HP-510')).toEqual({ on_hand: 1, reserved: 0 });
    } finally {
      await t.sql(`update tenants set parts_reservation_hours = 72 where id = $1`, [DLR]);
    }
  });
});
