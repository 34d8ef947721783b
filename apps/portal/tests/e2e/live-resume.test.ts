import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');
const LIVE_MS = 15_000; // a live update (no reload, no polling) can take seconds on a busy 2-core machine
/** The browser retries with a growing wait (at most 10 s) while the API is away. */
const RESUME_MS = 30_000;

type RunningApi = import('@asn/api/dist/server.js').RunningApi;

/**
 * Issue 9, item 6: a status change made while a page's socket was down (the API restarting) shows
 * on that page once it reconnects — the customer's tracking page and the advisor's order page —
 * without a reload, and live updates go on afterwards.
 */
describe('live pages resume from their cursor after the API restarts', () => {
  let e2e: E2E;
  let restarted: RunningApi | null = null;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
  }, 120_000);
  afterAll(async () => {
    await restarted?.stop();
    await e2e?.stop();
  });

  it('the phone and the advisor’s order page show what changed while the API was down, then follow live', async () => {
    const { startApi } = await import('@asn/api/dist/server.js');
    const { loadConfig } = await import('@asn/api/dist/platform/config.js');
    const { Client } = await import('@asn/api/dist/testing/client.js');
    const { stack, browser, base } = e2e;
    const config = (port: number) => loadConfig({ databaseUrl: stack.databaseUrl, port, trustProxy: ['loopback'] });

    const staff = await e2e.staffApi('advisor@dealer-east.demo');
    const c = (
      await staff(
        `mutation { createCustomer(input: { name: "郑好", phone: "13700002468", vehicles: [{ vin: "LRESUMEE2E000001", plate: "沪F24680", model: "华岳重卡 H7" }] }) { customer { id vehicles { id } } } }`,
      )
    ).createCustomer.customer;
    let order = (
      await staff(
        `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "转向沉重" }) { repairOrder { id version } } }`,
        { c: c.id, v: c.vehicles[0].id },
      )
    ).createRepairOrder.repairOrder;
    const link = (await staff(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { path } }`, { id: order.id })).createTrackingLink;

    // the customer's phone and the advisor's order page, both live
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' })).newPage();
    await phone.goto(`${base}${link.path}`);
    await phone.locator('[data-hydrated=yes]').waitFor();
    await phone.getByTestId('digits').fill('2468');
    await phone.getByTestId('open').click();
    const phoneStatus = () => phone.getByTestId('track-status').getAttribute('data-status');
    await expect.poll(phoneStatus).toBe('APPOINTED');
    const advisor = await e2e.signIn('advisor@dealer-east.demo');
    await advisor.goto(`${base}/orders/${order.id}`);
    const pageStatus = () => advisor.getByTestId('order-status').getAttribute('data-status');
    expect(await pageStatus()).toBe('APPOINTED');
    await advisor.locator('.badge.live').waitFor();

    const step = async (
      api: { ok: (q: string, v?: Record<string, unknown>) => Promise<any> },
      mutation: string,
      input: string,
      extra: Record<string, unknown> = {},
    ) => {
      order = (
        await api.ok(`mutation($i: ${input}!) { ${mutation}(input: $i) { repairOrder { id version status } } }`, {
          i: { id: order.id, version: order.version, ...extra },
        })
      )[mutation].repairOrder;
    };
    const desk = await new Client(stack.apiUrl).signIn('advisor@dealer-east.demo');
    await step(desk, 'checkInRepairOrder', 'CheckInInput', { meter: 80000, customerSigned: true });
    await expect.poll(phoneStatus, { timeout: LIVE_MS }).toBe('CHECKED_IN');
    await expect.poll(pageStatus, { timeout: LIVE_MS }).toBe('CHECKED_IN');
    // a reload would forget these
    for (const p of [phone, advisor]) await p.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));

    // the API stops: both sockets drop
    const port = stack.api.port;
    await stack.api.stop();
    await expect.poll(() => advisor.locator('.badge.live').count(), { timeout: LIVE_MS }).toBe(0);

    // meanwhile the workshop goes on through another API process on the same database
    const other = await startApi(config(0));
    try {
      const elsewhere = Object.assign(new Client(other.url), { cookie: desk.cookie });
      await step(elsewhere, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '转向系统', finding: '助力泵压力低' }], summary: '更换助力泵' });
      await step(elsewhere, 'estimateRepairOrder', 'EstimateInput', {
        method: 'SYSTEM',
        lines: [{ kind: 'LABOUR', description: '更换转向助力泵', hours: '2', rateMinor: '15000', payType: 'CUSTOMER' }],
      });
      expect(order.status).toBe('ESTIMATED');
    } finally {
      await other.stop();
    }
    expect([await phoneStatus(), await pageStatus()]).toEqual(['CHECKED_IN', 'CHECKED_IN']);

    // the API is back on its port: both pages reconnect with their cursor and catch up
    const started = Date.now();
    restarted = await startApi(config(port));
    await expect.poll(phoneStatus, { timeout: RESUME_MS, interval: 200 }).toBe('ESTIMATED');
    await expect.poll(pageStatus, { timeout: RESUME_MS, interval: 200 }).toBe('ESTIMATED');
    console.log(`caught up ${Date.now() - started} ms after the API came back`);
    const kept = (p: Page) => p.evaluate(() => (window as unknown as { kept?: boolean }).kept === true);
    expect([await kept(phone), await kept(advisor)]).toEqual([true, true]);
    await advisor.locator('.badge.live').waitFor();
    await phone.screenshot({ path: path.join(shots, 'live-resume-phone.png'), fullPage: true });
    await advisor.screenshot({ path: path.join(shots, 'live-resume-order.png') });

    // and live again
    const back = Object.assign(new Client(restarted.url), { cookie: desk.cookie });
    await step(back, 'approveRepairOrder', 'OrderRef');
    await expect.poll(phoneStatus, { timeout: LIVE_MS }).toBe('APPROVED');
    await expect.poll(pageStatus, { timeout: LIVE_MS }).toBe('APPROVED');
  });
});
