import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type AnyJson, type Client, type TestApi } from '../../test/harness.js';

const HOUR = 3_600_000;
let now = new Date('2026-12-02T01:00:00.000Z').getTime(); // 09:00 in Shanghai
const clock = { now: () => new Date(now) };

type R = { errors?: { extensions?: { code?: string; details?: { reason?: string; problems?: { field: string; reason?: string }[] } } }[] };
const reasonOf = (r: R) => r.errors?.[0]?.extensions?.details?.reason ?? r.errors?.[0]?.extensions?.details?.problems?.[0]?.reason;

const ORDER = `id number status version type total { amountMinor } promiseDueAt promiseBrokenAt allowedEvents
  lines { id position partNumber orderedNumber ordered allocated backordered refused shipped shortClosed unitPrice { amountMinor } expectedOn refusalReason }
  shipments { id number carrier trackingNumber receivedAt lines { id orderLineId partNumber quantity received accepted rejected } }
  discrepancies { id partNumber reason quantity status }`;

describe('parts orders between a dealer and a supplier (real Postgres)', () => {
  let t: TestApi;
  let clerk: Client; // the dealer's parts clerk (DLR-E1, trade account with SUP-HYD)
  let desk: Client; // the supplier's order desk
  let supAdmin: Client;
  let SUP: string;

  const order = async (c: Client, id: string) => (await c.ok(`query($id: ID!) { partsOrder(id: $id) { ${ORDER} } }`, { id })).partsOrder;
  const mutate = async (c: Client, name: string, type: string, input: Record<string, unknown>) =>
    (await c.ok(`mutation($i: ${type}!) { ${name}(input: $i) { partsOrder { ${ORDER} } } }`, { i: input }))[name].partsOrder;
  const stockOf = async (c: Client, partNumber: string) =>
    ((await c.ok(`query($q: String) { stockItems(query: $q) { partNumber onHand reserved available } }`, { q: partNumber })).stockItems as AnyJson[]).find(
      (s) => s.partNumber === partNumber,
    ) ?? null;
  const adjust = (c: Client, partNumber: string, quantity: number) =>
    c.gql(`mutation($i: AdjustStockInput!) { adjustStock(input: $i) { onHand reserved } }`, { i: { partNumber, quantity, reason: 'STOCKTAKE' } });
  const create = (c: Client, type: string, lines: { partNumber: string; quantity: number }[], extra: Record<string, unknown> = {}) =>
    c.gql(`mutation($i: CreatePartsOrderInput!) { createPartsOrder(input: $i) { partsOrder { ${ORDER} } } }`, { i: { sellerId: SUP, type, lines, ...extra } });

  beforeAll(async () => {
    t = await startTestApi({ clock });
    clerk = await t.as('parts@dealer-east.demo');
    desk = await t.as('orders@sup-hyd.demo');
    supAdmin = await t.as('admin@sup-hyd.demo');
    SUP = await t.tenantId('SUP-HYD');
    const save = (partNumber: string, nameZh: string, listPriceMinor: string, category = 'CORE') =>
      supAdmin.ok(`mutation($i: SavePartInput!) { savePart(input: $i) { partNumber } }`, {
        i: { partNumber, nameZh, category, listPriceMinor, models: ['ZL50'] },
      });
    await save('HP-100', '液压主泵', '480000');
    await save('SEAL-6', '油封（旧）', '2500', 'COMMON');
    await save('SEAL-7', '油封', '3000', 'COMMON');
    await save('HOSE-2', '高压油管', '18000', 'COMMON');
    await supAdmin.ok(`mutation { supersedePart(input: { fromNumber: "SEAL-6", toNumber: "SEAL-7", mode: USE_UP }) }`);
    for (const [p, q] of [
      ['HP-100', 5],
      ['SEAL-7', 2],
    ] as const)
      expect((await adjust(desk, p, q)).errors).toBeUndefined();
  });
  afterAll(() => t.stop());

  it('a STOCK order: the old number is ordered as the current one, a line is backordered, shipped in two parts, a discrepancy on receipt counts against the seller', async () => {
    const created = await create(clerk, 'STOCK', [
      { partNumber: 'HP-100', quantity: 3 },
      { partNumber: 'seal-6', quantity: 4 },
      { partNumber: 'HOSE-2', quantity: 1 },
    ]);
    expect(created.errors).toBeUndefined();
    let o = (created.data as AnyJson).createPartsOrder.partsOrder;
    expect(o.status).toBe('SUBMITTED');
    expect(o.lines.map((l: AnyJson) => [l.orderedNumber, l.partNumber])).toEqual([
      ['HP-100', 'HP-100'],
      ['SEAL-6', 'SEAL-7'],
      ['HOSE-2', 'HOSE-2'],
    ]);
    expect(o.total.amountMinor).toBe(String(3 * 480000 + 4 * 3000 + 18000));
    expect(o.allowedEvents).toEqual(['CANCEL']);
    const [pump, seal, hose] = o.lines as AnyJson[];

    // the seller answers every line: 3 pumps allocated, 2 seals now and 2 later, the hose refused
    o = await mutate(desk, 'confirmPartsOrder', 'ConfirmPartsOrderInput', {
      id: o.id,
      version: o.version,
      lines: [
        { lineId: pump.id, allocate: 3, backorder: 0 },
        { lineId: seal.id, allocate: 2, backorder: 2, expectedOn: '2026-12-09' },
        { lineId: hose.id, allocate: 0, backorder: 0, refuse: 'DISCONTINUED' },
      ],
    });
    expect(o.status).toBe('CONFIRMED');
    expect(await stockOf(desk, 'HP-100')).toMatchObject({ onHand: 5, reserved: 3, available: 2 });
    o = await mutate(desk, 'shipPartsOrder', 'ShipPartsOrderInput', {
      id: o.id,
      version: o.version,
      carrier: '顺丰',
      trackingNumber: 'SF1234567890',
      lines: [
        { lineId: pump.id, quantity: 3 },
        { lineId: seal.id, quantity: 2 },
      ],
    });
    expect(o.status).toBe('PARTIALLY_SHIPPED');
    expect(await stockOf(desk, 'HP-100')).toMatchObject({ onHand: 2, reserved: 0 });

    // the dealer counts the first shipment: one pump arrived damaged
    const s1 = o.shipments[0];
    const byPart = (s: AnyJson, p: string) => (s.lines as AnyJson[]).find((l) => l.partNumber === p)!.id as string;
    o = await mutate(clerk, 'receivePartsShipment', 'ReceiveShipmentInput', {
      id: o.id,
      version: o.version,
      shipmentId: s1.id,
      lines: [
        { shipmentLineId: byPart(s1, 'HP-100'), received: 3, rejected: 1, rejectReason: 'DAMAGED', note: '泵壳磕裂' },
        { shipmentLineId: byPart(s1, 'SEAL-7'), received: 2 },
      ],
    });
    expect(o.status).toBe('PARTIALLY_SHIPPED');
    expect(o.discrepancies).toEqual([expect.objectContaining({ partNumber: 'HP-100', reason: 'DAMAGED', quantity: 1, status: 'OPEN' })]);
    expect(await stockOf(clerk, 'HP-100')).toMatchObject({ onHand: 2 });

    // the backordered seals arrive at the supplier and go to this order; the rest ships
    await adjust(desk, 'SEAL-7', 2);
    await desk.ok(`mutation { allocatePartsBackorders(partNumber: "SEAL-7") { number } }`);
    o = await order(desk, o.id);
    expect(o.lines[1]).toMatchObject({ allocated: 2, backordered: 0, shipped: 2 });
    o = await mutate(desk, 'shipPartsOrder', 'ShipPartsOrderInput', { id: o.id, version: o.version, lines: [{ lineId: seal.id, quantity: 2 }] });
    expect(o.status).toBe('SHIPPED');
    const s2 = o.shipments[1];
    o = await mutate(clerk, 'receivePartsShipment', 'ReceiveShipmentInput', {
      id: o.id,
      version: o.version,
      shipmentId: s2.id,
      lines: [{ shipmentLineId: s2.lines[0].id, received: 2 }],
    });
    expect(o.status).toBe('RECEIVED'); // the damaged pump is not answered yet
    expect(await stockOf(clerk, 'SEAL-7')).toMatchObject({ onHand: 4 });

    // the seller credits the damaged pump: nothing is left open, the order closes
    o = await mutate(desk, 'answerPartsDiscrepancy', 'AnswerDiscrepancyInput', {
      id: o.id,
      version: o.version,
      discrepancyId: o.discrepancies[0].id,
      answer: 'CREDIT',
      note: '已开红字发票',
    });
    expect(o.status).toBe('CLOSED');
    // 3 shipped lines received, 1 with a discrepancy; 1 of 3 lines filled in full at the first pass
    const figures = (await desk.ok(`{ partsSellerFigures { linesConfirmed lineFillRateBp quantityFillRateBp linesReceived shipmentAccuracyBp } }`))
      .partsSellerFigures;
    expect(figures).toEqual({ linesConfirmed: 3, lineFillRateBp: 3333, quantityFillRateBp: 6250, linesReceived: 3, shipmentAccuracyBp: 6667 });
    const audit = await t.sql(`select action from audit_log where entity_id = $1 order by id`, [o.id]);
    expect(audit.map((a) => a.action)).toEqual([
      'partsOrder.created',
      'partsOrder.SUBMIT',
      'partsOrder.CONFIRM',
      'partsOrder.SHIP',
      'partsOrder.RECEIVE',
      'partsOrder.backorderFilled',
      'partsOrder.SHIP_REST',
      'partsOrder.RECEIVE_REST',
      'partsOrder.discrepancyAnswered',
      'partsOrder.CLOSE',
    ]);
  });

  it('an EMERGENCY order is flagged when its 24 h promise passes unshipped, and not a minute before', async () => {
    const o = ((await create(clerk, 'EMERGENCY', [{ partNumber: 'HP-100', quantity: 1 }])).data as AnyJson).createPartsOrder.partsOrder;
    expect(new Date(o.promiseDueAt).getTime()).toBe(now + 24 * HOUR);
    now += 24 * HOUR - 60_000;
    await t.api.services.jobs.runDue();
    expect((await order(clerk, o.id)).promiseBrokenAt).toBeNull();
    now += 60_000;
    expect(await t.api.services.jobs.runDue()).toBeGreaterThanOrEqual(1);
    const flagged = await order(desk, o.id);
    expect(new Date(flagged.promiseBrokenAt).getTime()).toBe(now);
    const [broken] = await t.sql(`select count(*)::int as n from audit_log where entity_id = $1 and action = 'partsOrder.emergencyPromiseBroken'`, [o.id]);
    expect(broken.n).toBe(1);
  });

  it('scarce stock goes to the emergency order first, then warranty, then stock — whatever the order they came in', async () => {
    const advisor = await t.as('advisor@dealer-east.demo');
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "周备件", phone: "13700007777", vehicles: [{ vin: "HYZL50C2026000777", plate: "沪F77777" }] }) { customer { id vehicles { id } } } }`,
    );
    const ro = await advisor.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "油管渗油" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    const ids: Record<string, AnyJson> = {};
    for (const type of ['STOCK', 'WARRANTY', 'EMERGENCY']) {
      now += 60_000;
      const extra = type === 'WARRANTY' ? { repairOrderId: ro.createRepairOrder.repairOrder.id } : {};
      const o = ((await create(clerk, type, [{ partNumber: 'HOSE-2', quantity: 1 }], extra)).data as AnyJson).createPartsOrder.partsOrder;
      ids[type] = await mutate(desk, 'confirmPartsOrder', 'ConfirmPartsOrderInput', {
        id: o.id,
        version: o.version,
        lines: [{ lineId: o.lines[0].id, allocate: 0, backorder: 1, expectedOn: '2026-12-20' }],
      });
    }
    await adjust(desk, 'HOSE-2', 2);
    const got = (await desk.ok(`mutation { allocatePartsBackorders(partNumber: "HOSE-2") { number } }`)).allocatePartsBackorders as AnyJson[];
    expect(got.map((g) => g.number).sort()).toEqual([ids.EMERGENCY.number, ids.WARRANTY.number].sort());
    for (const [type, allocated] of [
      ['EMERGENCY', 1],
      ['WARRANTY', 1],
      ['STOCK', 0],
    ] as const)
      expect((await order(desk, ids[type].id)).lines[0].allocated, type).toBe(allocated);
    expect(await stockOf(desk, 'HOSE-2')).toMatchObject({ onHand: 2, reserved: 2, available: 0 });
  });

  it('two orders confirmed at once for the last unit: one gets it, the other is told how many are left; stock never negative', async () => {
    await adjust(desk, 'SEAL-7', -((await stockOf(desk, 'SEAL-7')).available as number) + 1); // one left
    const two = await Promise.all(
      [0, 1].map(async () => ((await create(clerk, 'STOCK', [{ partNumber: 'SEAL-7', quantity: 1 }])).data as AnyJson).createPartsOrder.partsOrder),
    );
    const answers = await Promise.all(
      two.map((o) =>
        desk.gql(`mutation($i: ConfirmPartsOrderInput!) { confirmPartsOrder(input: $i) { partsOrder { status } } }`, {
          i: { id: o.id, version: o.version, lines: [{ lineId: o.lines[0].id, allocate: 1, backorder: 0 }] },
        }),
      ),
    );
    const refused = answers.filter((a) => a.errors);
    expect(answers.length - refused.length).toBe(1);
    expect(reasonOf(refused[0] as R)).toBe('STOCK_TOO_LOW');
    expect(await stockOf(desk, 'SEAL-7')).toMatchObject({ available: 0 });
    // taking out more than is on hand is refused by the database, nothing journaled
    const before = await t.sql(`select count(*)::int as n from stock_movements`);
    const r = await adjust(desk, 'SEAL-7', -100);
    expect(reasonOf(r as R)).toBe('STOCK_TOO_LOW');
    expect(await t.sql(`select count(*)::int as n from stock_movements`)).toEqual(before);
  });

  it('refuses what the buyer cannot order, line by line, writing nothing', async () => {
    const count = async () => (await t.sql(`select count(*)::int as n from parts_orders`))[0].n as number;
    const before = await count();
    const unknown = await create(clerk, 'STOCK', [
      { partNumber: 'HP-100', quantity: 1 },
      { partNumber: 'NOPE-1', quantity: 1 },
    ]);
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    expect((unknown as R).errors?.[0]?.extensions?.details?.problems?.[0]).toMatchObject({ field: 'input.lines.1.partNumber', reason: 'UNKNOWN_CODE' });
    // a seller the dealer has no trade account with is no seller to it
    const elec = await t.tenantId('SUP-ELEC');
    const other = await clerk.gql(`mutation($i: CreatePartsOrderInput!) { createPartsOrder(input: $i) { partsOrder { id } } }`, {
      i: { sellerId: elec, type: 'STOCK', lines: [{ partNumber: 'HP-100', quantity: 1 }] },
    });
    expect(codeOf(other)).toBe('NOT_FOUND');
    expect(await count()).toBe(before);
    // the seller answers every line once, or nothing is confirmed
    const two = (
      (
        await create(clerk, 'STOCK', [
          { partNumber: 'HP-100', quantity: 1 },
          { partNumber: 'HOSE-2', quantity: 1 },
        ])
      ).data as AnyJson
    ).createPartsOrder.partsOrder;
    const half = await desk.gql(`mutation($i: ConfirmPartsOrderInput!) { confirmPartsOrder(input: $i) { partsOrder { id } } }`, {
      i: { id: two.id, version: two.version, lines: [{ lineId: two.lines[0].id, allocate: 1, backorder: 0 }] },
    });
    expect(reasonOf(half as R)).toBe('ANSWER_EVERY_LINE');
    expect((await order(desk, two.id)).status).toBe('SUBMITTED');
  });

  it('low stock proposes the fewest whole lots that lift it above its reorder point', async () => {
    // the dealer holds 2 pumps (test 1) and has more on open orders; with a reorder point of 20 and lots of 4 it proposes
    // the fewest lots that lift available + on order above 20
    await clerk.ok(`mutation { setStockLevels(input: { partNumber: "HP-100", safetyStock: 3, reorderPoint: 20, reorderQty: 4 }) { id } }`);
    const low = (await clerk.ok(`{ lowStock { item { partNumber available } onOrder proposedQty belowSafety } }`)).lowStock as AnyJson[];
    const pump = low.find((l) => l.item.partNumber === 'HP-100')!;
    expect(pump).toMatchObject({ item: { available: 2 }, belowSafety: true });
    expect(pump.onOrder).toBeGreaterThan(0);
    expect(pump.proposedQty % 4).toBe(0);
    expect(2 + pump.onOrder + pump.proposedQty).toBeGreaterThan(20);
    expect(2 + pump.onOrder + pump.proposedQty - 4).toBeLessThanOrEqual(20);
    // the demo's own low item (HY-OF100 from the manufacturer's depot: 3 on hand, reorder point 6, lots of 10)
    expect(low.find((l) => l.item.partNumber === 'HY-OF100')).toEqual({
      item: { partNumber: 'HY-OF100', available: 3 },
      onOrder: 0,
      proposedQty: 10,
      belowSafety: false,
    });
    // once the proposal is ordered it counts as coming and is no longer proposed; cancelled, it is again
    const depot = await t.tenantId('OEM-HY');
    const placed = (
      await clerk.ok(`mutation($i: CreatePartsOrderInput!) { createPartsOrder(input: $i) { partsOrder { id version } } }`, {
        i: { sellerId: depot, type: 'STOCK', lines: [{ partNumber: 'HY-OF100', quantity: 10 }] },
      })
    ).createPartsOrder.partsOrder;
    const proposed = async () => ((await clerk.ok(`{ lowStock { item { partNumber } } }`)).lowStock as AnyJson[]).map((l) => l.item.partNumber);
    expect(await proposed()).toEqual(['HP-100']);
    await clerk.ok(`mutation($i: CancelPartsOrderInput!) { cancelPartsOrder(input: $i) { partsOrder { status } } }`, {
      i: { id: placed.id, version: placed.version, reason: '改为紧急订货' },
    });
    expect(await proposed()).toEqual(['HP-100', 'HY-OF100']);
  });

  it('a buyer sees its own orders, a seller those placed with it (never a draft), nobody else either', async () => {
    const draft = ((await create(clerk, 'STOCK', [{ partNumber: 'HP-100', quantity: 1 }], { draft: true })).data as AnyJson).createPartsOrder.partsOrder;
    expect(draft.status).toBe('DRAFT');
    expect(codeOf(await desk.gql(`query($id: ID!) { partsOrder(id: $id) { id } }`, { id: draft.id }))).toBe('NOT_FOUND');
    const outsiders = [await t.as('advisor@dealer-east2.demo'), await t.as('admin@sup-elec.demo'), await t.as('admin@dealer-east2.demo')];
    const submitted = await mutate(clerk, 'submitPartsOrder', 'SubmitPartsOrderInput', { id: draft.id, version: draft.version });
    for (const c of outsiders) {
      const r = await c.gql(`query($id: ID!) { partsOrder(id: $id) { id } }`, { id: submitted.id });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codeOf(r));
      const list = await c.gql(`{ partsOrders(first: 50) { nodes { id } } }`);
      expect(JSON.stringify(list)).not.toContain(submitted.id);
    }
    expect((await order(desk, submitted.id)).status).toBe('SUBMITTED');
    // the buyer cannot fulfil its own order, the seller cannot cancel it
    const ship = await clerk.gql(`mutation($i: ConfirmPartsOrderInput!) { confirmPartsOrder(input: $i) { partsOrder { id } } }`, {
      i: { id: submitted.id, version: submitted.version, lines: [] },
    });
    expect(codeOf(ship)).toBe('FORBIDDEN');
    const cancel = await desk.gql(`mutation($i: CancelPartsOrderInput!) { cancelPartsOrder(input: $i) { partsOrder { id } } }`, {
      i: { id: submitted.id, version: submitted.version, reason: 'x' },
    });
    expect(codeOf(cancel)).toBe('FORBIDDEN');
    // row-level security alone (no ORM filter): another dealer's session sees no row of the order
    const E2 = await t.tenantId('DLR-E2');
    for (const table of ['parts_orders', 'parts_order_lines'])
      expect(await t.appSql(`select id from ${table} where ${table === 'parts_orders' ? 'id' : 'parts_order_id'} = $1`, [submitted.id], E2)).toEqual([]);
  });

  it('cancelling a confirmed order gives the seller’s allocation back', async () => {
    await adjust(desk, 'HP-100', 1);
    const before = await stockOf(desk, 'HP-100');
    const o = ((await create(clerk, 'STOCK', [{ partNumber: 'HP-100', quantity: 1 }])).data as AnyJson).createPartsOrder.partsOrder;
    const confirmed = await mutate(desk, 'confirmPartsOrder', 'ConfirmPartsOrderInput', {
      id: o.id,
      version: o.version,
      lines: [{ lineId: o.lines[0].id, allocate: 1, backorder: 0 }],
    });
    expect((await stockOf(desk, 'HP-100')).reserved).toBe(before.reserved + 1);
    const cancelled = await mutate(clerk, 'cancelPartsOrder', 'CancelPartsOrderInput', { id: o.id, version: confirmed.version, reason: '客户取消维修' });
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.lines[0]).toMatchObject({ allocated: 0, shortClosed: 1 });
    expect(await stockOf(desk, 'HP-100')).toMatchObject({ reserved: before.reserved, onHand: before.onHand });
  });
});
