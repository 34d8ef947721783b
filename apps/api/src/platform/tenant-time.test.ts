import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type Client, type TestApi } from '../test/harness.js';

// New Year's Eve, 20:00 UTC: already 1 January 2027 (04:00) in Shanghai, still 31 December (15:00) in New York
let now = Date.parse('2026-12-31T20:00:00Z');
const clock = { now: () => new Date(now) };

const CUSTOMER = `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id phone vehicles { id } } } }`;
const ORDER = `mutation($i: CreateRepairOrderInput!) { createRepairOrder(input: $i) { repairOrder { id number appointmentAt } } }`;
const SLOTS = `query($d: String!) { appointmentSlots(day: $d) { start } }`;

describe('the tenant’s own time zone (Asia/Shanghai only by default)', () => {
  let t: TestApi;
  let ny: Client; // DLR-E1, moved to America/New_York
  let sh: Client; // DLR-E2, the default zone
  const files: Record<'ny' | 'sh', { customer: string; vehicle: string; phone: string }> = {} as never;

  beforeAll(async () => {
    t = await startTestApi({ clock });
    const [east] = await t.sql(`select tenant_id from users where email = 'advisor@dealer-east.demo'`);
    await t.sql(`update tenants set timezone = 'America/New_York' where id = $1`, [east.tenant_id]);
    ny = await t.as('advisor@dealer-east.demo');
    sh = await t.as('advisor@dealer-east2.demo');
    for (const [who, c, n] of [
      ['ny', ny, 1],
      ['sh', sh, 2],
    ] as const) {
      const r = await c.ok(CUSTOMER, {
        i: { name: `时区${n}`, phone: `1390000000${n}`, vehicles: [{ vin: `LTZ0000000000000${n}`, nextMaintenanceOn: '2027-02-15' }] },
      });
      files[who] = { customer: r.createCustomer.customer.id, vehicle: r.createCustomer.customer.vehicles[0].id, phone: r.createCustomer.customer.phone };
    }
  });
  afterAll(() => t?.stop());

  it('reads its zone from the tenant row, Asia/Shanghai by default', async () => {
    const zones = await t.sql(
      `select u.email, t.timezone from users u join tenants t on t.id = u.tenant_id where u.email in ('advisor@dealer-east.demo', 'advisor@dealer-east2.demo') order by u.email`,
    );
    expect(zones).toEqual([
      { email: 'advisor@dealer-east.demo', timezone: 'America/New_York' },
      { email: 'advisor@dealer-east2.demo', timezone: 'Asia/Shanghai' },
    ]);
    expect((await ny.ok(`{ me { tenant { timezone } } }`)).me.tenant.timezone).toBe('America/New_York');
  });

  it('numbers documents by the tenant’s own year', async () => {
    const a = await ny.ok(ORDER, { i: { customerId: files.ny.customer, vehicleId: files.ny.vehicle, complaint: '年末保养' } });
    const b = await sh.ok(ORDER, { i: { customerId: files.sh.customer, vehicleId: files.sh.vehicle, complaint: '年初保养' } });
    expect(a.createRepairOrder.repairOrder.number).toMatch(/^RO-2026-\d+$/);
    expect(b.createRepairOrder.repairOrder.number).toMatch(/^RO-2027-\d+$/);
  });

  it('opens its appointment slots at 08:00 on its own wall clock', async () => {
    const nySlots = (await ny.ok(SLOTS, { d: '2027-01-05' })).appointmentSlots.map((s: { start: string }) => s.start);
    const shSlots = (await sh.ok(SLOTS, { d: '2027-01-05' })).appointmentSlots.map((s: { start: string }) => s.start);
    expect(nySlots[0]).toBe('2027-01-05T13:00:00.000Z'); // 08:00 EST
    expect(shSlots[0]).toBe('2027-01-05T00:00:00.000Z'); // 08:00 in Shanghai
    expect(nySlots).toHaveLength(10);
    // 08:00 in Shanghai is 19:00 in New York: closed there
    const closed = await ny.gql(ORDER, {
      i: { customerId: files.ny.customer, vehicleId: files.ny.vehicle, complaint: '保养', appointmentAt: '2027-01-05T00:00:00.000Z' },
    });
    expect(codeOf(closed)).toBe('BAD_USER_INPUT');
    const booked = await ny.ok(ORDER, {
      i: { customerId: files.ny.customer, vehicleId: files.ny.vehicle, complaint: '保养', appointmentAt: '2027-01-05T13:00:00.000Z' },
    });
    expect(booked.createRepairOrder.repairOrder.appointmentAt).toBe('2027-01-05T13:00:00.000Z');
  });

  it('plans the maintenance reminder at 09:00 of the tenant’s day, and writes times in its zone', async () => {
    const planned = async (vehicleId: string) =>
      (
        await t.sql(`select run_at from jobs where kind = 'vehicle.maintenanceReminder' and status = 'PENDING' and payload->>'vehicleId' = $1`, [vehicleId])
      ).map((j) => new Date(j.run_at).toISOString());
    // due 15 February: a week before, 09:00 where the workshop is
    expect(await planned(files.ny.vehicle)).toEqual(['2027-02-08T14:00:00.000Z']);
    expect(await planned(files.sh.vehicle)).toEqual(['2027-02-08T01:00:00.000Z']);

    // the appointment reminder, a day before, tells the New York customer 08:00, not 21:00
    now = Date.parse('2027-01-04T13:01:00Z');
    await t.api.services.jobs.runDue();
    const [sms] = await t.sql(`select message, recipient from notifications where kind = 'appointmentReminder'`);
    expect(sms.message).toContain('1月5日 08:00');
    // the module that sends names the phone (the notification path reads no customer table)
    expect(sms.recipient).toBe(files.ny.phone);
  });
});
