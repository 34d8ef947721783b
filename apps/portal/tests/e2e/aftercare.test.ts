import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');
const DAY = 86_400_000;

// the API's clock: the test moves it three days on to when the first follow-up call is due
let offset = 0;
const clock = { now: () => new Date(Date.now() + offset) };

describe('after delivery: the health record export and the follow-up call', () => {
  let e2e: E2E;
  let orderId: string;
  let number: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E({ clock });
    // one order walked from reception to delivery by the dealer's staff (through the API)
    const admin = await e2e.staffApi('admin@dealer-east.demo');
    const inspector = await e2e.staffApi('inspector@dealer-east.demo');
    const c = await admin(
      `mutation { createCustomer(input: { name: "冯涛", phone: "13700007788", vehicles: [{ vin: "LHYCARE2026000077", plate: "沪G77777", model: "华岳 H5", currentMeter: 48000 }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await admin(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "刹车异响" }) { repairOrder { id number } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    orderId = o.createRepairOrder.repairOrder.id;
    number = o.createRepairOrder.repairOrder.number;
    const v = async () => (await admin(`query($id: ID!) { repairOrder(id: $id) { version } }`, { id: orderId })).repairOrder.version;
    const step = async (api: typeof admin, name: string, type: string, extra: Record<string, unknown> = {}) =>
      api(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { status } } }`, { i: { id: orderId, version: await v(), ...extra } });
    await step(admin, 'checkInRepairOrder', 'CheckInInput', { meter: 50120, customerSigned: true });
    await step(admin, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '制动', finding: '前刹车片磨损到极限' }], summary: '更换前刹车片' });
    await step(admin, 'estimateRepairOrder', 'EstimateInput', {
      method: 'ITEM',
      lines: [
        { kind: 'LABOUR', description: '更换前刹车片', operationCode: 'BR-010', hours: '1', rateMinor: '15000', payType: 'CUSTOMER' },
        { kind: 'PART', description: '前刹车片', partNumber: 'BP-77', quantity: '1', unitPriceMinor: '36000', source: 'OEM', payType: 'CUSTOMER' },
      ],
    });
    await step(admin, 'approveRepairOrder', 'OrderRef');
    const techId = (await (await e2e.staffApi('tech@dealer-east.demo'))(`{ me { user { id } } }`)).me.user.id;
    await step(admin, 'dispatchRepairOrder', 'DispatchInput', { technicianId: techId });
    await step(admin, 'startRepairWork', 'OrderRef');
    await step(admin, 'finishRepairWork', 'OrderRef');
    await step(inspector, 'recordQualityCheck', 'QcInput', { passed: true });
    await step(admin, 'settleRepairOrder', 'SettleInput', { paymentMethod: '微信支付' });
    await step(admin, 'deliverRepairOrder', 'DeliverInput', { belongingsReturned: true, customerSigned: true });
  });
  afterAll(() => e2e?.stop());

  it('the advisor downloads the repair health record (汽车维修电子健康档案) of the settled job', async () => {
    const advisor = await e2e.signIn('advisor@dealer-east.demo');
    await advisor.goto(`${e2e.base}/orders/${orderId}`);
    const res = await advisor.request.get(`${e2e.base}/orders/${orderId}/health-record`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toBe(`attachment; filename="${number}-health-record.json"`);
    const record = await res.json();
    expect(record).toMatchObject({
      standard: '汽车维修电子健康档案',
      companyCode: 'DLR-E1',
      vin: 'LHYCARE2026000077',
      plateNumber: '沪G77777',
      repairOrderNumber: number,
      mileage: 50120,
      faultDescription: '刹车异响',
      repairItems: [{ code: 'BR-010', name: '更换前刹车片', hours: '1' }],
      parts: [{ partNumber: 'BP-77', name: '前刹车片', source: 'OEM' }],
      totalAmount: { amountMinor: '51000', currency: 'CNY' },
    });
    for (const k of ['repairDate', 'settlementDate', 'deliveryDate']) expect(record[k], k).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // another dealer gets nothing
    const other = await e2e.signIn('admin@dealer-east2.demo');
    expect((await other.request.get(`${e2e.base}/orders/${orderId}/health-record`)).status()).toBe(404);
  });

  it('three days later the care agent finds the call in the queue and records it; the complaint is linked', async () => {
    offset = 3 * DAY + 60_000;
    await e2e.stack.api.services.jobs.runDue();
    const care = await e2e.signIn('care@dealer-east.demo');
    await care.goto(`${e2e.base}/follow-ups`);
    const call = care.getByTestId('follow-up').filter({ hasText: '冯涛' });
    await call.waitFor();
    expect(await call.textContent()).toContain('13700007788');
    const form = call.locator('form[action="?/record"]');
    await form.locator('select[name=satisfaction]').selectOption('4');
    await form.locator('input[name=vehicleCondition]').fill('刹车正常');
    await form.locator('input[name=nextMaintenanceMeter]').fill('60000');
    await form.locator('input[name=complaint]').fill('取车等了四十分钟');
    await care.screenshot({ path: path.join(shots, 'follow-up-queue.png'), fullPage: true });
    await form.locator('button').click();
    await expect.poll(() => care.getByTestId('follow-up').filter({ hasText: '冯涛' }).count()).toBe(0);
    await care.goto(`${e2e.base}/follow-ups?status=DONE`);
    const done = care.getByTestId('follow-up').filter({ hasText: '冯涛' });
    expect(await done.textContent()).toContain('★★★★');
    expect(await done.locator('.badge.warn').count()).toBe(1); // complaint recorded
  });

  it('the customer rates the repair on their phone; the advisor reads the stars on the order, live, and in the customer file', async () => {
    const admin = await e2e.staffApi('admin@dealer-east.demo');
    const link = (await admin(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { path } }`, { id: orderId })).createTrackingLink;
    const advisor = await e2e.signIn('advisor@dealer-east.demo');
    await advisor.goto(`${e2e.base}/orders/${orderId}`);
    expect(await advisor.getByTestId('order-rating').count()).toBe(0);

    const phone = await (await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' })).newPage();
    await phone.goto(`${e2e.base}${link.path}`);
    await phone.locator('[data-hydrated=yes]').waitFor();
    await phone.getByTestId('digits').fill('7788');
    await phone.getByTestId('open').click();
    await phone.getByTestId('rate').waitFor();
    await phone.getByRole('button', { name: '2', exact: true }).click();
    await phone.locator('textarea').fill('取车等了四十分钟');
    await phone.getByTestId('rate').click();
    await phone.locator('.alert.ok').waitFor();
    await phone.context().close();

    // the advisor's open order page shows it without a reload
    const rating = advisor.getByTestId('order-rating');
    await rating.waitFor();
    expect(await rating.getAttribute('data-stars')).toBe('2');
    expect(await rating.textContent()).toContain('取车等了四十分钟');
    await advisor.goto(`${e2e.base}/customers?q=${encodeURIComponent('冯涛')}`);
    const inFile = advisor.getByTestId('customer-rating');
    await inFile.first().waitFor();
    expect(await inFile.first().getAttribute('data-stars')).toBe('2');
    expect(await inFile.first().textContent()).toContain(number);
    await advisor.context().close();
  });
});
