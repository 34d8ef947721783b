import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE } from '@asn/domain';
import { zhCN } from '../../src/lib/i18n/zh-CN';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');
const LIVE = { timeout: 30_000, interval: 100 }; // a live update or a redirect can take seconds on a busy 2-core machine
const WAIT = { timeout: 30_000 };
const dict = zhCN as Record<string, string>;

/** The workshop's wall-clock day `days` from now (the demo dealers keep Shanghai time). */
const shanghaiDay = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: DEFAULT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86_400_000),
  );

/** A raw code (a status, a category, an audit action, a message key) or an English sentence on a zh-CN screen. */
const RAW =
  /\b(RECEIVED|ACKNOWLEDGED|INVESTIGATING|ESCALATED|RESOLVED|REOPENED|CLOSED|PRODUCT_QUALITY|SERVICE_QUALITY|WALK_IN|MAJOR|DEALER|SUPPLIER|MANUFACTURER|rootCauseRecorded|answerPromised|qualityAssessed|received|undefined|null)\b|\b[A-Z]+_[A-Z_]+\b|\b(cmp|docStatus|docEvent|codes|reason)\.[A-Za-z]|\b[A-Za-z]+ [a-z]+ [a-z]+\b/;

const text = async (page: Page, testid: string) => ((await page.getByTestId(testid).first().textContent()) ?? '').trim();

/**
 * 客户投诉 as the people do it: a customer walks in about a loader that leaks again; the dealer's
 * care agent files it from the repair order (product quality, so it reaches the manufacturer),
 * acknowledges it with the time the customer hears back, investigates, records the root cause and
 * resolves it with a cost split — 60 + 30 is refused in Chinese, 60 + 40 goes through — and records
 * the customer's satisfied answer on the phone: closed. The manufacturer's quality engineer finds it
 * in the quality queue and in its inbox and records root cause and responsibility; the care agent's
 * open page shows the finding without a reload. The register and the handling form print.
 */
describe('complaints: filing at the desk, the handling, the cost split, the quality finding, the print forms', () => {
  let e2e: E2E;
  let orderId: string;
  let orderNumber: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    const admin = await e2e.staffApi('admin@dealer-east.demo');
    const c = await admin(
      `mutation { createCustomer(input: { name: "孙立", phone: "13600007788", vehicles: [{ vin: "HYDEMO00077", plate: "沪K77881", model: "ZL50", currentMeter: 1500 }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await admin(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "动臂油缸漏油（第二次）" }) { repairOrder { id number } } }`,
      { c: c.createCustomer.customer.id, v: c.createCustomer.customer.vehicles[0].id },
    );
    orderId = o.createRepairOrder.repairOrder.id;
    orderNumber = o.createRepairOrder.repairOrder.number;
  });
  afterAll(() => e2e?.stop());

  let care: Page;
  let number: string;
  let complaintUrl: string;

  /** Submits one of the complaint page's step forms and waits for the page to say it is done. */
  const submit = async (page: Page, button: string, done: string) => {
    await page.getByTestId(button).click();
    await expect
      .poll(
        () =>
          page
            .getByTestId('complaint-ok')
            .textContent()
            .catch(() => null),
        LIVE,
      )
      .toBe(dict[`cmp.done.${done}`]);
  };

  it('the care agent files a product quality complaint from the repair order', async () => {
    care = await e2e.signIn('care@dealer-east.demo');
    // the menu has the area, named in Chinese
    expect(await care.locator('[data-nav=complaints]').textContent()).toBe('客户投诉');
    await care.goto(`${e2e.base}/orders/${orderId}`);
    await care.getByTestId('file-complaint').click();
    await care.waitForURL(/\/complaints\/new\?repairOrderId=/, WAIT);
    expect(await text(care, 'for-repair')).toContain(orderNumber);
    expect(await text(care, 'for-repair')).toContain('孙立');
    await care.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    await care.getByTestId('channel').selectOption('WALK_IN');
    await care.getByTestId('category').selectOption('PRODUCT_QUALITY');
    await care.getByTestId('severity').selectOption('MAJOR');
    await care.getByTestId('description').fill('装载机动臂油缸修好两周后又漏油，客户要求更换整个油缸并赔偿停工损失。');
    expect(await care.locator('main').innerText()).not.toMatch(RAW);
    await care.screenshot({ path: path.join(shots, 'complaint-new.png'), fullPage: true });
    await care.getByTestId('file-complaint').click();
    await care.waitForURL(/\/complaints\/[0-9a-f-]{36}$/, WAIT);
    complaintUrl = care.url();
    number = await text(care, 'complaint-number');
    expect(number).toMatch(/\d/);
    expect(await care.getByTestId('complaint-status').getAttribute('data-status')).toBe('RECEIVED');
    expect(await text(care, 'complaint-status')).toBe('待受理');
    expect(await text(care, 'complaint-category')).toBe('产品质量');
    expect(await text(care, 'complaint-customer')).toBe('孙立');
    expect(await text(care, 'repair-link')).toBe(orderNumber);
    // product quality: the manufacturer's quality engineers read it too
    expect(await text(care, 'at-manufacturer')).toBe('已送达主机厂');
    // the buttons are what the API allows now: acknowledge (and escalate), nothing further
    expect(await care.locator('form[data-action=ACKNOWLEDGE]').count()).toBe(1);
    expect(await care.locator('form[data-action=RESOLVE]').count()).toBe(0);
  });

  it('acknowledges with a promised answer, investigates, records the root cause', async () => {
    await care.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    const ack = care.locator('form[data-action=ACKNOWLEDGE]');
    await ack.locator('input[type=datetime-local][name=promisedAnswerAt]').fill(`${shanghaiDay(1)}T10:00`);
    await ack.locator('textarea[name=answer]').fill('已安排服务工程师到现场检查油缸，明天上午十点前答复您处理方案。');
    await submit(care, 'acknowledge', 'acknowledge');
    await expect.poll(() => care.getByTestId('complaint-status').getAttribute('data-status'), LIVE).toBe('ACKNOWLEDGED');
    expect(await text(care, 'promised-answer-at')).toContain('10:00');
    await submit(care, 'investigate', 'investigate');
    await expect.poll(() => care.getByTestId('complaint-status').getAttribute('data-status'), LIVE).toBe('INVESTIGATING');
    await care.getByTestId('root-cause').fill('油缸密封件批次不良，首次维修未更换缸筒');
    await care.getByTestId('responsibility').fill('供应商密封件质量，维修方案不彻底');
    await submit(care, 'save-root-cause', 'rootCause');
    expect(await text(care, 'complaint-root-cause')).toBe('油缸密封件批次不良，首次维修未更换缸筒');
  });

  it('resolves with a cost split: 60 + 30 is refused in Chinese, 60 + 40 goes through', async () => {
    const form = care.locator('form[data-action=RESOLVE]');
    await form.waitFor(WAIT);
    await care.getByTestId('resolution').fill('免费更换动臂油缸总成，补偿停工两天的租机费用');
    await care.getByTestId('resolve-answer').fill('我们将免费为您更换整个动臂油缸，并补偿两天租机费用，非常抱歉。');
    await care.getByTestId('cost').fill('1280');
    await care.getByTestId('split-dealer').fill('60');
    await care.getByTestId('split-manufacturer').fill('30');
    // the sum as it is typed
    await expect.poll(() => care.getByTestId('split-sum').getAttribute('data-sum')).toBe('90');
    expect(await text(care, 'split-sum')).toContain('合计 90%');
    await care.getByTestId('resolve').click();
    await care.getByTestId('resolve-error').waitFor(WAIT);
    const refusal = await text(care, 'resolve-error');
    expect(refusal).toContain('费用分摊合计为 90%，须正好是 100%');
    expect(refusal).not.toMatch(/[A-Za-z]{2,}/);
    expect(await care.getByTestId('complaint-status').getAttribute('data-status')).toBe('INVESTIGATING');
    await care.screenshot({ path: path.join(shots, 'complaint-split-refused.png'), fullPage: true });
    // what was typed is still there; the manufacturer takes 40
    expect(await care.getByTestId('resolution').inputValue()).toBe('免费更换动臂油缸总成，补偿停工两天的租机费用');
    await care.getByTestId('split-manufacturer').fill('40');
    await expect.poll(() => care.getByTestId('split-sum').getAttribute('data-sum')).toBe('100');
    await submit(care, 'resolve', 'resolve');
    await expect.poll(() => care.getByTestId('complaint-status').getAttribute('data-status'), LIVE).toBe('RESOLVED');
    expect(await text(care, 'complaint-cost')).toBe('¥1,280.00');
    expect(await care.locator('[data-testid=cost-share][data-bearer=dealer]').textContent()).toContain('60%，¥768.00');
    expect(await care.locator('[data-testid=cost-share][data-bearer=manufacturer]').textContent()).toContain('40%，¥512.00');
  });

  it('records the customer’s satisfied answer on the phone: closed; the trail reads in Chinese', async () => {
    await care.getByTestId('star-5').click();
    await care.getByTestId('answer-comment').fill('处理及时，满意');
    await submit(care, 'answer-satisfied', 'answer');
    await expect.poll(() => care.getByTestId('complaint-status').getAttribute('data-status'), LIVE).toBe('CLOSED');
    expect(await text(care, 'complaint-status')).toBe('已关闭');
    expect(await text(care, 'complaint-rating')).toContain('5 星，满意');
    const actions = await care.locator('[data-testid=complaint-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['received', 'ACKNOWLEDGE', 'INVESTIGATE', 'rootCauseRecorded', 'RESOLVE', 'CLOSE']));
    const trail = await text(care, 'complaint-trail');
    for (const words of ['收到客户投诉', '受理投诉', '开始调查投诉', '记录投诉根本原因', '提交投诉处理结果', '关闭投诉', '徐婷（回访专员）', '费用 ¥1,280.00'])
      expect(trail, words).toContain(words);
    expect(trail).not.toMatch(RAW);
    expect(await care.locator('main').innerText()).not.toMatch(RAW);
    await care.screenshot({ path: path.join(shots, 'complaint-closed.png'), fullPage: true });

    // the inbox finds it by its number
    await care.goto(`${e2e.base}/complaints`);
    await care.getByTestId('filter-number').fill(number);
    await care.getByTestId('apply-filters').click();
    await care.waitForURL(/number=/, WAIT);
    const rows = care.locator('[data-testid=complaint]');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-number')).toBe(number);
    expect(await rows.first().getAttribute('data-status')).toBe('CLOSED');
  });

  it('on a phone (390 px) the inbox and the complaint fit the screen', async () => {
    const phone = await e2e.signIn('care@dealer-east.demo', { width: 390, height: 844 });
    await phone.goto(`${e2e.base}/complaints`);
    await phone.getByTestId('complaints').or(phone.getByTestId('no-complaints')).first().waitFor(WAIT);
    // the seed's unacknowledged walk-in complaint and more: rows become cards with ageing badges
    expect(await phone.locator('[data-testid=complaint]').count()).toBeGreaterThan(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await phone.locator('main').innerText()).not.toMatch(RAW);
    await phone.screenshot({ path: path.join(shots, 'complaints-inbox-390.png'), fullPage: true });
    await phone.goto(complaintUrl);
    await phone.getByTestId('complaint-trail').waitFor(WAIT);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: path.join(shots, 'complaint-detail-390.png'), fullPage: true });
    // a received one: the acknowledge form at 390 px
    await phone.goto(`${e2e.base}/complaints?status=RECEIVED`);
    await phone.locator('[data-testid=complaint] [data-testid=complaint-link]').first().click();
    await phone.locator('form[data-action=ACKNOWLEDGE]').waitFor(WAIT);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: path.join(shots, 'complaint-acknowledge-390.png'), fullPage: true });
    await phone.context().close();
  });

  it('the manufacturer’s quality engineer finds it in the quality queue and records root cause and responsibility; the dealer sees it live', async () => {
    // the care agent keeps the complaint open
    await care.goto(complaintUrl);
    await care.getByTestId('complaint-trail').waitFor(WAIT);
    await care.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    expect(await care.getByTestId('quality-finding').count()).toBe(0);

    const qe = await e2e.signIn('quality@oem.demo');
    await qe.locator('[data-nav=complaints]').click();
    await qe.waitForURL(/\/complaints$/, WAIT);
    // its inbox: dealer and region columns, the complaint awaiting its finding
    const inInbox = qe.locator(`[data-testid=complaint][data-number="${number}"]`);
    await inInbox.waitFor(WAIT);
    expect(await inInbox.textContent()).toContain('华东一店（上海）');
    expect(await inInbox.textContent()).toContain('华东');
    expect(await inInbox.locator('[data-ageing=awaitingFinding]').count()).toBe(1);
    await qe.getByTestId('quality-link').click();
    await qe.waitForURL(/\/complaints\/quality$/, WAIT);
    const row = qe.locator('[data-testid=queue-row][data-dealer="华东一店（上海）"]');
    await row.waitFor(WAIT);
    expect(await row.getAttribute('data-region')).toBe('华东');
    expect(await qe.locator('main').innerText()).not.toMatch(RAW);
    await qe.screenshot({ path: path.join(shots, 'complaints-quality-queue.png'), fullPage: true });
    await row.getByTestId('queue-dealer').click();
    await qe.waitForURL(/\/complaints\?dealerId=/, WAIT);
    await qe.getByTestId('dealer-chip').waitFor(WAIT);
    await qe.locator(`[data-testid=complaint][data-number="${number}"] [data-testid=complaint-link]`).click();
    await qe.waitForURL(/\/complaints\/[0-9a-f-]{36}$/, WAIT);
    await qe.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    expect(await text(qe, 'complaint-dealer')).toBe('华东一店（上海）');
    const assess = qe.locator('form[data-action=ASSESS]');
    await assess.waitFor(WAIT);
    await qe.getByTestId('assess-root-cause').fill('密封件供应商 2026 年第 3 批次唇口硬度不合格');
    await qe.getByTestId('assess-party').selectOption('SUPPLIER');
    await qe.getByTestId('assess-department').fill('采购质量部');
    await submit(qe, 'assess', 'assess');
    expect(await text(qe, 'finding-party')).toBe('供应商');
    expect(await qe.locator('main').innerText()).not.toMatch(RAW);
    await qe.screenshot({ path: path.join(shots, 'complaint-quality-finding.png'), fullPage: true });

    // the dealer's open page shows the finding without a reload
    await care.getByTestId('quality-finding').waitFor(LIVE);
    expect(await text(care, 'finding-root-cause')).toBe('密封件供应商 2026 年第 3 批次唇口硬度不合格');
    expect(await text(care, 'finding-party')).toBe('供应商');
    expect(await text(care, 'complaint-trail')).toContain('主机厂质量结论');
    await qe.context().close();
  });

  it('a complaint escalated to the service manager: the badge, the next step only upward, the 已升级 chip lists it; the promise moved', async () => {
    const careApi = await e2e.staffApi('care@dealer-east.demo');
    const filed = await careApi(
      `mutation { fileComplaint(input: { channel: PHONE, category: DELAY, description: "车辆在店等待配件已超过一周，无人联系。", contactName: "周强", contactPhone: "13500006677" }) { complaint { id number } } }`,
    );
    const { id, number: delayed } = filed.fileComplaint.complaint;
    /** Unfolds a folded form (it stays as the user left it while the page refreshes live). */
    const unfold = async (card: string) => {
      const el = care.getByTestId(card);
      if ((await el.getAttribute('open')) === null) await el.locator('summary').click();
      await expect.poll(() => el.getAttribute('open')).not.toBeNull();
    };
    await care.goto(`${e2e.base}/complaints/${id}`);
    await care.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    const ack = care.locator('form[data-action=ACKNOWLEDGE]');
    await ack.locator('input[name=promisedAnswerAt]').fill(`${shanghaiDay(1)}T09:00`);
    await submit(care, 'acknowledge', 'acknowledge');
    // the promise moves later (the same acknowledgement, again)
    await unfold('promise-card');
    await care.getByTestId('promise-at').fill(`${shanghaiDay(2)}T15:30`);
    await care.getByTestId('promise-answer').fill('配件明天到货，后天下午三点半前给您确切答复。');
    await submit(care, 'promise', 'promise');
    expect(await text(care, 'promised-answer-at')).toContain('15:30');
    expect(await text(care, 'complaint-trail')).toContain('承诺答复时间');
    // escalate to the service manager
    await unfold('escalate-card');
    expect(await care.getByTestId('escalate-to').locator('option').allTextContents()).toEqual(['服务经理', '主机厂']);
    await care.getByTestId('escalate-to').selectOption('SUPERVISOR');
    await care.getByTestId('escalate-note').fill('客户情绪激动，需服务经理出面');
    await submit(care, 'escalate', 'escalate');
    await expect.poll(() => care.getByTestId('complaint-status').getAttribute('data-status'), LIVE).toBe('ESCALATED');
    expect(await care.locator('[data-testid=ageing-badge][data-ageing=escalated]').textContent()).toBe('已升级至服务经理');
    expect(await text(care, 'complaint-trail')).toContain('升级至服务经理');
    // the next step is only upward
    await unfold('escalate-card');
    expect(await care.getByTestId('escalate-to').locator('option').allTextContents()).toEqual(['主机厂']);
    expect(await care.locator('main').innerText()).not.toMatch(RAW);
    // the inbox's 已升级 chip lists it
    await care.goto(`${e2e.base}/complaints`);
    await care.getByTestId('ageing-ESCALATED').click();
    await care.waitForURL(/ageing=ESCALATED/, WAIT);
    await care.locator(`[data-testid=complaint][data-number="${delayed}"]`).waitFor(WAIT);
    expect(await care.locator(`[data-testid=complaint][data-number="${number}"]`).count()).toBe(0);
  });

  it('the service admin sets the complaint clock: busy while it saves, a second step not after the first refused in words', async () => {
    const admin = await e2e.signIn('admin@dealer-east.demo');
    await admin.goto(`${e2e.base}/complaints`);
    const form = admin.getByTestId('settings-form');
    await form.waitFor(WAIT);
    await admin.locator('[data-shell-hydrated=yes]').waitFor(WAIT);
    expect(await admin.getByTestId('ack-hours').inputValue()).toBe('24');
    // the second step (to the manufacturer) before the first: refused, in Chinese
    await admin.getByTestId('escalate-hours').fill('72');
    await admin.getByTestId('escalate2-hours').fill('48');
    await admin.getByTestId('save-settings').click();
    await admin.getByTestId('settings-error').waitFor(WAIT);
    const refusal = await text(admin, 'settings-error');
    expect(refusal).toContain('升级至主机厂的时限须晚于升级至服务经理的 72 小时');
    expect(refusal).not.toMatch(/[A-Za-z]{2,}/);
    // while the request runs the button is busy and cannot fire again (held here until checked)
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let routed = false;
    await admin.route(/\?\/settings$/, async (route) => {
      routed = true;
      await held;
      await route.continue();
    });
    await admin.getByTestId('ack-hours').fill('12');
    await admin.getByTestId('escalate2-hours').fill('120');
    const button = admin.getByTestId('save-settings');
    await button.click();
    await expect.poll(() => button.getAttribute('aria-busy'), LIVE).toBe('true');
    expect(await button.isDisabled()).toBe(true);
    expect(routed).toBe(true);
    release();
    await admin.getByTestId('settings-ok').waitFor(WAIT);
    expect(await button.isDisabled()).toBe(false);
    await admin.unroute(/\?\/settings$/);
    await admin.reload();
    await form.waitFor(WAIT);
    expect(await admin.getByTestId('ack-hours').inputValue()).toBe('12');
    expect(await admin.getByTestId('escalate-hours').inputValue()).toBe('72');
    expect(await admin.getByTestId('escalate2-hours').inputValue()).toBe('120');
    // the care agent reads the inbox, but the clock is the service admin's
    expect(await care.getByTestId('settings-form').count()).toBe(0);
    await admin.context().close();
  });

  it('the handling form and the register print in Chinese', async () => {
    await care.goto(`${complaintUrl}/print`);
    const form = care.getByTestId('complaint-form-print');
    await form.waitFor(WAIT);
    const formText = (await form.innerText()).trim();
    for (const words of [
      '客户意见处理表',
      number,
      '原因分析',
      '油缸密封件批次不良',
      '处理措施',
      '经销商',
      '¥768.00',
      '¥512.00',
      '¥1,280.00',
      '5 星，满意',
      '客户签字',
    ])
      expect(formText, words).toContain(words);
    expect(formText).not.toMatch(RAW);
    await care.emulateMedia({ media: 'print' });
    await care.screenshot({ path: path.join(shots, 'complaint-handling-form.png'), fullPage: true });
    await care.emulateMedia({ media: 'screen' });

    const today = shanghaiDay(0);
    await care.goto(`${e2e.base}/complaints/register?from=${today}&to=${today}`);
    const register = care.getByTestId('complaint-register');
    await register.waitFor(WAIT);
    expect(await register.locator('thead th').count()).toBe(11);
    const row = care.locator(`[data-testid=register-row][data-number="${number}"]`);
    await row.waitFor(WAIT);
    const cells = await row.locator('td').allTextContents();
    expect(cells[3]).toBe('孙立');
    expect(cells[5]).toBe('产品质量');
    expect(cells[7]).toContain('免费更换动臂油缸总成');
    expect(cells[8]).toBe(today);
    expect(cells[9]).toBe('5 星，满意');
    expect(cells[10]).toBe('已关闭');
    const registerText = await register.innerText();
    expect(registerText).toContain('客户投诉登记追踪表');
    expect(registerText).not.toMatch(RAW);
    await care.emulateMedia({ media: 'print' });
    await care.screenshot({ path: path.join(shots, 'complaint-register.png'), fullPage: true });
    await care.emulateMedia({ media: 'screen' });
  });
});
