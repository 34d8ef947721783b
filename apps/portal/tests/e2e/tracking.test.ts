import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');
const LIVE_MS = 15_000; // a live update (no reload, no polling) can take seconds on a busy 2-core machine

describe('customer tracking page follows the repair live', () => {
  let e2e: E2E;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    ({ browser, base } = e2e);
  });

  afterAll(() => e2e?.stop());

  const staffApi = (email: string) => e2e.staffApi(email);

  it('advisor progresses the order while the customer’s phone shows every status live (no reload), and the customer approves extra work', async () => {
    const advisor = await e2e.signIn('advisor@dealer-east.demo');

    await advisor.goto(`${base}/customers`);
    const create = advisor.locator('form[action="?/create"]');
    await create.locator('input[name=name]').fill('孙悦');
    await create.locator('input[name=phone]').fill('13655554321');
    await create.locator('input[name=vin]').fill('LFPH4ACC9K1A12345');
    await create.locator('input[name=plate]').fill('沪E20260');
    await create.locator('input[name=model]').fill('华岳重卡 H7');
    await create.locator('button').click();
    await advisor.locator('.alert.ok').waitFor();
    await advisor.getByTestId('new-order').first().click();
    await advisor.locator('form[action="?/order"] input[name=complaint]').fill('刹车跑偏，仪表ABS灯亮');
    await advisor.locator('form[action="?/order"] input[name=promisedAt]').fill('2026-11-25T17:00');
    await advisor.locator('form[action="?/order"] button').click();
    await advisor.waitForURL(/\/orders\//);
    const orderId = advisor.url().split('/orders/')[1]!;

    // share the tracking link; the customer opens it on a phone
    await advisor.getByTestId('share').click();
    const url = (await advisor.getByTestId('tracking-url').textContent())!.trim();
    expect(url).toMatch(/\/t\/[A-Za-z0-9_-]{43}$/);
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
    await phone.goto(url);
    await phone.locator('[data-hydrated=yes]').waitFor();
    await phone.getByTestId('digits').fill('0000');
    await phone.getByTestId('open').click();
    expect(await phone.getByTestId('track-error').getAttribute('data-code')).toBe('UNAUTHENTICATED');
    expect(await phone.getByTestId('track-error').textContent()).toBe('手机号后四位与维修单上的不一致。');
    await phone.getByTestId('digits').fill('4321');
    await phone.getByTestId('open').click();
    const status = () => phone.getByTestId('track-status').getAttribute('data-status');
    await expect.poll(status).toBe('APPOINTED');
    const html = await phone.content();
    expect(html).toContain('136****4321');
    expect(html).not.toContain('13655554321');
    expect(html).not.toContain('陈晓'); // staff names stay hidden
    await phone.screenshot({ path: path.join(shots, 'tracking-appointed.png'), fullPage: true });

    // each step the advisor takes shows on the phone live, without reload (the delays are printed)
    const step = async (form: string, fill: (p: Page) => Promise<void>, expected: string) => {
      const f = advisor.getByTestId(form);
      await fill(advisor);
      await f.locator('button.primary').click();
      const started = Date.now();
      await expect.poll(status, { timeout: LIVE_MS, interval: 50 }).toBe(expected);
      return Date.now() - started;
    };
    const delays: number[] = [];
    delays.push(
      await step(
        'form-checkIn',
        async (p) => {
          await p.getByTestId('form-checkIn').locator('input[name=meter]').fill('52000');
          await p.getByTestId('form-checkIn').locator('input[name=customerSigned]').check();
        },
        'CHECKED_IN',
      ),
    );
    delays.push(
      await step(
        'form-diagnose',
        async (p) => {
          const f = p.getByTestId('form-diagnose');
          await f.locator('input[name=system]').fill('制动系统');
          await f.locator('input[name=finding]').fill('左前轮速传感器损坏');
          await f.locator('input[name=summary]').fill('更换轮速传感器');
        },
        'DIAGNOSED',
      ),
    );
    delays.push(
      await step(
        'form-estimate',
        async (p) => {
          const rows = p.getByTestId('form-estimate').locator('.line-row');
          await rows.nth(0).locator('input[name=description]').fill('更换轮速传感器');
          await rows.nth(0).locator('input[name=qty]').fill('1');
          await rows.nth(0).locator('input[name=price]').fill('150');
          await rows.nth(1).locator('input[name=description]').fill('轮速传感器');
          await rows.nth(1).locator('input[name=partNumber]').fill('ABS-S1');
          await rows.nth(1).locator('input[name=qty]').fill('1');
          await rows.nth(1).locator('input[name=price]').fill('420');
          // a third line the customer will not want
          await p.getByTestId('form-estimate').locator('button.small').first().click();
          await rows.nth(2).locator('input[name=description]').fill('四轮定位');
          await rows.nth(2).locator('input[name=qty]').fill('0.5');
          await rows.nth(2).locator('input[name=price]').fill('200');
        },
        'ESTIMATED',
      ),
    );
    // the customer reads the estimate on the phone — every line, who pays, their share — while the
    // shop's page shows what the estimate comes to before anyone has approved it
    await phone.getByTestId('estimate').waitFor({ timeout: LIVE_MS });
    expect(await phone.getByTestId('estimate-line').count()).toBe(3);
    expect(await phone.getByTestId('estimate-total').textContent()).toBe('¥670.00');
    expect(await phone.getByTestId('estimate-share').textContent()).toBe('¥670.00');
    expect(await advisor.getByTestId('customer-pays').textContent()).toBe('¥0.00');
    expect(await advisor.getByTestId('quoted-customer-pays').textContent()).toBe('¥670.00');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: path.join(shots, 'tracking-estimate.png'), fullPage: true });
    // per line: the wheel alignment is declined, the share follows at once
    await phone.getByTestId('estimate-line').nth(2).locator('[data-testid^=decline-]').check();
    expect(await phone.getByTestId('estimate-share').textContent()).toBe('¥570.00');
    await phone.getByTestId('send-estimate').click();
    let started = Date.now();
    await expect.poll(status, { timeout: LIVE_MS, interval: 50 }).toBe('APPROVED');
    delays.push(Date.now() - started);
    expect(await phone.getByTestId('track-total').textContent()).toBe('¥570.00');
    expect(await phone.getByTestId('decided').first().textContent()).toContain('您在本页确认');
    // the advisor's page follows without reload: approved, the declined line not charged, how it was answered
    await expect.poll(() => advisor.getByTestId('order-status').getAttribute('data-status'), { timeout: LIVE_MS }).toBe('APPROVED');
    await expect.poll(() => advisor.getByTestId('customer-pays').textContent(), { timeout: LIVE_MS }).toBe('¥570.00');
    expect(await advisor.getByTestId('line-decided').first().textContent()).toContain('客户通过查询链接确认');
    await advisor.screenshot({ path: path.join(shots, 'order-estimate-answered.png'), fullPage: true });

    // the workshop works through its own screens (here: the API); the technician proposes extra work
    const controller = await staffApi('controller@dealer-east.demo');
    const tech = await staffApi('tech@dealer-east.demo');
    const version = async () => (await tech(`query($id: ID!) { repairOrder(id: $id) { version } }`, { id: orderId })).repairOrder.version;
    const techId = (await tech(`{ me { user { id } } }`, {})).me.user.id;
    await controller(`mutation($i: DispatchInput!) { dispatchRepairOrder(input: $i) { repairOrder { id } } }`, {
      i: { id: orderId, version: await version(), technicianId: techId, bay: '1号工位' },
    });
    await tech(`mutation($i: OrderRef!) { startRepairWork(input: $i) { repairOrder { id } } }`, { i: { id: orderId, version: await version() } });
    started = Date.now();
    await expect.poll(status, { timeout: LIVE_MS, interval: 50 }).toBe('IN_PROGRESS');
    delays.push(Date.now() - started);
    await tech(`mutation($i: ProposeAdditionalWorkInput!) { proposeAdditionalWork(input: $i) { repairOrder { id } } }`, {
      i: {
        id: orderId,
        version: await version(),
        reason: '前刹车片已磨到极限',
        safetyRelevant: true,
        delayMinutes: 60,
        lines: [
          { kind: 'PART', description: '前刹车片', partNumber: 'BP-77', quantity: '1', unitPriceMinor: '36000', source: 'OEM', payType: 'CUSTOMER' },
          { kind: 'LABOUR', description: '空调清洗', hours: '0.5', rateMinor: '15000', payType: 'CUSTOMER' },
        ],
      },
    });
    await phone.getByTestId('pending').waitFor({ timeout: LIVE_MS });
    expect(await status()).toBe('AWAITING_APPROVAL');
    await phone.screenshot({ path: path.join(shots, 'tracking-additional-work.png'), fullPage: true });

    // the customer approves the brake pads and declines the cleaning; the advisor's page follows
    await advisor.reload();
    const declineId = (await phone.locator('[data-testid^=decline-]').nth(1).getAttribute('data-testid'))!;
    await phone.getByTestId(declineId).check();
    await phone.getByTestId('send-answer').click();
    await expect.poll(status, { timeout: LIVE_MS }).toBe('IN_PROGRESS');
    await expect.poll(() => advisor.getByTestId('order-status').getAttribute('data-status'), { timeout: LIVE_MS }).toBe('IN_PROGRESS');
    expect(await phone.getByTestId('track-total').textContent()).toBe('¥930.00');
    expect(await advisor.getByTestId('lines').textContent()).toContain('客户通过查询链接确认');
    await phone.getByTestId('chase').click();
    await phone.locator('.alert.ok').waitFor();
    // the chase reaches the advisor's open page live; answering it takes it off the workbench
    await advisor.getByTestId('chased').waitFor({ timeout: LIVE_MS });
    await advisor.getByTestId('answer-chase').click();
    await advisor.getByTestId('chased').waitFor({ state: 'detached', timeout: LIVE_MS });
    await phone.screenshot({ path: path.join(shots, 'tracking-in-progress.png'), fullPage: true });
    console.log(`tracking page delays (ms): ${delays.join(', ')}`);
    expect(Math.max(...delays)).toBeLessThan(LIVE_MS);
  });
});
