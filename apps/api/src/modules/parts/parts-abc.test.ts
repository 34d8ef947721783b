import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type AnyJson, type Client, type TestApi } from '../../test/harness.js';

const DAY = 86_400_000;
let now = new Date('2026-12-02T03:00:00.000Z').getTime(); // 11:00 in Shanghai
const clock = { now: () => new Date(now) };

/**
 * ABC classes come from what buyers ordered over the last 12 months (at the order's price), never
 * typed: on request by the seller's staff, and every night at 02:00 on the seller's calendar.
 */
describe('ABC class of a seller’s catalogue (real Postgres)', () => {
  let t: TestApi;
  let clerk: Client;
  let desk: Client;
  let SUP: string;

  const classes = async () =>
    Object.fromEntries(
      (
        (await clerk.ok(`query($s: ID!) { catalogueSearch(sellerId: $s, query: "SH-", first: 50) { parts { partNumber abcClass } } }`, { s: SUP }))
          .catalogueSearch.parts as AnyJson[]
      ).map((p) => [p.partNumber, p.abcClass]),
    );
  const order = (lines: { partNumber: string; quantity: number }[]) =>
    clerk.ok(`mutation($i: CreatePartsOrderInput!) { createPartsOrder(input: $i) { partsOrder { id } } }`, { i: { sellerId: SUP, type: 'STOCK', lines } });

  beforeAll(async () => {
    t = await startTestApi({ clock });
    clerk = await t.as('parts@dealer-east.demo');
    desk = await t.as('orders@sup-hyd.demo');
    SUP = await t.tenantId('SUP-HYD');
  });
  afterAll(() => t.stop());

  it('the seller classifies its catalogue from the demand value: A to 80 %, B to 95 %, the rest and parts nobody ordered C', async () => {
    // demand: the demo order (seal kits 3 × ¥320, return filters 6 × ¥68 as SH-F20) and a pump ¥6,800
    await order([{ partNumber: 'SH-P200', quantity: 1 }]);
    expect(await classes()).toMatchObject({ 'SH-P200': 'C', 'SH-SK30': 'C' }); // nothing is typed, nothing classified yet
    const summary = (await desk.ok(`mutation { classifyCatalogue { a b c } }`)).classifyCatalogue;
    expect(summary).toEqual({ a: 1, b: 1, c: 3 });
    // ¥6,800 of ¥8,168 (83 %) before the seal kits: they are B; ¥7,760 (95.0 %) before the filters: C
    expect(await classes()).toEqual({ 'SH-P200': 'A', 'SH-SK30': 'B', 'SH-F20': 'C', 'SH-F10': 'C', 'SH-H12': 'C' });
    const [audit] = await t.sql(`select after from audit_log where action = 'cataloguePart.classified' and tenant_id = $1`, [SUP]);
    expect(audit.after).toEqual({ a: 1, b: 1, c: 3 });
  });

  it('a buyer cannot classify a catalogue', async () => {
    expect(codeOf(await clerk.gql(`mutation { classifyCatalogue { a } }`))).toBe('FORBIDDEN');
  });

  it('every night at 02:00 on the seller’s calendar the classes follow the demand, and the next night is planned', async () => {
    const planned = await t.sql(`select run_at from jobs where tenant_id = $1 and kind = 'parts.abcClassify' and status = 'PENDING'`, [SUP]);
    expect(planned.map((j) => new Date(j.run_at).toISOString())).toEqual(['2026-12-02T18:00:00.000Z']); // 02:00 on 3 December in Shanghai
    // high-pressure hoses sell: 60 × ¥185
    await order([{ partNumber: 'SH-H12', quantity: 60 }]);
    now = new Date('2026-12-02T17:59:00.000Z').getTime();
    await t.api.services.jobs.runDue();
    expect((await classes())['SH-H12']).toBe('C'); // not a minute before
    now = new Date('2026-12-02T18:00:30.000Z').getTime();
    await t.api.services.jobs.runDue();
    // ¥11,100 of ¥19,268: the hoses come first now, the pump after ¥11,100 (57.6 %) is A too, the seal kits B
    expect(await classes()).toMatchObject({ 'SH-H12': 'A', 'SH-P200': 'A', 'SH-SK30': 'B', 'SH-F20': 'C' });
    const next = await t.sql(`select run_at from jobs where tenant_id = $1 and kind = 'parts.abcClassify' and status = 'PENDING'`, [SUP]);
    expect(next.map((j) => new Date(j.run_at).getTime())).toEqual([new Date('2026-12-02T18:00:00.000Z').getTime() + DAY]);
  });
});
