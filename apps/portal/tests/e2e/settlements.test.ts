import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';
import { addDays, todayIn } from '../../src/lib/day.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');

type Call = Awaited<ReturnType<E2E['staffApi']>>;

/** A tiny but well-formed PDF (the API recognises PDF by its `%PDF-` signature). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

describe('parts return, settlement statements and supplier recovery', () => {
  let e2e: E2E;
  const today = todayIn('Asia/Shanghai');
  let oemId: string;
  let dealerId: string;
  let admin: Call;
  let dealer: Call;
  let reviewer: Call;
  let quality: Call;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    // the manufacturer's master data for these tests (codes E2E-S…), nothing from the demo claims
    admin = await e2e.staffApi('admin@oem.demo');
    dealer = await e2e.staffApi('warranty@dealer-east.demo');
    reviewer = await e2e.staffApi('reviewer@oem.demo');
    quality = await e2e.staffApi('quality@oem.demo');
    oemId = (await admin(`{ me { tenant { id } } }`)).me.tenant.id;
    const rels = (await admin(`{ relationships(first: 100) { nodes { kind to { id code } } } }`)).relationships.nodes as {
      kind: string;
      to: { id: string; code: string };
    }[];
    const supplierId = rels.find((r) => r.kind === 'SUPPLY_AGREEMENT' && r.to.code === 'SUP-HYD')!.to.id;
    dealerId = rels.find((r) => r.kind === 'DEALER_AUTHORIZATION' && r.to.code === 'DLR-E1')!.to.id;
    await admin(`mutation($i: CreateWarrantyPolicyInput!) { createWarrantyPolicy(input: $i) { code } }`, {
      i: {
        code: 'E2E-SPOL',
        name: 'E2E 结算测试政策（24 个月/4000 小时）',
        terms: [{ months: 24, meterLimit: 4000 }],
        filingDeadlineDays: 30,
        duplicateWindowDays: 90,
        sanbaoThreshold: 3,
        requiredEvidence: [],
        partsReturnRequired: true,
      },
    });
    await admin(`mutation($i: CreateVehicleModelInput!) { createVehicleModel(input: $i) { code } }`, {
      i: { brand: '华岳装载机', code: 'E2E-SM', name: 'E2E 结算测试装载机', category: 'LOADER', usageUnit: 'HOURS' },
    });
    await admin(`mutation($i: CreateLabourOperationInput!) { createLabourOperation(input: $i) { code } }`, {
      i: { code: 'E2E-SOP', descriptionZh: '更换多路阀', descriptionEn: 'Replace control valve', standardHoursMilli: 1000, componentGroup: 'HYDRAULICS' },
    });
    await admin(`mutation($i: CreateOemPartInput!) { createOemPart(input: $i) { partNumber } }`, {
      i: { partNumber: 'E2E-SPART', name: '多路阀', componentGroup: 'HYDRAULICS', listPriceMinor: '100000', supplierId },
    });
    for (const vin of ['HYE2ESETTL01', 'HYE2ESETTL02']) {
      await admin(`mutation($i: RegisterWarrantyInput!) { registerWarranty(input: $i) { vin } }`, {
        i: { vin, modelCode: 'E2E-SM', policyCode: 'E2E-SPOL', saleDate: addDays(today, -60), sellingDealerId: dealerId },
      });
    }
  });

  afterAll(() => e2e?.stop());

  /** The dealer files and submits a claim by hand; the reviewer approves every line and asks the part back. */
  async function approvedClaim(vin: string): Promise<{ id: string; number: string; tag: string }> {
    const created = await dealer(`mutation($i: CreateWarrantyClaimInput!) { createWarrantyClaim(input: $i) { claim { id version number } } }`, {
      i: {
        manufacturerId: oemId,
        type: 'STANDARD',
        vin,
        meter: 100,
        failureDate: today,
        repairDate: today,
        complaint: '动臂提升无力，液压油温高',
        cause: '多路阀阀芯卡滞，内泄严重',
        correction: '更换多路阀总成，试机正常',
        causalPartNumber: 'E2E-SPART',
        lines: [
          { kind: 'LABOUR', operationCode: 'E2E-SOP' },
          { kind: 'PART', partNumber: 'E2E-SPART' },
        ],
      },
    });
    const c = created.createWarrantyClaim.claim;
    const submitted = await dealer(`mutation($i: SubmitWarrantyClaimInput!) { submitWarrantyClaim(input: $i) { claim { status version } } }`, {
      i: { id: c.id, version: c.version },
    });
    expect(submitted.submitWarrantyClaim.claim.status).toBe('UNDER_REVIEW');
    const review = (await reviewer(`query($id: ID!) { warrantyClaim(id: $id) { version lines { id kind tagCode amount { amountMinor } } } }`, { id: c.id }))
      .warrantyClaim;
    const decided = await reviewer(`mutation($i: DecideWarrantyClaimInput!) { decideWarrantyClaim(input: $i) { claim { status } } }`, {
      i: {
        id: c.id,
        version: review.version,
        lines: review.lines.map((l: { id: string; amount: { amountMinor: string } }) => ({ lineId: l.id, approvedMinor: l.amount.amountMinor })),
        requirePartsReturn: true,
      },
    });
    expect(decided.decideWarrantyClaim.claim.status).toBe('PARTS_RETURN_REQUESTED');
    const tag = review.lines.find((l: { kind: string }) => l.kind === 'PART').tagCode as string;
    return { id: c.id, number: c.number, tag };
  }

  const recoveryCard = (page: Page, claimNumber: string) => page.locator(`[data-testid=recovery][data-claim="${claimNumber}"]`);

  it('the dealer ships the part, the manufacturer scans and inspects it, credits the dealer, and recovers the supplier’s share', async () => {
    const claim = await approvedClaim('HYE2ESETTL01');

    // 1. the dealer's parts clerk ships the part asked back
    const clerk = await e2e.signIn('parts@dealer-east.demo');
    await clerk.goto(`${e2e.base}/returns`);
    const box = clerk.locator(`[data-testid=ship-claim][data-claim="${claim.number}"]`);
    await box.waitFor();
    expect(await box.locator(`[data-testid=part][data-tag="${claim.tag}"]`).getAttribute('data-status')).toBe('REQUESTED');
    expect(await box.getByTestId('print-tags').getAttribute('href')).toBe(`/claims/${claim.id}/tags`);
    await clerk.screenshot({ path: path.join(shots, 'returns-dealer-to-ship.png'), fullPage: true });
    await box.locator('input[name=carrier]').fill('顺丰速运');
    await box.locator('input[name=trackingNumber]').fill('SF1400123456789');
    await box.locator('button.primary').click();
    await clerk.getByTestId('shipped').waitFor();
    await expect.poll(() => clerk.locator(`[data-testid=shipped-parts] [data-tag="${claim.tag}"]`).getAttribute('data-status')).toBe('SHIPPED');
    expect(await clerk.locator(`[data-testid=ship-claim][data-claim="${claim.number}"]`).count()).toBe(0);
    expect(await clerk.getByTestId('shipped-parts').textContent()).toContain('SF1400123456789');
    await clerk.screenshot({ path: path.join(shots, 'returns-dealer-shipped.png'), fullPage: true });

    // 2. the quality engineer scans the tag (a scanner types the code and Enter); a misread check character is refused
    const qe = await e2e.signIn('quality@oem.demo');
    await qe.goto(`${e2e.base}/returns`);
    await qe.locator(`[data-testid=awaiting-parts] [data-tag="${claim.tag}"][data-status=SHIPPED]`).waitFor();
    await expect.poll(() => qe.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('scan-input');
    const last = claim.tag.slice(-1);
    const misread = `${claim.tag.slice(0, -1)}${last === '0' ? '1' : '0'}`;
    await qe.keyboard.type(misread);
    await qe.keyboard.press('Enter');
    await qe.getByTestId('scan-error').waitFor();
    expect(await qe.getByTestId('scan-error').getAttribute('data-code')).toBe('BAD_USER_INPUT');
    expect(await qe.getByTestId('scan-error').textContent()).toContain('校验位不符');
    // the misread code is selected: the next scan replaces it
    await expect.poll(() => qe.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('scan-input');
    await qe.getByTestId('scan-input').fill('');
    await qe.keyboard.type(claim.tag.toLowerCase());
    await qe.keyboard.press('Enter');
    await qe.getByTestId('scan-ok').waitFor();
    expect(await qe.getByTestId('scan-ok').textContent()).toContain(claim.tag);
    expect(await qe.getByTestId('scan-input').inputValue()).toBe('');
    const inspect = qe.getByTestId(`inspect-${claim.tag}`);
    await inspect.waitFor();
    await qe.screenshot({ path: path.join(shots, 'returns-received.png'), fullPage: true });
    await inspect.locator('select[name=result]').selectOption('SUPPLIER_CAUSED');
    await inspect.locator('input[name=note]').fill('阀芯铸造砂眼，属供应商制造缺陷');
    await inspect.locator('button.primary').click();
    await qe.getByTestId('inspected').waitFor();
    const row = qe.locator(`[data-testid=inspected-parts] [data-tag="${claim.tag}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-result')).toBe('SUPPLIER_CAUSED');
    expect(await row.textContent()).toContain('供应商责任');
    await qe.screenshot({ path: path.join(shots, 'returns-inspected.png'), fullPage: true });
    expect((await reviewer(`query($id: ID!) { warrantyClaim(id: $id) { status } }`, { id: claim.id })).warrantyClaim.status).toBe('PARTS_INSPECTED');

    // 3. the reviewer credits the dealer: the default period (last month) has nothing; this month's has the claim
    const rv = await e2e.signIn('reviewer@oem.demo');
    await rv.goto(`${e2e.base}/settlements`);
    const [y, m] = today.split('-').map(Number) as [number, number];
    const lastMonthEnd = new Date(Date.UTC(y, m - 1, 0)).toISOString().slice(0, 10);
    expect(await rv.getByTestId('credit-from').inputValue()).toBe(`${lastMonthEnd.slice(0, 8)}01`);
    expect(await rv.getByTestId('credit-to').inputValue()).toBe(lastMonthEnd);
    await rv.getByTestId('credit-dealer').selectOption(dealerId);
    await rv.getByTestId('credit-submit').click();
    await rv.getByTestId('credit-error').waitFor();
    expect(await rv.getByTestId('credit-error').textContent()).toBe('该经销商在此期间没有待结算的索赔单。');
    await rv.getByTestId('credit-dealer').selectOption(dealerId);
    await rv.getByTestId('credit-from').fill(`${today.slice(0, 8)}01`);
    await rv.getByTestId('credit-to').fill(today);
    await rv.getByTestId('credit-submit').click();
    await rv.waitForURL(/\/settlements\/[0-9a-f-]{36}$/);
    const statement = rv.getByTestId('statement');
    await statement.waitFor();
    const batchNumber = (await rv.getByTestId('statement-number').textContent())!.trim();
    expect(batchNumber).toMatch(/^SB/);
    expect(await rv.getByTestId('statement-dealer').textContent()).toBe('华东一店（上海）');
    const claimRow = rv.locator(`[data-testid=statement-claim][data-number="${claim.number}"]`);
    const cells = await claimRow.locator('td').allTextContents();
    // labour 1 h × ¥120.00 (the dealer's warranty rate) + part ¥1,000.00, all approved
    expect(cells.slice(1)).toEqual([claim.number, 'HYE2ESETTL01', '普通索赔', today, '¥1,120.00', '¥1,120.00']);
    expect(await rv.getByTestId('statement-total').textContent()).toBe('¥1,120.00');
    await rv.screenshot({ path: path.join(shots, 'settlements-statement.png'), fullPage: true });
    await rv.emulateMedia({ media: 'print' });
    expect(await rv.getByTestId('nav').isVisible()).toBe(false);
    expect(await rv.getByTestId('print').isVisible()).toBe(false);
    await rv.screenshot({ path: path.join(shots, 'settlements-print.png'), fullPage: true });
    await rv.emulateMedia({ media: 'screen' });

    // the CSV statement downloads as a file named after the batch
    const csvHref = (await rv.getByTestId('csv').getAttribute('href'))!;
    const res = await rv.request.get(`${e2e.base}${csvHref}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers()['content-disposition']).toBe(`attachment; filename="${batchNumber}.csv"`);
    const [download] = await Promise.all([rv.waitForEvent('download'), rv.getByTestId('csv').click()]);
    expect(download.suggestedFilename()).toBe(`${batchNumber}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(claim.number);
    expect(csv).toContain('1120.00');

    await rv.goto(`${e2e.base}/settlements`);
    const listed = rv.locator(`[data-testid=batch][data-number="${batchNumber}"]`);
    expect(await listed.locator('td').allTextContents()).toEqual([
      batchNumber,
      '华东一店（上海）',
      `${today.slice(0, 8)}01 – ${today}`,
      '1',
      '¥1,120.00',
      expect.any(String),
    ]);
    await rv.screenshot({ path: path.join(shots, 'settlements-list.png'), fullPage: true });
    // the dealer's cashier reads the same statement
    const cashier = await e2e.signIn('cashier@dealer-east.demo');
    await cashier.goto(`${e2e.base}/settlements`);
    const paid = cashier.locator(`[data-testid=batch][data-number="${batchNumber}"]`);
    expect((await paid.locator('td').allTextContents()).slice(1, 5)).toEqual(['华岳重工 售后服务部', `${today.slice(0, 8)}01 – ${today}`, '1', '¥1,120.00']);
    expect(await cashier.getByTestId('credit-form').count()).toBe(0);
    await cashier.screenshot({ path: path.join(shots, 'settlements-dealer.png'), fullPage: true });

    // 4. the reviewer raises the recovery (the claim page's button; here the API): 80 % of ¥1,120.00
    const raised = await reviewer(
      `mutation($i: RaiseRecoveryClaimInput!) { raiseRecoveryClaim(input: $i) { recovery { id number amount { amountMinor } } } }`,
      { i: { claimId: claim.id } },
    );
    expect(raised.raiseRecoveryClaim.recovery.amount.amountMinor).toBe('89600');

    // 5. the supplier's quality engineer accepts it
    const sup = await e2e.signIn('quality@sup-hyd.demo');
    await sup.goto(`${e2e.base}/recoveries`);
    const card = recoveryCard(sup, claim.number);
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('RAISED');
    expect(await card.getByTestId('recovery-share').textContent()).toBe('80%');
    expect(await card.getByTestId('recovery-amount').textContent()).toBe('¥896.00');
    expect(await card.getByTestId('recovery-status').textContent()).toBe('待供应商答复');
    expect(await card.getByTestId('dispute').isDisabled()).toBe(true); // evidence first
    // withdrawing and settling are the manufacturer's steps
    expect(await card.getByTestId('withdraw-form').count()).toBe(0);
    expect(await card.getByTestId('settle-form').count()).toBe(0);
    // what the supplier judges by: the failure and the manufacturer's inspection, open on a new claim
    expect(await card.getByTestId('recovery-failure').getAttribute('open')).not.toBeNull();
    expect(await card.getByTestId('recovery-inspection').textContent()).toContain('供应商责任');
    expect(await card.getByTestId('recovery-inspection').textContent()).toContain('阀芯铸造砂眼');
    await sup.screenshot({ path: path.join(shots, 'recoveries-supplier-inbox.png'), fullPage: true });
    await card.locator('[data-testid=accept-form] input[name=note]').fill('同意按协议比例承担');
    await card.getByTestId('accept').click();
    await sup.getByTestId('recovery-ok').waitFor();
    await expect.poll(() => recoveryCard(sup, claim.number).getAttribute('data-status')).toBe('ACCEPTED');
    // accepted: nothing left for the supplier to answer
    expect(await recoveryCard(sup, claim.number).getByTestId('accept-form').count()).toBe(0);
    expect(await recoveryCard(sup, claim.number).getByTestId('dispute-form').count()).toBe(0);

    // 6. the manufacturer settles it
    await rv.goto(`${e2e.base}/recoveries`);
    const mine = recoveryCard(rv, claim.number);
    await mine.waitFor();
    expect(await mine.getAttribute('data-status')).toBe('ACCEPTED');
    expect(await mine.textContent()).toContain('同意按协议比例承担');
    // accepted: the manufacturer settles; it cannot withdraw any more, and answering is the supplier's
    expect(await mine.getByTestId('withdraw-form').count()).toBe(0);
    expect(await mine.getByTestId('accept-form').count()).toBe(0);
    await rv.screenshot({ path: path.join(shots, 'recoveries-manufacturer-accepted.png'), fullPage: true });
    await mine.getByTestId('settle').click();
    await rv.getByTestId('recovery-ok').waitFor();
    await expect.poll(() => recoveryCard(rv, claim.number).count()).toBe(0); // no longer open
    await rv.goto(`${e2e.base}/recoveries?view=closed`);
    expect(await recoveryCard(rv, claim.number).getAttribute('data-status')).toBe('SETTLED');
    await rv.screenshot({ path: path.join(shots, 'recoveries-settled.png'), fullPage: true });
  });

  it('the supplier disputes with a PDF report uploaded on the page; the manufacturer sees the evidence and withdraws', async () => {
    const claim = await approvedClaim('HYE2ESETTL02');
    await dealer(`mutation($i: ShipClaimPartsInput!) { shipClaimParts(input: $i) { claim { id } } }`, {
      i: {
        id: claim.id,
        version: (await dealer(`query($id: ID!) { warrantyClaim(id: $id) { version } }`, { id: claim.id })).warrantyClaim.version,
        carrier: '德邦物流',
        trackingNumber: 'DPK300200100',
      },
    });
    await quality(`mutation($t: String!) { receiveReturnedPart(input: { tagCode: $t }) { claim { id } } }`, { t: claim.tag });
    await quality(`mutation($t: String!) { inspectReturnedPart(input: { tagCode: $t, result: SUPPLIER_CAUSED }) { claim { id } } }`, { t: claim.tag });
    await reviewer(`mutation($i: RaiseRecoveryClaimInput!) { raiseRecoveryClaim(input: $i) { recovery { id } } }`, { i: { claimId: claim.id } });

    const sup = await e2e.signIn('admin@sup-hyd.demo');
    await sup.goto(`${e2e.base}/recoveries`);
    const card = recoveryCard(sup, claim.number);
    await card.waitFor();
    await card.getByTestId('evidence-file').setInputFiles({ name: '阀芯检验报告.pdf', mimeType: 'application/pdf', buffer: PDF });
    await card.locator('[data-testid=evidence-form] button').click();
    await sup.getByTestId('evidence-ok').waitFor();
    await expect.poll(() => recoveryCard(sup, claim.number).getByTestId('evidence-link').allTextContents()).toEqual(['阀芯检验报告.pdf']);
    await expect.poll(() => recoveryCard(sup, claim.number).getByTestId('dispute').isEnabled()).toBe(true);
    await recoveryCard(sup, claim.number).locator('[data-testid=dispute-form] input[name=reason]').fill('阀芯砂眼系装配时异物划伤所致，非铸造缺陷');
    await recoveryCard(sup, claim.number).getByTestId('dispute').click();
    await sup.getByTestId('recovery-ok').waitFor();
    await expect.poll(() => recoveryCard(sup, claim.number).getAttribute('data-status')).toBe('DISPUTED');
    // disputed: the supplier may still accept, not dispute a second time
    expect(await recoveryCard(sup, claim.number).getByTestId('accept-form').count()).toBe(1);
    expect(await recoveryCard(sup, claim.number).getByTestId('dispute-form').count()).toBe(0);
    await sup.screenshot({ path: path.join(shots, 'recoveries-supplier-disputed.png'), fullPage: true });

    const rv = await e2e.signIn('reviewer@oem.demo');
    await rv.goto(`${e2e.base}/recoveries`);
    const mine = recoveryCard(rv, claim.number);
    await mine.waitFor();
    expect(await mine.getByTestId('dispute-reason').textContent()).toContain('装配时异物划伤');
    const href = (await mine.getByTestId('evidence-link').getAttribute('href'))!;
    const file = await rv.request.get(`${e2e.base}${href}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('application/pdf');
    expect(await mine.getByTestId('settle').count()).toBe(0);
    expect(await mine.getByTestId('accept-form').count()).toBe(0);
    await rv.screenshot({ path: path.join(shots, 'recoveries-manufacturer-disputed.png'), fullPage: true });
    await mine.locator('[data-testid=withdraw-form] input[name=note]').fill('复核后同意供应商意见');
    await mine.getByTestId('withdraw').click();
    await rv.getByTestId('recovery-ok').waitFor();
    await rv.goto(`${e2e.base}/recoveries?view=closed`);
    expect(await recoveryCard(rv, claim.number).getAttribute('data-status')).toBe('WITHDRAWN');
  });
});
