import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');

/** A datetime-local value and its day, in Shanghai time, `hours` from now. */
const local = (hours: number) => {
  const v = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(new Date(Date.now() + hours * 3_600_000))
    .replace(' ', 'T');
  return { value: v, day: v.slice(0, 10) };
};

describe('the technician’s job list and the on-site dispatch board', () => {
  let e2e: E2E;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
  });
  afterAll(() => e2e?.stop());

  it('the technician starts the dispatched job and clocks on and off its labour line', async () => {
    const admin = await e2e.staffApi('admin@dealer-east.demo');
    const techId = (await (await e2e.staffApi('tech@dealer-east.demo'))(`{ me { user { id } } }`)).me.user.id;
    const c = await admin(
      `mutation { createCustomer(input: { name: "马力", phone: "13600005555", vehicles: [{ vin: "LHYJOBS2026000011", plate: "沪H55555", model: "华岳 H7" }] }) { customer { id vehicles { id } } } }`,
    );
    const o = (
      await admin(
        `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "变速箱异响" }) { repairOrder { id number } } }`,
        {
          c: c.createCustomer.customer.id,
          v: c.createCustomer.customer.vehicles[0].id,
        },
      )
    ).createRepairOrder.repairOrder;
    const v = async () => (await admin(`query($id: ID!) { repairOrder(id: $id) { version } }`, { id: o.id })).repairOrder.version;
    const step = async (name: string, type: string, extra: Record<string, unknown> = {}) =>
      admin(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { status } } }`, { i: { id: o.id, version: await v(), ...extra } });
    await step('checkInRepairOrder', 'CheckInInput', { meter: 86000, customerSigned: true });
    await step('diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '传动', finding: '二轴轴承磨损' }], summary: '更换轴承' });
    await step('estimateRepairOrder', 'EstimateInput', {
      method: 'SYSTEM',
      lines: [{ kind: 'LABOUR', description: '拆检变速箱', operationCode: 'TR-200', hours: '3.5', rateMinor: '15000', payType: 'CUSTOMER' }],
    });
    await step('approveRepairOrder', 'OrderRef');
    await step('dispatchRepairOrder', 'DispatchInput', { technicianId: techId, bay: '3号工位' });

    const tech = await e2e.signIn('tech@dealer-east.demo', { width: 430, height: 900 });
    // a phone-sized page: the navigation opens from the header's menu button
    await tech.getByTestId('menu').click();
    await tech.click('[data-nav=jobs]');
    const job = tech.getByTestId(`job-${o.number}`);
    await job.waitFor();
    expect(await job.textContent()).toContain('3号工位');
    // START_WORK is offered to the technician the order is dispatched to, not to another technician of the workshop
    await admin(`mutation($i: InviteUserInput!) { inviteUser(input: $i) { user { id } } }`, {
      i: { email: 'tech2@dealer-east.demo', displayName: '钱师傅（维修技师）', roles: ['TECHNICIAN'], initialPassword: 'demo-pass-2026' },
    });
    const other = await e2e.signIn('tech2@dealer-east.demo');
    await other.goto(`${e2e.base}/orders/${o.id}`);
    await other.getByTestId('order-number').waitFor();
    expect(await other.getByTestId('order-status').getAttribute('data-status')).toBe('APPROVED');
    expect(await other.getByTestId('start').count()).toBe(0);
    await tech.goto(`${e2e.base}/orders/${o.id}`);
    await tech.getByTestId('start').waitFor();
    // a phone-sized page: the navigation opens from the header's menu button
    await tech.getByTestId('menu').click();
    await tech.click('[data-nav=jobs]');
    await job.waitFor();
    await job.getByTestId(`start-${o.number}`).click();
    await expect.poll(() => job.locator('[data-status]').first().getAttribute('data-status')).toBe('IN_PROGRESS');
    const clock = job.locator('[data-testid^=clock-]').first();
    await clock.click();
    await expect.poll(() => job.locator('tr.on').count()).toBe(1);
    await tech.screenshot({ path: path.join(shots, 'technician-jobs.png'), fullPage: true });
    await job.locator('[data-testid^=clock-]').first().click();
    await expect.poll(() => job.locator('tr.on').count()).toBe(0);
    // the controller sees the technician's list too; another technician's is empty
    const controller = await e2e.signIn('controller@dealer-east.demo');
    await controller.goto(`${e2e.base}/jobs?tech=${techId}`);
    await controller.getByTestId(`job-${o.number}`).waitFor();
    await controller.goto(`${e2e.base}/jobs`);
    await controller.getByTestId('no-jobs').waitFor();
  });

  it('an on-site order waits on the dispatch board until the controller plans the engineer’s trip', async () => {
    const advisor = await e2e.staffApi('advisor@dealer-east.demo');
    const c = await advisor(
      `mutation { createCustomer(input: { name: "高原", phone: "13600006666", vehicles: [{ vin: "HYZL50C2026009999", model: "ZL50 装载机", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`,
    );
    const o = (
      await advisor(
        `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "液压油温过高", onSite: true, siteAddress: "晋城市某矿区 2 号场地" }) { repairOrder { id number } } }`,
        {
          c: c.createCustomer.customer.id,
          v: c.createCustomer.customer.vehicles[0].id,
        },
      )
    ).createRepairOrder.repairOrder;

    const at = local(3);
    const controller = await e2e.signIn('controller@dealer-east.demo');
    await controller.click('[data-nav=dispatch]');
    const waiting = controller.getByTestId(`waiting-${o.number}`);
    await waiting.waitFor();
    await waiting.getByTestId(`schedule-at-${o.number}`).fill(at.value);
    await waiting.locator('input[name=loanUnit]').fill('周转机 ZL50-03');
    await waiting.getByTestId(`schedule-${o.number}`).click();
    await expect.poll(() => controller.getByTestId(`waiting-${o.number}`).count()).toBe(0);
    await controller.goto(`${e2e.base}/dispatch?day=${at.day}`);
    const board = controller.getByTestId('dispatch-board');
    await board.getByText(o.number).waitFor();
    expect(await board.textContent()).toContain('周转机 ZL50-03');
    expect(await board.locator('[data-status=SCHEDULED]').count()).toBeGreaterThanOrEqual(1);
    await controller.screenshot({ path: path.join(shots, 'dispatch-board.png'), fullPage: true });
  });
});
