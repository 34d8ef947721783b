import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpeg, startE2E, type E2E } from './support.js';
import { PATTERNS, QUIET_ZONE, START_B, STOP, encode128B } from '../../src/routes/claims/code128.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');
const LIVE_MS = 15_000; // a live update (no reload, no polling) can take seconds on a busy 2-core machine

/** A tiny valid JPEG the browser can draw (64×48, encoded by the page's canvas). */

const VIN = 'HYE2ECLAIM01';
const shanghaiDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );

/** Bar and space widths (in modules) of the SVG barcode the page drew, quiet zones left out. */
async function drawnWidths(page: Page, code: string): Promise<{ widths: number[]; total: number }> {
  return page.locator(`svg[data-code="${code}"]`).evaluate((svg) => {
    const total = Number(svg.getAttribute('viewBox')!.split(' ')[2]);
    const bars = [...svg.querySelectorAll('rect[fill="#000"]')].map((r) => ({ x: Number(r.getAttribute('x')), w: Number(r.getAttribute('width')) }));
    const widths: number[] = [];
    bars.forEach((b, i) => {
      widths.push(b.w);
      const next = bars[i + 1];
      if (next) widths.push(next.x - b.x - b.w);
    });
    return { widths, total };
  });
}

describe('Code 128-B for the old-part tags', () => {
  it('encodes start B, the characters, the mod-103 check symbol and stop from the standard table', () => {
    // the table: 107 distinct symbols of 11 modules (stop: 13), each three bars and three spaces
    expect(PATTERNS).toHaveLength(107);
    expect(new Set(PATTERNS).size).toBe(107);
    PATTERNS.forEach((p, v) =>
      expect(
        [...p].reduce((s, d) => s + Number(d), 0),
        `symbol ${v}`,
      ).toBe(v === STOP ? 13 : 11),
    );

    const text = 'HY-E001-WC-2026-000012-02-K';
    const { values, widths, modules } = encode128B(text);
    expect(values[0]).toBe(START_B);
    expect(values.at(-1)).toBe(STOP);
    expect(values.slice(1, -2)).toEqual([...text].map((ch) => ch.charCodeAt(0) - 32));
    // the check symbol, computed here independently: start + Σ position × value, modulo 103
    const check = [...text].reduce((sum, ch, i) => sum + (i + 1) * (ch.charCodeAt(0) - 32), 104) % 103;
    expect(values.at(-2)).toBe(check);
    expect(widths.slice(0, 6)).toEqual([2, 1, 1, 2, 1, 4]); // start B
    expect(widths.slice(-7)).toEqual([2, 3, 3, 1, 1, 1, 2]); // stop
    expect(modules).toBe(11 * (text.length + 2) + 13);
    expect(() => encode128B('旧件')).toThrow(/cannot encode/);
  });
});

describe('warranty claims in the portal', () => {
  let e2e: E2E;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
  });
  afterAll(() => e2e?.stop());

  /**
   * The manufacturer's catalogue this test needs, made sure of through the API (the demo seed may
   * or may not have it): a labour operation, a part, a model of an authorised brand, a policy
   * asking for a failure photo with auto-approval up to 500.00, and the VIN's registration.
   */
  async function ensureCatalogue() {
    const oem = await e2e.staffApi('admin@oem.demo');
    const cat = (await oem(`{ warrantyCatalogue { policies { code } labourOperations { code } parts { partNumber } models { code brand } } }`))
      .warrantyCatalogue;
    if (!cat.labourOperations.some((o: { code: string }) => o.code === 'E2E-EL01')) {
      await oem(`mutation($i: CreateLabourOperationInput!) { createLabourOperation(input: $i) { id } }`, {
        i: {
          code: 'E2E-EL01',
          descriptionZh: '更换发电机（测试）',
          descriptionEn: 'Replace alternator (test)',
          standardHoursMilli: 1000,
          componentGroup: 'ELECTRICAL',
        },
      });
    }
    if (!cat.parts.some((p: { partNumber: string }) => p.partNumber === 'E2E-ALT1')) {
      // made by the electrical supplier the manufacturer has a recovery share with (if there is one)
      const agreements = (await oem(`{ relationships(kind: SUPPLY_AGREEMENT, first: 100) { nodes { recoveryShareBasisPoints to { id code } } } }`))
        .relationships.nodes;
      const supplier = agreements.find((r: { recoveryShareBasisPoints: number | null }) => r.recoveryShareBasisPoints != null)?.to.id ?? null;
      await oem(`mutation($i: CreateOemPartInput!) { createOemPart(input: $i) { id } }`, {
        i: { partNumber: 'E2E-ALT1', name: '发电机总成（测试）', componentGroup: 'ELECTRICAL', listPriceMinor: '120000', supplierId: supplier },
      });
    }
    let model = cat.models.find((m: { code: string; brand: string }) => m.code === 'ZL50')?.code as string | undefined;
    if (!model) {
      model = 'E2E-ZL';
      await oem(`mutation($i: CreateVehicleModelInput!) { createVehicleModel(input: $i) { id } }`, {
        i: { brand: '华岳装载机', code: model, name: 'E2E 轮式装载机', category: 'LOADER', usageUnit: 'HOURS' },
      });
    }
    let policy = cat.policies.some((p: { code: string }) => p.code === 'HY-STD') ? 'HY-STD' : null;
    if (!policy) {
      policy = 'E2E-POL';
      await oem(`mutation($i: CreateWarrantyPolicyInput!) { createWarrantyPolicy(input: $i) { id } }`, {
        i: {
          code: policy,
          name: 'E2E 保修政策（24 个月/4000 小时）',
          terms: [{ months: 24, meterLimit: 4000 }],
          filingDeadlineDays: 30,
          duplicateWindowDays: 90,
          sanbaoThreshold: 3,
          autoApproveLimitMinor: '50000',
          requiredEvidence: ['FAILURE_PHOTO'],
          reviewTargetHours: 24,
          partsReturnRequired: true,
        },
      });
    }
    const coverage = (await oem(`query($v: String!) { warrantyCoverage(vin: $v) { registration { id } } }`, { v: VIN })).warrantyCoverage;
    if (!coverage.registration) {
      await oem(`mutation($i: RegisterWarrantyInput!) { registerWarranty(input: $i) { id } }`, {
        i: { vin: VIN, modelCode: model, policyCode: policy, saleDate: shanghaiDay(-60) },
      });
    }
  }

  it('the warranty clerk files a claim with a photo; the reviewer cuts the labour; the dealer’s list shows the decision live; tags, parts return and supplier recovery', async () => {
    const { base } = e2e;
    await ensureCatalogue();

    // the dealer's claim list stays open (never reloaded) in the clerk's first tab
    const list = await e2e.signIn('warranty@dealer-east.demo');
    await list.goto(`${base}/claims`);
    await list.locator('.badge.live').waitFor(); // the layout's live subscription is up
    await list.getByTestId('new-claim').waitFor();

    // a second tab of the same clerk: the claim form, by hand (no repair order)
    const clerk = await list.context().newPage();
    await clerk.goto(`${base}/claims/new`);
    await clerk.getByTestId('coverage-vin').fill(VIN);
    await clerk.getByTestId('check-coverage').click();
    await clerk.getByTestId('coverage').waitFor();
    expect(await clerk.getByTestId('coverage').textContent()).toContain('故障照片'); // the policy asks for a failure photo
    const form = clerk.getByTestId('claim-form');
    expect(await clerk.getByTestId('claim-vin').inputValue()).toBe(VIN);
    await clerk.getByTestId('claim-meter').fill('812');
    await clerk.getByTestId('claim-failure-date').fill(shanghaiDay(-2));
    await clerk.getByTestId('claim-complaint').fill('仪表充电指示灯常亮，蓄电池亏电');
    await clerk.getByTestId('claim-cause').fill('发电机整流器烧蚀，不发电');
    await clerk.getByTestId('claim-correction').fill('更换发电机总成，试车充电正常');
    await clerk.getByTestId('claim-causal').fill('E2E-ALT1');
    const [labour, part] = [form.getByTestId('claim-line').nth(0), form.getByTestId('claim-line').nth(1)];
    expect(await labour.getAttribute('data-kind')).toBe('LABOUR');
    await labour.locator('input[name=lineCode]').fill('E2E-EL01');
    await labour.locator('input[name=lineQty]').fill('1.5'); // over the 1 h standard: a finding for the reviewer
    expect(await part.getAttribute('data-kind')).toBe('PART');
    await part.locator('input[name=lineCode]').fill('E2E-ALT1');
    await part.locator('input[name=lineQty]').fill('1'); // price: the list price (1200.00)
    await clerk.getByTestId('claim-create').click();
    await clerk.waitForURL(/\/claims\/[0-9a-f-]{36}$/);
    const claimUrl = clerk.url();
    const number = (await clerk.getByTestId('claim-number').textContent())!.trim();
    expect(await clerk.getByTestId('claim-status').getAttribute('data-status')).toBe('DRAFT');
    // 1.5 h × ¥120.00 (the authorisation's warranty labour rate) + ¥1,200.00 — above the ¥500.00 auto-approval limit
    expect(await clerk.getByTestId('claim-claimed').textContent()).toBe('¥1,380.00');

    // the open list picked the new draft up by itself
    const row = list.locator(`[data-testid=claim-row][data-number="${number}"]`);
    await expect.poll(() => row.count(), { timeout: LIVE_MS }).toBe(1);

    // the checklist names the missing failure photo; submitting without it is refused
    expect(await clerk.getByTestId('missing-evidence').getAttribute('data-kind')).toBe('FAILURE_PHOTO');
    await clerk.getByTestId('submit-claim').click();
    await expect.poll(() => clerk.getByTestId('claim-error').getAttribute('data-code')).toBe('BAD_USER_INPUT');
    expect(await clerk.getByTestId('claim-status').getAttribute('data-status')).toBe('DRAFT');

    // the photo, then the submission
    const attach = clerk.getByTestId('claim-attach');
    await attach.getByTestId('evidence-kind').selectOption('FAILURE_PHOTO');
    const photo = await jpeg(clerk);
    expect([...photo.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    await attach.locator('input[type=file]').setInputFiles({ name: '发电机烧蚀.jpg', mimeType: 'image/jpeg', buffer: photo });
    await attach.getByTestId('upload').click();
    await clerk.getByTestId('attached').waitFor();
    await expect.poll(() => clerk.getByTestId('evidence-item').getAttribute('data-kind')).toBe('FAILURE_PHOTO');
    await expect.poll(() => clerk.locator('[data-testid=evidence-item] img').evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(64);
    expect(await clerk.getByTestId('missing-evidence').count()).toBe(0);
    await clerk.getByTestId('submit-claim').click();
    await expect.poll(() => clerk.getByTestId('claim-status').getAttribute('data-status')).toBe('UNDER_REVIEW');
    // under review the claim is the reviewers' to move: the dealer's clerk sees no decision, question or submission
    expect(await clerk.getByTestId('decide-form').count()).toBe(0);
    expect(await clerk.getByTestId('request-info-form').count()).toBe(0);
    expect(await clerk.getByTestId('checklist').count()).toBe(0);
    expect(await clerk.getByTestId('finding').getAttribute('data-code')).toBe('LABOUR_OVER_STANDARD');
    expect(await clerk.getByTestId('finding').textContent()).toContain('工时超过标准');
    expect(await clerk.getByTestId('finding').textContent()).toContain('申报 1.5 小时，标准 1 小时');
    await clerk.screenshot({ path: path.join(shots, 'claims-detail.png'), fullPage: true });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: LIVE_MS }).toBe('UNDER_REVIEW');

    // the reviewer, in another browser: the queue, the claim, a partial approval
    const reviewer = await e2e.signIn('reviewer@oem.demo');
    await reviewer.goto(`${base}/claims`);
    const queued = reviewer.locator(`[data-testid=claim-row][data-number="${number}"]`);
    await queued.waitFor();
    expect(await queued.getAttribute('data-status')).toBe('UNDER_REVIEW');
    expect(await queued.textContent()).toContain('工时超过标准');
    expect(await queued.textContent()).toContain('华东一店');
    // the queue's filters: by finding and dealer it stays, 三包-only and overdue-only it goes
    const filters = reviewer.getByTestId('claim-filters');
    await filters.locator('select[name=finding]').selectOption('LABOUR_OVER_STANDARD');
    await filters.locator('select[name=dealer]').selectOption({ label: 'HY-E001 华东一店（上海）' });
    await filters.locator('select[name=region]').selectOption('华东');
    await filters.getByTestId('filter-apply').click();
    await reviewer.waitForURL(/finding=LABOUR_OVER_STANDARD/);
    await queued.waitFor();
    await reviewer.screenshot({ path: path.join(shots, 'claims-queue.png'), fullPage: true });
    await reviewer.goto(`${base}/claims?sanbao=1`);
    await reviewer.getByTestId('claims').waitFor();
    expect(await queued.count()).toBe(0);
    await reviewer.goto(`${base}/claims?overdue=1`);
    await reviewer.getByTestId('claims').waitFor();
    expect(await queued.count()).toBe(0); // due in 24 h
    // by age: submitted minutes ago, it is not among those waiting over a day
    await filters.locator('input[name=overdue]').uncheck();
    await filters.getByTestId('filter-age').selectOption('24');
    await filters.getByTestId('filter-apply').click();
    await reviewer.waitForURL((u) => u.searchParams.get('age') === '24' && !u.searchParams.has('overdue'));
    await reviewer.getByTestId('claims').waitFor();
    expect(await queued.count()).toBe(0);
    await reviewer.goto(`${base}/claims`);
    await queued.getByTestId('claim-link').click();
    await reviewer.waitForURL(claimUrl);
    const decide = reviewer.getByTestId('decide-form');
    await decide.waitFor();
    // the reviewer may decide or ask; nothing of the dealer's side (edit, evidence) is offered
    expect(await reviewer.getByTestId('request-info-form').count()).toBe(1);
    expect(await reviewer.getByTestId('edit-claim').count()).toBe(0);
    expect(await reviewer.getByTestId('claim-attach').count()).toBe(0);
    expect(await reviewer.getByTestId('parts-return').isChecked()).toBe(true); // the policy asks for the parts back
    const labourLine = decide.locator('[data-testid=decide-line][data-kind=LABOUR]');
    expect(await labourLine.locator('input[data-approved]').inputValue()).toBe('180.00'); // default: as claimed
    await labourLine.locator('input[data-approved]').fill('120.00');
    await labourLine.locator('select').selectOption('LABOUR_OVER_STANDARD');
    await decide.locator('textarea[name=note]').fill('工时按标准 1 小时核定。');
    await expect.poll(() => reviewer.getByTestId('approved-total').textContent()).toBe('¥1,320.00');
    await reviewer.screenshot({ path: path.join(shots, 'claims-review.png'), fullPage: true });
    await reviewer.getByTestId('decide').click();
    await expect.poll(() => reviewer.getByTestId('claim-status').getAttribute('data-status')).toMatch(/^(PARTIALLY_APPROVED|PARTS_RETURN_REQUESTED)$/);
    expect(await reviewer.getByTestId('claim-approved').textContent()).toBe('¥1,320.00');
    const decided = (await reviewer.getByTestId('claim-status').getAttribute('data-status'))!;
    // decided: no decision form any more; the parts are the dealer's to ship, not the reviewer's
    expect(await reviewer.getByTestId('decide-form').count()).toBe(0);
    expect(await reviewer.getByTestId('ship-form').count()).toBe(0);

    // the dealer's list, open all along, shows the decision without a reload
    await expect.poll(() => row.getAttribute('data-status'), { timeout: LIVE_MS }).toBe(decided);
    expect(await row.getByTestId('claim-status').textContent()).toBe(decided === 'PARTS_RETURN_REQUESTED' ? '待返还旧件' : '部分批准');
    expect(await row.textContent()).toContain('¥1,320.00');
    await list.screenshot({ path: path.join(shots, 'claims-dealer-list.png'), fullPage: true });

    // the claim page shows the reduced line with its reason
    await clerk.reload();
    const cut = clerk.locator('[data-testid=claim-line-row][data-kind=LABOUR]');
    expect(await cut.getByTestId('line-approved').textContent()).toBe('¥120.00');
    expect(await cut.textContent()).toContain('工时超过标准');

    // the old-part tag of the alternator: code in text and as a Code 128 barcode
    await clerk.goto(`${claimUrl}/tags`);
    const tag = clerk.getByTestId('part-tag');
    expect(await tag.count()).toBe(1);
    const code = (await tag.getAttribute('data-code'))!;
    expect(code).toContain(number);
    expect(await tag.getByTestId('tag-code').textContent()).toBe(code);
    expect(await tag.textContent()).toContain(VIN);
    expect(await tag.textContent()).toContain('E2E-ALT1');
    const drawn = await drawnWidths(clerk, code);
    expect(drawn.widths).toEqual(encode128B(code).widths);
    expect(drawn.total).toBe(encode128B(code).modules + 2 * QUIET_ZONE);
    await clerk.screenshot({ path: path.join(shots, 'claims-tags.png'), fullPage: true });

    // the parts go back: the clerk ships them from the claim page
    expect(decided).toBe('PARTS_RETURN_REQUESTED');
    await clerk.goto(claimUrl);
    const ship = clerk.getByTestId('ship-form');
    await ship.locator('input[name=carrier]').fill('顺丰速运');
    await ship.locator('input[name=trackingNumber]').fill('SF1234567890');
    await ship.locator('button').click();
    await expect.poll(() => clerk.getByTestId('return-status').textContent()).toBe('已发运');
    expect(await clerk.getByTestId('ship-form').count()).toBe(0);

    // the manufacturer scans the tag, finds the supplier's fault, and (on the claim page) raises the recovery
    const oem = await e2e.staffApi('reviewer@oem.demo');
    await oem(`mutation($i: ReceiveReturnedPartInput!) { receiveReturnedPart(input: $i) { claim { status } } }`, { i: { tagCode: code } });
    const inspected = await oem(`mutation($i: InspectReturnedPartInput!) { inspectReturnedPart(input: $i) { claim { status } } }`, {
      i: { tagCode: code, result: 'SUPPLIER_CAUSED', note: '整流二极管击穿' },
    });
    expect(inspected.inspectReturnedPart.claim.status).toBe('PARTS_INSPECTED');
    await expect.poll(() => reviewer.getByTestId('claim-status').getAttribute('data-status'), { timeout: LIVE_MS }).toBe('PARTS_INSPECTED');
    // the timeline says which tag was inspected and the result, in the reader's language, with the inspector's note
    const step = reviewer.locator('[data-testid=claim-timeline] li[data-action=partInspected]');
    expect(await step.getByTestId('timeline-detail').textContent()).toContain('供应商责任');
    expect(await step.getByTestId('timeline-detail').textContent()).toContain(code);
    expect(await step.textContent()).toContain('整流二极管击穿');
    await reviewer.getByTestId('recovery-form').locator('input[name=note]').fill('按供货协议比例追偿');
    await reviewer.getByTestId('recovery-form').locator('button').click();
    await expect.poll(() => reviewer.getByTestId('recovery-raised').textContent()).toMatch(/已发起追偿 RC-/);
    // the claim now lists its recovery, and no second one can be raised from it
    await expect.poll(() => reviewer.getByTestId('claim-recovery').getAttribute('data-status')).toBe('RAISED');
    expect(await reviewer.getByTestId('claim-recovery').textContent()).toContain('待供应商答复');
    expect(await reviewer.getByTestId('recovery-form').count()).toBe(0);
  }, 180_000);

  it('from a repair order with warranty lines: the order page links to the claim form, which takes its lines and 3C', async () => {
    const { base } = e2e;
    await ensureCatalogue();
    const advisor = await e2e.staffApi('advisor@dealer-east.demo');
    const c = await advisor(
      `mutation { createCustomer(input: { name: "贺磊", phone: "13811112222", vehicles: [{ vin: "HYE2ECLAIM02", model: "ZL50 装载机", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await advisor(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "充电指示灯常亮" }) { repairOrder { id number } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    const orderId = o.createRepairOrder.repairOrder.id as string;
    const step = async (name: string, type: string, extra: Record<string, unknown> = {}) => {
      const version = (await advisor(`query($id: ID!) { repairOrder(id: $id) { version } }`, { id: orderId })).repairOrder.version;
      await advisor(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { id } } }`, { i: { id: orderId, version, ...extra } });
    };
    await step('checkInRepairOrder', 'CheckInInput', { meter: 640, customerSigned: true });
    await step('diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '电气', finding: '发电机不发电' }], summary: '发电机整流器损坏' });
    await step('estimateRepairOrder', 'EstimateInput', {
      method: 'ITEM',
      lines: [
        { kind: 'LABOUR', description: '更换发电机', operationCode: 'E2E-EL01', hours: '1', rateMinor: '12000', payType: 'WARRANTY' },
        { kind: 'PART', description: '发电机总成', partNumber: 'E2E-ALT1', quantity: '1', unitPriceMinor: '120000', source: 'OEM', payType: 'WARRANTY' },
        { kind: 'LABOUR', description: '清洗发动机舱', hours: '0.5', rateMinor: '10000', payType: 'CUSTOMER' },
      ],
    });
    await step('approveRepairOrder', 'OrderRef');

    const clerk = await e2e.signIn('warranty@dealer-east.demo');
    await clerk.goto(`${base}/orders/${orderId}`);
    await clerk.getByTestId('file-claim').click();
    await clerk.waitForURL(`${base}/claims/new?ro=${orderId}`);
    expect(await clerk.getByTestId('from-order').textContent()).toContain(o.createRepairOrder.repairOrder.number);
    expect(await clerk.getByTestId('order-lines').locator('tr').count()).toBe(2); // the warranty lines only
    expect(await clerk.getByTestId('claim-complaint').inputValue()).toBe('充电指示灯常亮');
    expect(await clerk.getByTestId('claim-cause').inputValue()).toBe('发电机整流器损坏');
    expect(await clerk.getByTestId('claim-causal').inputValue()).toBe('E2E-ALT1');
    expect(await clerk.getByTestId('claim-meter').inputValue()).toBe('640');
    await clerk.getByTestId('claim-correction').fill('更换发电机总成');
    await clerk.getByTestId('claim-create').click();
    await clerk.waitForURL(/\/claims\/[0-9a-f-]{36}$/);
    expect(await clerk.getByTestId('claim-status').getAttribute('data-status')).toBe('DRAFT');
    expect(await clerk.getByTestId('claim-line-row').count()).toBe(2);
    expect(await clerk.getByTestId('claim-claimed').textContent()).toBe('¥1,320.00'); // 1 h at the warranty rate + the part
    expect(await clerk.getByTestId('claim-vin').textContent()).toBe('HYE2ECLAIM02');

    // the draft is corrected: another correction and a towing invoice (sublet) added
    const edit = clerk.getByTestId('edit-claim');
    await edit.locator('summary').click();
    await edit.locator('textarea[name=correction]').fill('更换发电机总成，清洁插接件');
    await edit.getByTestId('add-line').click();
    const added = edit.getByTestId('claim-line').nth(2);
    await added.locator('select[name=lineKind]').selectOption('SUBLET');
    await added.locator('input[name=lineDesc]').fill('拖车费');
    await added.locator('input[name=linePrice]').fill('200');
    await edit.getByTestId('save-claim').click();
    await expect.poll(() => clerk.getByTestId('claim-line-row').count()).toBe(3);
    expect(await clerk.getByTestId('claim-claimed').textContent()).toBe('¥1,520.00');
    expect(await clerk.locator('.claim-3c').textContent()).toContain('清洁插接件');

    // a second claim from the same order is refused with the API's reason, shown on the form
    await clerk.goto(`${base}/claims/new?ro=${orderId}`);
    await clerk.getByTestId('claim-correction').fill('更换发电机总成');
    await clerk.getByTestId('claim-create').click();
    await expect.poll(() => clerk.getByTestId('claim-error').getAttribute('data-code')).toBe('CONFLICT');
  }, 120_000);

  it('a rejection is appealed once and reopened; a question is answered', async () => {
    const { base } = e2e;
    await ensureCatalogue();
    // a claim filed through the API (a second workstation): the same part on the same VIN again
    const dealer = await e2e.staffApi('warranty@dealer-east.demo');
    const auths = (await dealer(`{ relationships(kind: DEALER_AUTHORIZATION) { nodes { from { id } } } }`)).relationships.nodes;
    const created = await dealer(`mutation($i: CreateWarrantyClaimInput!) { createWarrantyClaim(input: $i) { claim { id number } } }`, {
      i: {
        manufacturerId: auths[0].from.id,
        type: 'STANDARD',
        vin: VIN,
        meter: 905,
        repairDate: shanghaiDay(),
        complaint: '发电机异响',
        cause: '轴承磨损',
        correction: '更换发电机',
        causalPartNumber: 'E2E-ALT1',
        lines: [{ kind: 'PART', partNumber: 'E2E-ALT1' }],
      },
    });
    const claim = created.createWarrantyClaim.claim;
    const photo = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
    ]);
    await dealer(`mutation($i: UploadAttachmentInput!) { uploadAttachment(input: $i) { attachment { id } } }`, {
      i: {
        ownerType: 'WARRANTY_CLAIM',
        ownerId: claim.id,
        fileName: 'noise.jpg',
        contentType: 'image/jpeg',
        contentBase64: photo.toString('base64'),
        evidenceKind: 'FAILURE_PHOTO',
      },
    });
    const version = (await dealer(`query($id: ID!) { warrantyClaim(id: $id) { version } }`, { id: claim.id })).warrantyClaim.version;
    const submitted = await dealer(`mutation($i: SubmitWarrantyClaimInput!) { submitWarrantyClaim(input: $i) { claim { status } } }`, {
      i: { id: claim.id, version },
    });
    expect(submitted.submitWarrantyClaim.claim.status).toBe('UNDER_REVIEW');

    // the reviewer sees the earlier claim as a possible duplicate and rejects everything
    const reviewer = await e2e.signIn('reviewer@oem.demo');
    await reviewer.goto(`${base}/claims/${claim.id}`);
    const codes = await reviewer.getByTestId('finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes).toContain('DUPLICATE_CLAIM');
    expect(await reviewer.getByTestId('vehicle-history').textContent()).toContain('华东一店');
    await reviewer.getByTestId('decide-form').getByRole('button', { name: '全部拒付' }).click();
    await expect.poll(() => reviewer.getByTestId('approved-total').textContent()).toBe('¥0.00');
    await reviewer.getByTestId('claim-reason').selectOption('DUPLICATE');
    await reviewer.getByTestId('decide').click();
    await expect.poll(() => reviewer.getByTestId('claim-status').getAttribute('data-status')).toBe('REJECTED');

    // the dealer appeals (once)
    const clerk = await e2e.signIn('warranty@dealer-east.demo');
    await clerk.goto(`${base}/claims/${claim.id}`);
    expect(await clerk.getByTestId('claim-status').textContent()).toBe('已拒绝');
    await clerk.getByTestId('appeal-form').locator('textarea').fill('两次故障原因不同：前次为整流器烧蚀，本次为轴承磨损。');
    await clerk.getByTestId('appeal-form').locator('button').click();
    await expect.poll(() => clerk.getByTestId('claim-status').getAttribute('data-status')).toBe('APPEALED');
    expect(await clerk.getByTestId('appeal-form').count()).toBe(0);
    expect(await clerk.getByTestId('reopen-form').count()).toBe(0); // reopening is the reviewer's

    // the reviewer takes the appeal up and asks a question; the dealer answers
    await expect.poll(() => reviewer.getByTestId('claim-status').getAttribute('data-status'), { timeout: LIVE_MS }).toBe('APPEALED');
    expect(await reviewer.getByTestId('dealer-note').textContent()).toContain('轴承磨损');
    await reviewer.getByTestId('reopen-form').locator('button').click();
    await expect.poll(() => reviewer.getByTestId('claim-status').getAttribute('data-status')).toBe('UNDER_REVIEW');
    await reviewer.getByTestId('request-info-form').locator('textarea').fill('请补充轴承磨损部位的照片。');
    await reviewer.getByTestId('request-info-form').locator('button').click();
    await expect.poll(() => reviewer.getByTestId('claim-status').getAttribute('data-status')).toBe('NEEDS_INFO');
    await expect.poll(() => clerk.getByTestId('info-request').textContent(), { timeout: LIVE_MS }).toContain('轴承磨损部位的照片');
    await clerk.getByTestId('answer-form').locator('textarea').fill('已上传轴承照片。');
    await clerk.getByTestId('answer-form').locator('button').click();
    await expect.poll(() => clerk.getByTestId('claim-status').getAttribute('data-status')).toBe('UNDER_REVIEW');
    const actions = await clerk
      .getByTestId('claim-timeline')
      .locator('li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual(['created', 'SUBMIT', 'START_REVIEW', 'REJECT', 'APPEAL', 'REOPEN', 'REQUEST_INFO', 'PROVIDE_INFO']);
    // the review was started by the automatic checks, not by the clerk who submitted
    const actors = await clerk.getByTestId('timeline-actor').allTextContents();
    expect(actors[2]).toBe('· 系统自动检查');
    expect(actors[1]).not.toContain('系统');

    // rejected again: the machine's next step would be an appeal, but the one appeal is used
    await reviewer.reload();
    await reviewer.getByTestId('decide-form').getByRole('button', { name: '全部拒付' }).click();
    await reviewer.getByTestId('claim-reason').selectOption('DUPLICATE');
    await reviewer.getByTestId('decide').click();
    await expect.poll(() => reviewer.getByTestId('claim-status').getAttribute('data-status')).toBe('REJECTED');
    await clerk.reload();
    expect(await clerk.getByTestId('claim-status').getAttribute('data-status')).toBe('REJECTED');
    expect(await clerk.getByTestId('appeal-form').count()).toBe(0);
    expect(await clerk.getByTestId('appeal-used').textContent()).toBe('已申诉过一次，不能再次申诉。');
  }, 120_000);
  it('at the desk, the order page shows what the manufacturer knows of the VIN: registration, policy and an open recall', async () => {
    const { base } = e2e;
    const advisorApi = await e2e.staffApi('advisor@dealer-east.demo');
    // HYDEMO00008 is registered (ZL50, policy HY-STD, sold 2026-03-01) and listed in recall RC-2026-01
    const c = await advisorApi(
      `mutation { createCustomer(input: { name: "鲁明", phone: "13911113333", vehicles: [{ vin: "HYDEMO00008", model: "ZL50 装载机", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await advisorApi(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "例行保养" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    const advisor = await e2e.signIn('advisor@dealer-east.demo');
    await advisor.goto(`${base}/orders/${o.createRepairOrder.repairOrder.id}`);
    const panel = advisor.getByTestId('vehicle-warranty');
    await panel.waitFor();
    expect(await panel.getAttribute('data-manufacturer')).toBe('华岳重工 售后服务部');
    expect(await panel.getByTestId('open-campaign').getAttribute('data-code')).toBe('RC-2026-01');
    expect(await panel.getByTestId('open-campaign').textContent()).toContain('动臂油缸密封件召回');
    expect(await panel.getByTestId('warranty-sale-date').textContent()).toBe('2026-03-01');
    expect(await panel.textContent()).toContain('HY-STD');
    await advisor.screenshot({ path: path.join(shots, 'order-recall.png'), fullPage: true });

    // a VIN the manufacturer does not know: no panel
    const other = await advisorApi(
      `mutation { createCustomer(input: { name: "苗青", phone: "13911114444", vehicles: [{ vin: "LUNKNOWN0001", model: "其他" }] }) { customer { id vehicles { id } } } }`,
    );
    const o2 = await advisorApi(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "异响" }) { repairOrder { id } } }`,
      {
        c: other.createCustomer.customer.id,
        v: other.createCustomer.customer.vehicles[0].id,
      },
    );
    await advisor.goto(`${base}/orders/${o2.createRepairOrder.repairOrder.id}`);
    await advisor.getByTestId('order-number').waitFor();
    expect(await advisor.getByTestId('vehicle-warranty').count()).toBe(0);
  }, 60_000);

  it('the demo claim’s failure photo shows: a real JPEG the browser decodes (issue 12, item 7)', async () => {
    const clerkApi = await e2e.staffApi('warranty@dealer-east.demo');
    const claims = (await clerkApi(`{ warrantyClaims(first: 50) { nodes { id evidence { fileName } } } }`)).warrantyClaims.nodes as {
      id: string;
      evidence: { fileName: string }[];
    }[];
    const demo = claims.find((c) => c.evidence.some((e) => e.fileName === '发电机故障.jpg'));
    expect(demo).toBeDefined();
    const clerk = await e2e.signIn('warranty@dealer-east.demo');
    await clerk.goto(`${e2e.base}/claims/${demo!.id}`);
    const photo = clerk.locator('[data-testid=evidence-item] img').first();
    await photo.waitFor({ timeout: 30_000 });
    await expect.poll(() => photo.evaluate((i) => [(i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).naturalHeight])).toEqual([320, 240]);
  });
});
