import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';
import { todayIn } from '../../src/lib/day.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');
const LIVE_MS = 15_000; // a live update (no reload, no polling) can take seconds on a busy 2-core machine

/** A small file the API accepts as a JPEG (it checks the content, not the name). */
const jpeg = (tag: string) => {
  const b = Buffer.alloc(64);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).copy(b);
  Buffer.from(tag, 'utf8').copy(b, 12);
  return b.toString('base64');
};
const tiles = (page: Page) =>
  page
    .getByTestId('work')
    .locator('a')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
const count = async (page: Page, key: string) => Number((await page.getByTestId(`work-${key}`).getByTestId('work-count').textContent())?.trim());

describe('the workbench (工作台): what waits for each user, live', () => {
  let e2e: E2E;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
  }, 120_000);
  afterAll(() => e2e?.stop());

  it('the reviewer sees the claims to review rise live when a dealer submits; the clerk its drafts; each tile opens its list', async () => {
    const reviewerApi = await e2e.staffApi('reviewer@oem.demo');
    const clerkApi = await e2e.staffApi('warranty@dealer-east.demo');
    const oemId = (await reviewerApi(`{ me { tenant { id } } }`)).me.tenant.id as string;
    const open = async () =>
      (await reviewerApi(`{ warrantyClaims(filter: { status: [SUBMITTED, UNDER_REVIEW, APPEALED] }, first: 1) { totalCount } }`)).warrantyClaims
        .totalCount as number;

    // the reviewer's tiles: what a reviewer and receiver of parts works, nothing of the dealer's
    const reviewer = await e2e.signIn('reviewer@oem.demo');
    // signing in is a client-side navigation: the live connection opens with it, no reload needed
    await reviewer.locator('.badge.live').waitFor();
    expect(await tiles(reviewer)).toEqual(['work-toReview', 'work-overdue', 'work-sanbao', 'work-toReceive', 'work-toInspect', 'work-toSettle']);
    const before = await open();
    expect(before).toBeGreaterThan(0); // the demo claim of 华东一店
    expect(await count(reviewer, 'toReview')).toBe(before);
    expect(await reviewer.getByTestId('work-toReview').textContent()).toContain('待审核索赔');

    // the dealer's warranty clerk: drafts, questions, rejections, parts to ship
    const clerk = await e2e.signIn('warranty@dealer-east.demo');
    await clerk.locator('.badge.live').waitFor();
    expect(await tiles(clerk)).toEqual(['work-drafts', 'work-needsInfo', 'work-rejected', 'work-toShip']);
    const drafts = await count(clerk, 'drafts');

    // a new draft shows on the clerk's open page, and its submission on the reviewer's, without reload
    const draft = (
      await clerkApi(`mutation($i: CreateWarrantyClaimInput!) { createWarrantyClaim(input: $i) { claim { id version } } }`, {
        i: {
          manufacturerId: oemId,
          type: 'STANDARD',
          vin: 'HYE2EHOME01',
          meter: 420,
          repairDate: todayIn('Asia/Shanghai'),
          complaint: '发电机异响',
          cause: '轴承损坏',
          correction: '更换发电机',
          causalPartNumber: 'ALT-12',
          lines: [{ kind: 'LABOUR', operationCode: 'GEN-0001' }],
        },
      })
    ).createWarrantyClaim.claim;
    await expect.poll(() => count(clerk, 'drafts'), { timeout: LIVE_MS }).toBe(drafts + 1);
    await clerkApi(`mutation($i: UploadAttachmentInput!) { uploadAttachment(input: $i) { attachment { id } } }`, {
      i: {
        ownerType: 'WARRANTY_CLAIM',
        ownerId: draft.id,
        evidenceKind: 'FAILURE_PHOTO',
        fileName: 'failure.jpg',
        contentType: 'image/jpeg',
        contentBase64: jpeg('home'),
      },
    });
    await clerkApi(`mutation($i: SubmitWarrantyClaimInput!) { submitWarrantyClaim(input: $i) { claim { status } } }`, {
      i: { id: draft.id, version: draft.version },
    });
    await expect.poll(() => count(reviewer, 'toReview'), { timeout: LIVE_MS }).toBe(before + 1);
    await expect.poll(() => count(clerk, 'drafts'), { timeout: LIVE_MS }).toBe(drafts);
    await reviewer.screenshot({ path: path.join(shots, 'home-reviewer.png'), fullPage: true });

    // a tile opens the list it counts
    await reviewer.getByTestId('work-toReview').click();
    await reviewer.waitForURL(/\/claims\?status=OPEN$/);
    await expect.poll(() => reviewer.locator('[data-testid=claim-row]').count()).toBe(before + 1);
  }, 120_000);

  it('a supplier sees the recovery claims to answer; an advisor, who files no claims, no warranty work', async () => {
    const supplier = await e2e.signIn('quality@sup-hyd.demo');
    expect(await tiles(supplier)).toEqual(['work-toAnswer']);
    const advisor = await e2e.signIn('advisor@dealer-east.demo');
    // the front desk's workshop tiles only
    const advisorTiles = await tiles(advisor);
    expect(advisorTiles).toEqual(
      ['bookings', 'chased', 'toConfirm', 'extraWork', 'pickup', 'requestsToReply', 'requestsBreached', 'requestsWaiting'].map((k) => `work-${k}`),
    );
    for (const warranty of ['toReview', 'overdue', 'sanbao', 'toReceive', 'toInspect', 'drafts', 'needsInfo', 'rejected', 'toShip', 'toAnswer', 'toSettle']) {
      expect(advisorTiles).not.toContain(`work-${warranty}`);
    }
  }, 60_000);

  it('each workshop role sees what it works, counted as the API counts it for them, and each tile opens its list', async () => {
    const total = async (email: string, field: string) => (await (await e2e.staffApi(email))(`{ n: ${field} { totalCount } }`)).n.totalCount as number;
    const cases: { email: string; tiles: string[]; counts: Record<string, string>; href: string }[] = [
      {
        email: 'controller@dealer-east.demo',
        tiles: ['toStart', 'awaitingParts', 'requestsToReply', 'requestsBreached', 'requestsWaiting'],
        counts: { toStart: 'repairOrders(status: [APPROVED], first: 1)', awaitingParts: 'repairOrders(status: [AWAITING_PARTS], first: 1)' },
        href: '/workshop?status=APPROVED',
      },
      { email: 'inspector@dealer-east.demo', tiles: ['inQc'], counts: { inQc: 'repairOrders(status: [QC], first: 1)' }, href: '/workshop?status=QC' },
      {
        email: 'cashier@dealer-east.demo',
        tiles: ['toCheckout'],
        counts: { toCheckout: 'repairOrders(status: [READY], first: 1)' },
        href: '/workshop?status=READY',
      },
      // the parts clerk: orders waiting for parts, the warranty parts to ship, parts orders to receive and drafts to send
      {
        email: 'parts@dealer-east.demo',
        tiles: ['awaitingParts', 'toShip', 'partsToReceive', 'partsDrafts'],
        counts: {
          awaitingParts: 'repairOrders(status: [AWAITING_PARTS], first: 1)',
          partsToReceive: 'partsOrders(side: BUYING, status: [PARTIALLY_SHIPPED, SHIPPED], first: 1)',
        },
        href: '/workshop?status=AWAITING_PARTS',
      },
      // the care agent: their own open calls and the complaints to answer, nothing of the workshop
      {
        email: 'care@dealer-east.demo',
        tiles: [
          'followUps',
          'complaintsToAcknowledge',
          'complaintsOverdue',
          'complaintsEscalated',
          'complaintRecoveries',
          'requestsToReply',
          'requestsBreached',
          'requestsWaiting',
        ],
        counts: {
          followUps: 'followUps(status: OPEN, first: 1)',
          complaintsToAcknowledge: 'complaints(filter: { status: [RECEIVED] }, first: 1)',
          complaintsOverdue: 'complaints(filter: { ageing: OVERDUE_TO_RESOLVE }, first: 1)',
        },
        href: '/follow-ups',
      },
    ];
    for (const c of cases) {
      const page = await e2e.signIn(c.email);
      expect(await tiles(page), c.email).toEqual(c.tiles.map((k) => `work-${k}`));
      for (const [key, field] of Object.entries(c.counts)) expect(await count(page, key), `${c.email} ${key}`).toBe(await total(c.email, field));
      const first = page.getByTestId(`work-${c.tiles[0]}`);
      expect(await first.getAttribute('href')).toBe(c.href);
      await first.click();
      await page.waitForURL(`${e2e.base}${c.href}`);
      // a board tile opens the board filtered to what it counts: only those columns, and a chip saying so
      if (c.href.startsWith('/workshop?status=')) {
        const status = c.href.split('=')[1]!;
        await page.getByTestId('filter-chip').waitFor();
        expect(
          await page
            .getByTestId('board')
            .locator('section.column')
            .evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))),
        ).toEqual([status]);
      }
      await page.context().close();
    }
    // the service admin (业务主管) works the whole desk and workshop, and files and ships claims
    const admin = await e2e.signIn('admin@dealer-east.demo');
    expect(await tiles(admin)).toEqual(
      [
        'bookings',
        'chased',
        'toConfirm',
        'toStart',
        'extraWork',
        'awaitingParts',
        'toCheckout',
        'pickup',
        'followUps',
        'drafts',
        'needsInfo',
        'rejected',
        'toShip',
        'partsToReceive',
        'partsDrafts',
        'complaintsToAcknowledge',
        'complaintsOverdue',
        'complaintsEscalated',
        'complaintRecoveries',
        'requestsToReply',
        'requestsBreached',
        'requestsWaiting',
        'contractsExpiring',
        'ownFiguresBelowTarget',
        'openWarnings',
        'plansWithOverdueActions',
      ].map((k) => `work-${k}`),
    );
    expect(await admin.getByTestId('work-ownFiguresBelowTarget').getAttribute('href')).toBe('/figures');
    // the regional network manager: its dealers below target last month, escalations, warnings and overdue plan actions
    const nm = await e2e.signIn('network@oem.demo');
    expect(await tiles(nm)).toEqual(['work-dealersBelowTarget', 'work-escalatedComplaints', 'work-openWarnings', 'work-plansWithOverdueActions']);
    expect(await count(nm, 'escalatedComplaints')).toBe(await total('network@oem.demo', 'complaints(filter: { ageing: ESCALATED }, first: 1)'));
    expect(await nm.getByTestId('work-dealersBelowTarget').getAttribute('href')).toBe('/figures');
    expect(await nm.getByTestId('work-plansWithOverdueActions').getAttribute('href')).toBe('/supervision');
    await nm.context().close();
    // the manufacturer's quality engineer: the complaints awaiting its finding (the dealer's complaint tiles are not theirs)
    const qe = await e2e.signIn('quality@oem.demo');
    const qeTiles = await tiles(qe);
    expect(qeTiles).toContain('work-qualityComplaints');
    expect(qeTiles).not.toContain('work-complaintsToAcknowledge');
    expect(await count(qe, 'qualityComplaints')).toBe(await total('quality@oem.demo', 'complaints(filter: { ageing: AWAITING_QUALITY_FINDING }, first: 1)'));
    expect(await count(qe, 'qualityComplaints')).toBeGreaterThan(0); // the seed's product quality complaint
    await qe.getByTestId('work-qualityComplaints').click();
    await qe.waitForURL(`${e2e.base}/complaints?ageing=AWAITING_QUALITY_FINDING`);
    await qe.locator('[data-testid=complaint] [data-ageing=awaitingFinding]').first().waitFor();
    await qe.context().close();
    // fault reports and contracts ending soon, counted as the API counts them
    expect(await count(admin, 'requestsToReply')).toBe(await total('admin@dealer-east.demo', 'serviceRequests(filter: { status: OPEN }, first: 1)'));
    expect(await count(admin, 'contractsExpiring')).toBe(
      await total('admin@dealer-east.demo', 'serviceContracts(filter: { expiringWithinDays: 30 }, first: 1)'),
    );
    expect(await admin.getByTestId('work-requestsBreached').getAttribute('href')).toBe('/service-requests?show=breached');
    // the supervisor sees every agent's open calls
    expect(await count(admin, 'followUps')).toBe(await total('admin@dealer-east.demo', 'followUps(status: OPEN, first: 1)'));
    expect(await admin.getByTestId('work-bookings').getAttribute('href')).toBe('/appointments');
    // customers waiting for an answer to their 催单: the board shows only their orders
    expect(await admin.getByTestId('work-chased').getAttribute('href')).toBe('/workshop?chased=1');
    await admin.context().close();
  }, 120_000);

  it('the advisor sees estimates and extra work await the customer, live; the technician counts only the jobs dispatched to them', async () => {
    const advisorApi = await e2e.staffApi('advisor@dealer-east.demo');
    const controllerApi = await e2e.staffApi('controller@dealer-east.demo');
    const techApi = await e2e.staffApi('tech@dealer-east.demo');
    const techId = (await techApi(`{ me { user { id } } }`)).me.user.id as string;
    const JOB_STATES = '[APPROVED, IN_PROGRESS, AWAITING_PARTS, AWAITING_APPROVAL, QC]';
    const jobsOf = async (technicianId: string | null) =>
      (await techApi(`query($t: ID) { repairOrders(technicianId: $t, status: ${JOB_STATES}, first: 1) { totalCount } }`, { t: technicianId })).repairOrders
        .totalCount as number;

    const advisor = await e2e.signIn('advisor@dealer-east.demo');
    await advisor.locator('.badge.live').waitFor();
    const tech = await e2e.signIn('tech@dealer-east.demo');
    await tech.locator('.badge.live').waitFor();
    const controller = await e2e.signIn('controller@dealer-east.demo');
    await controller.locator('.badge.live').waitFor();
    // the technician: their job list and nothing else
    expect(await tiles(tech)).toEqual(['work-myJobs']);
    const jobs = await count(tech, 'myJobs');
    expect(jobs).toBe(await jobsOf(techId));
    const toConfirm = await count(advisor, 'toConfirm');
    const extraWork = await count(advisor, 'extraWork');
    const toStart = await count(controller, 'toStart');
    expect(await advisor.getByTestId('work-toConfirm').textContent()).toContain('估价待客户确认');

    // two orders of one customer, estimated by the advisor: both wait for the customer's approval
    const c = await advisorApi(
      `mutation { createCustomer(input: { name: "吕工", phone: "13922223333", vehicles: [{ vin: "HYE2EHOME0000001", model: "ZL50 装载机", usageUnit: HOURS }, { vin: "HYE2EHOME0000002", model: "ZL30 装载机", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`,
    );
    const customer = c.createCustomer.customer;
    const open = async (vehicleId: string, complaint: string) =>
      (
        await advisorApi(
          `mutation($c: ID!, $v: ID!, $k: String!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: $k }) { repairOrder { id number } } }`,
          { c: customer.id, v: vehicleId, k: complaint },
        )
      ).createRepairOrder.repairOrder as { id: string; number: string };
    const a = await open(customer.vehicles[0].id, '动臂下沉');
    const b = await open(customer.vehicles[1].id, '转向沉重');
    const step = async (as: typeof advisorApi, order: { id: string }, name: string, type: string, extra: Record<string, unknown> = {}) => {
      const version = (await as(`query($id: ID!) { repairOrder(id: $id) { version } }`, { id: order.id })).repairOrder.version;
      await as(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { id } } }`, { i: { id: order.id, version, ...extra } });
    };
    for (const o of [a, b]) {
      await step(advisorApi, o, 'checkInRepairOrder', 'CheckInInput', { meter: 1200, customerSigned: true });
      await step(advisorApi, o, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '液压', finding: '油缸内泄' }], summary: '更换油缸密封' });
      await step(advisorApi, o, 'estimateRepairOrder', 'EstimateInput', {
        method: 'ITEM',
        lines: [{ kind: 'LABOUR', description: '更换油缸密封件', hours: '2', rateMinor: '12000', payType: 'CUSTOMER' }],
      });
    }
    await expect.poll(() => count(advisor, 'toConfirm'), { timeout: LIVE_MS }).toBe(toConfirm + 2);

    // the customer approves both: they go to the controller's tiles, off the advisor's
    for (const o of [a, b]) await step(advisorApi, o, 'approveRepairOrder', 'OrderRef');
    await expect.poll(() => count(advisor, 'toConfirm'), { timeout: LIVE_MS }).toBe(toConfirm);
    await expect.poll(() => count(controller, 'toStart'), { timeout: LIVE_MS }).toBe(toStart + 2);

    // one is dispatched to the technician: their count rises by that one, not by the other
    await step(controllerApi, a, 'dispatchRepairOrder', 'DispatchInput', { technicianId: techId, bay: '2号工位' });
    await expect.poll(() => count(tech, 'myJobs'), { timeout: LIVE_MS }).toBe(jobs + 1);
    expect(await jobsOf(null)).toBeGreaterThan(jobs + 1); // the undispatched order is in the workshop, not in their count
    expect(await count(controller, 'toStart')).toBe(toStart + 2); // dispatched, not yet started

    // the technician starts and proposes extra work: the workshop waits for the customer
    await step(techApi, a, 'startRepairWork', 'OrderRef');
    await expect.poll(() => count(controller, 'toStart'), { timeout: LIVE_MS }).toBe(toStart + 1);
    await step(techApi, a, 'proposeAdditionalWork', 'ProposeAdditionalWorkInput', {
      reason: '动臂销轴磨损',
      safetyRelevant: true,
      delayMinutes: 90,
      lines: [{ kind: 'PART', description: '动臂销轴', partNumber: 'PIN-50', quantity: '1', unitPriceMinor: '48000', source: 'OEM', payType: 'CUSTOMER' }],
    });
    await expect.poll(() => count(advisor, 'extraWork'), { timeout: LIVE_MS }).toBe(extraWork + 1);
    expect(await advisor.getByTestId('work-extraWork').getAttribute('class')).toContain('urgent');
    expect(await count(tech, 'myJobs')).toBe(jobs + 1); // still theirs while the customer decides
    await advisor.screenshot({ path: path.join(shots, 'home-advisor.png'), fullPage: true });

    // the tiles open the lists they count
    await tech.getByTestId('work-myJobs').click();
    await tech.waitForURL(`${e2e.base}/jobs`);
    await tech.getByTestId(`job-${a.number}`).waitFor();
    expect(await tech.getByTestId(`job-${b.number}`).count()).toBe(0);
    expect(await tech.locator('section.job').count()).toBe(jobs + 1);
    await advisor.getByTestId('work-extraWork').click();
    await advisor.waitForURL(`${e2e.base}/workshop?status=AWAITING_APPROVAL`);
    await advisor.locator(`[data-status=AWAITING_APPROVAL] [data-number="${a.number}"]`).waitFor();
    // the chip clears the filter: the whole board again
    await advisor.getByTestId('clear-filter').click();
    await advisor.waitForURL(`${e2e.base}/workshop`);
    await expect.poll(() => advisor.getByTestId('board').locator('section.column').count()).toBeGreaterThan(1);
  }, 180_000);
});
