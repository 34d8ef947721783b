import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');

describe('an action button cannot fire twice; a real conflict is explained, with a reload', () => {
  let e2e: E2E;
  let admin: Awaited<ReturnType<E2E['staffApi']>>;
  let customer: { id: string; vehicles: { id: string }[] };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    admin = await e2e.staffApi('admin@dealer-east.demo');
    customer = (
      await admin(
        `mutation { createCustomer(input: { name: "韩冬", phone: "13500003333", vehicles: [{ vin: "HYZL50C2026DBL001", model: "ZL50 装载机", usageUnit: HOURS }, { vin: "HYZL50C2026DBL002", model: "ZL30 装载机", usageUnit: HOURS }, { vin: "HYZL50C2026DBL003", model: "ZL50 装载机", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`,
      )
    ).createCustomer.customer;
  });
  afterAll(() => e2e?.stop());

  const open = async (vehicleId: string) =>
    (
      await admin(
        `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "动臂下沉" }) { repairOrder { id number } } }`,
        {
          c: customer.id,
          v: vehicleId,
        },
      )
    ).createRepairOrder.repairOrder as { id: string; number: string };
  const version = async (id: string) => (await admin(`query($id: ID!) { repairOrder(id: $id) { version } }`, { id })).repairOrder.version as number;
  const status = (page: Page) => page.getByTestId('order-status').getAttribute('data-status');

  it('a double click on 接车 sends one request; the button is disabled and busy while it runs', async () => {
    const order = await open(customer.vehicles[0]!.id);
    const page = await e2e.signIn('advisor@dealer-east.demo', { width: 1280, height: 900 });
    await page.goto(`${e2e.base}/orders/${order.id}`);
    await page.locator('[data-shell-hydrated=yes]').waitFor();
    const form = page.getByTestId('form-checkIn');
    await form.locator('input[name=meter]').fill('1200');
    await form.locator('input[name=customerSigned]').check();

    // the action's requests, held until the test has looked at the button
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).search.includes('/checkIn')) posts.push(r.url());
    });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(
      (url) => url.search.includes('/checkIn'),
      async (route) => {
        await held;
        await route.continue();
      },
    );

    const button = form.locator('button');
    await button.dblclick();
    // Enter in a field and a script's requestSubmit are stopped too while it runs
    await form.locator('input[name=meter]').press('Enter');
    await form.evaluate((f: HTMLFormElement) => f.requestSubmit());
    await expect.poll(() => button.isDisabled()).toBe(true);
    expect(await button.getAttribute('aria-busy')).toBe('true');
    expect(await form.getAttribute('aria-busy')).toBe('true');
    await page.screenshot({ path: path.join(shots, 'double-fire-busy.png') });
    expect(posts).toHaveLength(1);

    release();
    await expect.poll(() => status(page)).toBe('CHECKED_IN');
    expect(posts).toHaveLength(1);
    expect(await page.getByTestId('order-error').count()).toBe(0);
    // the next step's form is usable: nothing stays busy
    const diagnose = page.getByTestId('form-diagnose');
    await diagnose.waitFor();
    expect(await diagnose.locator('button').isDisabled()).toBe(false);
    expect(await diagnose.getAttribute('aria-busy')).toBeNull();
    await page.context().close();
  });

  it('a refused step frees its button again (the user corrects and retries)', async () => {
    const order = await open(customer.vehicles[1]!.id);
    const page = await e2e.signIn('advisor@dealer-east.demo', { width: 1280, height: 900 });
    await page.goto(`${e2e.base}/orders/${order.id}`);
    await page.locator('[data-shell-hydrated=yes]').waitFor();
    const form = page.getByTestId('form-checkIn');
    // required fields are marked before anything is sent
    const signature = form.locator('.field', { has: page.locator('input[name=customerSigned]') });
    expect(await signature.locator('.req').count()).toBe(1);
    expect(await signature.textContent()).toContain('（必填）');
    await form.locator('input[name=meter]').fill('1300');
    await form.locator('button').click();
    // refused in Chinese, and said under the field it is about
    const error = page.getByTestId('order-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('客户签字');
    expect(await signature.getByTestId('field-error').textContent()).toContain('须由客户在接车单上签字');
    expect(await form.locator('input[name=customerSigned]').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => form.locator('button').isDisabled()).toBe(false);
    await form.locator('input[name=customerSigned]').check();
    await form.locator('button').click();
    await expect.poll(() => status(page)).toBe('CHECKED_IN');
    await page.context().close();
  });

  it('a real version conflict: someone changed the order first — said in Chinese, and 重新加载 shows it and lets the user go on', async () => {
    const ref = await open(customer.vehicles[2]!.id);
    const techId = (await (await e2e.staffApi('tech@dealer-east.demo'))(`{ me { user { id } } }`)).me.user.id as string;
    const go = async (name: string, type: string, extra: Record<string, unknown> = {}) =>
      admin(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { id } } }`, { i: { id: ref.id, version: await version(ref.id), ...extra } });
    await go('checkInRepairOrder', 'CheckInInput', { meter: 1400, customerSigned: true });
    await go('diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '液压', finding: '油缸内泄' }], summary: '更换密封件' });
    await go('estimateRepairOrder', 'EstimateInput', {
      method: 'ITEM',
      lines: [{ kind: 'LABOUR', description: '更换油缸密封件', hours: '2', rateMinor: '12000', payType: 'CUSTOMER' }],
    });
    await go('approveRepairOrder', 'OrderRef');

    // the controller's page, without its live connection (so it keeps the version it loaded)
    const page = await e2e.signIn('controller@dealer-east.demo', { width: 1280, height: 900 });
    await page.routeWebSocket(/.*/, () => {});
    await page.goto(`${e2e.base}/orders/${ref.id}`);
    await page.locator('[data-shell-hydrated=yes]').waitFor();
    const dispatch = page.getByTestId('form-dispatch');
    await dispatch.locator('input[name=bay]').fill('3号工位');

    // meanwhile at another workstation the order is dispatched (a new version, same status)
    await go('dispatchRepairOrder', 'DispatchInput', { technicianId: techId, bay: '1号工位' });
    await dispatch.locator('button').click();
    const error = page.getByTestId('order-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('CONFLICT');
    expect(await error.textContent()).toMatch(/^工单 RO-\d{4}-\d{6} 已被他人修改，请刷新页面后再操作。$/);
    const reload = page.getByTestId('reload');
    expect(await reload.textContent()).toBe('重新加载');
    await page.screenshot({ path: path.join(shots, 'double-fire-conflict.png') });
    await reload.click();
    // the latest order: the error is gone, the other workstation's bay shows, and the step works now
    await expect.poll(() => error.count()).toBe(0);
    await expect.poll(() => page.locator('main').textContent()).toContain('1号工位');
    await dispatch.locator('input[name=bay]').fill('3号工位');
    await dispatch.locator('button').click();
    await expect.poll(() => page.locator('main').textContent()).toContain('3号工位');
    expect(await error.count()).toBe(0);
    await page.context().close();
  });
});
