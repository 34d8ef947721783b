import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';
import { addDays, todayIn } from '../../src/lib/day.js';
import { formatDateTime } from '../../src/lib/i18n/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');

type Call = Awaited<ReturnType<E2E['staffApi']>>;

const VIN = 'HYE2EPRINT01';
const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').trim();
const cells = (page: Page, selector: string) =>
  page
    .locator(selector)
    .locator('td')
    .evaluateAll((tds) => tds.map((td) => (td.textContent ?? '').trim()));

describe('printable claim form (索赔单) and fault assessment (鉴定单)', () => {
  let e2e: E2E;
  const today = todayIn('Asia/Shanghai');
  let admin: Call;
  let advisor: Call;
  let dealer: Call;
  let reviewer: Call;
  let quality: Call;
  let oemId: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    admin = await e2e.staffApi('admin@oem.demo');
    advisor = await e2e.staffApi('advisor@dealer-east.demo');
    dealer = await e2e.staffApi('warranty@dealer-east.demo');
    reviewer = await e2e.staffApi('reviewer@oem.demo');
    quality = await e2e.staffApi('quality@oem.demo');
    oemId = (await admin(`{ me { tenant { id } } }`)).me.tenant.id;
    // the manufacturer's master data for this test (codes E2E-P…), a model counted in hours
    const rels = (await admin(`{ relationships(first: 100) { nodes { kind to { id code } } } }`)).relationships.nodes as {
      kind: string;
      to: { id: string; code: string };
    }[];
    const dealerId = rels.find((r) => r.kind === 'DEALER_AUTHORIZATION' && r.to.code === 'DLR-E1')!.to.id;
    await admin(`mutation($i: CreateWarrantyPolicyInput!) { createWarrantyPolicy(input: $i) { code } }`, {
      i: {
        code: 'E2E-PPOL',
        name: 'E2E 打印测试政策（24 个月/4000 小时）',
        terms: [{ months: 24, meterLimit: 4000 }],
        filingDeadlineDays: 30,
        duplicateWindowDays: 90,
        sanbaoThreshold: 3,
        requiredEvidence: [],
        partsReturnRequired: true,
      },
    });
    await admin(`mutation($i: CreateVehicleModelInput!) { createVehicleModel(input: $i) { code } }`, {
      i: { brand: '华岳装载机', code: 'E2E-PM', name: 'E2E 打印测试装载机', category: 'LOADER', usageUnit: 'HOURS' },
    });
    await admin(`mutation($i: CreateLabourOperationInput!) { createLabourOperation(input: $i) { code } }`, {
      i: {
        code: 'E2E-POP',
        descriptionZh: '更换发电机（打印测试）',
        descriptionEn: 'Replace alternator (print test)',
        standardHoursMilli: 1000,
        componentGroup: 'ELECTRICAL',
      },
    });
    await admin(`mutation($i: CreateOemPartInput!) { createOemPart(input: $i) { partNumber } }`, {
      i: { partNumber: 'E2E-PALT', name: '发电机总成（打印测试）', componentGroup: 'ELECTRICAL', listPriceMinor: '100000' },
    });
    await admin(`mutation($i: RegisterWarrantyInput!) { registerWarranty(input: $i) { vin } }`, {
      i: { vin: VIN, modelCode: 'E2E-PM', policyCode: 'E2E-PPOL', saleDate: addDays(today, -60), sellingDealerId: dealerId },
    });
  });

  afterAll(() => e2e?.stop());

  /**
   * A claim filed from a repair order, through the whole return: labour over the standard (a finding),
   * cut by the reviewer with a reason, the part asked back, shipped, received and inspected.
   */
  async function inspectedClaim() {
    const c = await advisor(
      `mutation { createCustomer(input: { name: "邵明", phone: "13911113333", vehicles: [{ vin: "${VIN}", model: "E2E 装载机", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await advisor(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "充电指示灯常亮" }) { repairOrder { id number } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    const order = o.createRepairOrder.repairOrder as { id: string; number: string };
    const roVersion = (await advisor(`query($id: ID!) { repairOrder(id: $id) { version } }`, { id: order.id })).repairOrder.version;
    await advisor(`mutation($i: CheckInInput!) { checkInRepairOrder(input: $i) { repairOrder { id } } }`, {
      i: { id: order.id, version: roVersion, meter: 812, customerSigned: true },
    });
    const created = await dealer(`mutation($i: CreateWarrantyClaimInput!) { createWarrantyClaim(input: $i) { claim { id version number } } }`, {
      i: {
        manufacturerId: oemId,
        type: 'STANDARD',
        repairOrderId: order.id,
        vin: VIN,
        meter: 812,
        failureDate: addDays(today, -1),
        repairDate: today,
        complaint: '仪表充电指示灯常亮，蓄电池亏电',
        cause: '发电机整流器烧蚀，不发电',
        correction: '更换发电机总成，试车充电正常',
        causalPartNumber: 'E2E-PALT',
        lines: [
          { kind: 'LABOUR', operationCode: 'E2E-POP', hours: '1.5' },
          { kind: 'PART', partNumber: 'E2E-PALT', quantity: '1' },
          { kind: 'SUBLET', description: '拖车费', amountMinor: '20000' },
        ],
      },
    });
    const claim = created.createWarrantyClaim.claim as { id: string; version: number; number: string };
    const submitted = await dealer(`mutation($i: SubmitWarrantyClaimInput!) { submitWarrantyClaim(input: $i) { claim { status } } }`, {
      i: { id: claim.id, version: claim.version },
    });
    expect(submitted.submitWarrantyClaim.claim.status).toBe('UNDER_REVIEW');
    const review = (await reviewer(`query($id: ID!) { warrantyClaim(id: $id) { version lines { id kind tagCode amount { amountMinor } } } }`, { id: claim.id }))
      .warrantyClaim;
    const decided = await reviewer(`mutation($i: DecideWarrantyClaimInput!) { decideWarrantyClaim(input: $i) { claim { status } } }`, {
      i: {
        id: claim.id,
        version: review.version,
        lines: review.lines.map((l: { id: string; kind: string; amount: { amountMinor: string } }) =>
          l.kind === 'LABOUR'
            ? { lineId: l.id, approvedMinor: '12000', reasonCode: 'LABOUR_OVER_STANDARD' }
            : { lineId: l.id, approvedMinor: l.amount.amountMinor },
        ),
        note: '工时按标准 1 小时核定。',
        requirePartsReturn: true,
      },
    });
    expect(decided.decideWarrantyClaim.claim.status).toBe('PARTS_RETURN_REQUESTED');
    const tag = review.lines.find((l: { kind: string }) => l.kind === 'PART').tagCode as string;
    const version = (await dealer(`query($id: ID!) { warrantyClaim(id: $id) { version } }`, { id: claim.id })).warrantyClaim.version;
    await dealer(`mutation($i: ShipClaimPartsInput!) { shipClaimParts(input: $i) { claim { id } } }`, {
      i: { id: claim.id, version, carrier: '顺丰速运', trackingNumber: 'SF9988776655' },
    });
    await quality(`mutation($t: String!) { receiveReturnedPart(input: { tagCode: $t }) { claim { id } } }`, { t: tag });
    const inspected = await quality(
      `mutation($t: String!) { inspectReturnedPart(input: { tagCode: $t, result: CONFIRMED, note: "整流二极管击穿，属质量故障" }) { claim { status } } }`,
      { t: tag },
    );
    expect(inspected.inspectReturnedPart.claim.status).toBe('PARTS_INSPECTED');
    return { ...claim, tag, order };
  }

  it('prints the claim form and the fault assessment of an inspected claim, in the tenant’s zone', async () => {
    const { base } = e2e;
    const claim = await inspectedClaim();
    const facts = (
      await dealer(`query($id: ID!) { warrantyClaim(id: $id) { decidedAt lines { kind tagCode shippedAt receivedAt inspectedAt } } }`, { id: claim.id })
    ).warrantyClaim;
    const zone = (await dealer(`{ me { tenant { timezone } } }`)).me.tenant.timezone as string;
    const part = facts.lines.find((l: { kind: string }) => l.kind === 'PART');

    // the claim page links to both printable forms
    const clerk = await e2e.signIn('warranty@dealer-east.demo');
    await clerk.goto(`${base}/claims/${claim.id}`);
    expect(await clerk.getByTestId('print-claim').getAttribute('href')).toBe(`/claims/${claim.id}/print/claim`);
    expect(await clerk.getByTestId('print-assessment').getAttribute('href')).toBe(`/claims/${claim.id}/print/assessment`);
    expect(await clerk.getByTestId('print-claim').textContent()).toBe('打印索赔单');
    expect(await clerk.getByTestId('print-assessment').textContent()).toBe('打印鉴定单');

    // 索赔单
    const res = await clerk.goto(`${base}/claims/${claim.id}/print/claim`);
    expect(res?.status()).toBe(200);
    const form = clerk.getByTestId('print-form');
    expect(await form.getAttribute('data-form')).toBe('claim');
    expect(await clerk.locator('.a4-head h1').textContent()).toBe('索赔单');
    expect(await text(clerk, 'print-issuer')).toBe('华东一店（上海）');
    expect(await text(clerk, 'print-no')).toBe(`编号：${claim.number}`);
    expect(await text(clerk, 'print-vin')).toBe(VIN);
    expect(await text(clerk, 'print-meter')).toBe('812 小时');
    expect(await text(clerk, 'print-status')).toBe('旧件已鉴定');
    expect(await cells(clerk, '[data-testid=print-header] tr:nth-child(1)')).toEqual([claim.number, '普通索赔']);
    expect(await cells(clerk, '[data-testid=print-header] tr:nth-child(2)')).toEqual(['华东一店（上海）', '华岳重工 售后服务部']);
    expect(await cells(clerk, '[data-testid=print-header] tr:nth-child(3)')).toEqual([VIN, '华岳装载机 / E2E 打印测试装载机']);
    expect(await cells(clerk, '[data-testid=print-header] tr:nth-child(5)')).toEqual([addDays(today, -1), today]);
    expect((await cells(clerk, '[data-testid=print-header] tr:nth-child(6)'))[0]).toBe(claim.order.number);
    expect(await cells(clerk, '[data-testid=print-3c] tr')).toEqual([
      '仪表充电指示灯常亮，蓄电池亏电',
      '发电机整流器烧蚀，不发电',
      '更换发电机总成，试车充电正常',
      'E2E-PALT',
      '电气系统', // the component group by name (ELECTRICAL)
    ]);
    // the lines, every cell: hours × the warranty labour rate, the list price, the sublet; the reviewer's cut with its reason
    expect(await cells(clerk, '[data-testid=print-line][data-position="1"]')).toEqual([
      '1',
      '工时',
      'E2E-POP',
      '更换发电机（打印测试）',
      '1.5 小时',
      '¥120.00',
      '¥180.00',
      '¥120.00',
      '工时超过标准',
    ]);
    expect(await cells(clerk, '[data-testid=print-line][data-position="2"]')).toEqual([
      '2',
      '配件',
      'E2E-PALT',
      '发电机总成（打印测试）',
      '1',
      '¥1,000.00',
      '¥1,000.00',
      '¥1,000.00',
      '',
    ]);
    expect(await cells(clerk, '[data-testid=print-line][data-position="3"]')).toEqual(['3', '外协', '', '拖车费', '', '', '¥200.00', '¥200.00', '']);
    expect(await text(clerk, 'total-claimed')).toBe('¥1,380.00');
    expect(await text(clerk, 'total-approved')).toBe('¥1,320.00');
    // the automatic check's finding, localised, and the decision
    const finding = clerk.getByTestId('print-finding');
    expect(await finding.count()).toBe(1);
    expect(await finding.getAttribute('data-code')).toBe('LABOUR_OVER_STANDARD');
    expect(await finding.locator('th').textContent()).toBe('工时超过标准');
    expect(await finding.locator('td').textContent()).toBe('工时项目 E2E-POP：申报 1.5 小时，标准 1 小时。');
    expect(await text(clerk, 'decision')).toBe('部分批准');
    expect(await cells(clerk, '[data-testid=print-decision] tr:nth-child(1)')).toEqual(['部分批准', formatDateTime(facts.decidedAt, 'zh-CN', zone)]);
    expect(await cells(clerk, '[data-testid=print-decision] tr:nth-child(2)')).toEqual(['钱敏（索赔审核）', '']);
    expect(await text(clerk, 'decision-note')).toBe('工时按标准 1 小时核定。');
    // signature lines with date blanks
    expect((await clerk.getByTestId('sign').allTextContents()).map((s) => s.replace(/\s+/g, ''))).toEqual([
      '经销商索赔员签字：＿＿＿＿＿＿日期：＿＿＿＿年＿＿月＿＿日',
      '服务经理签字：＿＿＿＿＿＿日期：＿＿＿＿年＿＿月＿＿日',
      '厂家审核员签字：＿＿＿＿＿＿日期：＿＿＿＿年＿＿月＿＿日',
    ]);
    expect(await clerk.locator('.print-tools button').textContent()).toBe('打印');
    await clerk.screenshot({ path: path.join(shots, 'claim-print.png'), fullPage: true });

    // 鉴定单: the manufacturer's quality engineer prints it
    const qe = await e2e.signIn('quality@oem.demo');
    expect((await qe.goto(`${base}/claims/${claim.id}/print/assessment`))?.status()).toBe(200);
    expect(await qe.locator('.a4-head h1').textContent()).toBe('鉴定单');
    expect(await text(qe, 'print-issuer')).toBe('华岳重工 售后服务部');
    expect(await text(qe, 'print-vin')).toBe(VIN);
    expect(await cells(qe, '[data-testid=print-header] tr:nth-child(6)')).toEqual(['E2E-PALT · 部件组 电气系统']);
    const assessed = qe.getByTestId('assessed-part');
    expect(await assessed.count()).toBe(1);
    expect(await assessed.getAttribute('data-tag')).toBe(claim.tag);
    expect(await assessed.getAttribute('data-result')).toBe('CONFIRMED');
    expect(await text(qe, 'part-tag')).toBe(claim.tag);
    expect(await text(qe, 'part-return')).toBe('已鉴定');
    expect(await text(qe, 'inspection-result')).toBe('确认质量故障');
    expect(await text(qe, 'inspection-note')).toBe('整流二极管击穿，属质量故障');
    const rows = await assessed.locator('tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
    expect(rows[1]).toEqual(['E2E-PALT · 主因件', '1']);
    expect(rows[2]).toEqual(['发电机总成（打印测试）']);
    expect(rows[3]).toEqual(['顺丰速运 SF9988776655']);
    const qeZone = (await quality(`{ me { tenant { timezone } } }`)).me.tenant.timezone as string;
    expect(rows[4]).toEqual([formatDateTime(part.shippedAt, 'zh-CN', qeZone), formatDateTime(part.receivedAt, 'zh-CN', qeZone)]);
    expect(rows[5]).toEqual([formatDateTime(part.inspectedAt, 'zh-CN', qeZone), '确认质量故障']);
    expect(await qe.getByTestId('no-parts').count()).toBe(0);
    expect((await qe.getByTestId('sign').allTextContents()).map((s) => s.replace(/\s+/g, ''))).toEqual([
      '质量工程师签字：＿＿＿＿＿＿日期：＿＿＿＿年＿＿月＿＿日',
      '审核员签字：＿＿＿＿＿＿日期：＿＿＿＿年＿＿月＿＿日',
    ]);
    await qe.screenshot({ path: path.join(shots, 'claim-assessment.png'), fullPage: true });
  }, 180_000);

  it('the demo claim under review: no decision yet, its finding, and no parts asked back', async () => {
    const { base } = e2e;
    const demo = (await dealer(`{ warrantyClaims(first: 50) { nodes { id number vin status } } }`)).warrantyClaims.nodes.find(
      (n: { vin: string }) => n.vin === 'HYDEMO00001',
    );
    expect(demo.status).toBe('UNDER_REVIEW');
    const reviewerPage = await e2e.signIn('reviewer@oem.demo');
    await reviewerPage.goto(`${base}/claims/${demo.id}`);
    await reviewerPage.getByTestId('print-claim').waitFor();
    expect(await reviewerPage.getByTestId('print-assessment').count()).toBe(0);

    await reviewerPage.goto(`${base}/claims/${demo.id}/print/claim`);
    expect(await text(reviewerPage, 'print-no')).toBe(`编号：${demo.number}`);
    expect(await text(reviewerPage, 'print-issuer')).toBe('华东一店（上海）');
    expect(await text(reviewerPage, 'print-vin')).toBe('HYDEMO00001');
    expect(await text(reviewerPage, 'print-meter')).toBe('1260 小时');
    expect(await cells(reviewerPage, '[data-testid=print-line][data-position="1"]')).toEqual([
      '1',
      '工时',
      'EL-0101',
      '更换发电机',
      '1.5 小时',
      '¥120.00',
      '¥180.00',
      '',
      '',
    ]);
    expect(await cells(reviewerPage, '[data-testid=print-line][data-position="2"]')).toEqual([
      '2',
      '配件',
      'ALT-12',
      '发电机',
      '1',
      '¥1,200.00',
      '¥1,200.00',
      '',
      '',
    ]);
    expect(await text(reviewerPage, 'total-claimed')).toBe('¥1,380.00');
    expect(await text(reviewerPage, 'total-approved')).toBe('');
    expect(await reviewerPage.getByTestId('print-finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toContain('LABOUR_OVER_STANDARD');
    expect(await reviewerPage.locator('[data-testid=print-finding][data-code=LABOUR_OVER_STANDARD] th').textContent()).toBe('工时超过标准');
    expect(await text(reviewerPage, 'decision')).toBe('尚未审核');
    expect(await reviewerPage.getByTestId('sign').count()).toBe(3);

    await reviewerPage.goto(`${base}/claims/${demo.id}/print/assessment`);
    expect(await text(reviewerPage, 'no-parts')).toBe('本索赔单未要求返还旧件，无需鉴定。');
    expect(await reviewerPage.getByTestId('assessed-part').count()).toBe(0);
  }, 120_000);

  it('an unknown form is 404; another dealer cannot open the claim’s forms', async () => {
    const { base } = e2e;
    const demo = (await dealer(`{ warrantyClaims(first: 50) { nodes { id number vin } } }`)).warrantyClaims.nodes.find(
      (n: { vin: string }) => n.vin === 'HYDEMO00001',
    );
    const clerk = await e2e.signIn('warranty@dealer-east.demo');
    expect((await clerk.goto(`${base}/claims/${demo.id}/print/invoice`))?.status()).toBe(404);
    expect(await clerk.getByTestId('print-form').count()).toBe(0);
    expect((await clerk.goto(`${base}/claims/${demo.id}/print/claim`))?.status()).toBe(200);

    // 华东二店's service admin reads claims — its own, not 华东一店's
    const other = await e2e.signIn('admin@dealer-east2.demo');
    for (const form of ['claim', 'assessment']) {
      const r = await other.goto(`${base}/claims/${demo.id}/print/${form}`);
      expect(r?.status()).toBe(404);
      expect(await other.getByTestId('print-form').count()).toBe(0);
      expect(await other.content()).not.toContain(demo.number);
      expect(await other.content()).not.toContain('HYDEMO00001');
    }
  }, 120_000);
});
