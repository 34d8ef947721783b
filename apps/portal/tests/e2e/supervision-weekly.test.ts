import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The README's screenshots. */
const docs = path.resolve(here, '../../../../docs/screenshots');
const WAIT = { timeout: 90_000 };
const PHONE = { width: 390, height: 844 };

/** A raw code or a message key on a zh-CN screen. */
const RAW =
  /\b[A-Z]+_[A-Z_]+\b|\b(RECEIVED|ACKNOWLEDGED|RESOLVED|ISSUED|ACTIVE|WARNING|PENALTY|PHONE|LETTER|PRICE|MEETS|BELOW|undefined|null|NaN)\b|\b(sqw|sup|rpt|fig|cmp|docStatus|codes)\.[A-Za-z]/;
/** English words on a zh-CN screen (numbers such as CP-2026-000001, WN-…, HIS-… and RO numbers are data). */
const ENGLISH = /\b[A-Za-z]{3,}\b/;

function zhOnly(text: string) {
  expect(text).not.toMatch(RAW);
  expect(text.replace(/\b[A-Z]{1,4}(-[A-Z0-9]+)+\b/g, '')).not.toMatch(ENGLISH);
}

const hydrated = (page: Page) => page.locator('[data-shell-hydrated=yes]').waitFor(WAIT);

/** A day on the tenant's calendar (Asia/Shanghai) moved by n days, and the Monday of its week. */
function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}
function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
function mondayOf(day: string): string {
  return addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));
}

type Api = (query: string, variables?: Record<string, unknown>) => Promise<any>;
const WEEK = `query($d: ID!, $day: String!) { serviceQualityWeek(dealerId: $d, day: $day) { from complaints { number } measures { measure value } followUpFindings { id } } }`;

/** The week's follow-up counts as the page says them: warranty orders not followed up, unsatisfied answers. */
function counts(measures: Array<{ measure: string; value: number }>) {
  const m = (k: string) => measures.find((x) => x.measure === k)?.value ?? 0;
  return { missed: Math.max(0, m('fu.warrantyDue') - m('fu.warrantyDone')), unsatisfied: Math.max(0, m('sat.answers') - m('sat.satisfied')) };
}

/** The latest week (of the last 40) whose report `pick` accepts, as the reader's API reads it. */
async function findWeek(api: Api, dealerId: string, pick: (w: any) => boolean): Promise<any> {
  let monday = mondayOf(shanghaiToday());
  for (let i = 0; i < 40; i++, monday = addDays(monday, -7)) {
    const w = (await api(WEEK, { d: dealerId, day: monday })).serviceQualityWeek;
    if (pick(w)) return w;
  }
  throw new Error('no week of the demo history has what the test needs');
}

/**
 * 服务质量周报 (issue 16 item 5) over the demo network's history: the regional manager of 华东 opens
 * 华东一店's week — the product-quality complaint that reached the manufacturer, the follow-up
 * counts, the figures against their targets, the notice and the plan the demo left open — moves a
 * week back, opens a week whose calls found problems, and prints the report on A4; the dealer's
 * service admin, on a phone, reads only its own weeks, with the calls that found problems listed.
 */
describe('the weekly service-quality report (服务质量周报)', () => {
  let e2e: E2E;
  let east: string;
  let east2: string;
  const monday = mondayOf(shanghaiToday());

  beforeAll(async () => {
    mkdirSync(docs, { recursive: true });
    e2e = await startE2E({ history: true });
    const nm = await e2e.staffApi('network@oem.demo');
    const rels = (await nm(`{ relationships(kind: DEALER_AUTHORIZATION, first: 100) { nodes { to { id name } } } }`)).relationships.nodes;
    east = rels.find((r: any) => r.to.name === '华东一店（上海）').to.id;
    east2 = rels.find((r: any) => r.to.name === '华东二店（杭州）').to.id;
  }, 600_000);
  afterAll(() => e2e?.stop());

  it('the network manager opens 华东一店’s week, steps back a week, finds the calls’ problems and prints the report on A4', async () => {
    const api = await e2e.staffApi('network@oem.demo');
    const page = await e2e.signIn('network@oem.demo');
    await page.click('[data-nav=supervision]');
    await page.getByTestId('weekly-link').click();
    await page.waitForURL(/\/supervision\/weekly/, WAIT);
    await hydrated(page);
    await page.getByTestId('pick-dealer').waitFor(WAIT);
    // the dealers of its region only
    const options = await page.locator('[data-testid=dealer] option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['华东一店（上海） · 华东', '华东二店（杭州） · 华东']));
    expect(options.join()).not.toContain('华北');
    await page.getByTestId('dealer').selectOption(east);
    await page.waitForURL(/dealer=/, WAIT);
    await page.locator(`[data-testid=weekly][data-from="${monday}"][data-dealer="${east}"]`).waitFor(WAIT);
    expect(await page.getByTestId('weekly-title').textContent()).toBe('服务质量周报');
    expect(await page.getByTestId('weekly-dealer').textContent()).toBe('华东一店（上海） · 华东');
    expect(await page.getByTestId('weekly-week').textContent()).toMatch(/^\d{4}年第\d+周$/);
    expect(await page.getByTestId('weekly-range').textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日至\d{4}年\d{1,2}月\d{1,2}日$/);
    // this week: the demo's product-quality complaint reached the manufacturer; the walk-in and price complaints did not
    const thisWeek = (await api(WEEK, { d: east, day: monday })).serviceQualityWeek;
    expect(thisWeek.complaints.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('sqw-complaint').count(), WAIT).toBe(thisWeek.complaints.length);
    const quality = page.locator('[data-testid=sqw-complaint]').filter({ has: page.locator('[data-testid=sqw-category]', { hasText: '产品质量' }) });
    expect(await quality.count()).toBeGreaterThan(0);
    expect(await quality.first().getByTestId('sqw-status').textContent()).toMatch(/^(已受理|调查中|已升级|待受理)/);
    expect(await page.locator('[data-testid=sqw-complaint]', { hasText: '前台接待' }).count()).toBe(0);
    // the follow-up counts are the week's measures; the calls themselves stay the dealer's
    expect(Number(await page.getByTestId('fu-missed').getAttribute('data-value'))).toBe(counts(thisWeek.measures).missed);
    expect(Number(await page.getByTestId('sat-unsatisfied').getAttribute('data-value'))).toBe(counts(thisWeek.measures).unsatisfied);
    expect(await page.getByTestId('sqw-finding').count()).toBe(0);
    // the figures against their targets, as the 业务统计表 says them
    expect(await page.locator('[data-testid=sqw-figures] [data-testid=report-row][data-key=followUpRateInWarranty] [data-testid=target]').textContent()).toBe(
      '100%',
    );
    expect(await page.locator('[data-testid=sqw-figures] [data-testid=report-row][data-key=satisfaction] [data-testid=target]').textContent()).toBe('98%');
    expect(await page.locator('[data-testid=sqw-figures] [data-testid=network]').count()).toBe(0);
    // the demo's notice (cure reported) and plan (an action overdue) are still open
    expect(await page.locator('[data-testid=sqw-warning][data-status=CURE_REPORTED]').textContent()).toContain('已报整改');
    expect(await page.locator('[data-testid=sqw-plan][data-status=ACTIVE]').textContent()).toContain('1 项逾期');
    zhOnly(await page.locator('main').innerText());
    await page.screenshot({ path: path.join(docs, 'supervision-weekly.png'), fullPage: true });

    // a week back: the address keeps the dealer
    await page.getByTestId('step-previous').click();
    await page.locator(`[data-testid=weekly][data-from="${addDays(monday, -7)}"][data-dealer="${east}"]`).waitFor(WAIT);
    expect(page.url()).toContain(`week=${addDays(monday, -7)}`);
    const lastWeek = (await api(WEEK, { d: east, day: addDays(monday, -7) })).serviceQualityWeek;
    expect(Number(await page.getByTestId('sqw-complaints').getAttribute('data-count'))).toBe(lastWeek.complaints.length);
    await page.getByTestId('step-next').click();
    await page.locator(`[data-testid=weekly][data-from="${monday}"]`).waitFor(WAIT);
    expect(await page.getByTestId('step-next').count()).toBe(0); // next week has not begun

    // a week whose calls found problems (the history's unreached customers and unsatisfied answers)
    const found = await findWeek(api, east, (w) => counts(w.measures).missed + counts(w.measures).unsatisfied > 0);
    await hydrated(page);
    await page.getByTestId('week').selectOption(found.from);
    await page.locator(`[data-testid=weekly][data-from="${found.from}"][data-dealer="${east}"]`).waitFor(WAIT);
    const c = counts(found.measures);
    expect(await page.getByTestId('fu-missed').textContent()).toBe(`${c.missed} 台`);
    expect(await page.getByTestId('sat-unsatisfied').textContent()).toBe(`${c.unsatisfied} 条`);
    zhOnly(await page.locator('main').innerText());

    // back to this week and its A4 view: the dealer, the week, the printing time, signature lines
    await page.goto(`${e2e.base}/supervision/weekly?week=${monday}&dealer=${east}`);
    await page.getByTestId('print-link').click();
    await page.waitForURL(/\/supervision\/weekly\/print\?/, WAIT);
    await page.getByTestId('report-print').waitFor(WAIT);
    expect(await page.getByTestId('print-title').textContent()).toBe('服务质量周报');
    expect(await page.getByTestId('print-dealer').textContent()).toBe('华东一店（上海） · 华东');
    expect(await page.getByTestId('print-period').textContent()).toMatch(/^周期：\d{4}年第\d+周（\d{4}年\d{1,2}月\d{1,2}日至\d{4}年\d{1,2}月\d{1,2}日）$/);
    const paper = await page.getByTestId('report-print').innerText();
    for (const s of ['打印时间：', '编制单位：华岳重工', '一、客户投诉', '二、回访发现', '三、服务指标', '四、未结整改事项', '制表人：', '审核人：'])
      expect(paper).toContain(s);
    zhOnly(paper);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('nav').isVisible()).toBe(false);
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    const box = (await page.getByTestId('report-print').boundingBox())!;
    expect(Math.abs(box.width - (210 / 25.4) * 96)).toBeLessThan(2); // 210 mm
    await page.getByTestId('report-print').screenshot({ path: path.join(docs, 'supervision-weekly-print.png') });
    // printed to PDF: one A4 page (595 × 842 pt)
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    const pages = pdf.match(/MediaBox \[[^\]]*\]/g) ?? [];
    expect(pages.length).toBe(1);
    expect(pages[0]).toMatch(/^MediaBox \[0 0 59[45]\.\d+ 841\.\d+\]$/);
    await page.context().close();
  }, 600_000);

  it('the dealer’s service admin, on a phone, reads its own weeks only, with the calls that found problems', async () => {
    const api = await e2e.staffApi('admin@dealer-east.demo');
    const page = await e2e.signIn('admin@dealer-east.demo', PHONE);
    await page.goto(`${e2e.base}/supervision`);
    await hydrated(page);
    await page.getByTestId('weekly-link').click();
    await page.locator(`[data-testid=weekly][data-from="${monday}"][data-dealer="${east}"]`).waitFor(WAIT);
    expect(await page.getByTestId('dealer').count()).toBe(0); // no dealer to pick: its own
    expect(await page.getByTestId('weekly-dealer').textContent()).toBe('华东一店（上海）');
    // all of its complaints of the week (the demo's three, at least), the notice and the plan
    const thisWeek = (await api(WEEK, { d: east, day: monday })).serviceQualityWeek;
    expect(thisWeek.complaints.length).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.getByTestId('sqw-complaint').count(), WAIT).toBe(thisWeek.complaints.length);
    expect(await page.locator('[data-testid=sqw-complaint]', { hasText: '服务态度' }).count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=sqw-plan][data-status=ACTIVE]').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    zhOnly(await page.locator('main').innerText());

    // a week whose calls found problems: each call listed, with what it found
    const found = await findWeek(api, east, (w) => w.followUpFindings.length > 0);
    await page.goto(`${e2e.base}/supervision/weekly?week=${found.from}`);
    await page.locator(`[data-testid=weekly][data-from="${found.from}"]`).waitFor(WAIT);
    expect(await page.getByTestId('sqw-finding').count()).toBe(found.followUpFindings.length);
    for (const text of await page.getByTestId('sqw-finding-text').allTextContents()) expect(text).toMatch(/未联系上客户|不满意（[1-3] 分）|提出投诉/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    zhOnly(await page.locator('main').innerText());
    await page.screenshot({ path: path.join(docs, 'supervision-weekly-390.png'), fullPage: true });

    // another dealer in the address changes nothing: its own week, never 华东二店's
    await page.goto(`${e2e.base}/supervision/weekly?week=${monday}&dealer=${east2}`);
    await page.locator(`[data-testid=weekly][data-from="${monday}"]`).waitFor(WAIT);
    expect(await page.getByTestId('weekly').getAttribute('data-dealer')).toBe(east);
    // and the API refuses it the other dealer's report
    await expect(api(WEEK, { d: east2, day: monday })).rejects.toThrow(/NOT_FOUND/);
    await page.context().close();
  }, 600_000);
});
