import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../src/lib/day.js';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');

/** An English sentence: three Latin words in a row (codes such as RO-2026-000001, VINs, e-mails and ¥ amounts are single words). */
const ENGLISH = /[A-Za-z]{2,}[,.:;!?'’)]*\s+[(]?[A-Za-z]{2,}[,.:;!?'’)]*\s+[(]?[A-Za-z]{2,}/;

/**
 * The ten-odd refusals people meet most, triggered through the pages as they would, on a zh-CN
 * screen: each is said in Chinese, from the API's reason and its parameters (amounts as money),
 * and neither the refusal nor the page around it holds an English sentence.
 */
describe('errors on a zh-CN screen: every refusal in Chinese, never the API’s English', () => {
  let e2e: E2E;
  let base: string;
  const tomorrow = addDays(todayIn('Asia/Shanghai'), 1);

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    base = e2e.base;
  });
  afterAll(() => e2e?.stop());

  /** The refusal shows, says `expected` and nothing English; the page's main area holds no English sentence either. */
  async function saysInChinese(page: Page, error: Locator, expected: string | RegExp): Promise<string> {
    await error.waitFor();
    const read = async () => ((await error.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    // the same element may still show the previous refusal for a moment
    if (typeof expected === 'string') await expect.poll(read).toBe(expected);
    else await expect.poll(read).toMatch(expected);
    const text = await read();
    expect(text, text).not.toMatch(ENGLISH);
    const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(main.match(ENGLISH)?.[0] ?? null, 'English on the page').toBeNull();
    return text;
  }

  /** The refusal on a phone (390 px) and on a desk (1280 px), for a look. */
  async function shoot(page: Page, error: Locator, name: string): Promise<void> {
    const size = page.viewportSize();
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await error.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(shots, `error-${name}-${width}.png`) });
    }
    if (size) await page.setViewportSize(size);
  }

  let orderUrl = '';
  let trackingUrl = '';
  const VIN = 'LSVERR2026000001';

  it('wrong password on the sign-in page', async () => {
    const page = await (await e2e.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${base}/sign-in`);
    await page.locator('[data-shell-hydrated=yes]').waitFor();
    await page.getByTestId('email').fill('cashier@dealer-east.demo');
    await page.getByTestId('password').fill('not-the-password');
    await page.getByTestId('submit').click();
    const error = page.getByTestId('error');
    await saysInChinese(page, error, '邮箱或密码错误。');
    expect(await error.getAttribute('data-code')).toBe('UNAUTHENTICATED');
    await shoot(page, error, 'wrong-password');
    await page.context().close();
  });

  it('a VIN already on file, and a deposit below half the reserved part’s price (as money)', async () => {
    const advisor = await e2e.signIn('advisor@dealer-east.demo', { width: 1280, height: 900 });
    await advisor.goto(`${base}/customers`);
    const create = advisor.locator('form[action="?/create"]');
    const fileCustomer = async (name: string, phone: string) => {
      await create.locator('input[name=name]').fill(name);
      await create.locator('input[name=phone]').fill(phone);
      await create.locator('input[name=vin]').fill(VIN);
      await create.locator('input[name=plate]').fill('沪A88888');
      await create.locator('button').click();
    };
    await fileCustomer('钱多多', '13800138000');
    await advisor.locator('.alert.ok').waitFor();

    // the same VIN again, for another customer
    await fileCustomer('钱少少', '13800138001');
    const error = advisor.getByTestId('customers-error');
    await saysInChinese(advisor, error, `车架号 ${VIN} 已存在，不能重复登记。`);
    expect(await error.getAttribute('data-code')).toBe('CONFLICT');

    // an appointment reserving a ¥10,000.00 part against a ¥100.00 deposit
    await advisor.getByTestId('new-order').first().click();
    const order = advisor.locator('form[action="?/order"]');
    await order.locator('input[name=complaint]').fill('更换液压泵');
    await order.locator('input[name=appointmentDay]').fill(tomorrow);
    await order.locator('select[name=appointmentHour]').selectOption('10');
    await order.locator('input[name=reservePartNumber]').fill('HP-9000');
    await order.locator('input[name=reserveDescription]').fill('液压泵总成');
    await order.locator('input[name=reservePrice]').fill('10000');
    await order.locator('input[name=deposit]').fill('100');
    await order.locator('button.primary').click();
    await saysInChinese(advisor, error, '预订这些配件需预交定金至少 ¥5,000.00（配件价格的一半）。');
    expect(await error.getAttribute('data-code')).toBe('BAD_USER_INPUT');
    await shoot(advisor, error, 'deposit-too-low');

    // the order, without the part
    await advisor.getByTestId('new-order').first().click();
    await order.locator('input[name=complaint]').fill('发动机异响');
    await order.locator('button.primary').click();
    await advisor.waitForURL(/\/orders\//);
    orderUrl = advisor.url();
    await advisor.getByTestId('share').click();
    trackingUrl = (await advisor.getByTestId('tracking-url').textContent())!.trim();
    await advisor.context().close();
  });

  it('wrong phone digits on the customer’s tracking page', async () => {
    const phone = await (await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' })).newPage();
    await phone.goto(trackingUrl);
    await phone.locator('[data-hydrated=yes]').waitFor();
    await phone.getByTestId('digits').fill('0000');
    await phone.getByTestId('open').click();
    const error = phone.getByTestId('track-error');
    await saysInChinese(phone, error, '手机号后四位与维修单上的不一致。');
    await shoot(phone, error, 'wrong-digits');
    await phone.context().close();
  });

  it('a check-in without the customer’s signature', async () => {
    const advisor = await e2e.signIn('advisor@dealer-east.demo', { width: 1280, height: 900 });
    await advisor.goto(orderUrl);
    const checkIn = advisor.getByTestId('form-checkIn');
    await checkIn.locator('input[name=meter]').fill('1200');
    await checkIn.locator('button').click();
    const error = advisor.getByTestId('order-error');
    await saysInChinese(advisor, error, '客户签字：须由客户在接车单上签字');
    expect(await error.getAttribute('data-code')).toBe('BAD_USER_INPUT');
    await shoot(advisor, error, 'unsigned-check-in');
    expect(await advisor.getByTestId('order-status').getAttribute('data-status')).toBe('APPOINTED');
    await advisor.context().close();
  });

  it('a stale version: two advisors check the same order in at once, the later one is told it changed', async () => {
    const [a, b] = [
      await e2e.signIn('advisor@dealer-east.demo', { width: 1280, height: 900 }),
      await e2e.signIn('advisor@dealer-east.demo', { width: 1280, height: 900 }),
    ];
    for (const page of [a, b]) {
      await page.goto(orderUrl);
      const checkIn = page.getByTestId('form-checkIn');
      await checkIn.locator('input[name=meter]').fill('1200');
      await checkIn.locator('input[name=customerSigned]').check();
    }
    await Promise.all([a, b].map((page) => page.getByTestId('form-checkIn').locator('button').click()));
    const errors = [a, b].map((page) => page.getByTestId('order-error'));
    await expect.poll(async () => (await errors[0]!.count()) + (await errors[1]!.count())).toBe(1);
    const loser = (await errors[0]!.count()) ? 0 : 1;
    const page = [a, b][loser]!;
    await saysInChinese(page, errors[loser]!, /^工单 RO-\d{4}-\d{6} 已被他人修改，请刷新页面后再操作。$/);
    expect(await errors[loser]!.getAttribute('data-code')).toBe('CONFLICT');
    await shoot(page, errors[loser]!, 'stale-version');
    await expect.poll(() => [a, b][1 - loser]!.getByTestId('order-status').getAttribute('data-status')).toBe('CHECKED_IN');
    await a.context().close();
    await b.context().close();
  });

  it('a claim line without its part number', async () => {
    const clerk = await e2e.signIn('warranty@dealer-east.demo', { width: 1280, height: 900 });
    await clerk.goto(`${base}/claims/new`);
    await clerk.getByTestId('coverage-vin').fill('HYDEMO00003');
    await clerk.getByTestId('check-coverage').click();
    await clerk.getByTestId('coverage').waitFor();
    await clerk.getByTestId('claim-meter').fill('640');
    await clerk.getByTestId('claim-failure-date').fill(addDays(todayIn('Asia/Shanghai'), -2));
    await clerk.getByTestId('claim-complaint').fill('动臂下沉');
    await clerk.getByTestId('claim-cause').fill('油缸密封件老化');
    await clerk.getByTestId('claim-correction').fill('更换密封件');
    await clerk.getByTestId('claim-causal').fill('HP-200');
    const part = clerk.getByTestId('claim-form').getByTestId('claim-line').nth(1);
    expect(await part.getAttribute('data-kind')).toBe('PART');
    await part.locator('input[name=lineQty]').fill('1');
    await part.locator('input[name=linePrice]').fill('850');
    await clerk.getByTestId('claim-create').click();
    const error = clerk.getByTestId('claim-error');
    await saysInChinese(clerk, error, /第 1 行 配件号：必填/);
    await shoot(clerk, error, 'claim-part-number');
    await clerk.context().close();
  });

  it('users: an e-mail that has an account, and the last service admin giving up the role', async () => {
    const admin = await e2e.signIn('admin@dealer-east.demo', { width: 1280, height: 900 });
    await admin.goto(`${base}/users`);
    const invite = admin.locator('form[action="?/invite"]');
    await invite.locator('input[name=email]').fill('advisor@dealer-east.demo');
    await invite.locator('input[name=displayName]').fill('重复的人');
    await invite.locator('input[name=roles][value=TECHNICIAN]').check();
    await invite.locator('button.primary').click();
    const error = admin.locator('.alert.error[role=alert]');
    await saysInChinese(admin, error, '邮箱 advisor@dealer-east.demo 已存在，不能重复登记。');

    const own = admin.getByTestId('users').locator('tr', { hasText: 'admin@dealer-east.demo' }).locator('form[action="?/roles"]');
    await own.locator('input[value=SERVICE_ADMIN]').uncheck();
    await own.locator('input[value=SERVICE_ADVISOR]').check();
    await own.locator('button').click();
    await saysInChinese(admin, error, '本机构至少要保留一名在用的“业务主管”。');
    await admin.context().close();
  });

  it('a partner code that names no organisation', async () => {
    const oem = await e2e.signIn('admin@oem.demo', { width: 1280, height: 900 });
    await oem.goto(`${base}/network`);
    const create = oem.locator('form[action="?/create"]');
    await create.locator('input[name=counterpartyCode]').fill('NOBODY-9');
    await create.locator('input[name=dealerCode]').fill('HY-X09');
    await create.locator('input[name=region]').fill('华东');
    await create.locator('input[name=brands]').fill('华岳装载机');
    await create.locator('input[name=validFrom]').fill(todayIn('Asia/Shanghai'));
    await create.locator('button.primary').click();
    const error = oem.locator('.alert.error[role=alert]');
    await saysInChinese(oem, error, '找不到机构代码“NOBODY-9”');
    expect(await error.getAttribute('data-code')).toBe('NOT_FOUND');
    await oem.context().close();
  });

  it('a booking with a phone number that takes no SMS', async () => {
    const phone = await (await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' })).newPage();
    await phone.goto(`${base}/b/DLR-E1?day=${addDays(todayIn('Asia/Shanghai'), 3)}`);
    await phone.locator('[data-hydrated=yes]').waitFor();
    await phone.getByTestId('times').locator('label').nth(2).click();
    await phone.getByTestId('name').fill('周先生');
    await phone.getByTestId('phone').fill('12345');
    await phone.getByTestId('plate').fill('沪B12345');
    await phone.getByTestId('complaint').fill('保养');
    await phone.getByTestId('submit').click();
    const error = phone.getByTestId('book-error');
    await saysInChinese(phone, error, '电话：请填写 11 位手机号（确认短信发送到该号码）');
    await shoot(phone, error, 'booking-phone');
    await phone.context().close();
  });

  it('an order that does not exist: the error page in Chinese', async () => {
    const advisor = await e2e.signIn('advisor@dealer-east.demo', { width: 1280, height: 900 });
    const r = await advisor.goto(`${base}/orders/0190a7a2-0000-7000-8000-000000000001`);
    expect(r?.status()).toBe(404);
    await saysInChinese(advisor, advisor.getByTestId('error-page'), '找不到该记录，或您无权查看。');
    await advisor.context().close();
  });
});
