import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type AnyJson, type Client, type TestApi } from '../../test/harness.js';

// the demo's history runs to yesterday; this test's clock is real time (the refresh job is planned on the database's clock)
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

const FIG = `figureId value sample minSample tooFew target judgement unit breakdown { key value }`;
const fig = (list: AnyJson[], id: string) => list.find((f) => f.figureId === id);
const lastFullMonth = () => {
  const now = new Date(Date.now() + 8 * 3_600_000); // Shanghai
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
};

describe('network figures: the sanctioned cross-tenant path (ADR 0019)', () => {
  let t: TestApi;
  let analyst: Client;
  let regional: Client;
  let e1Admin: Client;
  let e2Admin: Client;
  let ids: Record<string, string>;
  const month = lastFullMonth();

  beforeAll(async () => {
    t = await startTestApi({ clock, history: true });
    analyst = await t.as('analyst@oem.demo');
    regional = await t.as('network@oem.demo');
    e1Admin = await t.as('admin@dealer-east.demo');
    e2Admin = await t.as('admin@dealer-east2.demo');
    ids = {};
    for (const code of ['OEM-HY', 'DLR-E1', 'DLR-E2', 'DLR-N1', 'SHOP-1', 'SUP-HYD']) ids[code] = await t.tenantId(code);
  }, 240_000);
  afterAll(async () => t?.stop());

  const network = (c: Client, input: Record<string, unknown>) =>
    c.gql(
      `query($i: NetworkFiguresInput!) { networkFigures(input: $i) { dealers groupBy rows { key label dealerId region dealers below figures { ${FIG} } } network { ${FIG} } } }`,
      {
        i: input,
      },
    );
  const card = (c: Client, input: Record<string, unknown>) =>
    c.gql(
      `query($i: ScorecardInput!) { figureScorecard(input: $i) { dealerId dealerName dealerCode region manufacturerName networkDealers figures { ${FIG} } network { ${FIG} } } }`,
      { i: input },
    );

  it('the analyst sees the network by region and by dealer; the figures add up to the network', async () => {
    const byRegion = await network(analyst, { ...month, groupBy: 'REGION' });
    expect(byRegion.errors).toBeUndefined();
    const n = byRegion.data!.networkFigures;
    expect(n.dealers).toBe(3);
    // regions in pinyin order (华北 huá běi before 华东 huá dōng)
    expect(n.rows.map((r: AnyJson) => [r.label, r.dealers])).toEqual([
      ['华北', 1],
      ['华东', 2],
    ]);
    const byDealer = (await network(analyst, { ...month, groupBy: 'DEALER' })).data!.networkFigures;
    expect(byDealer.rows.map((r: AnyJson) => r.label).sort()).toEqual(['华东一店（上海）', '华东二店（杭州）', '华北一店（太原）'].sort());
    // pooled, never averaged: the network's volume is the dealers' sum, its rejection rate the pooled ratio
    const volumes = byDealer.rows.map((r: AnyJson) => fig(r.figures, 'repairVolume').value as number);
    expect(fig(n.network, 'repairVolume').value).toBe(volumes.reduce((a: number, b: number) => a + b, 0));
    const delivered = await t.sql<{ n: number }>(
      `select count(*)::int as n from repair_orders where tenant_id = any($1::uuid[]) and status in ('DELIVERED')
          and (delivered_at at time zone 'Asia/Shanghai')::date between $2 and $3`,
      [[ids['DLR-E1'], ids['DLR-E2'], ids['DLR-N1']], month.from, month.to],
    );
    expect(fig(n.network, 'repairVolume').value).toBe(delivered[0]!.n); // about 3 a day at each of the 3 dealers
    expect(delivered[0]!.n).toBeGreaterThan(3 * 3 * 27);
    const rej = fig(n.network, 'rejectionRate');
    expect(rej.tooFew).toBe(false);
    expect(rej.value).toBeGreaterThan(0);
    expect(rej.value).toBeLessThan(0.5);
    // a figure's trend sums only the measures it reads: its month is the dashboard's value, breakdowns included
    for (const figureId of ['firstTimeFixRate', 'rejectionsByReason', 'revenueByPayType', 'csi', 'satisfaction']) {
      const trend = (
        await analyst.ok(`query($i: FigureTrendInput!) { figureTrend(input: $i) { points { period value sample } } }`, {
          i: { figureId, from: month.from, to: month.to, grain: 'MONTH' },
        })
      ).figureTrend;
      const whole = fig(n.network, figureId);
      expect(trend.points, figureId).toEqual([{ period: month.from, value: whole.value, sample: whole.sample }]);
    }
  });

  it('a regional manager sees its region’s dealers only', async () => {
    const r = (await network(regional, { ...month, groupBy: 'DEALER' })).data!.networkFigures;
    expect(r.rows.map((x: AnyJson) => x.region)).toEqual(['华东', '华东']);
    expect(r.rows.map((x: AnyJson) => x.label)).not.toContain('华北一店（太原）');
    const north = await card(regional, { ...month, dealerId: ids['DLR-N1'] });
    expect(codeOf(north)).toBe('NOT_FOUND');
    const east = await card(regional, { ...month, dealerId: ids['DLR-E1'] });
    expect(east.data!.figureScorecard).toMatchObject({ dealerName: '华东一店（上海）', dealerCode: 'HY-E001', region: '华东' });
  });

  it('a dealer sees its own scorecard beside the network, never another dealer', async () => {
    const own = (await card(e1Admin, month)).data!.figureScorecard;
    expect(own).toMatchObject({ dealerId: ids['DLR-E1'], manufacturerName: '华岳重工 售后服务部', networkDealers: 3 });
    // beside the dealer the network's counts and amounts are per dealer, its rates the pool's own (the analyst's network)
    const whole = (await network(analyst, { ...month, groupBy: 'REGION' })).data!.networkFigures.network;
    expect(fig(own.network, 'repairVolume').value).toBeCloseTo(fig(whole, 'repairVolume').value / 3, 9);
    expect(fig(own.network, 'repairVolume').sample).toBe(fig(whole, 'repairVolume').sample);
    expect(fig(own.network, 'revenueByPayType').value).toBeCloseTo(fig(whole, 'revenueByPayType').value / 3, 6);
    expect(fig(own.network, 'rejectionRate').value).toBe(fig(whole, 'rejectionRate').value);
    // and the dealer's trend beside the network says the same of the month
    for (const figureId of ['repairVolume', 'rejectionRate']) {
      const trend = (
        await e1Admin.ok(`query($i: FigureTrendInput!) { figureTrend(input: $i) { network { period value } } }`, {
          i: { figureId, from: month.from, to: month.to, grain: 'MONTH' },
        })
      ).figureTrend;
      expect(trend.network, figureId).toHaveLength(1);
      expect(trend.network[0].value, figureId).toBeCloseTo(fig(own.network, figureId).value, 9);
    }
    expect(JSON.stringify(own)).not.toMatch(/华东二店|华北一店/);
    expect(codeOf(await card(e2Admin, { ...month, dealerId: ids['DLR-E1'] }))).toBe('NOT_FOUND');
    expect(codeOf(await network(e1Admin, { ...month, groupBy: 'DEALER' }))).toBe('FORBIDDEN');
    // the advisor has no figures at all
    const advisor = await t.as('advisor@dealer-east.demo');
    expect(codeOf(await card(advisor, month))).toBe('FORBIDDEN');
  });

  it('row-level security alone agrees: the manufacturer reads rows addressed to it, a dealer its own, the network sums name nobody', async () => {
    const oem = ids['OEM-HY']!;
    const visibleTo = async (tenant: string) =>
      (await t.appSql<{ tenant_id: string }>(`select distinct tenant_id from figure_facts`, [], tenant)).map((r) => r.tenant_id).sort();
    // its three authorised dealers, and 精工液压 (a supply agreement) — of the supplier only its parts figures
    expect(await visibleTo(oem)).toEqual([ids['DLR-E1'], ids['DLR-E2'], ids['DLR-N1'], ids['SUP-HYD']].sort());
    const supplierMeasures = await t.appSql<{ measure: string }>(`select distinct measure from figure_facts where tenant_id = $1`, [ids['SUP-HYD']], oem);
    expect(supplierMeasures.length).toBeGreaterThan(0);
    expect(supplierMeasures.filter((m) => !m.measure.startsWith('po.'))).toEqual([]);
    expect(await visibleTo(ids['DLR-E2']!)).toEqual([ids['DLR-E2']]);
    const sums = await t.appSql<AnyJson>(`select * from app_network_figure_sums($1, 'M', $2, $3, null, false)`, [oem, month.from, month.from], ids['DLR-E2']);
    expect(Object.keys(sums[0]).sort()).toEqual(['dealers', 'measure', 'period', 'value']);
    expect(sums.find((s) => s.measure === 'ro.delivered')).toMatchObject({ dealers: 3 });
    // a shop the manufacturer never authorised gets nothing of its network
    expect(await t.appSql(`select * from app_network_figure_sums($1, 'M', $2, $3, null, false)`, [oem, month.from, month.from], ids['SHOP-1'])).toEqual([]);
  });

  it('the manufacturer sees a dealer only inside its authorised period; the shop it does not authorise never', async () => {
    const oem = ids['OEM-HY']!;
    // 华北一店's authorisation now starts this month: its earlier figures are no longer addressed to the manufacturer
    const firstOfThisMonth = `${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7)}-01`;
    await t.sql(`update relationships set valid_from = $1 where to_tenant_id = $2 and kind = 'DEALER_AUTHORIZATION'`, [firstOfThisMonth, ids['DLR-N1']]);
    // the shop delivers an order (no authorisation: its figures stay its own)
    const shopOrders = await t.sql(`select count(*)::int as n from repair_orders where tenant_id = $1`, [ids['SHOP-1']]);
    expect(shopOrders[0]!.n).toBeGreaterThanOrEqual(0);
    // the refresh jobs the marks planned run
    offsetMs = 5 * 60_000;
    while ((await t.api.services.jobs.runDue(50)) > 0) {
      /* until no job is due */
    }
    offsetMs = 0;
    const r = (await network(analyst, { ...month, groupBy: 'DEALER' })).data!.networkFigures;
    expect(r.rows.map((x: AnyJson) => x.label)).not.toContain('华北一店（太原）');
    expect(r.dealers).toBe(2);
    expect(await t.appSql(`select 1 from figure_facts where tenant_id = $1 and period < $2`, [ids['DLR-N1'], firstOfThisMonth], oem)).toEqual([]);
    // with two dealers left in that month the network is too small to show to a dealer
    const own = (await card(e1Admin, month)).data!.figureScorecard;
    expect(own.network).toBeNull();
    expect(own.networkDealers).toBe(0);
    // the figures stayed the dealer's own
    const north = (await card(await t.as('admin@dealer-north.demo'), month)).data!.figureScorecard;
    expect(fig(north.figures, 'repairVolume').value).toBeGreaterThan(0);
  }, 120_000); // re-rolls 13 months of one dealer and its supplier's parts orders: ~16 s beside a benchmark on 2 cores
});
