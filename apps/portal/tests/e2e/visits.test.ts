import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');

/** datetime-local value in Shanghai time, `hours` from now. */
const local = (hours: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .format(new Date(Date.now() + hours * 3_600_000))
    .replace(' ', 'T');

describe('on-site service: the customer sees the engineer’s ETA live', () => {
  let e2e: E2E;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    ({ browser, base } = e2e);
  });

  afterAll(() => e2e?.stop());

  const signIn = (email: string) => e2e.signIn(email);

  it('controller schedules, engineer leaves with an ETA and warns of a delay; the phone follows', async () => {
    // an on-site order for a loader in a coal yard, shared with its owner (through the API, as the advisor)
    const advisor = await e2e.staffApi('advisor@dealer-east.demo');
    const c = await advisor(
      `mutation { createCustomer(input: { name: "郑强", phone: "13911119876", vehicles: [{ vin: "HYZL50C2026005555", model: "ZL50 装载机", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await advisor(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "装载机无法启动", onSite: true, siteAddress: "大同市某煤场 3 号堆场" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    const orderId = o.createRepairOrder.repairOrder.id;
    const link = await advisor(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { path } }`, { id: orderId });

    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
    await phone.goto(`${base}${link.createTrackingLink.path}`);
    await phone.locator('[data-hydrated=yes]').waitFor();
    await phone.getByTestId('digits').fill('9876');
    await phone.getByTestId('open').click();
    await phone.getByTestId('track-status').waitFor();

    const controller = await signIn('controller@dealer-east.demo');
    await controller.goto(`${base}/orders/${orderId}`);
    const schedule = controller.locator('form[action="?/scheduleVisit"]');
    await schedule.locator('input[name=scheduledAt]').fill(local(2));
    await schedule.locator('input[name=loanUnit]').fill('周转机 ZL50-07');
    await schedule.locator('button').click();
    await phone.getByTestId('visit-eta').waitFor(); // live on the customer's phone
    expect(await phone.getByTestId('visit-eta').textContent()).toContain('已安排上门');

    const engineer = await signIn('tech@dealer-east.demo');
    await engineer.goto(`${base}/orders/${orderId}`);
    const depart = engineer.locator('form[action="?/depart"]');
    await depart.locator('input[name=eta]').fill(local(1.5));
    await depart.locator('input[name=confirmed]').check();
    await depart.locator('button').click();
    await expect.poll(() => phone.getByTestId('visit-eta').textContent()).toContain('工程师在路上');

    const late = engineer.locator('form[action="?/reviseEta"]');
    await late.locator('input[name=eta]').fill(local(2.5));
    await late.locator('input[name=reason]').fill('高速堵车');
    await late.locator('button').click();
    await expect.poll(() => phone.getByTestId('visit-eta').textContent()).toContain('高速堵车');
    await phone.screenshot({ path: path.join(shots, 'tracking-engineer-eta.png'), fullPage: true });
  });
});
