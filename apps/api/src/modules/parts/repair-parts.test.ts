import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type AnyJson, type Client, type TestApi } from '../../test/harness.js';

type R = { errors?: { extensions?: { details?: { reason?: string; problems?: { reason?: string }[] } } }[] };
const reasonOf = (r: R) => r.errors?.[0]?.extensions?.details?.reason ?? r.errors?.[0]?.extensions?.details?.problems?.[0]?.reason;

describe('repair orders use parts: stock reserved, or ordered and waited for (real Postgres)', () => {
  let t: TestApi;
  let advisor: Client;
  let clerk: Client;
  let desk: Client;
  let SUP: string;
  let vin = 0;

  const version = async (id: string) => (await t.sql(`select version from repair_orders where id = $1`, [id]))[0].version as number;
  const status = async (id: string) => (await t.sql(`select status from repair_orders where id = $1`, [id]))[0].status as string;
  const step = async (c: Client, id: string, name: string, type: string, extra: Record<string, unknown> = {}) =>
    c.ok(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { status } } }`, { i: { id, version: await version(id), ...extra } });

  /** A repair at work (IN_PROGRESS) with one approved OEM part line of `partNumber`; or only estimated, waiting for the customer. */
  async function repairAtWork(partNumber: string, quantity = '1', atWork = true): Promise<string> {
    vin++;
    const c = await advisor.ok(
      `mutation($v: String!) { createCustomer(input: { name: "配件客户", phone: "1370000${String(vin).padStart(4, '0')}", vehicles: [{ vin: $v }] }) { customer { id vehicles { id } } } }`,
      { v: `HYZL50C20260${String(vin).padStart(5, '0')}` },
    );
    const o = await advisor.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "液压无力" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    const id = o.createRepairOrder.repairOrder.id as string;
    await step(advisor, id, 'checkInRepairOrder', 'CheckInInput', { meter: 100, customerSigned: true });
    await step(advisor, id, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '液压', finding: '主泵磨损' }], summary: '换主泵' });
    await step(advisor, id, 'estimateRepairOrder', 'EstimateInput', {
      method: 'ITEM',
      lines: [{ kind: 'PART', description: '液压主泵', partNumber, quantity, unitPriceMinor: '480000', source: 'OEM', payType: 'CUSTOMER' }],
    });
    if (!atWork) return id;
    await step(advisor, id, 'decideEstimate', 'DecideEstimateInput', { channel: 'PHONE' });
    const controller = await t.as('controller@dealer-east.demo');
    await step(controller, id, 'dispatchRepairOrder', 'DispatchInput', { technicianId: await t.userId('tech@dealer-east.demo') });
    await step(await t.as('tech@dealer-east.demo'), id, 'startRepairWork', 'OrderRef');
    return id;
  }
  const reserve = async (id: string, order?: Record<string, unknown>) =>
    clerk.gql(
      `mutation($i: ReserveRepairPartsInput!) { reserveRepairOrderParts(input: $i) { reserved repairOrder { status } partsOrder { id number version status lines { id partNumber } } } }`,
      { i: { id, version: await version(id), ...(order ? { order } : {}) } },
    );

  beforeAll(async () => {
    t = await startTestApi();
    advisor = await t.as('advisor@dealer-east.demo');
    clerk = await t.as('parts@dealer-east.demo');
    desk = await t.as('orders@sup-hyd.demo');
    SUP = await t.tenantId('SUP-HYD');
    await (
      await t.as('admin@sup-hyd.demo')
    ).ok(`mutation { savePart(input: { partNumber: "HP-300", nameZh: "液压主泵", category: CORE, listPriceMinor: "480000" }) { id } }`);
  });
  afterAll(() => t.stop());

  it('a part not in stock is ordered; the repair waits for it and goes back to work when the backorder arrives', async () => {
    const id = await repairAtWork('HP-300');
    const r = await reserve(id, { sellerId: SUP, type: 'EMERGENCY' });
    expect(r.errors).toBeUndefined();
    const out = (r.data as AnyJson).reserveRepairOrderParts;
    expect(out).toMatchObject({ reserved: 0, repairOrder: { status: 'AWAITING_PARTS' }, partsOrder: { status: 'SUBMITTED' } });
    let po = out.partsOrder;
    // asking again orders nothing twice
    expect(((await reserve(id, { sellerId: SUP, type: 'EMERGENCY' })).data as AnyJson).reserveRepairOrderParts.partsOrder).toBeNull();

    // the supplier has none: backordered; stock arrives, goes to this order, ships
    const answer = async (name: string, type: string, input: Record<string, unknown>) =>
      (await desk.ok(`mutation($i: ${type}!) { ${name}(input: $i) { partsOrder { id version status shipments { id lines { id } } } } }`, { i: input }))[name]
        .partsOrder;
    po = await answer('confirmPartsOrder', 'ConfirmPartsOrderInput', {
      id: po.id,
      version: po.version,
      lines: [{ lineId: po.lines[0].id, allocate: 0, backorder: 1, expectedOn: '2030-01-10' }],
    });
    await desk.ok(`mutation { adjustStock(input: { partNumber: "HP-300", quantity: 1, reason: FOUND }) { onHand } }`);
    await desk.ok(`mutation { allocatePartsBackorders(partNumber: "HP-300") { id } }`);
    po = await answer('shipPartsOrder', 'ShipPartsOrderInput', {
      id: po.id,
      version: (await t.sql(`select version from parts_orders where id = $1`, [po.id]))[0].version,
      lines: [{ lineId: (await t.sql(`select id from parts_order_lines where parts_order_id = $1`, [po.id]))[0].id, quantity: 1 }],
    });
    expect(po.status).toBe('SHIPPED');
    expect(await status(id)).toBe('AWAITING_PARTS');

    // the dealer receives it: the repair is back at work, the pump held for it
    const s = po.shipments[0];
    await clerk.ok(`mutation($i: ReceiveShipmentInput!) { receivePartsShipment(input: $i) { partsOrder { status } } }`, {
      i: { id: po.id, version: po.version, shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, received: 1 }] },
    });
    expect(await status(id)).toBe('IN_PROGRESS');
    const [held] = await t.sql(`select on_hand, reserved from stock_items where tenant_id = $1 and part_number = 'HP-300'`, [await t.tenantId('DLR-E1')]);
    expect(held).toEqual({ on_hand: 1, reserved: 1 });
    const audit = await t.sql(`select action from audit_log where entity_id = $1 and action like 'repairOrder.%PARTS%' order by id`, [id]);
    expect(audit.map((a) => a.action)).toEqual(['repairOrder.WAIT_FOR_PARTS', 'repairOrder.PARTS_ARRIVED']);
  });

  it('two repairs reserving the last unit at once: one gets it, the other is told; stock never negative', async () => {
    // estimated: the parts are held while the customer decides (a repair is cancelled before approval)
    const [a, b] = [await repairAtWork('HP-400', '1', false), await repairAtWork('HP-400', '1', false)];
    await clerk.ok(`mutation { adjustStock(input: { partNumber: "HP-400", quantity: 1, reason: FOUND }) { onHand } }`);
    const answers = await Promise.all([reserve(a), reserve(b)]);
    const ok = answers.filter((x) => !x.errors);
    expect(ok.length).toBe(1);
    expect(reasonOf(answers.find((x) => x.errors) as R)).toBe('STOCK_TOO_LOW');
    const [item] = await t.sql(`select on_hand, reserved from stock_items where tenant_id = $1 and part_number = 'HP-400'`, [await t.tenantId('DLR-E1')]);
    expect(item).toEqual({ on_hand: 1, reserved: 1 });
    // the repair that got it is cancelled: the unit is free again
    const winner = answers[0].errors ? b : a;
    await step(advisor, winner, 'cancelRepairOrder', 'CancelInput', { reason: '客户放弃维修' });
    const [after] = await t.sql(`select reserved from stock_items where tenant_id = $1 and part_number = 'HP-400'`, [await t.tenantId('DLR-E1')]);
    expect(after.reserved).toBe(0);
    // journaled (a RELEASE: nothing left the shelf), the reservation says why, its lapse is cancelled
    const released = await t.sql(
      `select m.kind, m.quantity, m.reserved_change, m.note from stock_movements m join stock_items s on s.id = m.stock_item_id
        where s.part_number = 'HP-400' and m.record_id = $1`,
      [winner],
    );
    expect(released).toEqual([{ kind: 'RELEASE', quantity: 0, reserved_change: -1, note: 'CANCELLED' }]);
    const [r] = await t.sql(`select id, release_reason from stock_reservations where repair_order_id = $1`, [winner]);
    expect(r.release_reason).toBe('CANCELLED');
    expect((await t.sql(`select status from jobs where dedupe_key = $1`, [`parts.reservationExpiry:${r.id}`]))[0].status).toBe('CANCELLED');
    const [cancelled] = await t.sql(`select after from audit_log where entity_id = $1 and action = 'repairOrder.CANCEL'`, [winner]);
    expect(cancelled.after.reservationsReleased).toBe(1);
  });

  it('a technician cannot order parts for the repair, nor can another dealer touch it', async () => {
    const id = await repairAtWork('HP-300');
    const tech = await t.as('tech@dealer-east.demo');
    const r = await tech.gql(`mutation($i: ReserveRepairPartsInput!) { reserveRepairOrderParts(input: $i) { reserved } }`, {
      i: { id, version: await version(id), order: { sellerId: SUP, type: 'STOCK' } },
    });
    expect(codeOf(r)).toBe('FORBIDDEN');
    const other = await (
      await t.as('admin@dealer-east2.demo')
    ).gql(`mutation($i: ReserveRepairPartsInput!) { reserveRepairOrderParts(input: $i) { reserved } }`, { i: { id, version: await version(id) } });
    expect(codeOf(other)).toBe('NOT_FOUND');
  });
});
