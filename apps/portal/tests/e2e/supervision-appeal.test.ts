import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const WAIT = { timeout: 60_000 };
const LIVE = { timeout: 30_000, interval: 100 };
const PHONE = { width: 390, height: 844 };

/** A raw code or a message key on a zh-CN screen. */
const RAW =
  /\b[A-Z]+_[A-Z_]+\b|\b(ISSUED|APPEALED|CLOSED|ACTIVE|DRAFT|WARNING|PENALTY|UPHOLD|DISMISS|undefined|null|NaN)\b|\b(sup|fig|docStatus|docEvent|codes|reason)\.[A-Za-z]/;
/** English words on a zh-CN screen (numbers such as WN-2026-000001 are data). */
const ENGLISH = /\b[A-Za-z]{3,}\b/;

async function zhOnly(page: Page) {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(RAW);
  expect(text.replace(/\b[A-Z]{1,4}-[A-Z0-9-]+\b/g, '')).not.toMatch(ENGLISH);
}

/**
 * Clicks an action form's button with its request held until the button is seen busy and disabled
 * (the user cannot fire it twice), then lets the request go.
 */
async function clickHeld(page: Page, action: string, testid: string) {
  const pattern = new RegExp(`\\?/${action}$`);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let routed = false;
  await page.route(pattern, async (route) => {
    routed = true;
    await held;
    await route.continue();
  });
  const button = page.getByTestId(testid);
  await button.click();
  await expect.poll(() => button.getAttribute('aria-busy'), LIVE).toBe('true');
  expect(await button.isDisabled()).toBe(true);
  expect(routed).toBe(true);
  const answered = page.waitForResponse((r) => pattern.test(r.url()), WAIT);
  release();
  await answered;
  await page.unroute(pattern);
}

/**
 * 网络监督, the other paths of a notice and a plan (issue 16): the dealer appeals a warning and the
 * manufacturer dismisses the appeal (待整改 again, no second appeal); the dealer appeals a penalty and
 * the manufacturer confirms it (处罚维持); an agreed plan is closed with a note (已关闭). Each state is
 * read in Chinese, each button busy while its request runs.
 */
describe('network supervision: appeals decided, a plan closed', () => {
  let e2e: E2E;
  let oemApi: Awaited<ReturnType<E2E['staffApi']>>;
  let dealerId: string;

  const issue = async (kind: 'WARNING' | 'PENALTY', title: string) =>
    (
      await oemApi(`mutation($i: IssueWarningInput!) { issueWarning(input: $i) { warning { id } } }`, {
        i: {
          dealerId,
          kind,
          title,
          grounds: '经核查，本月保修期内客户回访记录缺失。',
          cureDays: 7,
          amount: kind === 'PENALTY' ? { amountMinor: '50000', currency: 'CNY' } : null,
          idempotencyKey: crypto.randomUUID(),
        },
      })
    ).issueWarning.warning.id as string;

  beforeAll(async () => {
    e2e = await startE2E();
    oemApi = await e2e.staffApi('network@oem.demo');
    const rels = await oemApi(`{ relationships(kind: DEALER_AUTHORIZATION, first: 100) { nodes { active to { id name } } } }`);
    dealerId = rels.relationships.nodes.find((r: { active: boolean; to: { name: string } }) => r.active && r.to.name.includes('华东一店')).to.id;
  }, 300_000);
  afterAll(() => e2e?.stop());

  it('a warning appealed by the dealer at 390 px, the appeal dismissed: 待整改 again, no second appeal', async () => {
    const id = await issue('WARNING', '回访记录缺失');
    const dealer = await e2e.signIn('admin@dealer-east.demo', PHONE);
    await dealer.goto(`${e2e.base}/supervision/warnings/${id}`);
    await dealer.getByTestId('appeal-form').waitFor(WAIT);
    await dealer.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    await dealer.getByTestId('appeal-grounds').fill('回访记录已在系统外登记，附件为当月回访表。');
    await clickHeld(dealer, 'appeal', 'appeal');
    await dealer.locator('[data-testid=warning-status][data-status=APPEALED]').waitFor(WAIT);
    expect(await dealer.getByTestId('warning-status').textContent()).toBe('申诉中');
    expect(await dealer.getByTestId('warning-trail').innerText()).toContain('对整改通知提出申诉');
    expect(await dealer.getByTestId('appeal-form').count()).toBe(0);
    await zhOnly(dealer);

    const oem = await e2e.signIn('network@oem.demo');
    await oem.goto(`${e2e.base}/supervision/warnings/${id}`);
    await oem.getByTestId('decide-appeal-form').waitFor(WAIT);
    // a warning is no penalty: nothing to confirm
    expect(await oem.getByTestId('confirm-penalty').count()).toBe(0);
    await zhOnly(oem);
    await oem.getByTestId('appeal-note').fill('系统外登记不能作为回访记录，请按期整改。');
    await clickHeld(oem, 'decideAppeal', 'dismiss-appeal');
    await oem.locator('[data-testid=warning-status][data-status=ISSUED]').waitFor(WAIT);
    expect(await oem.getByTestId('warning-status').textContent()).toBe('待整改');
    const trail = await oem.getByTestId('warning-trail').innerText();
    expect(trail).toContain('驳回申诉');
    expect(trail).toContain('系统外登记不能作为回访记录');
    await zhOnly(oem);

    // the dealer: to cure again, and no second appeal offered
    await dealer.reload();
    await dealer.getByTestId('report-cure-form').waitFor(WAIT);
    expect(await dealer.getByTestId('warning-status').textContent()).toBe('待整改');
    expect(await dealer.getByTestId('appeal-form').count()).toBe(0);
    expect(await dealer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await zhOnly(dealer);
    await oem.context().close();
    await dealer.context().close();
  }, 300_000);

  it('a penalty appealed, the penalty confirmed: 处罚维持, in the list too', async () => {
    const id = await issue('PENALTY', '虚报保修工时');
    const dealer = await e2e.signIn('admin@dealer-east.demo');
    await dealer.goto(`${e2e.base}/supervision/warnings/${id}`);
    await dealer.getByTestId('appeal-form').waitFor(WAIT);
    await dealer.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    await dealer.getByTestId('appeal-grounds').fill('工时按厂家工时手册填报，无虚报。');
    await clickHeld(dealer, 'appeal', 'appeal');
    await dealer.locator('[data-testid=warning-status][data-status=APPEALED]').waitFor(WAIT);
    expect(await dealer.getByTestId('warning-status').textContent()).toBe('申诉中');

    const oem = await e2e.signIn('network@oem.demo');
    await oem.goto(`${e2e.base}/supervision/warnings/${id}`);
    await oem.getByTestId('decide-appeal-form').waitFor(WAIT);
    await oem.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    expect(await oem.getByTestId('warning-amount').textContent()).toBe('¥500.00');
    await oem.getByTestId('appeal-note').fill('工时单与维修记录不符，维持处罚。');
    await clickHeld(oem, 'decideAppeal', 'confirm-penalty');
    await oem.locator('[data-testid=warning-status][data-status=PENALTY_CONFIRMED]').waitFor(WAIT);
    expect(await oem.getByTestId('warning-status').textContent()).toBe('处罚维持');
    expect(await oem.getByTestId('warning-trail').innerText()).toContain('维持处罚');
    // the decision is final: no form left
    expect(await oem.getByTestId('decide-appeal-form').count()).toBe(0);
    await zhOnly(oem);

    // the dealer's list, filtered by the status in the address
    await dealer.goto(`${e2e.base}/supervision?status=PENALTY_CONFIRMED`);
    const row = dealer.locator('[data-testid=warning][data-status=PENALTY_CONFIRMED]').first();
    await row.waitFor(WAIT);
    expect(await row.innerText()).toContain('处罚维持');
    expect(await row.innerText()).toContain('¥500.00');
    expect(await dealer.locator('[data-testid=warning]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(
      expect.arrayContaining(['PENALTY_CONFIRMED']),
    );
    expect(new Set(await dealer.locator('[data-testid=warning]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))))).toEqual(
      new Set(['PENALTY_CONFIRMED']),
    );
    await zhOnly(dealer);
    await oem.context().close();
    await dealer.context().close();
  }, 300_000);

  it('an agreed plan closed with a note: 已关闭, the note on its trail', async () => {
    const created = await oemApi(`mutation($i: CreateImprovementPlanInput!) { createImprovementPlan(input: $i) { plan { id version } } }`, {
      i: {
        dealerId,
        title: '索赔质量整改计划',
        reason: '虚报保修工时',
        targets: [{ figureId: 'satisfaction', target: 0.9, by: '2027-01-31' }],
        actions: [{ text: '索赔单提交前由服务经理复核', owner: '李经理', due: '2027-01-15' }],
        idempotencyKey: crypto.randomUUID(),
      },
    });
    const plan = created.createImprovementPlan.plan as { id: string; version: number };
    await oemApi(`mutation($i: PlanRef!) { activateImprovementPlan(input: $i) { plan { id } } }`, { i: { id: plan.id, version: plan.version } });

    const oem = await e2e.signIn('network@oem.demo');
    await oem.goto(`${e2e.base}/supervision/plans/${plan.id}`);
    await oem.locator('[data-testid=plan-status][data-status=ACTIVE]').waitFor(WAIT);
    await oem.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    expect(await oem.getByTestId('plan-status').textContent()).toBe('执行中');
    await oem.getByTestId('close-note').fill('服务商已调整索赔流程，计划提前关闭。');
    await clickHeld(oem, 'close', 'close');
    await oem.locator('[data-testid=plan-status][data-status=CLOSED]').waitFor(WAIT);
    expect(await oem.getByTestId('plan-status').textContent()).toBe('已关闭');
    const trail = await oem.getByTestId('plan-trail').innerText();
    expect(trail).toContain('关闭整改计划');
    expect(trail).toContain('服务商已调整索赔流程');
    expect(await oem.getByTestId('plan-decide').count()).toBe(0);
    await zhOnly(oem);

    // the list's plans tab, filtered to the closed ones
    await oem.goto(`${e2e.base}/supervision?tab=plans&status=CLOSED`);
    const row = oem.locator('[data-testid=plan][data-status=CLOSED]').first();
    await row.waitFor(WAIT);
    expect(await row.innerText()).toContain('已关闭');
    expect(await oem.getByTestId('filter-status').inputValue()).toBe('CLOSED');
    await zhOnly(oem);
    await oem.context().close();
  }, 300_000);
});
