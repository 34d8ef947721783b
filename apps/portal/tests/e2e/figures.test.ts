import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The README's screenshots, and the others. */
const docs = path.resolve(here, '../../../../docs/screenshots');
const shots = path.resolve(here, '../../test-results');
const WAIT = { timeout: 60_000 };

/**
 * A raw code or a message key on a zh-CN screen: judgements, units, pay types, claim statuses and
 * reasons, a figure's id (camelCase), a key of the dictionaries.
 */
const RAW =
  /\b(MEETS|BELOW|TOO_FEW|NO_TARGET|COUNT|MONEY_MINOR|MINUTES|DAYS|RATIO|HIGHER|LOWER|CUSTOMER|WARRANTY|CONTRACT|GOODWILL|INTERNAL|REJECTED|MONTH|REGION|DEALER|undefined|null|NaN)\b|\b[A-Z]+_[A-Z_]+\b|\b[a-z]+[A-Z][A-Za-z]+\b|\b(fig|pay|claim|nav)\.[A-Za-z]/;
/** English words on a zh-CN screen (dealer codes such as HY-E001 are data, and have digits). */
const ENGLISH = /\b[A-Za-z]{3,}\b/;

const mainText = (page: Page) => page.locator('main').innerText();
const rowKeys = (page: Page) => page.getByTestId('network-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-label')));
/** The chart has drawn its canvas (echarts loaded in the browser and initialised). */
const chartDrawn = (page: Page, testid: string) => page.locator(`[data-testid=${testid}][data-chart-ready=yes] canvas`).first().waitFor(WAIT);

async function noRawCodes(page: Page) {
  const text = await mainText(page);
  expect(text).not.toMatch(RAW);
  expect(text.replace(/HY-[A-Z]\d+/g, '')).not.toMatch(ENGLISH);
}

/**
 * 指标看板 (issue 16) over the demo network's 13 months of history: the regional manager of 华东
 * drills its region to a dealer and on to that dealer's rejected claims, the analyst sees every
 * region, and a dealer's service admin sees its own scorecard beside the network (no other dealer
 * named), on a desk and at 390 px.
 */
describe('network figures: dashboard, drill-down and a dealer’s scorecard', () => {
  let e2e: E2E;

  beforeAll(async () => {
    mkdirSync(docs, { recursive: true });
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E({ history: true });
  });
  afterAll(() => e2e?.stop());

  it('the regional manager sees 华东 only, drills to 华东一店（上海） and on to its rejected claims', async () => {
    const page = await e2e.signIn('network@oem.demo');
    expect(await page.locator('[data-nav=figures]').textContent()).toBe('指标看板');
    await page.click('[data-nav=figures]');
    await page.getByTestId('network-row').first().waitFor(WAIT);
    expect(await rowKeys(page)).toEqual(['华东']);
    // the period is last month by default; the KPI tiles say money as money and a too-small sample in words
    await expect.poll(() => page.getByTestId('pick-lastMonth').getAttribute('class')).toContain('active');
    const revenue = page.locator('[data-testid=figure-tile][data-figure=revenueByPayType] [data-testid=tile-value]');
    expect(await revenue.textContent()).toMatch(/^¥[\d,]+\.\d{2}$/);
    for (const tile of await page.locator('[data-testid=figure-tile][data-judgement=TOO_FEW] [data-testid=tile-value]').all()) {
      expect(await tile.textContent()).toBe('样本不足');
    }
    await chartDrawn(page, 'trend-chart');
    await noRawCodes(page);

    // a click on the region's row (not its link) drills to its dealers, kept in the address
    await page.locator('[data-testid=network-row][data-label=华东] td').first().click();
    await page.waitForURL(/region=/, WAIT);
    expect(new URL(page.url()).searchParams.get('region')).toBe('华东');
    await page.locator('[data-testid=network-rows][data-group=DEALER]').waitFor(WAIT);
    const dealers = await rowKeys(page);
    expect(dealers).toEqual(expect.arrayContaining(['华东一店（上海）', '华东二店（杭州）']));
    expect(dealers).not.toContain('华北一店（太原）');
    expect(await mainText(page)).not.toContain('华北');
    await chartDrawn(page, 'compare-chart');

    // the dealer's scorecard, with the network beside it
    await page.locator('[data-testid=network-row][data-label="华东一店（上海）"] [data-testid=row-link]').click();
    await page.waitForURL(/\/figures\/dealers\/[0-9a-f-]{36}/, WAIT);
    await page.getByTestId('scorecard-row').first().waitFor(WAIT);
    expect(await page.getByTestId('dealer-title').textContent()).toContain('华东一店（上海）');
    await chartDrawn(page, 'trend-chart');
    expect(await page.getByTestId('breakdown').count()).toBeGreaterThan(0);
    await noRawCodes(page);
    await page.screenshot({ path: path.join(docs, 'figures-dealer.png'), fullPage: true });

    // the same page on a phone: cards and a chart as wide as the screen, nothing wider
    const dealerUrl = page.url();
    const phone = await e2e.signIn('network@oem.demo', { width: 390, height: 844 });
    await phone.goto(dealerUrl);
    await phone.getByTestId('scorecard-row').first().waitFor(WAIT);
    await chartDrawn(phone, 'trend-chart');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: path.join(shots, 'figures-dealer-390.png') });
    await phone.context().close();

    // its rejected claims of the period (this year: the demo's history is random, a month may have none):
    // the claims list filtered to that dealer and REJECTED
    const dealerId = /\/figures\/dealers\/([0-9a-f-]{36})/.exec(dealerUrl)![1]!;
    await page.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    await page.getByTestId('pick-thisYear').click();
    await expect.poll(() => page.getByTestId('period-range').textContent(), WAIT).toMatch(/\d{4}-01-01 至/);
    const rejections = Number(await page.locator('[data-testid=scorecard-row][data-figure=rejectionsByReason] [data-testid=own-value]').textContent());
    expect(rejections).toBeGreaterThan(0);
    await page.getByTestId('drill-rejected').click();
    await page.waitForURL(/\/claims\?/, WAIT);
    const q = new URL(page.url()).searchParams;
    expect(q.get('dealer')).toBe(dealerId);
    expect(q.get('status')).toBe('REJECTED');
    expect(q.get('decidedFrom')).toMatch(/^\d{4}-01-01$/);
    await page.getByTestId('claims').waitFor(WAIT);
    const rows = page.getByTestId('claim-row');
    await rows.first().waitFor(WAIT);
    // as many as the scorecard counted (a claim is counted on the day of its decision, as the filter reads it)
    expect(Number((await page.getByTestId('claim-count').textContent())!.replace(/\D/g, ''))).toBe(rejections);
    const statuses = await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-status')));
    expect(new Set(statuses)).toEqual(new Set(['REJECTED']));
    const text = await page.getByTestId('claims').innerText();
    expect(text).toContain('华东一店（上海）');
    expect(text).not.toContain('华东二店');
    expect(await page.getByTestId('filter-decided').textContent()).toContain('审核日期');
    await page.context().close();
  });

  it('the analyst sees every region, and a period picked from the quick picks', async () => {
    const page = await e2e.signIn('analyst@oem.demo');
    await page.goto(`${e2e.base}/figures`);
    await page.getByTestId('network-row').first().waitFor(WAIT);
    expect(await rowKeys(page)).toEqual(expect.arrayContaining(['华东', '华北']));
    await Promise.all([chartDrawn(page, 'trend-chart'), chartDrawn(page, 'compare-chart')]);
    await noRawCodes(page);
    await page.screenshot({ path: path.join(docs, 'figures-network.png'), fullPage: true });

    await page.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    // a month from the picker (in words, 2026年10月), then a quick pick
    const month = await page.getByTestId('period-month').locator('option').nth(2).getAttribute('value');
    expect(await page.getByTestId('period-month').locator('option').nth(2).textContent()).toMatch(/^\d{4}年\d{1,2}月$/);
    await page.getByTestId('period-month').selectOption(month!);
    await page.getByTestId('apply-month').click();
    await page.waitForURL(new RegExp(`month=${month}`), WAIT);
    await expect.poll(() => page.getByTestId('period-range').textContent(), WAIT).toContain(`${month}-01 至`);
    await page.getByTestId('pick-last3').click();
    await expect.poll(() => page.getByTestId('pick-last3').getAttribute('class'), WAIT).toContain('active');
    await page.getByTestId('network-row').first().waitFor(WAIT);
    expect(await rowKeys(page)).toEqual(expect.arrayContaining(['华东', '华北']));
    await page.context().close();
  });

  it('a dealer’s service admin sees its scorecard beside the network and no other dealer; at 390 px too', async () => {
    const page = await e2e.signIn('admin@dealer-east.demo');
    expect(await page.locator('[data-nav=figures]').textContent()).toBe('指标看板');
    await page.click('[data-nav=figures]');
    await page.getByTestId('scorecard-row').first().waitFor(WAIT);
    await chartDrawn(page, 'trend-chart');
    expect(await page.getByTestId('network-note').textContent()).toContain('家经销商');
    const network = await page.getByTestId('network-value').allTextContents();
    expect(network.some((v) => /\d/.test(v))).toBe(true);
    const body = await page.locator('body').innerText();
    for (const other of ['华东二店', '华北一店', '杭州', '太原']) expect(body).not.toContain(other);
    await noRawCodes(page);

    const phone = await e2e.signIn('admin@dealer-east.demo', { width: 390, height: 844 });
    await phone.goto(`${e2e.base}/figures`);
    await phone.getByTestId('scorecard-row').first().waitFor(WAIT);
    await chartDrawn(phone, 'trend-chart');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const chartWidth = await phone.getByTestId('trend-chart').evaluate((el) => el.getBoundingClientRect().width);
    expect(chartWidth).toBeLessThanOrEqual(390);
    expect(chartWidth).toBeGreaterThan(250);
    // the phone's first screen (the period, the trend), and the scorecard's cards below it
    await phone.screenshot({ path: path.join(docs, 'figures-scorecard-390.png') });
    await phone.getByTestId('scorecard').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: path.join(shots, 'figures-scorecard-390-cards.png') });
    await phone.context().close();
    await page.context().close();
  });
});
