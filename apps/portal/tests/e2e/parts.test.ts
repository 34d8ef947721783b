import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpeg, startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');
const LIVE = { timeout: 30_000 };

/**
 * Parts orders between a dealer and a supplier, as the people do it: the dealer's parts clerk
 * orders from the catalogue (an old number becomes the current one) and, for a repair at work,
 * the parts it lacks; the supplier's order desk sees the order arrive without reloading, backorders
 * what it lacks and ships the rest; the clerk counts the shipment in and rejects a damaged hose;
 * stock arrives at the supplier, the backorder is allocated and shipped; when it is received the
 * repair that waited for it goes back to work, on the advisor's open page.
 */
describe('parts: order, order desk, backorder, receiving with a discrepancy, the repair waiting for it', () => {
  let e2e: E2E;
  let repairId: string;
  let supplierId: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    // a repair at work at 华东一店 that needs a seal kit ×3 and a hose ×2, neither in the shop's stock
    const admin = await e2e.staffApi('admin@dealer-east.demo');
    const c = await admin(
      `mutation { createCustomer(input: { name: "郑凯", phone: "13700005522", vehicles: [{ vin: "HYDEMO00003", plate: "沪H52210", model: "ZL50", currentMeter: 2100 }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await admin(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "动臂油缸漏油" }) { repairOrder { id } } }`,
      { c: c.createCustomer.customer.id, v: c.createCustomer.customer.vehicles[0].id },
    );
    repairId = o.createRepairOrder.repairOrder.id;
    const v = async () => (await admin(`query($id: ID!) { repairOrder(id: $id) { version } }`, { id: repairId })).repairOrder.version;
    const step = async (name: string, type: string, extra: Record<string, unknown> = {}) =>
      admin(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { status } } }`, { i: { id: repairId, version: await v(), ...extra } });
    await step('checkInRepairOrder', 'CheckInInput', { meter: 2100, customerSigned: true });
    await step('diagnoseRepairOrder', 'DiagnoseInput', {
      findings: [{ system: '液压', finding: '动臂油缸密封件老化，油管破损' }],
      summary: '更换密封件和油管',
    });
    await step('estimateRepairOrder', 'EstimateInput', {
      method: 'ITEM',
      lines: [
        { kind: 'LABOUR', description: '更换动臂油缸密封件', hours: '3', rateMinor: '15000', payType: 'CUSTOMER' },
        { kind: 'PART', description: '动臂油缸密封件包', partNumber: 'SH-SK30', quantity: '3', unitPriceMinor: '38000', source: 'OEM', payType: 'CUSTOMER' },
        { kind: 'PART', description: '高压油管', partNumber: 'SH-H12', quantity: '2', unitPriceMinor: '22000', source: 'OEM', payType: 'CUSTOMER' },
      ],
    });
    await step('approveRepairOrder', 'OrderRef');
    const techId = (await (await e2e.staffApi('tech@dealer-east.demo'))(`{ me { user { id } } }`)).me.user.id;
    await step('dispatchRepairOrder', 'DispatchInput', { technicianId: techId });
    await step('startRepairWork', 'OrderRef');
    supplierId = (await admin(`{ partsSellers { id name } }`)).partsSellers.find((s: { name: string }) => s.name.includes('液压')).id;
  });
  afterAll(() => e2e?.stop());

  let clerk: Page;
  let desk: Page;
  let advisor: Page;
  let orderNumber: string;
  let orderUrl: string;

  it('the clerk orders from the catalogue: an old number shows the one that replaced it, the cart totals at the net price', async () => {
    clerk = await e2e.signIn('parts@dealer-east.demo');
    await clerk.goto(`${e2e.base}/`);
    await clerk.locator('[data-nav=parts]').click();
    await clerk.waitForURL(/\/parts$/);
    await clerk.getByTestId('new-parts-order').click();
    await clerk.waitForURL(/\/parts\/new/);
    await clerk.getByTestId('seller').selectOption(supplierId);
    await clerk.getByTestId('search-query').fill('SH-F10');
    await clerk.getByTestId('search').click();
    const old = clerk.locator('[data-testid=catalogue-part][data-part=SH-F10]');
    await old.waitFor();
    expect(await old.getByTestId('superseded-by').textContent()).toBe('已由 SH-F20 替代');
    // the old number is offered as the one that replaced it, at that one's price
    await old.getByTestId('add-part').click();
    const line = clerk.locator('[data-testid=cart-line][data-part=SH-F20]');
    await line.waitFor();
    expect(await line.getByTestId('cart-replaces').textContent()).toBe('替代旧号 SH-F10');
    await clerk.locator('[data-testid=cart-line][data-part=SH-F20] [data-testid=cart-qty]').fill('5');
    // 5 × ¥68.00 list, no discount on this trade account
    await expect.poll(() => clerk.getByTestId('cart-total').textContent()).toBe('¥340.00');
    await clerk.screenshot({ path: path.join(shots, 'parts-new-order.png'), fullPage: true });
    await clerk.getByTestId('place-order').click();
    await clerk.waitForURL(/\/parts\/[0-9a-f-]{36}$/);
    await expect.poll(() => clerk.getByTestId('parts-order-status').getAttribute('data-status')).toBe('SUBMITTED');
    expect(await clerk.locator('[data-testid=parts-line][data-part=SH-F20]').textContent()).toContain('5');
  });

  it('the supplier’s order desk sees the repair’s order arrive live, backorders one seal kit and ships the rest', async () => {
    desk = await e2e.signIn('orders@sup-hyd.demo');
    // the workbench tells the desk what waits for it (the demo's stock order of 华东一店)
    const tile = desk.getByTestId('work-partsToConfirm');
    await tile.waitFor();
    const waiting = Number(await tile.getByTestId('work-count').textContent());
    expect(waiting).toBeGreaterThan(0);
    await desk.screenshot({ path: path.join(shots, 'parts-desk-workbench.png'), fullPage: true });
    await desk.goto(`${e2e.base}/parts?side=SELLING&view=toConfirm`);
    const before = await desk.getByTestId('parts-order').count();

    // the repair at the dealer lacks both parts: on the repair's page the clerk orders them from the supplier, as an emergency
    await clerk.goto(`${e2e.base}/orders/${repairId}`);
    const form = clerk.getByTestId('form-reserveParts');
    await form.getByTestId('parts-seller').selectOption(supplierId);
    await form.getByTestId('parts-order-type').selectOption('EMERGENCY');
    await form.getByTestId('reserve-parts').click();
    const ordered = clerk.locator('[data-testid=part-order]').first();
    await ordered.waitFor(LIVE);
    orderNumber = (await ordered.getAttribute('data-number'))!;
    orderUrl = `${e2e.base}${await ordered.locator('a').getAttribute('href')}`;
    await expect.poll(() => clerk.getByTestId('order-status').getAttribute('data-status'), LIVE).toBe('AWAITING_PARTS');

    // no reload: the desk's list shows it
    const row = desk.locator(`[data-testid=parts-order][data-number="${orderNumber}"]`);
    await row.waitFor(LIVE);
    expect(await desk.getByTestId('parts-order').count()).toBe(before + 1);
    expect(await row.getByTestId('parts-order-type').textContent()).toBe('紧急订单');
    await desk.screenshot({ path: path.join(shots, 'parts-desk.png'), fullPage: true });

    await row.getByTestId('parts-order-link').click();
    await desk.waitForURL(orderUrl);
    const kit = desk.locator('[data-testid=confirm-line][data-part=SH-SK30]');
    await kit.getByTestId('allocate').fill('2');
    await kit.getByTestId('backorder').fill('1');
    await kit.getByTestId('expected-on').fill('2026-12-20');
    await desk.getByTestId('confirm').click();
    await expect.poll(() => desk.getByTestId('parts-order-status').getAttribute('data-status'), LIVE).toBe('CONFIRMED');
    expect(await desk.locator('[data-testid=parts-line][data-part=SH-SK30] [data-testid=line-backordered]').textContent()).toContain('2026-12-20');

    await desk.getByTestId('carrier').fill('顺丰速运');
    await desk.getByTestId('tracking-number').fill('SF1234567890');
    await desk.getByTestId('ship').click();
    await expect.poll(() => desk.getByTestId('parts-order-status').getAttribute('data-status'), LIVE).toBe('PARTIALLY_SHIPPED');
    await desk.screenshot({ path: path.join(shots, 'parts-order-desk-shipped.png'), fullPage: true });
  });

  it('the clerk counts the shipment in on a phone and rejects a damaged hose; the packing list prints', async () => {
    const phone = await e2e.signIn('parts@dealer-east.demo', { width: 390, height: 844 });
    await phone.goto(orderUrl);
    const shipment = phone.locator('[data-testid=shipment][data-received=no]');
    await shipment.waitFor();
    const hose = shipment.locator('[data-testid=receive-line][data-part=SH-H12]');
    await hose.getByTestId('rejected').fill('1');
    await hose.getByTestId('reject-reason').selectOption('DAMAGED');
    await hose.getByTestId('receive-note').fill('外包装破损，油管接头变形');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await phone.screenshot({ path: path.join(shots, 'parts-receive-390.png'), fullPage: true });
    await phone.getByTestId('receive').click();
    const discrepancy = phone.locator('[data-testid=discrepancy][data-reason=DAMAGED]');
    await discrepancy.waitFor(LIVE);
    expect(await discrepancy.getByTestId('discrepancy-status').textContent()).toBe('待答复');
    // a photo of the damaged hose, for the seller to judge
    await discrepancy.getByTestId('photo-file').setInputFiles({ name: '油管破损.jpg', mimeType: 'image/jpeg', buffer: await jpeg(phone) });
    await discrepancy.getByTestId('upload-photos').click();
    await discrepancy.getByTestId('discrepancy-photo').waitFor(LIVE);
    expect(await phone.locator('[data-testid=shipment][data-received=yes]').count()).toBe(1);

    // the seller's packing list and the buyer's receiving note
    await phone.getByTestId('print-receiving').first().click();
    await phone.getByTestId('print-form').waitFor();
    expect(await phone.getByTestId('print-form').textContent()).toContain('入库单');
    expect(await phone.locator('[data-testid=print-line][data-part=SH-H12]').textContent()).toContain('破损');
    await desk.goto(orderUrl);
    await desk.getByTestId('print-packing').first().click();
    await desk.getByTestId('print-form').waitFor();
    const packing = await desk.getByTestId('print-form').textContent();
    expect(packing).toContain('发货单');
    expect(packing).toContain('SF1234567890');
    await desk.screenshot({ path: path.join(shots, 'parts-packing-list.png'), fullPage: true });
    await phone.close();
  });

  it('stock arrives at the supplier: the backorder gets it, ships, is received, and the repair goes back to work live', async () => {
    advisor = await e2e.signIn('advisor@dealer-east.demo');
    await advisor.goto(`${e2e.base}/orders/${repairId}`);
    expect(await advisor.getByTestId('order-status').getAttribute('data-status')).toBe('AWAITING_PARTS');

    await desk.goto(`${e2e.base}/parts/stock?q=SH-SK30`);
    await desk.getByTestId('adjust-part').fill('SH-SK30');
    await desk.getByTestId('adjust-qty').fill('5');
    await desk.getByTestId('adjust-reason').selectOption('OTHER');
    await desk.getByTestId('adjust').click();
    await desk.getByTestId('stock-ok').waitFor();
    await desk.locator('[data-testid=stock-item][data-part=SH-SK30] [data-testid=stock-item-link]').click();
    await desk.getByTestId('allocate-backorders').click();
    await expect.poll(() => desk.getByTestId('stock-ok').textContent(), LIVE).toContain(orderNumber);
    await desk.screenshot({ path: path.join(shots, 'parts-stock.png'), fullPage: true });

    await desk.goto(orderUrl);
    await desk.getByTestId('ship').click();
    await expect.poll(() => desk.getByTestId('parts-order-status').getAttribute('data-status'), LIVE).toBe('SHIPPED');

    await clerk.goto(orderUrl);
    await clerk.locator('[data-testid=shipment][data-received=no]').waitFor();
    await clerk.getByTestId('receive').click();
    await expect.poll(() => clerk.getByTestId('parts-order-status').getAttribute('data-status'), LIVE).toBe('RECEIVED');
    // the advisor's open page: the repair is back at work without a reload
    await expect.poll(() => advisor.getByTestId('order-status').getAttribute('data-status'), LIVE).toBe('IN_PROGRESS');
    expect(await advisor.getByTestId('order-status').textContent()).toBe('维修中');
  });

  it('the desk answers the discrepancy with a credit; its shipment accuracy counts it', async () => {
    await desk.goto(orderUrl);
    // the seller sees the buyer's photo before answering
    const photo = desk.locator('[data-testid=discrepancy] [data-testid=discrepancy-photo]');
    expect(await photo.textContent()).toBe('油管破损.jpg');
    expect((await desk.request.get(`${e2e.base}${await photo.getAttribute('href')}`)).headers()['content-type']).toBe('image/jpeg');
    await desk.getByTestId('answer-credit').click();
    await expect.poll(() => desk.locator('[data-testid=discrepancy]').getAttribute('data-status'), LIVE).toBe('CREDITED');
    await expect.poll(() => desk.getByTestId('parts-order-status').getAttribute('data-status'), LIVE).toBe('CLOSED');
    await desk.goto(`${e2e.base}/parts?side=SELLING&view=all`);
    // three shipped lines counted in, one with a discrepancy
    expect(await desk.getByTestId('fig-accuracy').textContent()).toContain('66.67%');
    await desk.screenshot({ path: path.join(shots, 'parts-desk-figures.png'), fullPage: true });
  });
});
