import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type Client, type TestApi } from '../../test/harness.js';

const DAY = 86_400_000;
let now = Date.parse('2026-08-25T02:00:00Z');
const clock = { now: () => new Date(now) };

describe('maintenance reminders by meter (按里程/小时数主动预约)', () => {
  let t: TestApi;
  let advisor: Client;
  let vehicleId: string;
  let customerId: string;

  const planned = async () =>
    (
      await t.sql(`select run_at, payload from jobs where kind = 'vehicle.maintenanceReminder' and status = 'PENDING' and payload->>'vehicleId' = $1`, [
        vehicleId,
      ])
    ).map((j) => ({
      runAt: new Date(j.run_at).toISOString(),
      basis: j.payload.basis,
      dueAt: j.payload.dueAt,
    }));

  beforeAll(async () => {
    t = await startTestApi({ clock });
    advisor = await t.as('advisor@dealer-east.demo');
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "吴刚", phone: "13600001234", vehicles: [{ vin: "LSVMETER202600001", plate: "沪F22222", currentMeter: 10000, nextMaintenanceMeter: 20000 }] }) { customer { id vehicles { id } } } }`,
    );
    customerId = c.createCustomer.customer.id;
    vehicleId = c.createCustomer.customer.vehicles[0].id;
  });
  afterAll(() => t.stop());

  it('plans nothing from a single reading: there is no usage rate yet', async () => {
    expect(await planned()).toEqual([]);
  });

  it('a check-in reading gives the usage rate: the reminder comes a week before the predicted day', async () => {
    now += 90 * DAY; // 9 000 km in 90 days: 100 km a day, 20 000 km on 3 December
    const o = await advisor.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "异响" }) { repairOrder { id version } } }`,
      { c: customerId, v: vehicleId },
    );
    await advisor.ok(`mutation($i: CheckInInput!) { checkInRepairOrder(input: $i) { repairOrder { status } } }`, {
      i: { id: o.createRepairOrder.repairOrder.id, version: o.createRepairOrder.repairOrder.version, meter: 19000, customerSigned: true },
    });
    expect(await planned()).toEqual([{ runAt: '2026-11-26T02:00:00.000Z', basis: 'METER', dueAt: '2026-12-03T02:00:00.000Z' }]);
  });

  it('sends the customer an SMS with the predicted day and asks the desk to call', async () => {
    now = Date.parse('2026-11-26T02:01:00Z');
    await t.api.services.jobs.runDue();
    const sent = await t.sql(`select audience, kind, message from notifications where kind in ('maintenanceReminder', 'maintenanceDue') order by id`);
    expect(sent.map((n) => n.kind)).toEqual(['maintenanceReminder', 'maintenanceDue']);
    expect(sent[0].message).toContain('预计2026-12-03前后达到保养公里数20000公里');
    expect(sent[1].message).toContain('沪F22222');
    expect(sent[1].message).not.toContain('13600001234');
  });
});
