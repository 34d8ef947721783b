import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type AnyJson, type Client, type TestApi } from '../../test/harness.js';

/**
 * A supplier's parts figures (fill rate, backorder age, emergency promise, shipment accuracy) counted
 * by hand over three Shanghai days, written by the parts order's own path (the dealer orders and
 * counts in, the supplier's desk confirms and ships) and rolled up by the refresh job; read by the
 * manufacturer holding the supply agreement, and by the supplier itself — nobody else.
 */
const D = '2027-04-12';
const D1 = '2027-04-13';
const D2 = '2027-04-14';
let now = new Date(`${D}T09:00:00+08:00`).getTime();
const clock = { now: () => new Date(now) };
const setTime = (day: string, hhmm: string) => {
  now = new Date(`${day}T${hhmm}:00+08:00`).getTime();
};

const ORDER = `id version status lines { id partNumber } shipments { id lines { id partNumber } }`;
const FIG = `figureId value sample tooFew`;
const fig = (list: AnyJson[], id: string) => list.find((f) => f.figureId === id);

describe('parts figures: the seller’s rows, addressed through the supply agreement', () => {
  let t: TestApi;
  let clerk: Client;
  let desk: Client;
  let supAdmin: Client;
  let analyst: Client;
  let regional: Client;
  let dealerAdmin: Client;
  let SUP: string;
  let OEM: string;

  const create = async (type: string, lines: { partNumber: string; quantity: number }[]) =>
    (await clerk.ok(`mutation($i: CreatePartsOrderInput!) { createPartsOrder(input: $i) { partsOrder { ${ORDER} } } }`, { i: { sellerId: SUP, type, lines } }))
      .createPartsOrder.partsOrder;
  const mutate = async (c: Client, name: string, type: string, input: Record<string, unknown>) =>
    (await c.ok(`mutation($i: ${type}!) { ${name}(input: $i) { partsOrder { ${ORDER} } } }`, { i: input }))[name].partsOrder;
  const rollUp = async () => {
    // the refresh jobs are planned on the database's clock: this test's clock is in 2027, so they are due
    while ((await t.api.services.jobs.runDue(50)) > 0) {
      /* next round */
    }
  };
  const facts = async (day: string) => {
    const rows = await t.sql<{ measure: string; value: string; audience_id: string | null; brand: string }>(
      `select measure, value, audience_id, brand from figure_facts where tenant_id = $1 and grain = 'D' and period = $2 and measure like 'po.%'`,
      [SUP, day],
    );
    for (const r of rows) expect([r.audience_id, r.brand]).toEqual([OEM, '']);
    return Object.fromEntries(rows.map((r) => [r.measure, Number(r.value)]));
  };

  beforeAll(async () => {
    t = await startTestApi({ clock });
    clerk = await t.as('parts@dealer-east.demo');
    desk = await t.as('orders@sup-hyd.demo');
    supAdmin = await t.as('admin@sup-hyd.demo');
    analyst = await t.as('analyst@oem.demo');
    regional = await t.as('network@oem.demo');
    dealerAdmin = await t.as('admin@dealer-east.demo');
    SUP = await t.tenantId('SUP-HYD');
    OEM = await t.tenantId('OEM-HY');
    for (const [partNumber, nameZh, price] of [
      ['HP-100', '液压主泵', '480000'],
      ['SEAL-7', '油封', '3000'],
      ['HOSE-2', '高压油管', '18000'],
    ] as const) {
      await supAdmin.ok(`mutation($i: SavePartInput!) { savePart(input: $i) { partNumber } }`, {
        i: { partNumber, nameZh, category: 'COMMON', listPriceMinor: price, models: ['ZL50'] },
      });
    }
    for (const [partNumber, quantity] of [
      ['HP-100', 5],
      ['SEAL-7', 2],
    ] as const) {
      await desk.ok(`mutation($i: AdjustStockInput!) { adjustStock(input: $i) { onHand } }`, { i: { partNumber, quantity, reason: 'STOCKTAKE' } });
    }

    // day D 09:00 — a stock order: 3 pumps filled, 4 seals (2 now, 2 backordered), the hose refused
    let a = await create('STOCK', [
      { partNumber: 'HP-100', quantity: 3 },
      { partNumber: 'SEAL-7', quantity: 4 },
      { partNumber: 'HOSE-2', quantity: 1 },
    ]);
    const [pump, seal, hose] = a.lines as AnyJson[];
    a = await mutate(desk, 'confirmPartsOrder', 'ConfirmPartsOrderInput', {
      id: a.id,
      version: a.version,
      lines: [
        { lineId: pump!.id, allocate: 3, backorder: 0 },
        { lineId: seal!.id, allocate: 2, backorder: 2, expectedOn: D2 },
        { lineId: hose!.id, allocate: 0, backorder: 0, refuse: 'DISCONTINUED' },
      ],
    });
    // 09:30 — an emergency order for a pump (promise: D+1 09:30), filled and shipped at noon
    setTime(D, '09:30');
    let b = await create('EMERGENCY', [{ partNumber: 'HP-100', quantity: 1 }]);
    b = await mutate(desk, 'confirmPartsOrder', 'ConfirmPartsOrderInput', {
      id: b.id,
      version: b.version,
      lines: [{ lineId: b.lines[0].id, allocate: 1, backorder: 0 }],
    });
    // 10:00 — the stock order's first shipment: a pump arrives damaged; the seals are fine
    setTime(D, '10:00');
    a = await mutate(desk, 'shipPartsOrder', 'ShipPartsOrderInput', {
      id: a.id,
      version: a.version,
      lines: [
        { lineId: pump!.id, quantity: 3 },
        { lineId: seal!.id, quantity: 2 },
      ],
    });
    const s1 = a.shipments[0];
    const lineOf = (s: AnyJson, p: string) => (s.lines as AnyJson[]).find((l) => l.partNumber === p)!.id as string;
    a = await mutate(clerk, 'receivePartsShipment', 'ReceiveShipmentInput', {
      id: a.id,
      version: a.version,
      shipmentId: s1.id,
      lines: [
        { shipmentLineId: lineOf(s1, 'HP-100'), received: 3, rejected: 1, rejectReason: 'DAMAGED', note: '泵壳磕裂' },
        { shipmentLineId: lineOf(s1, 'SEAL-7'), received: 2 },
      ],
    });
    // 11:00 — a second emergency order nobody confirms (promise: D+1 11:00)
    setTime(D, '11:00');
    await create('EMERGENCY', [{ partNumber: 'HOSE-2', quantity: 1 }]);
    // 12:00 — the first emergency order ships in full and is counted in
    setTime(D, '12:00');
    b = await mutate(desk, 'shipPartsOrder', 'ShipPartsOrderInput', { id: b.id, version: b.version, lines: [{ lineId: b.lines[0].id, quantity: 1 }] });
    await mutate(clerk, 'receivePartsShipment', 'ReceiveShipmentInput', {
      id: b.id,
      version: b.version,
      shipmentId: b.shipments[0].id,
      lines: [{ shipmentLineId: b.shipments[0].lines[0].id, received: 1 }],
    });
    // D+1 11:00 — the second emergency promise passes unshipped: the job breaks it
    setTime(D1, '11:00');
    await rollUp();
    // D+2 10:00 — the backordered seals arrive at the supplier and ship; the dealer counts them in
    setTime(D2, '10:00');
    await desk.ok(`mutation($i: AdjustStockInput!) { adjustStock(input: $i) { onHand } }`, { i: { partNumber: 'SEAL-7', quantity: 2, reason: 'STOCKTAKE' } });
    await desk.ok(`mutation { allocatePartsBackorders(partNumber: "SEAL-7") { number } }`);
    a = (await desk.ok(`query($id: ID!) { partsOrder(id: $id) { ${ORDER} } }`, { id: a.id })).partsOrder;
    a = await mutate(desk, 'shipPartsOrder', 'ShipPartsOrderInput', { id: a.id, version: a.version, lines: [{ lineId: seal!.id, quantity: 2 }] });
    const s2 = a.shipments[1];
    await mutate(clerk, 'receivePartsShipment', 'ReceiveShipmentInput', {
      id: a.id,
      version: a.version,
      shipmentId: s2.id,
      lines: [{ shipmentLineId: s2.lines[0].id, received: 2 }],
    });
    setTime(D2, '18:00');
    await rollUp();
  }, 240_000);
  afterAll(async () => t?.stop());

  it('counts each day as by hand, owned by the supplier and addressed to the manufacturer of its supply agreement', async () => {
    // D: 4 lines confirmed (pumps, seals, hose; the emergency pump), 2 filled in full at the first pass;
    //    3 shipment lines left that day and were counted in, one with a damaged pump
    expect(await facts(D)).toEqual({ 'po.linesOrdered': 4, 'po.linesFilled': 2, 'po.shipLines': 3, 'po.shipLinesAccurate': 2 });
    // D+1: two emergency promises fell due — one kept (shipped at noon the day before), one broken
    expect(await facts(D1)).toEqual({ 'po.emergencyDue': 2, 'po.emergencyKept': 1 });
    // D+2: the backordered seals waited two days; their shipment line arrived whole
    expect(await facts(D2)).toEqual({ 'po.backorderLines': 1, 'po.backorderDays': 2, 'po.shipLines': 1, 'po.shipLinesAccurate': 1 });
    // the month is the sum of its days
    const [month] = await t.sql<{ v: string }>(
      `select value as v from figure_facts where tenant_id = $1 and grain = 'M' and period = '2027-04-01' and measure = 'po.shipLines'`,
      [SUP],
    );
    expect(Number(month!.v)).toBe(4);
  });

  it('the manufacturer sees its suppliers one by one (not among its dealers); a regional manager and a dealer do not', async () => {
    const q = `query($i: NetworkFiguresInput!) { networkFigures(input: $i) { dealers groupBy rows { key label dealerId region figures { ${FIG} } } } }`;
    const bySupplier = (await analyst.ok(q, { i: { from: D, to: D2, groupBy: 'SUPPLIER' } })).networkFigures;
    expect(bySupplier.rows.map((r: AnyJson) => r.dealerId)).toEqual([SUP]);
    const row = bySupplier.rows[0];
    expect(fig(row.figures, 'partsFillRate')).toMatchObject({ sample: 4, tooFew: true, value: null }); // 4 lines < 20
    expect(fig(row.figures, 'shipmentAccuracy')).toMatchObject({ sample: 4, tooFew: true });
    expect(fig(row.figures, 'backorderAge')).toMatchObject({ sample: 1, tooFew: true });
    const byDealer = (await analyst.ok(q, { i: { from: D, to: D2, groupBy: 'DEALER' } })).networkFigures;
    expect(byDealer.rows.map((r: AnyJson) => r.dealerId)).not.toContain(SUP);
    expect((await regional.ok(q, { i: { from: D, to: D2, groupBy: 'SUPPLIER' } })).networkFigures.rows).toEqual([]);
    // the manufacturer opens the supplier's figures over the period
    const card = `query($i: ScorecardInput!) { figureScorecard(input: $i) { dealerId dealerName figures { ${FIG} } } }`;
    const seen = (await analyst.ok(card, { i: { dealerId: SUP, from: D, to: D2 } })).figureScorecard;
    expect(seen.dealerName).toBeTruthy();
    expect(fig(seen.figures, 'emergencyPromiseKept')).toMatchObject({ sample: 2, tooFew: true });
    // the supplier's admin reads its own; the dealer cannot open the supplier's figures
    const own = (await supAdmin.ok(card, { i: { from: D, to: D2 } })).figureScorecard;
    expect(own.dealerId).toBe(SUP);
    expect(fig(own.figures, 'partsFillRate')).toMatchObject({ sample: 4 });
    const refused = await dealerAdmin.gql(card, { i: { dealerId: SUP, from: D, to: D2 } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // the supplier's order desk has no figures at all
    expect((await desk.gql(card, { i: { from: D, to: D2 } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('the manufacturer pools its suppliers (never with its dealers): a trend, and beside one supplier; nobody else may', async () => {
    const trend = `query($i: FigureTrendInput!) { figureTrend(input: $i) { points { period sample } network { period sample } } }`;
    const i = { figureId: 'partsFillRate', from: D, to: D2, grain: 'DAY' };
    const pooled = (await analyst.ok(trend, { i: { ...i, suppliers: true } })).figureTrend;
    expect(pooled.points.map((p: AnyJson) => p.sample)).toEqual([4, 0, 0]);
    expect(pooled.network).toBeNull();
    // the same figure over the whole visible network would pool the dealers' rows too: suppliers only here
    const ship = (await analyst.ok(trend, { i: { ...i, figureId: 'shipmentAccuracy', suppliers: true } })).figureTrend;
    expect(ship.points.map((p: AnyJson) => p.sample)).toEqual([3, 0, 1]);
    // beside one supplier the comparison is the suppliers pooled, not the dealers' network
    const one = (await analyst.ok(trend, { i: { ...i, dealerId: SUP } })).figureTrend;
    expect(one.points.map((p: AnyJson) => p.sample)).toEqual([4, 0, 0]);
    expect(one.network.map((p: AnyJson) => p.sample)).toEqual([4, 0, 0]);
    const card = `query($i: ScorecardInput!) { figureScorecard(input: $i) { networkDealers network { ${FIG} } } }`;
    const seen = (await analyst.ok(card, { i: { dealerId: SUP, from: D, to: D2 } })).figureScorecard;
    expect(seen.networkDealers).toBe(1);
    expect(fig(seen.network, 'partsFillRate')).toMatchObject({ sample: 4 });
    // a regional manager has no suppliers; the supplier itself and a dealer may not pool them
    const regionalPool = (await regional.ok(trend, { i: { ...i, suppliers: true } })).figureTrend;
    expect(regionalPool.points.map((p: AnyJson) => p.sample)).toEqual([0, 0, 0]);
    for (const c of [supAdmin, dealerAdmin]) {
      expect((await c.gql(trend, { i: { ...i, suppliers: true } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    // the supplier's own trend has no network beside it
    const own = (await supAdmin.ok(trend, { i })).figureTrend;
    expect(own.points.map((p: AnyJson) => p.sample)).toEqual([4, 0, 0]);
    expect(own.network).toBeNull();
  });
});
