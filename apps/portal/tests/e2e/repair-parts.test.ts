import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');
const LIVE = { timeout: 30_000, interval: 100 };
const PHONE = { width: 390, height: 844 };
/** A calendar day in Shanghai (the demo workshop's zone), `days` from now. */
const shanghaiDay = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));

/**
 * A repair uses parts, as the people see it: the parts clerk reserves a repair's parts on its order
 * page (one from the shop's stock, the other ordered from the supplier as an emergency); the
 * customer's phone says the repair waits for parts and when they are expected; the supplier
 * backorders the part with a day, and the customer's open page shows the new day without reload.
 */
describe('repairs use parts: reserve or order on the order page, the expected day on the customer’s page, live', () => {
  let e2e: E2E;
  let repairId: string;
  let trackingPath: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    const admin = await e2e.staffApi('admin@dealer-east.demo');
    const c = await admin(
      `mutation { createCustomer(input: { name: "冯涛", phone: "13700007788", vehicles: [{ vin: "HYDEMO00077", plate: "沪H77880", model: "ZL50" }] }) { customer { id vehicles { id } } } }`,
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
    await step('diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '液压', finding: '油管破损，密封件老化' }], summary: '更换油管和密封件' });
    await step('estimateRepairOrder', 'EstimateInput', {
      method: 'ITEM',
      lines: [
        { kind: 'PART', description: '高压油管', partNumber: 'SH-H12', quantity: '1', unitPriceMinor: '22000', source: 'OEM', payType: 'CUSTOMER' },
        { kind: 'PART', description: '动臂油缸密封件包', partNumber: 'SH-SK30', quantity: '1', unitPriceMinor: '38000', source: 'OEM', payType: 'CUSTOMER' },
      ],
    });
    await step('approveRepairOrder', 'OrderRef');
    const techId = (await (await e2e.staffApi('tech@dealer-east.demo'))(`{ me { user { id } } }`)).me.user.id;
    await step('dispatchRepairOrder', 'DispatchInput', { technicianId: techId });
    await step('startRepairWork', 'OrderRef');
    // the shop has the hose, not the seal kit
    await (
      await e2e.staffApi('parts@dealer-east.demo')
    )(`mutation { adjustStock(input: { partNumber: "SH-H12", quantity: 2, reason: FOUND }) { onHand } }`);
    trackingPath = (await admin(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { path } }`, { id: repairId })).createTrackingLink.path;
  });
  afterAll(() => e2e?.stop());

  let customer: Page;
  const partState = (p: Page, partNumber: string) => p.locator(`[data-testid=part-lines] tr[data-part="${partNumber}"]`).getAttribute('data-state');

  it('the customer opens the tracking page on a phone: the repair is at work', async () => {
    customer = await (await e2e.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'zh-CN' })).newPage();
    await customer.goto(`${e2e.base}${trackingPath}`);
    await customer.locator('[data-hydrated=yes]').waitFor();
    await customer.getByTestId('digits').fill('7788');
    await customer.getByTestId('open').click();
    await expect.poll(() => customer.getByTestId('track-status').getAttribute('data-status'), LIVE).toBe('IN_PROGRESS');
    expect(await customer.getByTestId('parts-eta').count()).toBe(0);
  });

  it('the parts clerk reserves the hose from stock and orders the seal kit on the order page (390 px); the customer’s page says 等待配件，预计 …', async () => {
    const clerk = await e2e.signIn('parts@dealer-east.demo', PHONE);
    await clerk.goto(`${e2e.base}/orders/${repairId}`);
    await clerk.getByTestId('repair-parts').waitFor();
    expect(await partState(clerk, 'SH-H12')).toBe('NOT_HELD');
    expect(await partState(clerk, 'SH-SK30')).toBe('NOT_HELD');
    const form = clerk.getByTestId('form-reserveParts');
    const seller = form.getByTestId('parts-seller');
    const hydraulics = await seller.locator('option', { hasText: '液压' }).first().getAttribute('value');
    await seller.selectOption(hydraulics!);
    await form.getByTestId('parts-order-type').selectOption('EMERGENCY');
    const button = form.getByTestId('reserve-parts');
    expect((await button.textContent())?.trim()).toBe('预留配件 / 订购缺件');
    await clerk.getByTestId('repair-parts').screenshot({ path: path.join(shots, 'repair-parts-form-390.png') });
    // while the request runs the button is busy and cannot fire again (held here until checked)
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let routed = false;
    await clerk.route(/\?\/reserveParts$/, async (route) => {
      routed = true;
      await held;
      await route.continue();
    });
    await button.click();
    await expect.poll(() => button.getAttribute('aria-busy'), LIVE).toBe('true');
    expect(await button.isDisabled()).toBe(true);
    expect(routed).toBe(true);
    release();
    // the page reloads its data when the request is done: the hose held, the kit on order, the repair waiting
    await expect.poll(() => partState(clerk, 'SH-H12'), LIVE).toBe('RESERVED');
    expect(await partState(clerk, 'SH-SK30')).toBe('ON_ORDER');
    await expect.poll(() => clerk.getByTestId('order-status').getAttribute('data-status'), LIVE).toBe('AWAITING_PARTS');
    const kit = clerk.locator('[data-testid=part-lines] tr[data-part="SH-SK30"]');
    expect(await kit.getByTestId('part-order').getAttribute('data-number')).toMatch(/^PO-\d{4}-\d+$/);
    // an emergency order: promised within 24 h, the workshop's tomorrow
    expect(await kit.getByTestId('part-expected').getAttribute('data-day')).toBe(shanghaiDay(1));
    expect(await clerk.locator('[data-testid=part-lines] tr[data-part="SH-H12"]').textContent()).toContain('已从库存预留');
    expect(await clerk.getByTestId('form-reserveParts').count()).toBe(0); // nothing left to reserve or order
    expect(await clerk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await clerk.getByTestId('repair-parts').scrollIntoViewIfNeeded();
    await clerk.screenshot({ path: path.join(shots, 'repair-parts-order-390.png'), fullPage: true });

    // the customer's open page: waiting for parts, expected tomorrow — nothing of the supplier
    await expect.poll(() => customer.getByTestId('track-status').getAttribute('data-status'), LIVE).toBe('AWAITING_PARTS');
    await expect.poll(() => customer.getByTestId('parts-eta').getAttribute('data-day'), LIVE).toBe(shanghaiDay(1));
    expect(await customer.getByTestId('parts-eta').textContent()).toMatch(/^\s*等待配件，预计 \d{4}年\d{1,2}月\d{1,2}日 到货\s*$/);
    const page = await customer.content();
    expect(page).not.toContain('液压');
    expect(page).not.toMatch(/PO-\d{4}/);
    expect(await customer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await customer.screenshot({ path: path.join(shots, 'repair-parts-tracking-390.png'), fullPage: true });
  });

  it('the supplier backorders the seal kit with a day: the customer’s open page shows the new day live', async () => {
    const clerkApi = await e2e.staffApi('parts@dealer-east.demo');
    const lines = (await clerkApi(`query($id: ID!) { repairOrder(id: $id) { partLines { partNumber partsOrder { id } } } }`, { id: repairId })).repairOrder
      .partLines;
    const poId = lines.find((l: { partNumber: string }) => l.partNumber === 'SH-SK30').partsOrder.id;
    const desk = await e2e.staffApi('orders@sup-hyd.demo');
    const po = (await desk(`query($id: ID!) { partsOrder(id: $id) { id version lines { id } } }`, { id: poId })).partsOrder;
    const later = shanghaiDay(12);
    await desk(`mutation($i: ConfirmPartsOrderInput!) { confirmPartsOrder(input: $i) { partsOrder { status } } }`, {
      i: { id: po.id, version: po.version, lines: [{ lineId: po.lines[0].id, allocate: 0, backorder: 1, expectedOn: later }] },
    });
    // no reload: the page changes when the supplier's answer is committed
    await expect.poll(() => customer.getByTestId('parts-eta').getAttribute('data-day'), LIVE).toBe(later);
    const [y, m, d] = later.split('-').map(Number);
    expect((await customer.getByTestId('parts-eta').textContent())?.trim()).toBe(`等待配件，预计 ${y}年${m}月${d}日 到货`);
    await customer.screenshot({ path: path.join(shots, 'repair-parts-tracking-backordered-390.png'), fullPage: true });

    // the order page says the same day, and that the order is confirmed
    const clerk = await e2e.signIn('parts@dealer-east.demo', PHONE);
    await clerk.goto(`${e2e.base}/orders/${repairId}`);
    const kit = clerk.locator('[data-testid=part-lines] tr[data-part="SH-SK30"]');
    expect(await kit.getByTestId('part-expected').getAttribute('data-day')).toBe(later);
    await clerk.getByTestId('repair-parts').screenshot({ path: path.join(shots, 'repair-parts-card-390.png') });
  });
});
