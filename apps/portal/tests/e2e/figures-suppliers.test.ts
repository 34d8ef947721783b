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

/** The demo's hydraulics supplier (SUP-HYD): the dealers' parts orders of the history go to it. */
const SUPPLIER = '精工液压有限公司';
/** A parts supplier's four figures (docs/figures.md, party SUPPLIER), in the catalogue's order, as the reader reads them. */
const SUPPLIER_FIGURES = ['partsFillRate', 'backorderAge', 'emergencyPromiseKept', 'shipmentAccuracy'];
const NAMES = ['备件满足率', '平均欠货天数', '紧急订单准时发货率', '配件出货正确率'];
/** A value as the figures pages say it: a rate in percent, the backorder age in days, or too few in words. */
const VALUE = /^(\d{1,3}(\.\d{1,2})?%|\d+(\.\d)? 天|样本不足)$/;

/** A raw code or a message key on a zh-CN screen (as figures.test.ts), and the repair figures a supplier has none of. */
const RAW =
  /\b(MEETS|BELOW|TOO_FEW|NO_TARGET|COUNT|MONEY_MINOR|MINUTES|DAYS|RATIO|HIGHER|LOWER|SUPPLIER|DEALER|REGION|MONTH|undefined|null|NaN)\b|\b[A-Z]+_[A-Z_]+\b|\b[a-z]+[A-Z][A-Za-z]+\b|\b(fig|pay|claim|nav)\.[A-Za-z]/;
const ENGLISH = /\b[A-Za-z]{3,}\b/;
const REPAIR_NAMES = ['维修台次', '维修产值', '一次修复率', '服务满意率', '投诉数', '索赔拒赔率'];

const mainText = (page: Page) => page.locator('main').innerText();
const chartDrawn = (page: Page, testid: string) => page.locator(`[data-testid=${testid}][data-chart-ready=yes] canvas`).first().waitFor(WAIT);

async function noRawCodes(page: Page) {
  const text = await mainText(page);
  expect(text).not.toMatch(RAW);
  expect(text).not.toMatch(ENGLISH);
}

/**
 * The parts suppliers' figures (issue 16) over the demo's 13 months of history, in which the three
 * dealers order parts from 精工液压 (SUP-HYD, a supply agreement with 华岳重工): the manufacturer's
 * analyst opens the suppliers view and the supplier's page; the supplier's admin sees its own four
 * figures, on a phone, and none of the repair figures.
 */
describe('parts suppliers’ figures: the manufacturer’s suppliers view and a supplier’s own scorecard', () => {
  let e2e: E2E;

  beforeAll(async () => {
    mkdirSync(docs, { recursive: true });
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E({ history: true });
  });
  afterAll(() => e2e?.stop());

  it('the analyst sees the suppliers one by one with their four figures, and opens 精工液压’s page', async () => {
    const page = await e2e.signIn('analyst@oem.demo');
    await page.goto(`${e2e.base}/figures`);
    await page.getByTestId('network-row').first().waitFor(WAIT);
    expect(await page.getByTestId('view-suppliers').textContent()).toBe('备件供应商');
    await page.getByTestId('view-suppliers').click();
    await page.waitForURL(/view=suppliers/, WAIT);
    await page.locator('[data-testid=network-rows][data-group=SUPPLIER]').waitFor(WAIT);

    // one row per supplier with history (博远电气 has none): its four figures, named in Chinese, with values
    const labels = await page.getByTestId('network-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-label')));
    expect(labels).toEqual([SUPPLIER]);
    const heads = await page.locator('[data-testid=network-rows] thead th').allTextContents();
    expect(heads.map((h) => h.trim())).toEqual(['供应商', ...NAMES, '未达标指标']);
    const row = page.locator(`[data-testid=network-row][data-label="${SUPPLIER}"]`);
    const cells = (await row.locator('td.num').allTextContents()).map((c) => c.trim());
    expect(cells).toHaveLength(4);
    for (const c of cells) expect(c).toMatch(VALUE);
    // last month's 540-odd lines: the fill rate and the shipment accuracy are rates, the backorder age days
    expect(cells[0]).toMatch(/^\d{1,3}(\.\d{1,2})?%$/);
    expect(cells[1]).toMatch(/^\d+(\.\d)? 天$/);
    expect(cells[3]).toMatch(/^\d{1,3}(\.\d{1,2})?%$/);

    // the tiles: the suppliers pooled, only the four supplier figures; shipment accuracy has its 98 % target
    const tiles = await page.getByTestId('figure-tile').evaluateAll((ts) => ts.map((t) => t.getAttribute('data-figure')));
    expect(tiles).toEqual(SUPPLIER_FIGURES);
    expect(await page.locator('[data-testid=figure-tile][data-figure=shipmentAccuracy]').innerText()).toContain('目标 98%');
    expect(await page.getByTestId('dealer-count').textContent()).toBe('1 家供应商');
    await Promise.all([chartDrawn(page, 'trend-chart'), chartDrawn(page, 'compare-chart')]);
    const text = await mainText(page);
    expect(text).toContain('配件出货正确率：近 12 个月趋势');
    for (const repair of REPAIR_NAMES) expect(text).not.toContain(repair);
    await noRawCodes(page);
    await page.screenshot({ path: path.join(docs, 'figures-suppliers.png'), fullPage: true });

    // the chart's figure is in the address, and kept by a period pick
    await page.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    await page.locator('[data-testid=figure-tile][data-figure=partsFillRate]').click();
    await page.waitForURL(/figure=partsFillRate/, WAIT);
    await expect.poll(() => page.locator('main h2').allTextContents(), WAIT).toContain('备件满足率：近 12 个月趋势');
    await page.getByTestId('pick-last3').click();
    await expect.poll(() => page.getByTestId('pick-last3').getAttribute('class'), WAIT).toContain('active');
    const q = new URL(page.url()).searchParams;
    expect([q.get('view'), q.get('figure')]).toEqual(['suppliers', 'partsFillRate']);
    await page.locator(`[data-testid=network-row][data-label="${SUPPLIER}"]`).waitFor(WAIT);

    // the supplier's page: its four figures beside the suppliers pooled, and the trend of the chosen figure
    await page.locator(`[data-testid=network-row][data-label="${SUPPLIER}"] [data-testid=row-link]`).click();
    await page.waitForURL(/\/figures\/suppliers\/[0-9a-f-]{36}/, WAIT);
    await page.getByTestId('scorecard-row').first().waitFor(WAIT);
    expect(await page.getByTestId('supplier-title').textContent()).toBe(`${SUPPLIER} 供应指标记分卡`);
    expect(new URL(page.url()).searchParams.get('figure')).toBe('partsFillRate');
    const figures = await page.getByTestId('scorecard-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-figure')));
    expect(figures).toEqual(SUPPLIER_FIGURES);
    for (const v of await page.getByTestId('own-value').allTextContents()) expect(v.trim()).toMatch(VALUE);
    expect(await page.getByTestId('network-note').textContent()).toContain('全部供应商合计（1 家供应商）');
    await chartDrawn(page, 'trend-chart');
    expect(await mainText(page)).toContain('备件满足率：近 12 个月趋势');
    await noRawCodes(page);
    await page.screenshot({ path: path.join(shots, 'figures-supplier-page.png'), fullPage: true });

    // back to the suppliers view by the crumbs, with the period and the figure
    await page.getByTestId('crumb-suppliers').click();
    await page.waitForURL(/view=suppliers/, WAIT);
    await page.locator('[data-testid=network-rows][data-group=SUPPLIER]').waitFor(WAIT);
    expect(new URL(page.url()).searchParams.get('figure')).toBe('partsFillRate');
    await page.context().close();
  });

  it('the regional manager has no suppliers view, and cannot open a supplier’s page', async () => {
    const page = await e2e.signIn('network@oem.demo');
    await page.goto(`${e2e.base}/figures`);
    await page.getByTestId('network-row').first().waitFor(WAIT);
    expect(await page.getByTestId('view-suppliers').count()).toBe(0);
    // the supplier's id, as the analyst's suppliers view links it
    const analyst = await e2e.staffApi('analyst@oem.demo');
    const to = new Date().toISOString().slice(0, 10);
    const from = `${Number(to.slice(0, 4)) - 1}${to.slice(4, 8)}01`;
    const seen = await analyst(`query($i: NetworkFiguresInput!) { networkFigures(input: $i) { rows { dealerId label } } }`, {
      i: { from, to, groupBy: 'SUPPLIER' },
    });
    const supplierId = seen.networkFigures.rows.find((r: { label: string }) => r.label === SUPPLIER).dealerId as string;
    const r = await page.goto(`${e2e.base}/figures/suppliers/${supplierId}`);
    expect(r?.status()).toBe(404);
    await page.context().close();
  });

  it('the supplier’s admin sees its own four figures at 390 px, and no repair figure', async () => {
    const page = await e2e.signIn('admin@sup-hyd.demo', { width: 390, height: 844 });
    // the phone's menu: figures is among the supplier admin's areas
    expect(await page.locator('[data-nav=figures]').textContent()).toBe('指标看板');
    await page.goto(`${e2e.base}/figures`);
    await page.getByTestId('scorecard-row').first().waitFor(WAIT);
    expect(await page.locator('main h1').textContent()).toBe('本公司供应指标记分卡');
    expect(await page.getByTestId('dealer-name').textContent()).toBe(SUPPLIER);
    const figures = await page.getByTestId('scorecard-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-figure')));
    expect(figures).toEqual(SUPPLIER_FIGURES);
    const values = (await page.getByTestId('own-value').allTextContents()).map((v) => v.trim());
    for (const v of values) expect(v).toMatch(VALUE);
    expect(values[0]).toMatch(/%$/);
    expect(values[1]).toMatch(/ 天$/);
    // nothing to compare with: no network column, no other supplier, no repair figure
    expect(await page.getByTestId('network-value').count()).toBe(0);
    expect(await page.getByTestId('network-note').textContent()).toBe('只显示本公司的数据，不与其他供应商比较。');
    const text = await mainText(page);
    for (const name of NAMES) expect(text).toContain(name);
    for (const other of [...REPAIR_NAMES, '博远电气', '网络平均']) expect(text).not.toContain(other);
    await chartDrawn(page, 'trend-chart');
    expect(text).toContain('配件出货正确率：近 12 个月趋势');
    await noRawCodes(page);
    // a phone: nothing wider than the screen, the chart as wide as it
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const chartWidth = await page.getByTestId('trend-chart').evaluate((el) => el.getBoundingClientRect().width);
    expect(chartWidth).toBeGreaterThan(250);
    expect(chartWidth).toBeLessThanOrEqual(390);
    await page.getByTestId('scorecard').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(docs, 'figures-supplier-390.png') });
    await page.screenshot({ path: path.join(shots, 'figures-supplier-390-full.png'), fullPage: true });
    await page.context().close();
  });
});
