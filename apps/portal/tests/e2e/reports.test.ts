import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Download, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The README's screenshots. */
const docs = path.resolve(here, '../../../../docs/screenshots');
const WAIT = { timeout: 90_000 };

/** A raw code or a message key on a zh-CN screen: units, judgements, pay types, reasons, figure ids, dictionary keys. */
const RAW =
  /\b(MEETS|BELOW|TOO_FEW|NO_TARGET|COUNT|MONEY_MINOR|MINUTES|DAYS|RATIO|CUSTOMER|WARRANTY|CONTRACT|GOODWILL|INTERNAL|undefined|null|NaN)\b|\b[A-Z]+_[A-Z_]+\b|\b[a-z]+[A-Z][A-Za-z]+\b|\b(rpt|fig|pay|claim)\.[A-Za-z]/;
/** English words on a zh-CN screen; the button says 导出 Excel (the program's name). */
const ENGLISH = /\b[A-Za-z]{3,}\b/;

async function noRawCodes(page: Page) {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(RAW);
  expect(text.replace(/导出 Excel/g, '')).not.toMatch(ENGLISH);
}

/** Last month on the tenant's calendar (Asia/Shanghai), as YYYY-MM. */
function lastMonth(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const i = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 2;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

const hydrated = (page: Page) => page.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
const own = (page: Page, key: string) => page.locator(`[data-testid=report-row][data-key="${key}"] [data-testid=own]`);

/** Clicks 导出 Excel and returns the workbook the browser downloaded (read back with exceljs). */
async function download(page: Page, dir: string): Promise<{ file: Download; sheet: ExcelJS.Worksheet }> {
  const button = page.getByTestId('export-xlsx');
  const [file] = await Promise.all([page.waitForEvent('download', WAIT), button.click()]);
  const saved = path.join(dir, file.suggestedFilename());
  await file.saveAs(saved);
  // built and handed over: the button is free again
  await expect.poll(() => button.isEnabled(), WAIT).toBe(true);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(saved);
  return { file, sheet: wb.worksheets[0]! };
}

/** The sheet's row whose first cell is `label`. */
function sheetRow(sheet: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (!found && row.getCell(1).value === label) found = row;
  });
  if (!found) throw new Error(`no row ${label} in the sheet`);
  return found;
}

/**
 * 业务统计表 (issue 16, reports) over the demo network's 13 months of history: a dealer's service
 * admin reads its monthly report (money as ¥, rates as %), downloads it as XLSX and prints it on
 * A4; the regional manager of 华东 opens 华东一店's monthly report and downloads it; at 390 px the
 * table scrolls inside its box.
 */
describe('business statistics report: daily, weekly, monthly; A4 and XLSX', () => {
  let e2e: E2E;
  let dir: string;
  const month = lastMonth();

  beforeAll(async () => {
    mkdirSync(docs, { recursive: true });
    dir = mkdtempSync(path.join(tmpdir(), 'reports-e2e-'));
    e2e = await startE2E({ history: true });
  });
  afterAll(() => e2e?.stop());

  it('the dealer’s service admin reads last month’s report, downloads it as XLSX and prints it on A4', async () => {
    const page = await e2e.signIn('admin@dealer-east.demo');
    await page.goto(`${e2e.base}/reports`);
    await hydrated(page);
    // 日报 by default: yesterday, with the day before beside it
    await page.locator('[data-testid=report][data-kind=day]').waitFor(WAIT);
    expect(await page.getByTestId('report-title').textContent()).toBe('业务统计表（日报）');
    expect(await page.locator('[data-testid=report-table] th').allTextContents()).toContain('上日');
    expect(await page.locator('[data-testid=report-row][data-key=repairVolume] [data-testid=previous]').textContent()).toMatch(/^\d+$/);

    await page.getByTestId('kind-month').click();
    await page.locator(`[data-testid=report][data-kind=month][data-from="${month}-01"]`).waitFor(WAIT);
    expect(await page.getByTestId('report-title').textContent()).toBe('业务统计表（月报）');
    expect(await page.getByTestId('report-dealer').textContent()).toBe('华东一店（上海）');
    expect(await page.getByTestId('report-period').textContent()).toBe(`${month.slice(0, 4)}年${Number(month.slice(5))}月`);
    expect(await page.locator('[data-testid=report-section]').evaluateAll((s) => s.map((x) => x.getAttribute('data-section')))).toEqual([
      'repair',
      'claims',
      'service',
    ]);

    // money as ¥ from minor units, rates as %, targets of the seeds, too few in words
    expect(await own(page, 'revenueByPayType').textContent()).toMatch(/^¥[\d,]+\.\d{2}$/);
    expect(await own(page, 'claimAmount').textContent()).toMatch(/^¥[\d,]+\.\d{2}$/);
    expect(await own(page, 'revenueByPayType:WARRANTY').textContent()).toMatch(/^¥[\d,]+\.\d{2}$/);
    expect(await page.locator('[data-testid=report-row][data-key="revenueByPayType:WARRANTY"] td').first().textContent()).toBe('其中：保修索赔');
    expect(await page.locator('[data-testid=report-row][data-key=followUpRateInWarranty] [data-testid=target]').textContent()).toBe('100%');
    expect(await page.locator('[data-testid=report-row][data-key=satisfaction] [data-testid=target]').textContent()).toBe('98%');
    expect(await page.locator('[data-testid=report-row][data-key=inspectorAccuracy] [data-testid=target]').textContent()).toBe('97%');
    const rates = await page.locator('[data-testid=report-row] [data-testid=own]').allTextContents();
    expect(
      rates.some((v) => /^\d+(\.\d)?%$/.test(v)),
      rates.join(' '),
    ).toBe(true);
    for (const cell of await page.locator('[data-testid=own][data-too-few=yes]').all()) expect(await cell.textContent()).toBe('样本不足');
    // a month has its repair volume per day, adding up to the month's
    const volume = Number(await own(page, 'repairVolume').getAttribute('data-value'));
    expect(volume).toBeGreaterThan(0);
    const perDay = (await page.getByTestId('daily-point').allTextContents()).map((v) => Number(v) || 0);
    expect(perDay.length).toBe(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).getUTCDate());
    expect(perDay.reduce((a, b) => a + b, 0)).toBe(volume);
    await noRawCodes(page);

    // the XLSX: a title row, the dealer, numbers as numbers in their formats
    const { file, sheet } = await download(page, dir);
    expect(file.suggestedFilename()).toBe(`业务统计表-华东一店（上海）-${month}.xlsx`);
    expect(sheet.getCell('A1').value).toBe('业务统计表（月报）');
    expect(sheet.getCell('A2').value).toBe('经销商：华东一店（上海）');
    expect(sheetRow(sheet, '维修台次').getCell(2).value).toBe(volume);
    const revenue = sheetRow(sheet, '维修产值').getCell(2);
    expect(revenue.value).toBe(Number(await own(page, 'revenueByPayType').getAttribute('data-value')) / 100);
    expect(revenue.numFmt).toContain('¥');
    expect(revenue.numFmt).toContain('0.00');
    // 项目, 本期, 网络平均, 目标, 评价 (a daily report has 上日 after 本期)
    expect(sheetRow(sheet, '服务满意率').getCell(4).value).toBe(0.98);
    expect(sheetRow(sheet, '服务满意率').getCell(4).numFmt).toContain('%');

    // the print view: A4, the dealer, the title, the period, signature lines, no navigation when printed
    await page.getByTestId('print-link').click();
    await page.waitForURL(/\/reports\/print\?/, WAIT);
    await page.getByTestId('report-print').waitFor(WAIT);
    expect(await page.getByTestId('print-title').textContent()).toBe('业务统计表（月报）');
    expect(await page.getByTestId('print-dealer').textContent()).toBe('华东一店（上海）');
    expect(await page.getByTestId('print-period').textContent()).toContain(`${month.slice(0, 4)}年${Number(month.slice(5))}月`);
    const paper = await page.getByTestId('report-print').innerText();
    expect(paper).toContain('制表人：');
    expect(paper).toContain('审核人：');
    expect(paper).toContain('打印时间：');
    expect(paper).not.toMatch(RAW);
    expect(paper).not.toMatch(ENGLISH);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('nav').isVisible()).toBe(false);
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    const box = (await page.getByTestId('report-print').boundingBox())!;
    expect(Math.abs(box.width - (210 / 25.4) * 96)).toBeLessThan(2); // 210 mm
    await page.getByTestId('report-print').screenshot({ path: path.join(docs, 'report-monthly-print.png') });
    // printed to PDF, the page is A4 (595 × 842 pt)
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    const pages = pdf.match(/MediaBox \[[^\]]*\]/g) ?? [];
    expect(pages.length).toBeGreaterThan(0);
    for (const box of pages) expect(box).toMatch(/^MediaBox \[0 0 59[45]\.\d+ 841\.\d+\]$/);
    await page.context().close();
  });

  it('the regional manager of 华东 opens 华东一店’s monthly report and downloads it', async () => {
    const page = await e2e.signIn('network@oem.demo');
    await page.goto(`${e2e.base}/reports`);
    await hydrated(page);
    await page.getByTestId('kind-month').click();
    await page.waitForURL(/kind=month/, WAIT);
    await page.getByTestId('pick-dealer').waitFor(WAIT);
    const dealers = await page.locator('[data-testid=dealer] option').allTextContents();
    expect(dealers).toEqual(expect.arrayContaining(['华东一店（上海）', '华东二店（杭州）']));
    expect(dealers.join()).not.toContain('华北');
    await hydrated(page);
    await page.getByTestId('dealer').selectOption({ label: '华东一店（上海）' });
    await page.waitForURL(/dealer=/, WAIT);
    await page.locator(`[data-testid=report][data-kind=month][data-from="${month}-01"]`).waitFor(WAIT);
    expect(await page.getByTestId('report-dealer').textContent()).toBe('华东一店（上海）');
    expect(await own(page, 'revenueByPayType').textContent()).toMatch(/^¥[\d,]+\.\d{2}$/);
    await noRawCodes(page);
    const volume = Number(await own(page, 'repairVolume').getAttribute('data-value'));

    const { file, sheet } = await download(page, dir);
    expect(file.suggestedFilename()).toBe(`业务统计表-华东一店（上海）-${month}.xlsx`);
    expect(sheet.getCell('A1').value).toBe('业务统计表（月报）');
    expect(sheetRow(sheet, '维修台次').getCell(2).value).toBe(volume);

    // the weekly report of the same dealer keeps the dealer
    await page.getByTestId('kind-week').click();
    await page.locator('[data-testid=report][data-kind=week]').waitFor(WAIT);
    expect(await page.getByTestId('report-title').textContent()).toBe('业务统计表（周报）');
    expect(await page.getByTestId('report-dealer').textContent()).toBe('华东一店（上海）');
    expect(await page.getByTestId('report-period').textContent()).toMatch(/^\d{4}年第\d+周（\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}）$/);
    await page.context().close();
  });

  it('at 390 px the report scrolls inside its box', async () => {
    const page = await e2e.signIn('admin@dealer-east.demo', { width: 390, height: 844 });
    await page.goto(`${e2e.base}/reports?kind=month&period=${month}`);
    await page.locator('[data-testid=report][data-kind=month]').waitFor(WAIT);
    await hydrated(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const wrap = page.locator('.table-wrap:has([data-testid=report-table])');
    expect(await wrap.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await page.screenshot({ path: path.join(docs, 'report-390.png'), fullPage: true });
    await page.context().close();
  });
});
