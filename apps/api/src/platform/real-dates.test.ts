import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type Client, type TestApi } from '../test/harness.js';

/**
 * Dates are real dates (issue 9, item 9): a day that does not exist is BAD_USER_INPUT at every
 * kind of entry point — a day in a mutation's input, a day as a query argument, a DateTime — and
 * nothing is written; 29 February passes in a leap year.
 */
describe('days and times taken from input are real', () => {
  let t: TestApi;
  let advisor: Client;

  beforeAll(async () => {
    t = await startTestApi();
    advisor = await t.as('advisor@dealer-east.demo');
  });
  afterAll(() => t.stop());

  const CREATE_CUSTOMER = `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id vehicles { id nextMaintenanceOn } } } }`;
  const customer = (vin: string, nextMaintenanceOn: string) => ({
    i: { name: '孙立', phone: '13700007777', vehicles: [{ vin, plate: null, model: 'ZL30', usageUnit: 'HOURS', nextMaintenanceOn }] },
  });
  const customers = async () => Number((await t.sql(`select count(*)::int as n from customers`))[0].n);

  it('a day in a mutation input: 2026-02-30 and 2026-02-29 are refused naming the field, 2028-02-29 is taken', async () => {
    const before = await customers();
    for (const day of ['2026-02-30', '2026-02-29', '2026-04-31']) {
      const r = await advisor.gql(CREATE_CUSTOMER, customer('HYZL30C2026000301', day));
      expect(codeOf(r), day).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.message).toContain(`nextMaintenanceOn: "${day}" is not a date (YYYY-MM-DD)`);
    }
    expect(await customers()).toBe(before);
    const ok = await advisor.ok(CREATE_CUSTOMER, customer('HYZL30C2026000302', '2028-02-29'));
    expect(ok.createCustomer.customer.vehicles[0].nextMaintenanceOn).toBe('2028-02-29');
  });

  it('a day as a query argument: the workshop’s and the public booking page’s slots of 2026-02-30 are refused', async () => {
    const slots = `query($d: String!) { appointmentSlots(day: $d) { start available } }`;
    const bad = await advisor.gql(slots, { d: '2026-02-30' });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.message).toContain('"2026-02-30" is not a date (YYYY-MM-DD)');
    expect(codeOf(await advisor.gql(slots, { d: '2028-02-29' }))).toBeUndefined();
    // the same check on the public page, without signing in
    const code = (await t.sql(`select code from tenants where code = 'DLR-E1'`))[0].code as string;
    const page = `query($p: String!, $d: String!) { bookingPage(providerCode: $p, day: $d) { __typename } }`;
    const pub = await t.client().gql(page, { p: code, d: '2026-02-30' });
    expect(codeOf(pub)).toBe('BAD_USER_INPUT');
    expect(pub.errors![0]!.message).toContain('"2026-02-30" is not a date (YYYY-MM-DD)');
    expect(codeOf(await t.client().gql(page, { p: code, d: '2028-02-29' }))).toBeUndefined();
  });

  it('a DateTime: a promised time on 30 February, or a dispatch-board range from it, is refused', async () => {
    const c = await advisor.ok(CREATE_CUSTOMER, customer('HYZL30C2026000303', '2028-02-29'));
    const orders = async () => Number((await t.sql(`select count(*)::int as n from repair_orders`))[0].n);
    const before = await orders();
    const create = `mutation($i: CreateRepairOrderInput!) { createRepairOrder(input: $i) { repairOrder { id promisedAt } } }`;
    const input = (promisedAt: string) => ({
      i: { customerId: c.createCustomer.customer.id, vehicleId: c.createCustomer.customer.vehicles[0].id, complaint: '不启动', promisedAt },
    });
    for (const at of ['2026-02-30T10:00:00Z', '2026-02-29T10:00:00Z', '2026-02-28T24:30:00Z']) {
      const r = await advisor.gql(create, input(at));
      expect(codeOf(r), at).toBe('BAD_USER_INPUT');
    }
    expect(await orders()).toBe(before);
    // written inline in the document rather than as a variable, the document itself does not
    // validate (GraphQL coerces literals at validation): refused before anything runs
    const inline = await advisor.gql(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "x", promisedAt: "2026-02-30T10:00:00Z" }) { repairOrder { id } } }`,
      { c: c.createCustomer.customer.id, v: c.createCustomer.customer.vehicles[0].id },
    );
    expect(inline.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(inline.errors?.[0]?.message).toMatch(/invalid date-time-string 2026-02-30T10:00:00Z/);
    expect(await orders()).toBe(before);
    const ok = await advisor.ok(create, input('2028-02-29T10:00:00Z'));
    expect(ok.createRepairOrder.repairOrder.promisedAt).toBe('2028-02-29T10:00:00.000Z');
    // a DateTime as a query argument
    const board = `query($f: DateTimeISO!, $t: DateTimeISO!) { visits(from: $f, to: $t) { id } }`;
    expect(codeOf(await advisor.gql(board, { f: '2026-02-30T00:00:00Z', t: '2026-03-02T00:00:00Z' }))).toBe('BAD_USER_INPUT');
  });
});
