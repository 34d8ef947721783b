import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type AnyJson, type Client, type TestApi } from '../../test/harness.js';

const HOUR = 3_600_000;
let now = new Date('2026-11-23T02:00:00.000Z').getTime(); // Mon 10:00 in Shanghai
const clock = { now: () => new Date(now) };
const SLOT = '2026-11-25T01:00:00.000Z'; // Wed 09:00 in Shanghai
const LATER = '2026-11-26T06:00:00.000Z'; // Thu 14:00

const PAGE = `query($c: String!, $d: String!) { bookingPage(providerCode: $c, day: $d) { providerCode providerName day horizonDays slots { start available } } }`;
const REQUEST = `mutation($i: RequestBookingInput!) { requestBooking(input: $i) { number kind status requestedAt providerName } }`;
const INBOX = `query($s: BookingStatus) { bookingRequests(status: $s) { nodes { id number kind status name phone phoneMasked plate vin complaint siteAddress requestedAt source sourceRepairOrderId repairOrderId declineReason version customerMatches { id name } } } }`;
const ACCEPT = `mutation($i: AcceptBookingRequestInput!) { acceptBookingRequest(input: $i) { bookingRequest { id status repairOrderId version } } }`;
const DECLINE = `mutation($i: DeclineBookingRequestInput!) { declineBookingRequest(input: $i) { bookingRequest { id status declineReason } } }`;

const visitor = (extra: Record<string, unknown> = {}) => ({
  providerCode: 'DLR-E1',
  kind: 'WORKSHOP',
  requestedAt: SLOT,
  name: '孙悦',
  phone: '139 0000 1111',
  plate: '沪e 12345',
  complaint: '保养，顺便检查空调异响',
  ...extra,
});

describe('public booking page (在线预约)', () => {
  let t: TestApi;
  let anon: Client;
  let advisor: Client;

  const count = async (table: string) => Number((await t.sql(`select count(*)::int as n from ${table}`))[0].n);
  const inbox = async (status?: string) => (await advisor.ok(INBOX, { s: status ?? null })).bookingRequests.nodes as AnyJson[];
  const byNumber = async (n: string) => (await inbox()).find((r) => r.number === n);

  beforeAll(async () => {
    t = await startTestApi({ clock });
    anon = t.client();
    advisor = await t.as('advisor@dealer-east.demo');
  });
  afterAll(() => t.stop());

  it('shows the provider and its free times without an account; manufacturers and unknown codes have no page', async () => {
    const page = (await anon.ok(PAGE, { c: 'dlr-e1', d: '2026-11-25' })).bookingPage;
    expect(page.providerCode).toBe('DLR-E1');
    expect(page.providerName).toMatch(/华东/);
    expect(page.slots).toHaveLength(10);
    expect(page.slots.every((s: { available: boolean }) => s.available)).toBe(true);
    expect(codeOf(await anon.gql(PAGE, { c: 'OEM-HY', d: '2026-11-25' }))).toBe('NOT_FOUND');
    expect(codeOf(await anon.gql(PAGE, { c: 'NOPE', d: '2026-11-25' }))).toBe('NOT_FOUND');
    expect(codeOf(await anon.gql(PAGE, { c: 'DLR-E1', d: '25.11.2026' }))).toBe('BAD_USER_INPUT');
    // today's past hours are not offered
    const today = (await anon.ok(PAGE, { c: 'DLR-E1', d: '2026-11-23' })).bookingPage.slots;
    expect(today.filter((s: { available: boolean }) => s.available).map((s: { start: string }) => s.start)[0]).toBe('2026-11-23T03:00:00.000Z');
  });

  it('refuses incomplete requests with every problem listed, and writes nothing', async () => {
    const before = await count('booking_requests');
    const r = await anon.gql(REQUEST, { i: visitor({ name: ' ', phone: '12345', plate: null, complaint: '', requestedAt: '2026-11-22T01:00:00.000Z' }) });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    const fields = (r.errors![0]!.extensions!.details as { problems: { field: string }[] }).problems.map((p) => p.field).sort();
    expect(fields).toEqual(['input.complaint', 'input.name', 'input.phone', 'input.plate', 'input.requestedAt']);
    expect(codeOf(await anon.gql(REQUEST, { i: visitor({ requestedAt: '2026-11-25T01:30:00.000Z' }) }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await anon.gql(REQUEST, { i: visitor({ kind: 'ON_SITE' }) }))).toBe('BAD_USER_INPUT'); // no address
    expect(codeOf(await anon.gql(REQUEST, { i: visitor({ requestedAt: '2027-02-01T01:00:00.000Z' }) }))).toBe('BAD_USER_INPUT'); // beyond 30 days
    expect(await count('booking_requests')).toBe(before);
  });

  it('takes a request: a reference for the customer, an SMS, and the desk’s inbox (own dealer only)', async () => {
    const r = (await anon.ok(REQUEST, { i: visitor() })).requestBooking;
    expect(r).toMatchObject({ kind: 'WORKSHOP', status: 'PENDING', requestedAt: SLOT });
    expect(r.number).toMatch(/^BK-2026-\d{6}$/);
    expect(JSON.stringify(r)).not.toMatch(/13900001111/); // nothing of the visitor is echoed
    const row = await byNumber(r.number);
    expect(row).toMatchObject({
      name: '孙悦',
      phone: '13900001111',
      phoneMasked: '139****1111',
      plate: '沪E12345',
      source: 'BOOKING_PAGE',
      customerMatches: [],
    });
    const sms = await t.sql(`select message from notifications where kind = 'bookingReceived'`);
    expect(sms.at(-1).message).toContain(r.number);
    const audit = await t.sql(`select actor_name, actor_user_id from audit_log where entity_id = $1`, [row.id]);
    expect(audit).toEqual([{ actor_name: 'visitor (booking page): 孙悦', actor_user_id: null }]);
    // the other dealer and a technician see nothing of it
    const other = await t.as('admin@dealer-east2.demo');
    expect((await other.ok(INBOX, { s: null })).bookingRequests.nodes).toEqual([]);
    expect(codeOf(await (await t.as('tech@dealer-east.demo')).gql(INBOX, { s: null }))).toBe('FORBIDDEN');
  });

  it('a waiting request holds its time: a full time is refused with the nearest free ones', async () => {
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "钱多", phone: "13700000001", vehicles: [{ vin: "HYBOOK00000000001" }, { vin: "HYBOOK00000000002" }] }) { customer { id vehicles { id } } } }`,
    );
    for (const v of c.createCustomer.customer.vehicles) {
      await advisor.ok(`mutation($i: CreateRepairOrderInput!) { createRepairOrder(input: $i) { repairOrder { id } } }`, {
        i: { customerId: c.createCustomer.customer.id, vehicleId: v.id, complaint: '保养', appointmentAt: SLOT },
      });
    }
    // two appointments + the pending request = three bays
    const page = (await anon.ok(PAGE, { c: 'DLR-E1', d: '2026-11-25' })).bookingPage;
    expect(page.slots.find((s: { start: string }) => s.start === SLOT).available).toBe(false);
    const full = await anon.gql(REQUEST, { i: visitor({ phone: '13900002222', name: '李娜' }) });
    expect(codeOf(full)).toBe('CONFLICT');
    const alts = (full.errors![0]!.extensions!.details as { alternatives: string[] }).alternatives;
    expect(alts.length).toBeGreaterThanOrEqual(2);
    expect(alts[0]).toBe('2026-11-25T02:00:00.000Z');
  });

  it('limits open requests per phone number', async () => {
    for (const at of ['2026-11-25T02:00:00.000Z', '2026-11-25T03:00:00.000Z']) await anon.ok(REQUEST, { i: visitor({ requestedAt: at }) });
    const fourth = await anon.gql(REQUEST, { i: visitor({ requestedAt: '2026-11-25T05:00:00.000Z' }) });
    expect(codeOf(fourth)).toBe('RATE_LIMITED');
    expect(fourth.errors![0]!.message).toMatch(/already has 3 requests/);
  });

  it('accepting opens the customer and vehicle files and an APPOINTED order in one step; without a VIN nothing is written', async () => {
    const req = (await inbox('PENDING')).find((r) => r.requestedAt === SLOT);
    const customersBefore = await count('customers');
    const noVin = await advisor.gql(ACCEPT, { i: { id: req.id, version: req.version } });
    expect(codeOf(noVin)).toBe('BAD_USER_INPUT');
    expect(noVin.errors![0]!.message).toMatch(/VIN/);
    expect(await count('customers')).toBe(customersBefore);
    // the slot is full of appointments plus this request: accepting it takes the third bay
    const ok = (await advisor.ok(ACCEPT, { i: { id: req.id, version: req.version, vin: 'LHYBOOK0000000099' } })).acceptBookingRequest.bookingRequest;
    expect(ok.status).toBe('ACCEPTED');
    const [order] = await t.sql(
      `select o.status, o.appointment_at, o.complaint, c.name, c.phone, v.plate, v.vin from repair_orders o join customers c on c.id = o.customer_id join vehicles v on v.id = o.vehicle_id where o.id = $1`,
      [ok.repairOrderId],
    );
    expect(order).toMatchObject({
      status: 'APPOINTED',
      complaint: '保养，顺便检查空调异响',
      name: '孙悦',
      phone: '13900001111',
      plate: '沪E12345',
      vin: 'LHYBOOK0000000099',
    });
    expect(order.appointment_at.toISOString()).toBe(SLOT);
    const sms = await t.sql(`select message from notifications where kind = 'bookingAccepted'`);
    expect(sms[0].message).toMatch(/预约成功：11\/25 09:00/);
    // answered twice: the stale version is a conflict, the fresh one an invalid transition
    expect(codeOf(await advisor.gql(ACCEPT, { i: { id: req.id, version: req.version } }))).toBe('CONFLICT');
    expect(codeOf(await advisor.gql(DECLINE, { i: { id: req.id, version: ok.version, reason: 'x' } }))).toBe('INVALID_TRANSITION');
  });

  it('the next request of the same phone is booked onto the existing files', async () => {
    const req = (await inbox('PENDING')).find((r) => r.requestedAt === '2026-11-25T02:00:00.000Z');
    expect(req.customerMatches).toEqual([expect.objectContaining({ name: '孙悦' })]);
    const customersBefore = await count('customers');
    const vehiclesBefore = await count('vehicles');
    await advisor.ok(ACCEPT, { i: { id: req.id, version: req.version } }); // vehicle found by the plate on the file
    expect(await count('customers')).toBe(customersBefore);
    expect(await count('vehicles')).toBe(vehiclesBefore);
  });

  it('declining sends the reason; a request nobody answered expires at its time', async () => {
    const pending = await inbox('PENDING');
    expect(pending).toHaveLength(1);
    const d = (await advisor.ok(DECLINE, { i: { id: pending[0].id, version: pending[0].version, reason: '当天技师已满，请改约周四' } })).declineBookingRequest
      .bookingRequest;
    expect(d).toMatchObject({ status: 'DECLINED', declineReason: '当天技师已满，请改约周四' });
    expect((await t.sql(`select message from notifications where kind = 'bookingDeclined'`))[0].message).toMatch(/请改约周四/);

    const late = (await anon.ok(REQUEST, { i: visitor({ phone: '13900003333', requestedAt: LATER }) })).requestBooking;
    now = new Date(LATER).getTime() + 60_000;
    await t.api.services.jobs.runDue();
    expect((await byNumber(late.number)).status).toBe('EXPIRED');
    expect((await t.sql(`select count(*)::int as n from notifications where kind = 'bookingExpired'`))[0].n).toBe(1);
    // answered requests do not expire again
    expect((await t.sql(`select count(*)::int as n from booking_requests where status = 'EXPIRED'`))[0].n).toBe(1);
    now = new Date('2026-11-23T02:00:00.000Z').getTime();
  });

  it('an on-site request becomes an on-site order at the customer’s address, not a workshop slot', async () => {
    const r = (
      await anon.ok(REQUEST, {
        i: visitor({
          kind: 'ON_SITE',
          phone: '13900004444',
          name: '周强',
          plate: null,
          vin: 'hyzl50c2026000777',
          siteAddress: '徐州市铜山区煤场3号',
          complaint: '装载机无法启动',
        }),
      })
    ).requestBooking;
    const req = await byNumber(r.number);
    const ok = (await advisor.ok(ACCEPT, { i: { id: req.id, version: req.version } })).acceptBookingRequest.bookingRequest;
    const [order] = await t.sql(`select on_site, site_address, appointment_at from repair_orders where id = $1`, [ok.repairOrderId]);
    expect(order).toEqual({ on_site: true, site_address: '徐州市铜山区煤场3号', appointment_at: null });
  });

  it('a customer books the next visit from their tracking link without typing their details again', async () => {
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "赵磊", phone: "13812345678", vehicles: [{ vin: "HYZL50C2026000888", plate: "沪D11111" }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await advisor.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "动臂下沉" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    const token = (
      await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id: o.createRepairOrder.repairOrder.id })
    ).createTrackingLink.token;
    const BY_LINK = `mutation($i: RequestBookingByLinkInput!) { requestBookingByLink(input: $i) { number providerName } }`;
    const i = { token, phoneLast4: '5678', kind: 'WORKSHOP', requestedAt: '2026-11-27T01:00:00.000Z', complaint: '下次保养' };
    expect(codeOf(await anon.gql(BY_LINK, { i: { ...i, phoneLast4: '0000' } }))).toBe('UNAUTHENTICATED');
    const r = (await anon.ok(BY_LINK, { i })).requestBookingByLink;
    const row = await byNumber(r.number);
    expect(row).toMatchObject({
      source: 'TRACKING_LINK',
      name: '赵磊',
      phone: '13812345678',
      plate: '沪D11111',
      vin: 'HYZL50C2026000888',
      sourceRepairOrderId: o.createRepairOrder.repairOrder.id,
    });
    expect(row.customerMatches).toEqual([{ id: c.createCustomer.customer.id, name: '赵磊' }]);
    // an on-site visit needs an address: this customer's file has none, so it must be typed
    const onSite = { ...i, kind: 'ON_SITE', requestedAt: '2026-11-27T02:00:00.000Z' };
    expect(codeOf(await anon.gql(BY_LINK, { i: onSite }))).toBe('BAD_USER_INPUT');
    expect((await anon.ok(BY_LINK, { i: { ...onSite, siteAddress: '上海市嘉定区某工地' } })).requestBookingByLink.number).toMatch(/^BK-/);
    now += HOUR;
  });
});
