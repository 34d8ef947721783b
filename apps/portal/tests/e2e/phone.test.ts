import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');
const PHONE = { width: 390, height: 844 };

/**
 * Whether the document is wider than the window, and if so which elements stick out past its right
 * edge (those not inside a box that scrolls or clips them), to say what to fix.
 */
async function overflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= window.innerWidth) return null;
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true;
      return false;
    };
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}${
        el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : ''
      }`;
    const out = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(el))
      // the outermost offenders only
      .filter((el, _, all) => !all.includes(el.parentElement!))
      .slice(0, 12)
      .map((el) => `${name(el)} (right ${Math.round(el.getBoundingClientRect().right)}, width ${Math.round(el.getBoundingClientRect().width)})`);
    return `scrollWidth ${doc.scrollWidth} > innerWidth ${window.innerWidth} at ${location.pathname}${location.search}: ${out.join('; ')}`;
  });
}

describe('the staff pages on a phone (390 × 844)', () => {
  let e2e: E2E;
  let ids: { working: { id: string; number: string }; inQc: { id: string; number: string } };

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    // two orders of the workshop: one the technician works on (lines, an extra part), one waiting for QC; and an on-site order for the dispatch board
    const admin = await e2e.staffApi('admin@dealer-east.demo');
    const tech = await e2e.staffApi('tech@dealer-east.demo');
    const techId = (await tech(`{ me { user { id } } }`)).me.user.id as string;
    const c = await admin(
      `mutation { createCustomer(input: { name: "宋长江", phone: "13700007777", company: "长江土方工程有限公司", vehicles: [{ vin: "HYZL50C2026PHN001", plate: "苏E12345", model: "ZL50 装载机", usageUnit: HOURS }, { vin: "HYZL50C2026PHN002", plate: "苏E54321", model: "ZL30 装载机", usageUnit: HOURS }, { vin: "HYZL50C2026PHN003", model: "ZL50 装载机", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`,
    );
    const customer = c.createCustomer.customer;
    const open = async (vehicleId: string, complaint: string, extra = '') =>
      (
        await admin(
          `mutation($c: ID!, $v: ID!, $k: String!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: $k ${extra} }) { repairOrder { id number } } }`,
          { c: customer.id, v: vehicleId, k: complaint },
        )
      ).createRepairOrder.repairOrder as { id: string; number: string };
    const step = async (as: typeof admin, order: { id: string }, name: string, type: string, extra: Record<string, unknown> = {}) => {
      const version = (await as(`query($id: ID!) { repairOrder(id: $id) { version } }`, { id: order.id })).repairOrder.version;
      await as(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { id } } }`, { i: { id: order.id, version, ...extra } });
    };
    const working = await open(customer.vehicles[0].id, '动臂下沉，液压油缸渗漏，回油管接头处有明显油迹');
    const inQc = await open(customer.vehicles[1].id, '转向沉重');
    for (const o of [working, inQc]) {
      await step(admin, o, 'checkInRepairOrder', 'CheckInInput', { meter: 3260, customerSigned: true, belongings: ['随车工具'] });
      await step(admin, o, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '液压', finding: '油缸内泄' }], summary: '更换油缸密封件' });
      await step(admin, o, 'estimateRepairOrder', 'EstimateInput', {
        method: 'ITEM',
        lines: [
          { kind: 'LABOUR', description: '拆装动臂油缸并更换密封件', operationCode: 'HY-0301', hours: '2.5', rateMinor: '12000', payType: 'CUSTOMER' },
          {
            kind: 'PART',
            description: '动臂油缸密封件修理包',
            partNumber: 'HP-200-SEAL-KIT',
            quantity: '1',
            unitPriceMinor: '128000',
            source: 'OEM',
            payType: 'CUSTOMER',
          },
        ],
      });
      await step(admin, o, 'approveRepairOrder', 'OrderRef');
      await step(admin, o, 'dispatchRepairOrder', 'DispatchInput', { technicianId: techId, bay: '2号工位' });
      await step(tech, o, 'startRepairWork', 'OrderRef');
    }
    await step(tech, working, 'proposeAdditionalWork', 'ProposeAdditionalWorkInput', {
      reason: '动臂销轴磨损',
      safetyRelevant: true,
      delayMinutes: 90,
      lines: [{ kind: 'PART', description: '动臂销轴', partNumber: 'PIN-50', quantity: '1', unitPriceMinor: '48000', source: 'OEM', payType: 'CUSTOMER' }],
    });
    await step(tech, inQc, 'finishRepairWork', 'OrderRef');
    await open(customer.vehicles[2].id, '装载机无法启动', ', onSite: true, siteAddress: "苏州市吴中区某工地 3 号门"');
    ids = { working, inQc };
  }, 180_000);
  afterAll(() => e2e?.stop());

  /** Visits a page, waits for what it shows, checks it fits and saves a screenshot. */
  async function visit(page: Page, role: string, name: string, url: string, ready: string) {
    if (url) await page.goto(`${e2e.base}${url}`);
    await page.locator(ready).first().waitFor();
    await page.locator('[data-shell-hydrated=yes]').waitFor();
    await page.screenshot({ path: path.join(shots, `phone-${role}-${name}.png`), fullPage: true });
    const wide = await overflow(page);
    expect(wide, `${role} ${name}`).toBeNull();
    // the header is one short bar, not half the screen
    const header = await page.locator('.topbar').boundingBox();
    expect(header!.height, `${role} ${name}: header height`).toBeLessThan(120);
  }

  it('the technician: header and menu, job list, an order with lines and extra work', async () => {
    const page = await e2e.signIn('tech@dealer-east.demo', PHONE);
    await visit(page, 'tech', 'home', '', '[data-testid=welcome]');
    // the navigation is hidden behind the menu button, and opens from it
    const nav = page.getByTestId('nav');
    expect(await nav.isVisible()).toBe(false);
    expect(await page.getByTestId('who').isVisible()).toBe(false);
    await page.getByTestId('menu').click();
    expect(await page.getByTestId('menu').getAttribute('aria-expanded')).toBe('true');
    await page.locator('[data-nav=jobs]').waitFor({ state: 'visible' });
    expect(await page.getByTestId('sign-out').isVisible()).toBe(true);
    expect(await page.getByTestId('lang').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(shots, 'phone-tech-menu.png') });
    expect(await overflow(page)).toBeNull();
    await page.locator('[data-nav=jobs]').click();
    await page.waitForURL(`${e2e.base}/jobs`);
    // the menu closes with the navigation
    await expect.poll(() => nav.isVisible()).toBe(false);
    await visit(page, 'tech', 'jobs', '', `[data-testid=job-${ids.working.number}]`);
    // scrolled down, the menu is still at hand (the header stays at the top)
    await page.mouse.wheel(0, 2000);
    await page.getByTestId('menu').click();
    await page.locator('[data-nav=jobs]').waitFor({ state: 'visible' });
    expect((await page.locator('[data-nav=jobs]').boundingBox())!.y).toBeLessThan(844);
    await page.getByTestId('menu').click();
    await visit(page, 'tech', 'order', `/orders/${ids.working.id}`, '[data-testid=lines]');
    // the lines are cards: each cell says what it is
    const labels = await page
      .getByTestId('lines')
      .locator('tbody tr')
      .first()
      .locator('td[data-label]')
      .evaluateAll((tds) => tds.map((td) => getComputedStyle(td, '::before').content));
    expect(labels).toContain('"数量/工时"');
    await page.context().close();
  });

  it('the inspector: the QC tile opens the board filtered to QC, and the order’s QC form fits', async () => {
    const page = await e2e.signIn('inspector@dealer-east.demo', PHONE);
    await visit(page, 'inspector', 'home', '', '[data-testid=work-inQc]');
    await page.getByTestId('work-inQc').click();
    await page.waitForURL(`${e2e.base}/workshop?status=QC`);
    await visit(page, 'inspector', 'workshop-qc', '', '[data-testid=filter-chip]');
    expect(
      await page
        .getByTestId('board')
        .locator('section.column')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))),
    ).toEqual(['QC']);
    await page.locator(`[data-testid=ticket][data-number="${ids.inQc.number}"]`).click();
    await page.waitForURL(`${e2e.base}/orders/${ids.inQc.id}`);
    await visit(page, 'inspector', 'qc', '', '[data-testid=form-qc]');
    await page.context().close();
  });

  it('the controller and the advisor: workshop board, dispatch board, orders', async () => {
    const controller = await e2e.signIn('controller@dealer-east.demo', PHONE);
    await visit(controller, 'controller', 'home', '', '[data-testid=welcome]');
    await visit(controller, 'controller', 'workshop', '/workshop', '[data-testid=ticket]');
    await visit(controller, 'controller', 'dispatch', '/dispatch', '[data-testid=waiting]');
    await visit(controller, 'controller', 'order', `/orders/${ids.working.id}`, '[data-testid=lines]');
    await controller.context().close();
    const advisor = await e2e.signIn('advisor@dealer-east.demo', PHONE);
    await visit(advisor, 'advisor', 'home', '', '[data-testid=welcome]');
    await visit(advisor, 'advisor', 'order', `/orders/${ids.working.id}`, '[data-testid=form-decide]');
    await advisor.context().close();
  });

  it('on a desk the header and side navigation are as before, and a board wider than the window says so', async () => {
    const page = await e2e.signIn('controller@dealer-east.demo', { width: 1366, height: 768 });
    expect(await page.getByTestId('menu').isVisible()).toBe(false);
    expect(await page.getByTestId('nav').isVisible()).toBe(true);
    expect(await page.getByTestId('who').isVisible()).toBe(true);
    await page.goto(`${e2e.base}/workshop`);
    await page.getByTestId('ticket').first().waitFor();
    const board = page.getByTestId('board');
    const wider = await board.evaluate((el) => el.scrollWidth > el.clientWidth);
    if (wider) {
      // the cue: how many columns, and a button that pages to the ones off the edge
      const cue = page.getByTestId('board-cue');
      await cue.waitFor();
      expect(await cue.textContent()).toContain('列');
      await page.getByTestId('board-next').click();
      await expect.poll(() => board.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    }
    await page.screenshot({ path: path.join(shots, 'desk-workshop-board.png') });
    await page.context().close();
  });
});
