import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type Client, type TestApi } from '../../test/harness.js';

const HOUR = 3_600_000;
let now = new Date('2026-11-23T02:00:00.000Z').getTime(); // Mon 10:00 in Shanghai
const clock = { now: () => new Date(now) };
const SLOT = '2026-11-25T01:00:00.000Z'; // Wed 09:00 in Shanghai
const BOOK = `mutation($i: CreateRepairOrderInput!) { createRepairOrder(input: $i) { repairOrder { id version status appointmentAt reservation } } }`;

describe('appointments (预约)', () => {
  let t: TestApi;
  let advisor: Client;
  const customers: { c: string; v: string }[] = [];

  beforeAll(async () => {
    t = await startTestApi({ clock });
    advisor = await t.as('advisor@dealer-east.demo');
    for (let i = 0; i < 5; i++) {
      const r = await advisor.ok(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id vehicles { id } } } }`, {
        i: { name: `客户${i}`, phone: `1380000000${i}`, vehicles: [{ vin: `HYAPPT0000000000${i}` }] },
      });
      customers.push({ c: r.createCustomer.customer.id, v: r.createCustomer.customer.vehicles[0].id });
    }
  });
  afterAll(() => t.stop());

  const book = (i: number, extra: Record<string, unknown> = {}) =>
    advisor.gql(BOOK, { i: { customerId: customers[i]!.c, vehicleId: customers[i]!.v, complaint: '保养', appointmentAt: SLOT, ...extra } });

  it('refuses times outside the slots and in the past', async () => {
    expect(codeOf(await book(0, { appointmentAt: '2026-11-25T01:30:00.000Z' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await book(0, { appointmentAt: '2026-11-24T12:00:00.000Z' }))).toBe('BAD_USER_INPUT'); // 20:00: closed
    expect(codeOf(await book(0, { appointmentAt: '2026-11-22T01:00:00.000Z' }))).toBe('BAD_USER_INPUT'); // past
  });

  it('reserving high-value parts needs a deposit of at least half their price', async () => {
    const parts = [{ partNumber: 'HP-200', description: '液压主泵', unitPriceMinor: '680000', quantity: 1 }];
    const low = await book(0, { reservedParts: parts, depositMinor: '300000' });
    expect(codeOf(low)).toBe('BAD_USER_INPUT');
    expect(low.errors![0]!.message).toMatch(/at least 340000/);
    const ok = await book(0, { reservedParts: parts, depositMinor: '340000' });
    expect(ok.data!.createRepairOrder.repairOrder.reservation).toMatchObject({ depositMinor: '340000' });
  });

  it('a full slot is refused with at least two free alternatives', async () => {
    await book(1);
    await book(2);
    const full = await book(3);
    expect(codeOf(full)).toBe('CONFLICT');
    const alternatives = full.errors![0]!.extensions!.details as { alternatives: string[] };
    expect(alternatives.alternatives.length).toBeGreaterThanOrEqual(2);
    expect(alternatives.alternatives[0]).toBe('2026-11-25T02:00:00.000Z');
    const day = await advisor.ok(`{ appointmentSlots(day: "2026-11-25") { start booked capacity available } }`);
    expect(day.appointmentSlots).toHaveLength(10);
    expect(day.appointmentSlots[1]).toEqual({ start: SLOT, booked: 3, capacity: 3, available: false });
    // another dealer's calendar is its own
    const other = await t.as('advisor@dealer-east2.demo');
    expect((await other.ok(`{ appointmentSlots(day: "2026-11-25") { booked } }`)).appointmentSlots[1].booked).toBe(0);
  });

  it('reminds the customer a day before, by SMS', async () => {
    now = new Date(SLOT).getTime() - 24 * HOUR + 60_000;
    await t.api.services.jobs.runDue();
    const sms = await t.sql(`select message from notifications where kind = 'appointmentReminder'`);
    expect(sms).toHaveLength(3);
    expect(sms[0].message).toMatch(/11月25日/);
  });

  it('records a no-show only after the slot, on the customer’s credit record', async () => {
    const [order] = await t.sql(`select id, version, customer_id from repair_orders where appointment_at = $1 order by id limit 1`, [SLOT]);
    const early = await advisor.gql(`mutation($i: OrderRef!) { markNoShow(input: $i) { repairOrder { status } } }`, {
      i: { id: order.id, version: order.version },
    });
    expect(codeOf(early)).toBe('INVALID_TRANSITION');
    now = new Date(SLOT).getTime() + 2 * HOUR;
    const r = await advisor.ok(`mutation($i: OrderRef!) { markNoShow(input: $i) { repairOrder { status noShow } } }`, {
      i: { id: order.id, version: order.version },
    });
    expect(r.markNoShow.repairOrder).toEqual({ status: 'CANCELLED', noShow: true });
    expect((await t.sql(`select no_show_count from customers where id = $1`, [order.customer_id]))[0].no_show_count).toBe(1);
  });
});
