import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../src/lib/day.js';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');

describe('public booking page: a customer books without an account, the desk accepts', () => {
  let e2e: E2E;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    ({ browser, base } = e2e);
  });
  afterAll(() => e2e?.stop());

  it('the request reaches the advisor’s inbox live; accepting opens the appointment', async () => {
    const advisor = await e2e.signIn('advisor@dealer-east.demo');
    await advisor.goto(`${base}/appointments`);
    await advisor.getByTestId('booking-inbox').waitFor();
    await advisor.locator('.badge.live').waitFor(); // the live connection is up

    const day = addDays(todayIn('Asia/Shanghai'), 1);
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' })).newPage();
    await phone.goto(`${base}/b/DLR-E1?day=${day}`);
    await phone.locator('[data-hydrated=yes]').waitFor();
    expect(await phone.getByTestId('provider').textContent()).toContain('华东一店');
    await phone.getByTestId('times').locator('label').nth(1).click(); // 09:00
    await phone.getByTestId('name').fill('孙悦');
    await phone.getByTestId('phone').fill('139 0000 1111');
    await phone.getByTestId('plate').fill('沪E12345');
    await phone.getByTestId('complaint').fill('常规保养，空调有异响');
    await phone.screenshot({ path: path.join(shots, 'booking-page.png'), fullPage: true });
    await phone.getByTestId('submit').click();
    await phone.getByTestId('receipt').waitFor();
    const number = (await phone.getByTestId('receipt-number').textContent())!.trim();
    expect(number).toMatch(/^BK-\d{4}-\d{6}$/);
    await phone.screenshot({ path: path.join(shots, 'booking-received.png'), fullPage: true });

    // no reload: the event refreshes the advisor's page
    const row = advisor.getByTestId(`booking-${number}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('13900001111');
    await advisor.screenshot({ path: path.join(shots, 'booking-inbox.png'), fullPage: true });

    // a new customer without a VIN: the desk asks for it to open the vehicle file
    await row.getByTestId('accept-vin').fill('LSVBOOK2026000001');
    await row.getByTestId(`accept-${number}`).click();
    await advisor.getByTestId('booking-accepted').waitFor();
    await expect.poll(() => advisor.getByTestId(`booking-${number}`).count()).toBe(0);
    const orderPath = await advisor.getByTestId('booking-accepted').locator('a').getAttribute('href');
    await advisor.goto(`${base}/appointments?day=${day}`);
    expect(await advisor.getByTestId('slots').textContent()).toContain('孙悦');
    // the printable appointment slip (维修预约单) of the new order
    await advisor.goto(`${base}${orderPath}/print/appointment`);
    expect(await advisor.getByTestId('print-form').locator('h1').textContent()).toBe('维修预约单');
    expect(await advisor.getByTestId('slip-time').textContent()).toContain('09:00');
    await advisor.screenshot({ path: path.join(shots, 'print-appointment.png'), fullPage: true });
  });

  it('a full time offers the nearest free ones', async () => {
    const day = addDays(todayIn('Asia/Shanghai'), 2);
    const visitor = async (n: number) => {
      const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage();
      await page.goto(`${base}/b/DLR-E1?day=${day}`);
      await page.locator('[data-hydrated=yes]').waitFor();
      await page.getByTestId('times').locator('label').first().click(); // 08:00
      await page.getByTestId('name').fill(`客户${n}`);
      await page.getByTestId('phone').fill(`1370000000${n}`);
      await page.getByTestId('plate').fill(`沪A0000${n}`);
      await page.getByTestId('complaint').fill('保养');
      return page;
    };
    // three people fill the same 08:00 form; the fourth, who opened the page before it filled up, is offered others
    const pages = await Promise.all([1, 2, 3, 4].map(visitor));
    for (const p of pages.slice(0, 3)) {
      await p.getByTestId('submit').click();
      await p.getByTestId('receipt').waitFor();
    }
    await pages[3]!.getByTestId('submit').click();
    await pages[3]!.getByTestId('alternatives').waitFor();
    expect(await pages[3]!.getByTestId('alternatives').locator('.time').count()).toBeGreaterThanOrEqual(2);
  });
});
