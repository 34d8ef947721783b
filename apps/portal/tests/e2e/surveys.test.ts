import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');
/** The README's screenshots. */
const docs = path.resolve(here, '../../../../docs/screenshots');
const DAY = 86_400_000;
const WAIT = { timeout: 30_000 }; // a busy 2-core machine: a page and its API can take seconds

// the API's clock: the care agent's call is due three days after delivery
let offset = 0;
const clock = { now: () => new Date(Date.now() + offset) };

/** Taps the score `n` of an indicator's expected or actual scale (the radio's big round label). */
const score = (within: Page | Locator, side: 'expected' | 'actual', code: string, n: number) =>
  within.locator(`label.survey-point:has(input[name="${side}.${code}"][value="${n}"])`).first();

/** 满意度调查 (seed 004): the customer on the tracking page after delivery, the care agent in the follow-up call. */
describe('customer-satisfaction survey on the tracking page and in the follow-up call', () => {
  let e2e: E2E;
  let deliveredPath: string;
  let openPath: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E({ clock });
    const admin = await e2e.staffApi('admin@dealer-east.demo');
    const inspector = await e2e.staffApi('inspector@dealer-east.demo');
    const c = await admin(
      `mutation { createCustomer(input: { name: "韩雪", phone: "13800006543", vehicles: [{ vin: "LHYSURV2026000065", plate: "沪G65432", model: "华岳 H5" }] }) { customer { id vehicles { id } } } }`,
    );
    const order = async () =>
      (
        await admin(
          `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "常规保养" }) { repairOrder { id } } }`,
          {
            c: c.createCustomer.customer.id,
            v: c.createCustomer.customer.vehicles[0].id,
          },
        )
      ).createRepairOrder.repairOrder.id as string;
    const delivered = await order();
    const open = await order();
    // the delivered one walked from check-in to delivery by the dealer's staff (through the API)
    const v = async () => (await admin(`query($id: ID!) { repairOrder(id: $id) { version } }`, { id: delivered })).repairOrder.version;
    const step = async (api: typeof admin, name: string, type: string, extra: Record<string, unknown> = {}) =>
      api(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { status } } }`, { i: { id: delivered, version: await v(), ...extra } });
    await step(admin, 'checkInRepairOrder', 'CheckInInput', { meter: 30200, customerSigned: true });
    await step(admin, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '保养', finding: '机油到期' }], summary: '常规保养' });
    await step(admin, 'estimateRepairOrder', 'EstimateInput', {
      method: 'ITEM',
      lines: [{ kind: 'LABOUR', description: '常规保养', hours: '1', rateMinor: '12000', payType: 'CUSTOMER' }],
    });
    await step(admin, 'approveRepairOrder', 'OrderRef');
    const techId = (await (await e2e.staffApi('tech@dealer-east.demo'))(`{ me { user { id } } }`)).me.user.id;
    await step(admin, 'dispatchRepairOrder', 'DispatchInput', { technicianId: techId });
    await step(admin, 'startRepairWork', 'OrderRef');
    await step(admin, 'finishRepairWork', 'OrderRef');
    await step(inspector, 'recordQualityCheck', 'QcInput', { passed: true });
    await step(admin, 'settleRepairOrder', 'SettleInput', { paymentMethod: '微信支付' });
    await step(admin, 'deliverRepairOrder', 'DeliverInput', { belongingsReturned: true, customerSigned: true });
    const link = async (id: string) =>
      (await admin(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { path } }`, { id })).createTrackingLink.path as string;
    deliveredPath = await link(delivered);
    openPath = await link(open);
  }, 180_000);
  afterAll(() => e2e?.stop());

  const phone = async () =>
    (await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' })).newPage();
  const openLink = async (page: Page, linkPath: string) => {
    await page.goto(`${e2e.base}${linkPath}`);
    await page.locator('[data-hydrated=yes]').waitFor(WAIT);
    await page.getByTestId('digits').fill('6543');
    await page.getByTestId('open').click();
    await page.getByTestId('track-status').waitFor(WAIT);
  };

  it('before delivery the tracking page asks nothing', async () => {
    const page = await phone();
    await openLink(page, openPath);
    expect(await page.getByTestId('track-status').getAttribute('data-status')).toBe('APPOINTED');
    await page.getByTestId('steps').waitFor(WAIT);
    expect(await page.getByTestId('survey').count()).toBe(0);
    await page.context().close();
  });

  it('the customer answers on the phone (390 px) after delivery: one score alone is asked again, then the thanks, and a reload shows it answered', async () => {
    const page = await phone();
    await openLink(page, deliveredPath);
    expect(await page.getByTestId('track-status').getAttribute('data-status')).toBe('DELIVERED');
    const survey = page.getByTestId('survey');
    await survey.waitFor(WAIT);
    expect(await survey.getAttribute('data-state')).toBe('open');
    expect(await survey.locator('legend').allTextContents()).toEqual(['员工素质', '维修业务', '交车结账', '投诉处理', '增值业务', '创新服务']);

    // one indicator with its expected score only: the page names it and sends nothing
    await score(page, 'expected', 'STAFF_ATTITUDE', 5).tap();
    await page.getByTestId('survey-submit').tap();
    const error = page.getByTestId('survey-error');
    await error.waitFor(WAIT);
    expect(await error.textContent()).toContain('员工服务态度');
    expect(await error.textContent()).not.toMatch(/[A-Za-z]/);

    // three indicators, both scores (投诉处理 skipped: no complaint)
    await score(page, 'actual', 'STAFF_ATTITUDE', 4).tap();
    await score(page, 'expected', 'REPAIR_TIMELINESS', 4).tap();
    await score(page, 'actual', 'REPAIR_TIMELINESS', 5).tap();
    await score(page, 'expected', 'DELIVERY_PRICE', 3).tap();
    await score(page, 'actual', 'DELIVERY_PRICE', 3).tap();
    expect(await page.locator('input[name="actual.STAFF_ATTITUDE"][value="4"]').isChecked()).toBe(true);
    // the scale fits the phone: no sideways scrolling
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.getByTestId('survey-error').count()).toBe(0); // the refusal went with the change
    // the phone's screen at the survey's start, as the customer sees it
    await survey.locator('h2').evaluate((h) => {
      h.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -72); // below the page's sticky header
    });
    await page.screenshot({ path: path.join(docs, 'survey-form-390.png') });

    // a double tap sends it once (the button is busy and disabled while the request runs)
    await page.getByTestId('survey-submit').dblclick();
    const thanks = page.getByTestId('survey-thanks');
    await thanks.waitFor(WAIT);
    expect(await thanks.textContent()).toContain('感谢您参与满意度调查');
    expect(await page.getByTestId('survey-error').count()).toBe(0);
    const answers = page.getByTestId('survey-answers').locator('li');
    expect(await answers.allTextContents()).toEqual([
      expect.stringMatching(/员工服务态度\s*期望 5 分 · 实际 4 分/),
      expect.stringMatching(/维修及时性\s*期望 4 分 · 实际 5 分/),
      expect.stringMatching(/保养维修价格\s*期望 3 分 · 实际 3 分/),
    ]);
    expect(await survey.textContent()).not.toMatch(/[A-Za-z]/); // zh-CN: no English word, no raw code
    await page.screenshot({ path: path.join(shots, 'survey-thanks-390.png'), fullPage: true });

    // a reload: answered, nothing to send again
    await page.reload();
    await page.locator('[data-hydrated=yes]').waitFor(WAIT);
    await page.getByTestId('survey-thanks').waitFor(WAIT);
    expect(await page.getByTestId('survey').getAttribute('data-state')).toBe('answered');
    expect(await page.getByTestId('survey-form').count()).toBe(0);
    expect(await page.getByTestId('survey-answers').locator('li').count()).toBe(3);
    await page.context().close();
  });

  it('three days later the care agent records the survey in the follow-up call', async () => {
    offset = 3 * DAY + 60_000;
    await e2e.stack.api.services.jobs.runDue();
    const care = await e2e.signIn('care@dealer-east.demo');
    await care.goto(`${e2e.base}/follow-ups`);
    const call = care.getByTestId('follow-up').filter({ hasText: '韩雪' });
    await call.waitFor(WAIT);
    const section = call.getByTestId('fu-survey');
    await section.locator('summary').click();
    const form = section.getByTestId('fu-survey-form');
    await form.waitFor(WAIT);
    // nothing scored: asked in words, nothing sent
    await form.getByTestId('fu-survey-submit').click();
    const refused = section.getByTestId('fu-survey-error');
    await refused.waitFor(WAIT);
    expect(await refused.textContent()).toContain('请至少为一项同时给出期望和实际评分');
    await section.locator('summary').waitFor(WAIT);
    if ((await section.getAttribute('open')) === null) await section.locator('summary').click();
    await score(section, 'expected', 'STAFF_ATTITUDE', 5).click();
    expect(await refused.count()).toBe(0); // the refusal went with the change
    await score(section, 'actual', 'STAFF_ATTITUDE', 5).click();
    await score(section, 'expected', 'VALUE_REMINDER', 4).click();
    await score(section, 'actual', 'VALUE_REMINDER', 3).click();
    await call.screenshot({ path: path.join(shots, 'follow-up-survey.png') });
    await section.getByTestId('fu-survey-submit').click();
    const recorded = section.getByTestId('fu-survey-recorded');
    await recorded.waitFor(WAIT);
    expect(await recorded.textContent()).toContain('满意度调查已记录（2 项）');
    await care.screenshot({ path: path.join(shots, 'follow-up-survey-recorded.png'), fullPage: true });

    // recorded once: after a reload the card says when, and offers no second survey (the API refuses one as CONFLICT: surveys.test.ts)
    await care.reload();
    const again = care.getByTestId('follow-up').filter({ hasText: '韩雪' }).getByTestId('fu-survey');
    await again.locator('summary').click();
    const when = again.getByTestId('fu-survey-recorded');
    await when.waitFor(WAIT);
    expect((await when.textContent())!.trim()).toMatch(/^满意度调查已于 .*\d{2}:\d{2} 记录，每张工单只记录一次。$/);
    expect(await again.getByTestId('fu-survey-form').count()).toBe(0);
    await care.context().close();
  });
});
