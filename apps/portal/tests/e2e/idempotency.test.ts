import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../src/lib/day.js';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');

describe('forms that create send an idempotency key: a double submit or a retried POST creates once', () => {
  let e2e: E2E;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    ({ browser, base } = e2e);
  });
  afterAll(() => e2e?.stop());

  it('a double-tapped booking form (two submits) sends one request, and the page shows its receipt', async () => {
    const desk = await e2e.staffApi('advisor@dealer-east.demo');
    const day = addDays(todayIn('Asia/Shanghai'), 3);
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' })).newPage();
    await phone.goto(`${base}/b/DLR-E1?day=${day}`);
    await phone.locator('[data-hydrated=yes]').waitFor();
    await phone.getByTestId('times').locator('label').nth(2).click(); // 10:00
    await phone.getByTestId('name').fill('钱多多');
    await phone.getByTestId('phone').fill('139 0000 7777');
    await phone.getByTestId('plate').fill('沪E77777');
    await phone.getByTestId('complaint').fill('保养，双击提交');
    const key = await phone.locator('[data-testid=booking-form] input[name=idempotencyKey]').inputValue();
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    const posts: Promise<unknown>[] = [];
    phone.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/b/DLR-E1') posts.push(r.response());
    });
    // two submits of the same rendered form, as a double tap sends them: the form is busy after the
    // first, so the second never leaves the page (kit/busy.ts); the key covers a retry that does
    await phone.getByTestId('booking-form').evaluate((f: HTMLFormElement) => {
      f.requestSubmit();
      f.requestSubmit();
    });
    await phone.getByTestId('receipt').waitFor();
    await expect.poll(() => posts.length).toBe(1);
    await Promise.all(posts);
    const number = (await phone.getByTestId('receipt-number').textContent())!.trim();
    const inbox = (await desk(`{ bookingRequests(status: PENDING, first: 100) { nodes { number phone } } }`)).bookingRequests.nodes as {
      number: string;
      phone: string;
    }[];
    expect(inbox.filter((r) => r.phone === '13900007777')).toEqual([{ number, phone: '13900007777' }]);
    await phone.screenshot({ path: path.join(shots, 'idempotency-booking-receipt.png'), fullPage: true });
    // the next booking on this page gets a new key
    await phone.getByTestId('receipt').locator('a.button').click();
    await phone.getByTestId('booking-form').waitFor();
    expect(await phone.locator('[data-testid=booking-form] input[name=idempotencyKey]').inputValue()).not.toBe(key);
  });

  it('the repair-order form posted again (a retry on a flaky network, then the real click) opens one order', async () => {
    const desk = await e2e.staffApi('advisor@dealer-east.demo');
    await desk(
      `mutation { createCustomer(input: { name: "冯一", phone: "13911113333", vehicles: [{ vin: "HYIDEMPORTAL00001", plate: "沪C11111" }] }) { customer { id } } }`,
    );
    const advisor = await e2e.signIn('advisor@dealer-east.demo');
    await advisor.goto(`${base}/customers?q=${encodeURIComponent('冯一')}`);
    await advisor.getByTestId('new-order').first().click();
    const form = advisor.locator('form[action="?/order"]');
    await form.locator('input[name=complaint]').fill('重复提交也只开一张工单');
    // the same form data sent twice at once, as a browser retrying the POST would
    const retried = await form.evaluate(async (f: HTMLFormElement) => {
      const send = () =>
        fetch(f.action, { method: 'POST', body: new FormData(f), headers: { accept: 'application/json', 'x-sveltekit-action': 'true' } }).then((r) => r.json());
      return Promise.all([send(), send()]);
    });
    expect(retried.map((r: { type: string }) => r.type)).toEqual(['redirect', 'redirect']);
    expect(retried[1].location).toBe(retried[0].location);
    // … and then the advisor's own click on the same form
    await form.locator('button').click();
    await advisor.waitForURL(/\/orders\//);
    expect(new URL(advisor.url()).pathname).toBe(retried[0].location);
    const orders = (await desk(`{ repairOrders(first: 100) { nodes { id complaint } } }`)).repairOrders.nodes as { id: string; complaint: string }[];
    expect(orders.filter((o) => o.complaint === '重复提交也只开一张工单').map((o) => `/orders/${o.id}`)).toEqual([retried[0].location]);
    await advisor.screenshot({ path: path.join(shots, 'idempotency-order.png'), fullPage: true });
  });
});
