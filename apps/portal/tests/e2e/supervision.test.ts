import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = path.resolve(here, '../../../../docs/screenshots');
const WAIT = { timeout: 60_000 };
const PHONE = { width: 390, height: 844 };

/** A raw code or a message key on a zh-CN screen. */
const RAW = /\b[A-Z]+_[A-Z_]+\b|\b(ISSUED|CURED|ACTIVE|DRAFT|WARNING|PENALTY|MEETS|BELOW|undefined|null|NaN)\b|\b(sup|fig|docStatus|codes)\.[A-Za-z]/;
/** English words on a zh-CN screen (numbers such as WN-2026-000001 and dealer codes are data). */
const ENGLISH = /\b[A-Za-z]{3,}\b/;

async function zhOnly(page: Page) {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(RAW);
  expect(text.replace(/\b[A-Z]{1,4}-[A-Z0-9-]+\b/g, '')).not.toMatch(ENGLISH);
}

/** The value of the dealer option naming 华东一店. */
const eastDealer = (page: Page, select: string) => page.locator(`[data-testid=${select}] option`, { hasText: '华东一店' }).first().getAttribute('value');

/**
 * 网络监督 (issue 16 item 5): the network manager of 华东 issues a warning to 华东一店（上海）, the
 * dealer's service admin reports its cure on a phone, the network manager accepts it; then an
 * improvement plan for the same dealer is drafted, activated, and the dealer marks its action done.
 */
describe('network supervision: a warning cured, a plan carried out', () => {
  let e2e: E2E;
  beforeAll(async () => {
    mkdirSync(docs, { recursive: true });
    e2e = await startE2E();
  }, 300_000);
  afterAll(() => e2e?.stop());

  it('warning: issued → cure reported by the dealer at 390 px → accepted', async () => {
    const oem = await e2e.signIn('network@oem.demo');
    expect(await oem.locator('[data-nav=supervision]').textContent()).toBe('网络监督');
    await oem.click('[data-nav=supervision]');
    await oem.getByTestId('open-issue').click();
    await oem.getByTestId('issue-form').waitFor(WAIT);
    await oem.getByTestId('issue-dealer').selectOption((await eastDealer(oem, 'issue-dealer'))!);
    await oem.getByTestId('kind-warning').check();
    await oem.getByTestId('issue-title').fill('回访率连续两月低于标准');
    await oem.getByTestId('issue-grounds').fill('十月、十一月保修期内客户回访率均低于 80%，请限期整改并上报整改情况。');
    await oem.getByTestId('issue-cure-days').fill('7');
    await oem.getByTestId('issue-submit').click();
    await oem.waitForURL(/\/supervision\/warnings\/[^/]+$/, WAIT);
    const warningUrl = oem.url();
    await oem.locator('[data-testid=warning-status][data-status=ISSUED]').waitFor(WAIT);
    expect(await oem.getByTestId('warning-status').textContent()).toBe('待整改');
    expect(await oem.getByTestId('warning-dealer').textContent()).toContain('华东一店');
    await zhOnly(oem);

    // the dealer's service admin on a phone: the notice is on its list
    const dealer = await e2e.signIn('admin@dealer-east.demo', PHONE);
    await dealer.goto(`${e2e.base}/supervision`);
    const row = dealer.locator('[data-testid=warning][data-status=ISSUED]').first();
    await row.waitFor(WAIT);
    expect(await row.innerText()).toContain('警告');
    expect(await row.innerText()).toContain('待整改');
    await zhOnly(dealer);
    await row.getByTestId('warning-link').click();
    await dealer.waitForURL(warningUrl, WAIT);
    await dealer.getByTestId('report-cure-form').waitFor(WAIT);
    await zhOnly(dealer);
    await dealer.getByTestId('cure-report-text').fill('已安排专人每日回访保修期内客户，本周回访率已达 92%。');
    await dealer.getByTestId('report-cure').click();
    await dealer.locator('[data-testid=warning-status][data-status=CURE_REPORTED]').waitFor(WAIT);
    expect(await dealer.getByTestId('warning-status').textContent()).toBe('已报整改');
    expect(await dealer.getByTestId('warning-trail').innerText()).toContain('上报整改情况');
    // the page fits the phone: nothing wider than the screen
    expect(await dealer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await zhOnly(dealer);
    await dealer.screenshot({ path: path.join(docs, 'supervision-warning-390.png'), fullPage: true });

    // the network manager sees the report and accepts it
    await oem.goto(warningUrl);
    await oem.locator('[data-testid=warning-status][data-status=CURE_REPORTED]').waitFor(WAIT);
    expect(await oem.getByTestId('warning-status').textContent()).toBe('已报整改');
    expect(await oem.getByTestId('cure-report').innerText()).toContain('92%');
    await oem.getByTestId('accept-cure').click();
    await oem.locator('[data-testid=warning-status][data-status=CURED]').waitFor(WAIT);
    expect(await oem.getByTestId('warning-status').textContent()).toBe('整改合格');
    expect(await oem.getByTestId('warning-trail').innerText()).toContain('整改验收合格');
    await zhOnly(oem);

    // a penalty: its amount in yuan, shown as money on the notice and in the list
    await oem.goto(`${e2e.base}/supervision`);
    await oem.getByTestId('open-issue').click();
    await oem.getByTestId('issue-form').waitFor(WAIT);
    await oem.getByTestId('issue-dealer').selectOption((await eastDealer(oem, 'issue-dealer'))!);
    await oem.getByTestId('kind-penalty').check();
    await oem.getByTestId('issue-amount').fill('1280');
    await oem.getByTestId('issue-title').fill('虚报索赔');
    await oem.getByTestId('issue-grounds').fill('经核查两份索赔单工时虚报，按经销商合同处罚。');
    await oem.getByTestId('issue-cure-days').fill('10');
    await oem.getByTestId('issue-submit').click();
    await oem.waitForURL((u) => /\/supervision\/warnings\/[^/]+$/.test(u.pathname) && u.href !== warningUrl, WAIT);
    await oem.locator('[data-testid=warning-status][data-status=ISSUED]').waitFor(WAIT);
    expect(await oem.getByTestId('warning-amount').textContent()).toBe('¥1,280.00');
    await oem.getByTestId('back').click();
    const penalty = oem.locator('[data-testid=warning][data-status=ISSUED]').first();
    await penalty.waitFor(WAIT);
    expect(await penalty.innerText()).toContain('处罚');
    expect(await penalty.innerText()).toContain('¥1,280.00');
    await zhOnly(oem);
    await oem.context().close();
    await dealer.context().close();
  }, 300_000);

  it('plan: drafted with one target and one action → activated → the dealer marks the action done', async () => {
    const oem = await e2e.signIn('network@oem.demo');
    await oem.goto(`${e2e.base}/supervision`);
    await oem.getByTestId('open-plan').click();
    await oem.getByTestId('plan-form').waitFor(WAIT);
    await oem.getByTestId('plan-dealer').selectOption((await eastDealer(oem, 'plan-dealer'))!);
    await oem.getByTestId('plan-title').fill('客户回访整改计划');
    await oem.getByTestId('plan-reason').fill('回访率连续两月低于标准');
    await oem.getByTestId('target-figure').selectOption('satisfaction');
    await oem.getByTestId('target-value').fill('90');
    await oem.getByTestId('action-text').fill('每日回访保修期内客户并登记结果');
    await oem.getByTestId('action-owner').fill('王经理');
    await oem.getByTestId('plan-submit').click();
    await oem.waitForURL(/\/supervision\/plans\/[^/]+$/, WAIT);
    const planUrl = oem.url();
    await oem.locator('[data-testid=plan-status][data-status=DRAFT]').waitFor(WAIT);
    expect(await oem.getByTestId('plan-targets').innerText()).toContain('服务满意率');
    expect(await oem.getByTestId('plan-targets').innerText()).toContain('≥ 90%');
    await zhOnly(oem);
    await oem.getByTestId('activate').click();
    await oem.locator('[data-testid=plan-status][data-status=ACTIVE]').waitFor(WAIT);
    expect(await oem.getByTestId('plan-status').textContent()).toBe('执行中');

    // the dealer sees the plan and marks its action done
    const dealer = await e2e.signIn('admin@dealer-east.demo', PHONE);
    await dealer.goto(`${e2e.base}/supervision`);
    await dealer.getByTestId('tab-plans').click();
    const row = dealer.locator('[data-testid=plan][data-status=ACTIVE]').first();
    await row.waitFor(WAIT);
    expect(await row.innerText()).toContain('客户回访整改计划');
    await zhOnly(dealer);
    await row.getByTestId('plan-link').click();
    await dealer.waitForURL(planUrl, WAIT);
    await dealer.getByTestId('mark-done').click();
    await dealer.locator('[data-testid=plan-action][data-done=yes]').waitFor(WAIT);
    expect(await dealer.getByTestId('action-done').textContent()).toContain('已完成');
    expect(await dealer.getByTestId('plan-trail').innerText()).toContain('整改措施已完成');
    expect(await dealer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await zhOnly(dealer);

    // the manufacturer's view of the plan, with the action done
    await oem.goto(planUrl);
    await oem.locator('[data-testid=plan-action][data-done=yes]').waitFor(WAIT);
    await zhOnly(oem);
    await oem.screenshot({ path: path.join(docs, 'supervision-plan.png'), fullPage: true });
    await oem.context().close();
    await dealer.context().close();
  }, 300_000);
});
