import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');

describe('workshop in Chromium: an advisor runs a repair order while the board follows live', () => {
  let e2e: E2E;
  let base: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    base = e2e.base;
  });

  afterAll(() => e2e?.stop());

  const signIn = (email: string) => e2e.signIn(email);

  const status = (page: Page) => page.getByTestId('order-status').getAttribute('data-status');

  it('files a customer, opens an order and takes it to work; the controller’s board moves the ticket live', async () => {
    const advisor = await signIn('advisor@dealer-east.demo');
    const board = await signIn('controller@dealer-east.demo');
    await board.goto(`${base}/workshop`);
    await board.locator('.badge.live').waitFor();

    // customer file with a loader
    await advisor.goto(`${base}/customers`);
    const create = advisor.locator('form[action="?/create"]');
    await create.locator('input[name=name]').fill('赵磊');
    await create.locator('input[name=phone]').fill('13911112222');
    await create.locator('input[name=vin]').fill('HYZL50C2026000777');
    await create.locator('input[name=plate]').fill('沪C54321');
    await create.locator('input[name=model]').fill('ZL50 装载机');
    await create.locator('select[name=usageUnit]').selectOption('HOURS');
    await create.locator('input[name=meter]').fill('860');
    await create.locator('button').click();
    await advisor.locator('.alert.ok').waitFor();

    // book an appointment for tomorrow 09:00 (Shanghai); the calendar shows it
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 86_400_000));
    await advisor.getByTestId('new-order').first().click();
    await advisor.locator('form[action="?/order"] input[name=complaint]').fill('首保');
    await advisor.locator('form[action="?/order"] input[name=appointmentDay]').fill(tomorrow);
    await advisor.locator('form[action="?/order"] select[name=appointmentHour]').selectOption('9');
    await advisor.locator('form[action="?/order"] button').click();
    await advisor.waitForURL(/\/orders\//);
    await advisor.goto(`${base}/appointments?day=${tomorrow}`);
    const slots = advisor.getByTestId('slots');
    expect(await slots.locator('tbody tr').count()).toBe(10);
    expect(await slots.locator('tbody tr').nth(1).textContent()).toContain('首保');
    expect(await slots.locator('tbody tr').nth(1).textContent()).toContain('1/3');
    await advisor.screenshot({ path: path.join(shots, 'appointments.png'), fullPage: true });

    // open a repair order for it
    await advisor.goto(`${base}/customers`);
    await advisor.getByTestId('new-order').first().click();
    await advisor.locator('form[action="?/order"] input[name=complaint]').fill('变速箱换挡困难');
    await advisor.locator('form[action="?/order"] button').click();
    await advisor.waitForURL(/\/orders\//);
    const number = await advisor.getByTestId('order-number').textContent();
    expect(number).toMatch(/^RO-\d{4}-000002$/);
    expect(await status(advisor)).toBe('APPOINTED');
    const ticket = board.locator(`[data-testid=ticket][data-number="${number}"]`);
    await ticket.waitFor(); // the board's live update
    expect(await ticket.evaluate((el) => el.closest('[data-status]')?.getAttribute('data-status'))).toBe('APPOINTED');

    // check-in: meter, belongings, signature
    const checkIn = advisor.getByTestId('form-checkIn');
    await checkIn.locator('input[name=meter]').fill('875');
    await checkIn.locator('input[name=belongings]').fill('随车工具, 灭火器');
    await checkIn.locator('input[name=customerSigned]').check();
    await checkIn.locator('button').click();
    await expect.poll(() => status(advisor)).toBe('CHECKED_IN');
    await expect.poll(() => ticket.evaluate((el) => el.closest('[data-status]')?.getAttribute('data-status'))).toBe('CHECKED_IN');

    const diagnose = advisor.getByTestId('form-diagnose');
    await diagnose.locator('input[name=system]').fill('传动系统');
    await diagnose.locator('input[name=finding]').fill('换挡拨叉磨损');
    await diagnose.locator('input[name=summary]').fill('更换换挡拨叉');
    await diagnose.locator('button').click();
    await expect.poll(() => status(advisor)).toBe('DIAGNOSED');

    // estimate: one labour line and one customer-supplied part (no guarantee)
    const estimate = advisor.getByTestId('form-estimate');
    const rows = estimate.locator('.line-row');
    await rows.nth(0).locator('input[name=description]').fill('更换换挡拨叉');
    await rows.nth(0).locator('input[name=qty]').fill('2.5');
    await rows.nth(0).locator('input[name=price]').fill('120');
    await rows.nth(1).locator('input[name=description]').fill('齿轮油');
    await rows.nth(1).locator('input[name=partNumber]').fill('GO-85');
    await rows.nth(1).locator('input[name=qty]').fill('4');
    await rows.nth(1).locator('input[name=price]').fill('35.5');
    await rows.nth(1).locator('select[name=source]').selectOption('CUSTOMER_SUPPLIED');
    await estimate.locator('button.primary').click();
    await expect.poll(() => status(advisor)).toBe('ESTIMATED');
    expect(await advisor.getByTestId('lines').textContent()).toContain('客户自带配件，不提供质量保证');
    // the customer agrees in the shop and signs: recorded with the channel (the form marks the signature required)
    await advisor.getByTestId('answer-signed').check();
    await advisor.getByTestId('approve').click();
    await expect.poll(() => status(advisor)).toBe('APPROVED');
    expect(await advisor.getByTestId('customer-pays').textContent()).toBe('¥442.00'); // 2.5 × 120 + 4 × 35.50
    await advisor.screenshot({ path: path.join(shots, 'order-approved.png'), fullPage: true });

    // the controller dispatches from the order page; the board shows it in APPROVED
    await expect.poll(() => ticket.evaluate((el) => el.closest('[data-status]')?.getAttribute('data-status'))).toBe('APPROVED');
    await board.screenshot({ path: path.join(shots, 'workshop-board.png'), fullPage: true });
    await ticket.click();
    await board.getByTestId('form-dispatch').locator('input[name=bay]').fill('2号工位');
    await board.getByTestId('form-dispatch').locator('button').click();
    await board.getByTestId('start').waitFor();
    await board.getByTestId('start').click();
    await expect.poll(() => status(board)).toBe('IN_PROGRESS');
    // the advisor's open order page follows without reload
    await expect.poll(() => status(advisor)).toBe('IN_PROGRESS');

    // settling now is refused by the state machine: the settle form is not offered
    expect(await advisor.getByTestId('form-settle').count()).toBe(0);
    await expect.poll(() => advisor.getByTestId('timeline').textContent()).toContain('派工');

    // the paper forms users know, as printable A4 pages
    const print = await advisor.context().newPage();
    await print.goto(`${base}/orders/${advisor.url().split('/orders/')[1]}/print/repair-order`);
    const form = print.getByTestId('print-form');
    expect(await form.getAttribute('data-form')).toBe('repair-order');
    const text = await form.textContent();
    for (const s of ['进厂维修单', number!, '赵磊', 'HYZL50C2026000777', '变速箱换挡困难', '随车工具、灭火器', '客户自带配件，不提供质量保证', '客户签字'])
      expect(text).toContain(s);
    await print.pdf({ path: path.join(shots, 'repair-order-form.pdf'), format: 'A4' });
    await print.goto(`${base}/orders/${advisor.url().split('/orders/')[1]}/print/estimate`);
    expect(await print.getByTestId('print-form').textContent()).toContain('¥442.00');
    await print.screenshot({ path: path.join(shots, 'estimate-form.png'), fullPage: true });
    expect((await print.goto(`${base}/orders/${advisor.url().split('/orders/')[1]}/print/nonsense`))?.status()).toBe(404);
    // the repair health record exists only after settlement
    expect((await print.goto(`${base}/orders/${advisor.url().split('/orders/')[1]}/health-record`))?.status()).toBe(409);
    await print.close();
    await advisor.context().close();
    await board.context().close();
  });
});
