import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE } from '@asn/domain';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');
const LIVE = { timeout: 30_000, interval: 100 };
const WAIT = { timeout: 30_000 };

/** The Shanghai wall-clock day `days` from now. */
const shanghaiDay = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: DEFAULT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86_400_000),
  );

/** A raw code or a message key on a zh-CN screen. */
const RAW =
  /\b(DRAFT|ACTIVE|SUSPENDED|EXPIRED|TERMINATED|FULL_SERVICE|WORKING_TIME|INSPECTION|HOLIDAY|WORKDAY|SLA|undefined|null)\b|\b[A-Z]+_[A-Z_]+\b|\b(contracts|calendar|docStatus|docEvent|codes|reason)\.[A-Za-z]/;

const text = async (page: Page, testid: string) => ((await page.getByTestId(testid).first().textContent()) ?? '').trim();

/**
 * 服务合同 as the dealer's admin does it: a full-service contract for a loader customer (found by
 * name), activated, found in the list; the working calendar gets a lunch break and a holiday; an
 * inspection is recorded and its printable 巡检报告 opened. The detail page at phone width too.
 */
describe('service contracts: writing, activating, the calendar, an inspection and its report', () => {
  let e2e: E2E;
  let admin: Page;
  let contractUrl: string;
  let number: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    const api = await e2e.staffApi('admin@dealer-east.demo');
    await api(
      `mutation { createCustomer(input: { name: "周建国", phone: "13700001515", vehicles: [{ vin: "HYDEMO01515", plate: "沪K15150", model: "ZL50", currentMeter: 800 }] }) { customer { id } } }`,
    );
  });
  afterAll(() => e2e?.stop());

  it('the admin writes a contract for a customer and activates it', async () => {
    admin = await e2e.signIn('admin@dealer-east.demo');
    expect(await admin.locator('[data-nav=contracts]').textContent()).toBe('服务合同');
    await admin.goto(`${e2e.base}/contracts/new?q=${encodeURIComponent('周建国')}`);
    await admin.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    await admin.getByTestId('customer-option').first().check();
    await admin.getByTestId('contract-type').selectOption('FULL_SERVICE');
    await admin.getByTestId('contract-title').fill('装载机全包服务（2026 年度）');
    await admin.getByTestId('contract-starts').fill(shanghaiDay(0));
    await admin.getByTestId('contract-ends').fill(shanghaiDay(20));
    await admin.getByTestId('contract-price').fill('36000');
    // the SLA table starts from the usual promise
    expect(await admin.getByTestId('sla-1-reply').inputValue()).toBe('10');
    expect(await admin.getByTestId('sla-1-onsite').inputValue()).toBe('12');
    await admin.getByTestId('contract-vins').fill('HYDEMO01515');
    await admin.getByTestId('ent-add').click();
    await admin.getByTestId('ent-kind').last().selectOption('INSPECTION');
    expect(await admin.getByTestId('ent-code').last().isDisabled()).toBe(true); // an inspection has no code
    await admin.getByTestId('ent-label').last().fill('季度巡检');
    await admin.getByTestId('ent-quantity').last().fill('4');
    await admin.getByTestId('ent-report-days').last().fill('3');
    expect(await admin.locator('main').innerText()).not.toMatch(RAW);
    await admin.screenshot({ path: path.join(shots, 'contract-new.png'), fullPage: true });
    await admin.getByTestId('save-contract').click();
    await admin.waitForURL(/\/contracts\/[0-9a-f-]{36}$/, WAIT);
    contractUrl = admin.url();
    number = await text(admin, 'contract-number');
    expect(await admin.getByTestId('contract-status').getAttribute('data-status')).toBe('DRAFT');
    expect(await text(admin, 'contract-status')).toBe('草稿');
    await admin.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    await admin.locator('form[data-action=ACTIVATE] button').click();
    await expect.poll(() => admin.getByTestId('contract-status').getAttribute('data-status'), LIVE).toBe('ACTIVE');
    expect(await text(admin, 'contract-status')).toBe('生效中');
    expect(await text(admin, 'contract-customer')).toBe('周建国');
    expect(await admin.locator('main').innerText()).not.toMatch(RAW);
  });

  it('finds it in the list, among those expiring within 30 days', async () => {
    await admin.goto(`${e2e.base}/contracts?expiring=1`);
    const row = admin.locator(`[data-testid=contract][data-number="${number}"]`);
    await row.waitFor(WAIT);
    expect(await row.getAttribute('data-status')).toBe('ACTIVE');
    expect(await row.innerText()).toContain('周建国');
    expect(await admin.locator('main').innerText()).not.toMatch(RAW);
    await admin.screenshot({ path: path.join(shots, 'contracts-list.png'), fullPage: true });
  });

  it('edits the working calendar: a lunch break on Monday and a holiday', async () => {
    await admin.goto(`${e2e.base}/contracts/calendar`);
    await admin.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    const monday = admin.locator('[data-testid=weekday][data-weekday="1"]');
    // Monday as two spans: 09:00–12:00 and 13:00–18:00
    while ((await monday.getByTestId('span').count()) > 0) await monday.getByTestId('span-remove').first().click();
    await monday.getByTestId('span-add').click();
    await monday.getByTestId('span-add').click();
    await monday.getByTestId('span-start').nth(0).fill('09:00');
    await monday.getByTestId('span-end').nth(0).fill('12:00');
    await monday.getByTestId('span-start').nth(1).fill('13:00');
    await monday.getByTestId('span-end').nth(1).fill('18:00');
    await admin.getByTestId('day-add').click();
    const day = admin.getByTestId('calendar-day').last();
    await day.getByTestId('day-date').fill(shanghaiDay(10));
    await day.getByTestId('day-kind').selectOption('HOLIDAY');
    await day.getByTestId('day-name').fill('公司年假');
    await admin.getByTestId('save-calendar').click();
    await admin.getByTestId('calendar-ok').waitFor(WAIT);
    expect(await monday.getByTestId('span').count()).toBe(2);
    // the demo's own holidays stay; the new one is among them (the list is in date order)
    const names = await admin.getByTestId('day-name').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(names).toContain('公司年假');
    expect(await admin.locator('main').innerText()).not.toMatch(RAW);
    await admin.screenshot({ path: path.join(shots, 'contracts-calendar.png'), fullPage: true });
  });

  it('records an inspection and opens the printable 巡检报告', async () => {
    await admin.goto(contractUrl);
    await admin.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    await admin.getByTestId('inspect-card').locator('summary').click();
    // yesterday morning in Shanghai: an inspection is recorded after it took place, whatever the hour of the run
    await admin.getByTestId('insp-at').fill(`${shanghaiDay(-1)}T09:30`);
    await admin.getByTestId('insp-engineer').fill('王工');
    await admin.getByTestId('insp-vin').selectOption('HYDEMO01515');
    await admin.getByTestId('insp-item-name').nth(0).fill('液压系统');
    await admin.getByTestId('insp-item-name').nth(1).fill('发动机机油');
    await admin.getByTestId('insp-item-result').nth(1).selectOption('ATTENTION');
    await admin.getByTestId('insp-findings').fill('机油偏黑，建议 50 小时内保养。');
    await admin.getByTestId('record-inspection').click();
    await admin.getByTestId('contract-ok').waitFor(WAIT);
    await expect.poll(() => admin.getByTestId('inspection').count(), LIVE).toBe(1);
    const href = await admin.getByTestId('inspection-print').first().getAttribute('href');
    await admin.screenshot({ path: path.join(shots, 'contract-detail.png'), fullPage: true });
    const print = await admin.context().newPage();
    await print.goto(`${e2e.base}${href}`);
    await print.getByTestId('inspection-print').waitFor(WAIT);
    expect(await print.locator('h1').innerText()).toBe('巡检报告');
    expect(await text(print, 'print-customer')).toBe('周建国');
    expect(await text(print, 'print-vin')).toContain('HYDEMO01515');
    expect(await text(print, 'print-engineer')).toBe('王工');
    expect(await print.getByTestId('print-item').count()).toBe(2);
    expect(await text(print, 'print-findings')).toContain('机油偏黑');
    expect(await print.locator('article').innerText()).not.toMatch(RAW);
    await print.screenshot({ path: path.join(shots, 'contract-inspection-print.png'), fullPage: true });
    // the printable contract summary: the customer, the price in yuan, no raw codes
    await print.goto(`${contractUrl}/print`);
    await print.getByTestId('contract-print').waitFor(WAIT);
    expect(await text(print, 'print-customer')).toBe('周建国');
    expect(await text(print, 'print-price')).toBe('¥36,000.00');
    expect(await text(print, 'print-vins')).toContain('HYDEMO01515');
    expect(await print.locator('article').innerText()).not.toMatch(RAW);
    await print.screenshot({ path: path.join(shots, 'contract-print.png'), fullPage: true });
  });

  it('the detail page at 390 px', async () => {
    const phone = await e2e.signIn('admin@dealer-east.demo', { width: 390, height: 844 });
    await phone.goto(contractUrl);
    await phone.getByTestId('contract-number').waitFor(WAIT);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await phone.screenshot({ path: path.join(shots, 'contract-detail-390.png'), fullPage: true });
  });
});
