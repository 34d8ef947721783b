import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type AnyJson, type Client, type TestApi } from '../../test/harness.js';
import { subscribe } from '../../test/ws.js';

// 2026-11-23 10:00 in Shanghai
const clock = { now: () => new Date('2026-11-23T02:00:00.000Z') };

const jpeg = (tag: string) => {
  const b = Buffer.alloc(64, 0x20);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).copy(b);
  Buffer.from(tag, 'utf8').copy(b, 12);
  return b.toString('base64');
};
const pdf = (tag: string) => Buffer.from(`%PDF-1.7\n% ${tag}\n%%EOF\n`).toString('base64');

const CLAIM = `claim { id number status version type vin claimed { amountMinor currency } approved { amountMinor }
  findings { code message evidence } sanbaoEligible sanbaoRepairNo reviewDueAt partsReturnRequired region causalComponentGroup
  lines { id position kind operationCode hoursMilli standardHoursMilli amount { amountMinor } approved { amountMinor } reasonCode partNumber tagCode returnStatus inspectionResult repairOrderLineId } }`;
const CREATE = `mutation($i: CreateWarrantyClaimInput!) { createWarrantyClaim(input: $i) { ${CLAIM} } }`;
const SUBMIT = `mutation($i: SubmitWarrantyClaimInput!) { submitWarrantyClaim(input: $i) { ${CLAIM} } }`;
const DECIDE = `mutation($i: DecideWarrantyClaimInput!) { decideWarrantyClaim(input: $i) { ${CLAIM} } }`;
const UPLOAD = `mutation($i: UploadAttachmentInput!) { uploadAttachment(input: $i) { attachment { id evidenceKind } } }`;
const GET = `query($id: ID!) { warrantyClaim(id: $id) { id number status version missingEvidence dealerName manufacturerName
  timeline { action fromState toState actorName automatic note tagCode inspectionResult amount { amountMinor currency } } evidence { id evidenceKind url } vehicleHistory { number } } }`;

type Claim = {
  id: string;
  number: string;
  status: string;
  version: number;
  findings: { code: string; evidence: Record<string, unknown> }[];
  lines: AnyJson[];
  [k: string]: AnyJson;
};

describe('warranty claims (索赔单): checks, review, parts return, settlement and supplier recovery', () => {
  let t: TestApi;
  let oem: Client;
  let reviewer: Client;
  let quality: Client;
  let clerk: Client;
  let dealer2: Client;
  let tech: Client;
  let supplier: Client;
  let otherSupplier: Client;
  let advisor: Client;
  let controller: Client;
  let OEM: string;
  let E1: string;

  async function evidence(c: Client, claimId: string, kinds: string[]) {
    for (const kind of kinds) {
      const content =
        kind === 'DIAGNOSIS_REPORT'
          ? { contentType: 'application/pdf', contentBase64: pdf(claimId + kind), fileName: '诊断报告.pdf' }
          : { contentType: 'image/jpeg', contentBase64: jpeg(claimId + kind), fileName: `${kind}.jpg` };
      await c.ok(UPLOAD, { i: { ownerType: 'WARRANTY_CLAIM', ownerId: claimId, evidenceKind: kind, ...content } });
    }
  }

  /** Files, documents and submits a claim by hand; returns it as submitted. */
  async function file(c: Client, input: Record<string, unknown>, kinds = ['FAILURE_PHOTO']): Promise<Claim> {
    const created = (
      await c.ok(CREATE, {
        i: { manufacturerId: OEM, type: 'STANDARD', meter: 800, repairDate: '2026-11-20', complaint: '故障', cause: '部件失效', correction: '更换', ...input },
      })
    ).createWarrantyClaim.claim;
    await evidence(c, created.id, kinds);
    return (await c.ok(SUBMIT, { i: { id: created.id, version: created.version } })).submitWarrantyClaim.claim;
  }
  const codes = (c: Claim) => c.findings.map((f) => f.code);
  const labour = (operationCode: string, hours?: string) => ({ kind: 'LABOUR', operationCode, hours });
  const part = (partNumber: string, unitPriceMinor?: string, quantity?: string) => ({ kind: 'PART', partNumber, unitPriceMinor, quantity });

  beforeAll(async () => {
    t = await startTestApi({ clock });
    [oem, reviewer, quality, clerk, dealer2, tech, supplier, otherSupplier, advisor, controller] = (await Promise.all(
      [
        'admin@oem.demo',
        'reviewer@oem.demo',
        'quality@oem.demo',
        'warranty@dealer-east.demo',
        'admin@dealer-east2.demo',
        'tech@dealer-east.demo',
        'quality@sup-hyd.demo',
        'admin@sup-elec.demo',
        'advisor@dealer-east.demo',
        'controller@dealer-east.demo',
      ].map((e) => t.as(e)),
    )) as [Client, Client, Client, Client, Client, Client, Client, Client, Client, Client];
    OEM = await t.tenantId('OEM-HY');
    E1 = await t.tenantId('DLR-E1');
    const SUP_HYD = await t.tenantId('SUP-HYD');
    const SUP_ELEC = await t.tenantId('SUP-ELEC');
    // the demo seed holds the manufacturer's catalogue these claims are checked against: models
    // ZL50 (华岳装载机, hours) and HT-6 (华岳重卡); policy HY-STD (base 24 months/4000, hydraulics
    // 36 months/6000, wear parts excluded, filing 30 days, duplicates 90 days, 三包 at the 3rd
    // repair, auto-approval up to 500.00, pre-authorisation over 50,000.00, failure photo required,
    // 24 h review target, parts back); operations HY-0301 (3.5 h, needs the diagnosis report),
    // EL-0101 (1 h), GEN-0001 (0.5 h); parts HP-200 (6,800.00, 精工液压), ALT-12 (1,200.00, 博远电气),
    // FLT-10 (wear part); recall RC-2026-01 (VINs HYDEMO00008-9)
    const policy = (
      await oem.ok(
        `{ warrantyCatalogue { policies { code sanbaoThreshold autoApproveLimit { amountMinor } requiredEvidence } parts { partNumber supplierId } } }`,
      )
    ).warrantyCatalogue;
    expect(policy.policies).toEqual([{ code: 'HY-STD', sanbaoThreshold: 3, autoApproveLimit: { amountMinor: '50000' }, requiredEvidence: ['FAILURE_PHOTO'] }]);
    expect(policy.parts.find((p: { partNumber: string }) => p.partNumber === 'HP-200').supplierId).toBe(SUP_HYD);
    expect(policy.parts.find((p: { partNumber: string }) => p.partNumber === 'ALT-12').supplierId).toBe(SUP_ELEC);
    const register = (vin: string, saleDate = '2026-03-01', modelCode = 'ZL50') =>
      oem.ok(`mutation($i: RegisterWarrantyInput!) { registerWarranty(input: $i) { id } }`, { i: { vin, modelCode, policyCode: 'HY-STD', saleDate } });
    for (const vin of [
      'HYCHAIN0001',
      'HYCLEAN0001',
      'HYAUTO00001',
      'HYLAB000001',
      'HYPRICE0001',
      'HYDUP000001',
      'HYLATE00001',
      'HYCAMP00001',
      'HYWEAR00001',
      'HYPRE000001',
      'HYSB0000001',
      'HYREJ000001',
    ])
      await register(vin);
    await register('HYOLD000001', '2023-01-01');
    await register('HYTRUCK0001', '2026-03-01', 'HT-6');
  });
  afterAll(() => t.stop());

  it('the catalogue is the manufacturer’s: dealers read it, only its admin writes it; bad input is named', async () => {
    const cat = (
      await clerk.ok(
        `query($m: ID) { warrantyCatalogue(manufacturerId: $m) { manufacturerName labourOperations { code standardHoursMilli } parts { partNumber listPrice { amountMinor } } } }`,
        { m: OEM },
      )
    ).warrantyCatalogue;
    expect(cat.manufacturerName).toBe('华岳重工 售后服务部');
    expect(cat.labourOperations.map((o: { code: string }) => o.code)).toEqual(['EL-0101', 'GEN-0001', 'HY-0301']);
    const cov = (
      await clerk.ok(
        `query($m: ID) { warrantyCoverage(vin: "hychain0001", manufacturerId: $m) { registration { saleDate } model { brand } policy { code sanbaoThreshold } } }`,
        { m: OEM },
      )
    ).warrantyCoverage;
    expect(cov).toEqual({ registration: { saleDate: '2026-03-01' }, model: { brand: '华岳装载机' }, policy: { code: 'HY-STD', sanbaoThreshold: 3 } });
    // a shop the manufacturer never authorised sees nothing of it
    expect(codeOf(await (await t.as('admin@shop.demo')).gql(`query($m: ID) { warrantyCatalogue(manufacturerId: $m) { manufacturerName } }`, { m: OEM }))).toBe(
      'NOT_FOUND',
    );
    expect(
      codeOf(await reviewer.gql(`mutation { createOemPart(input: { partNumber: "X-1", name: "x", componentGroup: "G", listPriceMinor: "1" }) { id } }`)),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(await clerk.gql(`mutation { createOemPart(input: { partNumber: "X-1", name: "x", componentGroup: "G", listPriceMinor: "1" }) { id } }`)),
    ).toBe('FORBIDDEN');
    const dup = await oem.gql(`mutation { createOemPart(input: { partNumber: "HP-200", name: "x", componentGroup: "G", listPriceMinor: "1" }) { id } }`);
    expect(codeOf(dup)).toBe('CONFLICT');
    const bad = await oem.gql(
      `mutation { createWarrantyPolicy(input: { code: "P2", name: "x", terms: [{ componentGroup: "A", months: 0, meterLimit: 1 }], filingDeadlineDays: 30, duplicateWindowDays: 90, sanbaoThreshold: 1 }) { id } }`,
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(bad.errors)).toMatch(/base term/);
    // row-level security: the dealer's database role reads the catalogue of its manufacturer, writes none of it
    const rows = await t.appSql(`select code from labour_operations order by code`, [], E1);
    expect(rows.map((r) => r.code)).toEqual(['EL-0101', 'GEN-0001', 'HY-0301']);
    await expect(t.appSql(`update labour_operations set standard_hours_milli = 99000`, [], E1).then((r) => r.length)).resolves.toBe(0);
    expect((await t.sql(`select max(standard_hours_milli) m from labour_operations`))[0].m).toBe(3500);
  });

  it('a clean claim goes to review; a small clean one is approved automatically', async () => {
    const clean = await file(clerk, { vin: 'HYCLEAN0001', causalPartNumber: 'ALT-12', lines: [labour('EL-0101'), part('ALT-12')] });
    expect(clean.status).toBe('UNDER_REVIEW');
    expect(clean.findings).toEqual([]);
    // labour at the authorisation's warranty rate (120 CNY/h), the part at list price
    expect(clean.claimed).toEqual({ amountMinor: '132000', currency: 'CNY' });
    expect(clean.region).toBe('华东');
    expect(clean.reviewDueAt).toBe('2026-11-24T02:00:00.000Z');
    const timing = (await reviewer.ok(`query($id: ID!) { warrantyClaim(id: $id) { reviewOverdue reviewMinutes } }`, { id: clean.id })).warrantyClaim;
    expect(timing).toEqual({ reviewOverdue: false, reviewMinutes: null });
    // the queue by age: a claim submitted three days ago shows among those waiting over two days, today's does not
    await t.sql(`update warranty_claims set submitted_at = $2 where id = $1`, [clean.id, new Date(clock.now().getTime() - 72 * 3_600_000)]);
    const AGED = `query($h: Int) { warrantyClaims(filter: { status: [UNDER_REVIEW], submittedHoursAgo: $h }, first: 100) { nodes { number } } }`;
    const aged = (await reviewer.ok(AGED, { h: 48 })).warrantyClaims.nodes.map((n: { number: string }) => n.number);
    expect(aged).toContain(clean.number);
    const fresh = await file(clerk, { vin: 'HYAGE000001', causalPartNumber: 'ALT-12', lines: [labour('EL-0101'), part('ALT-12')] });
    expect((await reviewer.ok(AGED, { h: 48 })).warrantyClaims.nodes.map((n: { number: string }) => n.number)).not.toContain(fresh.number);
    expect((await reviewer.ok(AGED, { h: 0 })).warrantyClaims.nodes.map((n: { number: string }) => n.number)).not.toContain(fresh.number); // submitted at this very instant
    expect(codeOf(await reviewer.gql(AGED, { h: -1 }))).toBe('BAD_USER_INPUT');
    const auto = await file(clerk, { vin: 'HYAUTO00001', causalPartNumber: 'ALT-12', lines: [labour('GEN-0001')] });
    expect(auto).toMatchObject({ status: 'APPROVED', claimed: { amountMinor: '6000' }, approved: { amountMinor: '6000' } });
  });

  it('each automatic check trips exactly its own finding, with evidence', async () => {
    const alt = [labour('EL-0101'), part('ALT-12')];
    const cases: [string, Record<string, unknown>, Client?][] = [
      ['NO_REGISTRATION', { vin: 'HYNOREG0001', causalPartNumber: 'ALT-12', lines: alt }],
      ['OUTSIDE_WARRANTY_PERIOD', { vin: 'HYOLD000001', causalPartNumber: 'ALT-12', lines: alt }],
      ['COMPONENT_NOT_COVERED', { vin: 'HYWEAR00001', causalPartNumber: 'FLT-10', lines: [labour('GEN-0001'), part('FLT-10')] }],
      ['DEALER_NOT_AUTHORISED', { vin: 'HYTRUCK0001', causalPartNumber: 'ALT-12', lines: alt }, dealer2],
      ['LABOUR_OVER_STANDARD', { vin: 'HYLAB000001', causalPartNumber: 'ALT-12', lines: [labour('EL-0101', '1.5'), part('ALT-12')] }],
      ['PART_OVER_LIST_PRICE', { vin: 'HYPRICE0001', causalPartNumber: 'ALT-12', lines: [labour('EL-0101'), part('ALT-12', '130000')] }],
      ['FILED_AFTER_DEADLINE', { vin: 'HYLATE00001', causalPartNumber: 'ALT-12', repairDate: '2026-10-01', lines: alt }],
      ['NO_OPEN_CAMPAIGN', { vin: 'HYCAMP00001', type: 'CAMPAIGN', campaignCode: 'RC-2026-01', causalPartNumber: 'ALT-12', lines: alt }],
      ['NO_PRE_AUTHORIZATION', { vin: 'HYPRE000001', causalPartNumber: 'ALT-12', lines: [labour('EL-0101'), part('ALT-12', undefined, '50')] }],
    ];
    for (const [code, input, who] of cases) {
      const c = await file(who ?? clerk, input);
      expect(codes(c), code).toEqual([code]);
      expect(c.status).toBe('UNDER_REVIEW');
    }
    // the duplicate: same VIN and causal part within the window
    await file(clerk, { vin: 'HYDUP000001', causalPartNumber: 'ALT-12', repairDate: '2026-11-02', lines: alt });
    const dup = await file(clerk, { vin: 'HYDUP000001', causalPartNumber: 'ALT-12', lines: alt });
    expect(codes(dup)).toEqual(['DUPLICATE_CLAIM']);
    expect(dup.findings[0]!.evidence).toMatchObject({ repairDate: '2026-11-02', partNumber: 'ALT-12' });
    // the reviewer filters the queue by finding
    const q = (await reviewer.ok(`{ warrantyClaims(filter: { findingCode: LABOUR_OVER_STANDARD }) { nodes { vin findings { code } } } }`)).warrantyClaims.nodes;
    expect(q.map((n: { vin: string }) => n.vin)).toContain('HYLAB000001');
    expect(q.map((n: { vin: string }) => n.vin)).not.toContain('HYCLEAN0001');
    expect(q.every((n: { findings: { code: string }[] }) => n.findings.some((f) => f.code === 'LABOUR_OVER_STANDARD'))).toBe(true);
  });

  it('a large repair is pre-authorised first: the approved pre-authorisation clears the finding, and is neither returned nor credited', async () => {
    const big = [labour('EL-0101'), part('ALT-12', undefined, '50')];
    await t.sql(`insert into warranty_registrations (id, tenant_id, vin, model_id, policy_id, sale_date, warranty_start)
      select gen_random_uuid(), tenant_id, 'HYPREAUTH01', model_id, policy_id, sale_date, warranty_start from warranty_registrations where vin = 'HYPRE000001'`);
    const pre = await file(clerk, { type: 'PRE_AUTHORIZATION', vin: 'HYPREAUTH01', causalPartNumber: 'ALT-12', lines: big });
    expect(pre.status).toBe('UNDER_REVIEW');
    const approved = (
      await reviewer.ok(DECIDE, {
        i: { id: pre.id, version: pre.version, lines: pre.lines.map((l) => ({ lineId: l.id, approvedMinor: l.amount.amountMinor })) },
      })
    ).decideWarrantyClaim.claim;
    expect(approved).toMatchObject({ status: 'APPROVED', partsReturnRequired: false });
    const claim = await file(clerk, { vin: 'HYPREAUTH01', causalPartNumber: 'ALT-12', preAuthorizationId: pre.id, lines: big });
    expect(codes(claim)).toEqual([]);
  });

  it('三包: the third repair of the same fault flags the claim and the vehicle and alerts the manufacturer; the second does not', async () => {
    const live = await subscribe(t.api.wsUrl, quality.cookie, `subscription { events(entityTypes: ["WarrantyClaim"]) { type data } }`);
    try {
      const hp = (repairDate: string) => ({ vin: 'HYSB0000001', causalPartNumber: 'HP-200', repairDate, lines: [labour('GEN-0001'), part('HP-200')] });
      const first = await file(clerk, hp('2026-10-28'));
      expect(first).toMatchObject({ sanbaoEligible: false, sanbaoRepairNo: 1 });
      const second = await file(clerk, hp('2026-11-08'));
      expect(second).toMatchObject({ sanbaoEligible: false, sanbaoRepairNo: 2 });
      expect((await t.sql(`select sanbao_eligible_at from warranty_registrations where vin = 'HYSB0000001'`))[0].sanbao_eligible_at).toBeNull();
      const third = await file(clerk, hp('2026-11-20'));
      expect(third).toMatchObject({ sanbaoEligible: true, sanbaoRepairNo: 3 });
      const reg = (await t.sql(`select sanbao_eligible_at, sanbao_claim_id from warranty_registrations where vin = 'HYSB0000001'`))[0];
      expect(reg.sanbao_claim_id).toBe(third.id);
      let alert: AnyJson = await live.next();
      while (alert.events.type !== 'warranty.sanbaoEligible') alert = await live.next();
      expect(alert.events.data).toMatchObject({ vin: 'HYSB0000001', repairNo: 3, threshold: 3, earlier: [second.number, first.number].sort() });
      expect((await reviewer.ok(`{ warrantyClaims(filter: { sanbaoEligible: true }) { nodes { number } } }`)).warrantyClaims.nodes).toEqual([
        { number: third.number },
      ]);
    } finally {
      await live.close();
    }
  });

  it('live claim events reach only those who may read the claim: no dealer drafts for the manufacturer, nothing for a technician, a regional manager only its regions', async () => {
    const [network, north] = await Promise.all([t.as('network@oem.demo'), t.as('admin@dealer-north.demo')]);
    const Q = `subscription { events(entityTypes: ["WarrantyClaim"]) { type entityId } }`;
    const [rv, nm, tc] = await Promise.all([
      subscribe(t.api.wsUrl, reviewer.cookie, Q),
      subscribe(t.api.wsUrl, network.cookie, Q),
      subscribe(t.api.wsUrl, tech.cookie, Q),
    ]);
    try {
      const east = await file(clerk, { vin: 'HYLIVEE0001', causalPartNumber: 'ALT-12', lines: [labour('GEN-0001')] });
      const north1 = await file(north, { vin: 'HYLIVEN0001', causalPartNumber: 'ALT-12', lines: [labour('GEN-0001')] });
      // the reviewer: each claim from its submission on, never the dealer's draft nor its evidence uploads before it
      const seen: string[] = [];
      for (let i = 0; i < 4; i++) {
        const e = (await rv.next()).events;
        seen.push(`${e.entityId === east.id ? 'east' : e.entityId === north1.id ? 'north' : e.entityId}:${e.type}`);
      }
      expect(seen).toEqual(['east:warrantyClaim.SUBMIT', 'east:warrantyClaim.START_REVIEW', 'north:warrantyClaim.SUBMIT', 'north:warrantyClaim.START_REVIEW']);
      // the 华东 network manager: the 华东 claim only; the dealer's technician: nothing
      await nm.quiet(300);
      expect(nm.received.map((m) => `${m.events.entityId === east.id ? 'east' : 'other'}:${m.events.type}`)).toEqual([
        'east:warrantyClaim.SUBMIT',
        'east:warrantyClaim.START_REVIEW',
      ]);
      expect(tc.received).toEqual([]);
      expect(await rv.quiet(200)).toEqual([]);
    } finally {
      await Promise.all([rv.close(), nm.close(), tc.close()]);
    }
  });

  it('a full chain: repair order → claim → partial approval → part returned and inspected → settlement batch → supplier recovery accepted', async () => {
    // the repair order: a warranty pump replacement, oil paid by the customer
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "孙涛", phone: "13700001111", vehicles: [{ vin: "HYCHAIN0001", brand: "华岳装载机", model: "ZL50", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`,
    );
    const RO = `repairOrder { id version status lines { id } }`;
    let o = (
      await advisor.ok(`mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "动臂提升无力" }) { ${RO} } }`, {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      })
    ).createRepairOrder.repairOrder;
    o = (
      await advisor.ok(`mutation($i: CheckInInput!) { checkInRepairOrder(input: $i) { ${RO} } }`, {
        i: { id: o.id, version: o.version, meter: 1310, customerSigned: true },
      })
    ).checkInRepairOrder.repairOrder;
    o = (
      await advisor.ok(`mutation($i: DiagnoseInput!) { diagnoseRepairOrder(input: $i) { ${RO} } }`, {
        i: { id: o.id, version: o.version, findings: [{ system: '液压系统', finding: '主泵内泄' }], summary: '液压主泵内泄，压力不足' },
      })
    ).diagnoseRepairOrder.repairOrder;
    o = (
      await advisor.ok(`mutation($i: EstimateInput!) { estimateRepairOrder(input: $i) { ${RO} } }`, {
        i: {
          id: o.id,
          version: o.version,
          method: 'SYSTEM',
          lines: [
            { kind: 'LABOUR', description: '更换液压主泵', operationCode: 'HY-0301', hours: '4', rateMinor: '12000', payType: 'WARRANTY' },
            { kind: 'PART', description: '液压主泵', partNumber: 'HP-200', quantity: '1', unitPriceMinor: '680000', source: 'OEM', payType: 'WARRANTY' },
            { kind: 'PART', description: '液压油', partNumber: 'OIL-46', quantity: '20', unitPriceMinor: '2550', source: 'OEM', payType: 'CUSTOMER' },
          ],
        },
      })
    ).estimateRepairOrder.repairOrder;
    o = (await advisor.ok(`mutation($i: OrderRef!) { approveRepairOrder(input: $i) { ${RO} } }`, { i: { id: o.id, version: o.version } })).approveRepairOrder
      .repairOrder;
    void controller;

    // the claim, prefilled from the order's warranty lines
    const created = (await clerk.ok(CREATE, { i: { manufacturerId: OEM, type: 'STANDARD', repairOrderId: o.id, correction: '更换液压主泵，试车正常' } }))
      .createWarrantyClaim.claim as Claim;
    expect(created.lines.map((l) => [l.kind, l.operationCode ?? l.partNumber, l.amount.amountMinor])).toEqual([
      ['LABOUR', 'HY-0301', '48000'],
      ['PART', 'HP-200', '680000'],
    ]);
    expect(created.claimed.amountMinor).toBe('728000');
    const tag = created.lines[1].tagCode as string;
    expect(tag).toMatch(/^HY-E001-WC-2026-\d{6}-02-[0-9A-Z]$/);
    // each claim line keeps its repair-order line; the customer-paid oil is not claimed
    const roLineIds = o.lines.map((l: { id: string }) => l.id);
    expect(created.lines.map((l) => roLineIds.indexOf(l.repairOrderLineId)).sort()).toEqual([0, 1]);
    const oilLineId = roLineIds.find((id: string) => !created.lines.some((l) => l.repairOrderLineId === id));
    // linking the customer-paid line, or one line twice, is refused and nothing changes
    const UPDATE = `mutation($i: UpdateWarrantyClaimInput!) { updateWarrantyClaim(input: $i) { claim { id } } }`;
    const relink = (ids: string[]) => ({
      i: {
        id: created.id,
        version: created.version,
        lines: created.lines.map((l, n) =>
          l.kind === 'LABOUR'
            ? { kind: 'LABOUR', operationCode: l.operationCode, hours: '4', repairOrderLineId: ids[n] }
            : { kind: 'PART', partNumber: l.partNumber, unitPriceMinor: '680000', repairOrderLineId: ids[n] },
        ),
      },
    });
    const wrongLink = await clerk.gql(UPDATE, relink(created.lines.map((l) => (l.kind === 'PART' ? oilLineId : l.repairOrderLineId))));
    expect(codeOf(wrongLink)).toBe('BAD_USER_INPUT');
    expect(wrongLink.errors![0]!.message).toContain('repairOrderLineId');
    expect(codeOf(await clerk.gql(UPDATE, relink(created.lines.map(() => created.lines[0]!.repairOrderLineId))))).toBe('BAD_USER_INPUT');
    expect(
      (await t.sql(`select count(*)::int as n from warranty_claim_lines where claim_id = $1 and repair_order_line_id is not null`, [created.id]))[0].n,
    ).toBe(2);
    // a second claim for the same order is a conflict
    expect(codeOf(await clerk.gql(CREATE, { i: { manufacturerId: OEM, type: 'STANDARD', repairOrderId: o.id, correction: 'x' } }))).toBe('CONFLICT');

    // without the evidence the policy and the operation name, it is refused, the missing items listed
    const refused = await clerk.gql(SUBMIT, { i: { id: created.id, version: created.version } });
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0]!.message).toContain('FAILURE_PHOTO, DIAGNOSIS_REPORT');
    expect((await clerk.ok(GET, { id: created.id })).warrantyClaim.missingEvidence).toEqual(['FAILURE_PHOTO', 'DIAGNOSIS_REPORT']);
    expect((await t.sql(`select status from warranty_claims where id = $1`, [created.id]))[0].status).toBe('DRAFT');
    // a file that is not what it says is refused
    const fake = await clerk.gql(UPLOAD, {
      i: {
        ownerType: 'WARRANTY_CLAIM',
        ownerId: created.id,
        evidenceKind: 'FAILURE_PHOTO',
        fileName: '../../x.jpg',
        contentType: 'image/jpeg',
        contentBase64: Buffer.from('<html>').toString('base64'),
      },
    });
    expect(codeOf(fake)).toBe('BAD_USER_INPUT');
    await evidence(clerk, created.id, ['FAILURE_PHOTO', 'DIAGNOSIS_REPORT']);
    // the evidence of a draft is the dealer's alone: the manufacturer cannot download it before submission
    const photoUrl = (await clerk.ok(GET, { id: created.id })).warrantyClaim.evidence[0].url as string;
    const download = (c: Client) => fetch(`${t.url.replace(/\/graphql$/, '')}${photoUrl}`, { headers: c.cookie ? { cookie: c.cookie } : {} });
    expect((await download(clerk)).status).toBe(200);
    expect((await download(reviewer)).status).toBe(404);
    const submitted = (await clerk.ok(SUBMIT, { i: { id: created.id, version: created.version } })).submitWarrantyClaim.claim as Claim;
    expect((await download(reviewer)).status).toBe(200);
    expect((await download(dealer2)).status).toBe(404);
    // 4 h claimed against 3.5 h standard
    expect(codes(submitted)).toEqual(['LABOUR_OVER_STANDARD']);

    // who sees it
    expect(codeOf(await dealer2.gql(GET, { id: created.id }))).toBe('NOT_FOUND');
    expect(codeOf(await tech.gql(GET, { id: created.id }))).toBe('FORBIDDEN');
    expect(codeOf(await supplier.gql(GET, { id: created.id }))).toBe('FORBIDDEN');
    const seen = (await reviewer.ok(GET, { id: created.id })).warrantyClaim;
    expect(seen.dealerName).toBe('华东一店（上海）');
    expect(seen.evidence.map((e: { evidenceKind: string }) => e.evidenceKind).sort()).toEqual(['DIAGNOSIS_REPORT', 'FAILURE_PHOTO']);
    // the reviewer downloads the dealer's evidence; another dealer cannot
    const file1 = await fetch(`${t.url.replace(/\/graphql$/, '')}${seen.evidence[0].url}`, { headers: { cookie: reviewer.cookie! } });
    expect(file1.status).toBe(200);
    expect((await fetch(`${t.url.replace(/\/graphql$/, '')}${seen.evidence[0].url}`, { headers: { cookie: dealer2.cookie! } })).status).toBe(404);
    // the dealer cannot decide its own claim; the manufacturer's admin is no reviewer
    const lines = submitted.lines;
    const decision = {
      id: submitted.id,
      version: submitted.version,
      lines: [
        { lineId: lines[0].id, approvedMinor: '42000', reasonCode: 'LABOUR_OVER_STANDARD' },
        { lineId: lines[1].id, approvedMinor: '680000' },
      ],
      note: '工时按标准 3.5 小时核定',
    };
    expect(codeOf(await clerk.gql(DECIDE, { i: decision }))).toBe('FORBIDDEN');
    expect(codeOf(await oem.gql(DECIDE, { i: decision }))).toBe('FORBIDDEN');
    // a reduced line without a reason is refused, nothing written
    const noReason = await reviewer.gql(DECIDE, { i: { ...decision, lines: [{ lineId: lines[0].id, approvedMinor: '42000' }, decision.lines[1]] } });
    expect(codeOf(noReason)).toBe('BAD_USER_INPUT');
    expect((await t.sql(`select status, approved_minor from warranty_claims where id = $1`, [created.id]))[0]).toEqual({
      status: 'UNDER_REVIEW',
      approved_minor: null,
    });

    const decided = (await reviewer.ok(DECIDE, { i: decision })).decideWarrantyClaim.claim as Claim;
    expect(decided).toMatchObject({ status: 'PARTS_RETURN_REQUESTED', approved: { amountMinor: '722000' }, partsReturnRequired: true });
    expect(decided.lines.map((l) => [l.approved.amountMinor, l.reasonCode, l.returnStatus])).toEqual([
      ['42000', 'LABOUR_OVER_STANDARD', 'NOT_REQUESTED'],
      ['680000', null, 'REQUESTED'],
    ]);
    // the shared timeline: who did what — the review was started by the automatic checks, not by the clerk
    const timeline = (await clerk.ok(GET, { id: created.id })).warrantyClaim.timeline.map(
      (e: { action: string; toState: string | null; automatic: boolean }) => [e.action, e.toState, e.automatic],
    );
    expect(timeline).toEqual([
      ['created', null, false],
      ['SUBMIT', 'SUBMITTED', false],
      ['START_REVIEW', 'UNDER_REVIEW', true],
      ['PARTIALLY_APPROVE', 'PARTIALLY_APPROVED', false],
      ['REQUEST_PARTS', 'PARTS_RETURN_REQUESTED', false],
    ]);

    // parts return: the dealer ships, the manufacturer scans the tag and inspects
    const shipped = (
      await clerk.ok(`mutation($i: ShipClaimPartsInput!) { shipClaimParts(input: $i) { ${CLAIM} } }`, {
        i: { id: decided.id, version: decided.version, carrier: '顺丰', trackingNumber: 'SF1234567890' },
      })
    ).shipClaimParts.claim;
    expect(shipped.lines[1].returnStatus).toBe('SHIPPED');
    const returnList = (await quality.ok(`{ returnedParts(status: [SHIPPED]) { nodes { line { tagCode } claim { number } } } }`)).returnedParts.nodes;
    expect(returnList).toEqual([{ line: { tagCode: tag }, claim: { number: created.number } }]);
    // the dealer's own list holds it, another dealer's does not; an advisor does not work returns
    expect((await clerk.ok(`{ returnedParts(status: [SHIPPED]) { totalCount nodes { line { tagCode } } } }`)).returnedParts).toEqual({
      totalCount: 1,
      nodes: [{ line: { tagCode: tag } }],
    });
    expect((await dealer2.ok(`{ returnedParts { totalCount nodes { line { tagCode } } } }`)).returnedParts).toEqual({ totalCount: 0, nodes: [] });
    expect(codeOf(await advisor.gql(`{ returnedParts { totalCount } }`))).toBe('FORBIDDEN');
    // pages: newest first, one at a time, the cursor leads on
    const all = (await quality.ok(`{ returnedParts { totalCount nodes { line { id } } } }`)).returnedParts;
    const firstPage = (await quality.ok(`{ returnedParts(first: 1) { nodes { line { id } } pageInfo { hasNextPage endCursor } } }`)).returnedParts;
    expect(firstPage.nodes).toEqual(all.nodes.slice(0, 1));
    expect(firstPage.pageInfo.hasNextPage).toBe(all.totalCount > 1);
    if (all.totalCount > 1) {
      const next = (await quality.ok(`query($a: String) { returnedParts(first: 1, after: $a) { nodes { line { id } } } }`, { a: firstPage.pageInfo.endCursor }))
        .returnedParts;
      expect(next.nodes).toEqual(all.nodes.slice(1, 2));
    }
    expect(codeOf(await clerk.gql(`mutation($t: String!) { receiveReturnedPart(input: { tagCode: $t }) { claim { id } } }`, { t: tag }))).toBe('FORBIDDEN');
    expect(codeOf(await quality.gql(`mutation { receiveReturnedPart(input: { tagCode: "HY-E001-WC-2026-999999-01-Q" }) { claim { id } } }`))).toMatch(
      /NOT_FOUND|BAD_USER_INPUT/,
    );
    const received = (await quality.ok(`mutation($t: String!) { receiveReturnedPart(input: { tagCode: $t }) { ${CLAIM} } }`, { t: tag.toLowerCase() }))
      .receiveReturnedPart.claim;
    expect(received.status).toBe('PARTS_RECEIVED');
    // not creditable before the inspection: a batch now credits the dealer's other approved claims, not this one
    const early = (
      await reviewer.ok(
        `mutation($d: ID!) { createSettlementBatch(input: { dealerId: $d, periodFrom: "2026-11-23", periodTo: "2026-11-23" }) { batch { claims { number } } } }`,
        { d: E1 },
      )
    ).createSettlementBatch.batch;
    expect(early.claims.length).toBeGreaterThan(0);
    expect(early.claims.map((x: { number: string }) => x.number)).not.toContain(created.number);
    const inspected = (
      await quality.ok(
        `mutation($t: String!) { inspectReturnedPart(input: { tagCode: $t, result: SUPPLIER_CAUSED, note: "柱塞磨损，材质缺陷" }) { ${CLAIM} } }`,
        { t: tag },
      )
    ).inspectReturnedPart.claim;
    expect(inspected.status).toBe('PARTS_INSPECTED');
    expect(inspected.lines[1].inspectionResult).toBe('SUPPLIER_CAUSED');

    // settlement: the dealer's approved claims of the period in one batch, totals exact
    const creditable = await t.sql(
      `select coalesce(sum(approved_minor), 0)::text total, count(*)::int n from warranty_claims where tenant_id = $1 and type <> 'PRE_AUTHORIZATION' and (status = 'PARTS_INSPECTED' or (status in ('APPROVED','PARTIALLY_APPROVED') and not parts_return_required))`,
      [E1],
    );
    const batch = (
      await reviewer.ok(
        `mutation($d: ID!) { createSettlementBatch(input: { dealerId: $d, periodFrom: "2026-11-01", periodTo: "2026-11-30" }) { batch { id number total { amountMinor currency } claimCount claims { number status } } } }`,
        { d: E1 },
      )
    ).createSettlementBatch.batch;
    expect(batch.total).toEqual({ amountMinor: creditable[0].total, currency: 'CNY' });
    expect(batch.claimCount).toBe(creditable[0].n);
    expect(batch.claims.map((x: { number: string }) => x.number)).toContain(created.number);
    expect(batch.claims.every((x: { status: string }) => x.status === 'CREDITED')).toBe(true);
    // the dealer downloads its statement; another dealer cannot see it
    const statement = (await clerk.ok(`query($id: ID!) { settlementBatch(id: $id) { number csv } }`, { id: batch.id })).settlementBatch;
    expect(statement.csv).toContain(`${created.number},HYCHAIN0001,STANDARD,2026-11-23,7280.00,7220.00,CNY`);
    expect(codeOf(await dealer2.gql(`query($id: ID!) { settlementBatch(id: $id) { number } }`, { id: batch.id }))).toBe('NOT_FOUND');
    // crediting the same period again: nothing is left, and the error names that reason
    const again = await reviewer.gql(
      `mutation($d: ID!) { createSettlementBatch(input: { dealerId: $d, periodFrom: "2026-11-01", periodTo: "2026-11-30" }) { batch { id } } }`,
      { d: E1 },
    );
    expect(codeOf(again)).toBe('BAD_USER_INPUT');
    expect((again.errors?.[0]?.extensions?.details as { reason?: string } | undefined)?.reason).toBe('NOTHING_TO_CREDIT');

    // supplier recovery: 80 % of the approved amount, exact
    const RC = `recovery { id number status version amount { amountMinor } shareBp base { amountMinor } }`;
    const raised = (await quality.ok(`mutation($c: ID!) { raiseRecoveryClaim(input: { claimId: $c, note: "主泵柱塞材质缺陷" }) { ${RC} } }`, { c: created.id }))
      .raiseRecoveryClaim.recovery;
    expect(raised).toMatchObject({ status: 'RAISED', shareBp: 8000, base: { amountMinor: '722000' }, amount: { amountMinor: '577600' } });
    expect(codeOf(await quality.gql(`mutation($c: ID!) { raiseRecoveryClaim(input: { claimId: $c }) { ${RC} } }`, { c: created.id }))).toBe('CONFLICT');
    expect((await supplier.ok(`{ recoveryClaims { nodes { number } } }`)).recoveryClaims.nodes).toEqual([{ number: raised.number }]);
    // the supplier judges by the failure as the claim and the inspection describe it (it cannot read the claim itself)
    const failure = (
      await supplier.ok(
        `query($id: ID!) { recoveryClaim(id: $id) { failure { vin meter failureDate complaint cause correction tagCode inspectionResult inspectionNote inspectedAt } } }`,
        { id: raised.id },
      )
    ).recoveryClaim.failure;
    expect(failure).toMatchObject({
      vin: 'HYCHAIN0001',
      meter: 1310,
      complaint: '动臂提升无力',
      cause: '液压主泵内泄，压力不足',
      correction: '更换液压主泵，试车正常',
      tagCode: tag,
      inspectionResult: 'SUPPLIER_CAUSED',
      inspectionNote: '柱塞磨损，材质缺陷',
    });
    expect(failure.inspectedAt).toBeTruthy();
    expect(codeOf(await supplier.gql(GET, { id: created.id }))).toMatch(/NOT_FOUND|FORBIDDEN/);
    // the claim shows its recovery to the manufacturer; the dealer sees none (that is between manufacturer and supplier)
    const RECOVERIES = `query($id: ID!) { warrantyClaim(id: $id) { recoveryClaims { number status } } }`;
    expect((await reviewer.ok(RECOVERIES, { id: created.id })).warrantyClaim.recoveryClaims).toEqual([{ number: raised.number, status: 'RAISED' }]);
    expect((await clerk.ok(RECOVERIES, { id: created.id })).warrantyClaim.recoveryClaims).toEqual([]);
    expect((await otherSupplier.ok(`{ recoveryClaims { nodes { number } } }`)).recoveryClaims.nodes).toEqual([]);
    expect(
      codeOf(
        await otherSupplier.gql(`mutation($i: AnswerRecoveryClaimInput!) { acceptRecoveryClaim(input: $i) { ${RC} } }`, {
          i: { id: raised.id, version: raised.version },
        }),
      ),
    ).toBe('NOT_FOUND');
    // a dispute needs evidence
    expect(
      codeOf(
        await supplier.gql(`mutation($i: DisputeRecoveryClaimInput!) { disputeRecoveryClaim(input: $i) { ${RC} } }`, {
          i: { id: raised.id, version: raised.version, reason: '非我方责任' },
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    const accepted = (
      await supplier.ok(`mutation($i: AnswerRecoveryClaimInput!) { acceptRecoveryClaim(input: $i) { ${RC} } }`, {
        i: { id: raised.id, version: raised.version },
      })
    ).acceptRecoveryClaim.recovery;
    expect(accepted.status).toBe('ACCEPTED');
    expect(
      codeOf(
        await supplier.gql(`mutation($i: SettleRecoveryClaimInput!) { settleRecoveryClaim(input: $i) { ${RC} } }`, {
          i: { id: raised.id, version: accepted.version },
        }),
      ),
    ).toBe('FORBIDDEN');
    const settled = (
      await reviewer.ok(`mutation($i: SettleRecoveryClaimInput!) { settleRecoveryClaim(input: $i) { ${RC} } }`, {
        i: { id: raised.id, version: accepted.version },
      })
    ).settleRecoveryClaim.recovery;
    expect(settled.status).toBe('SETTLED');
  });

  it('a returned part whose failure is not confirmed is charged back: the causal part the whole claim, another part its line', async () => {
    const INSPECT = `mutation($t: String!) { inspectReturnedPart(input: { tagCode: $t, result: NOT_CONFIRMED, note: "台架试验正常" }) { ${CLAIM} } }`;
    const returned = async (vin: string) => {
      const c = await file(clerk, { vin, causalPartNumber: 'HP-200', lines: [labour('GEN-0001'), part('HP-200'), part('ALT-12')] });
      const decided = (
        await reviewer.ok(DECIDE, {
          i: { id: c.id, version: c.version, requirePartsReturn: true, lines: c.lines.map((l) => ({ lineId: l.id, approvedMinor: l.amount.amountMinor })) },
        })
      ).decideWarrantyClaim.claim as Claim;
      expect(decided.status).toBe('PARTS_RETURN_REQUESTED');
      for (const l of decided.lines.filter((x) => x.tagCode))
        await quality.ok(`mutation($t: String!) { receiveReturnedPart(input: { tagCode: $t }) { claim { id } } }`, { t: l.tagCode });
      return decided;
    };
    // another part not confirmed: only its line goes to 0, with the reason; the claim keeps the rest
    const a = await returned('HYNFF000001');
    const alt = a.lines.find((l) => l.partNumber === 'ALT-12')!;
    const pump = a.lines.find((l) => l.partNumber === 'HP-200')!;
    let after = (await quality.ok(INSPECT, { t: alt.tagCode })).inspectReturnedPart.claim as Claim;
    expect(after.lines.map((l) => [l.partNumber ?? l.operationCode, l.approved.amountMinor, l.reasonCode])).toEqual([
      ['GEN-0001', a.lines[0]!.amount.amountMinor, null],
      ['HP-200', '680000', null],
      ['ALT-12', '0', 'FAILURE_NOT_CONFIRMED'],
    ]);
    expect(after.approved.amountMinor).toBe((BigInt(a.approved.amountMinor) - 120000n).toString());
    const charged = (await clerk.ok(GET, { id: a.id })).warrantyClaim.timeline.at(-1);
    expect(charged).toMatchObject({
      action: 'chargedBack',
      note: null,
      tagCode: alt.tagCode,
      amount: { amountMinor: '-120000', currency: 'CNY' },
      automatic: false,
    });
    const inspected = (await clerk.ok(GET, { id: a.id })).warrantyClaim.timeline.at(-2);
    expect(inspected).toMatchObject({ action: 'partInspected', note: '台架试验正常', tagCode: alt.tagCode, inspectionResult: 'NOT_CONFIRMED' });
    after = (await quality.ok(`mutation($t: String!) { inspectReturnedPart(input: { tagCode: $t, result: CONFIRMED }) { ${CLAIM} } }`, { t: pump.tagCode }))
      .inspectReturnedPart.claim;
    expect(after.status).toBe('PARTS_INSPECTED');

    // the causal part not confirmed: every line is charged back, and both parties see why
    const b = await returned('HYNFF000002');
    after = (await quality.ok(INSPECT, { t: b.lines.find((l) => l.partNumber === 'HP-200')!.tagCode })).inspectReturnedPart.claim;
    expect(after.lines.map((l) => [l.approved.amountMinor, l.reasonCode])).toEqual([
      ['0', 'FAILURE_NOT_CONFIRMED'],
      ['0', 'FAILURE_NOT_CONFIRMED'],
      ['0', 'FAILURE_NOT_CONFIRMED'],
    ]);
    expect(after.approved.amountMinor).toBe('0');
    const seen = (await clerk.ok(GET, { id: b.id })).warrantyClaim.timeline.map((e: { action: string }) => e.action);
    expect(seen.slice(-2)).toEqual(['partInspected', 'chargedBack']);
    // a reviewer cannot give that reason by hand
    const c = await file(clerk, { vin: 'HYNFF000003', causalPartNumber: 'ALT-12', lines: [part('ALT-12')] });
    const byHand = await reviewer.gql(DECIDE, {
      i: { id: c.id, version: c.version, lines: [{ lineId: c.lines[0]!.id, approvedMinor: '0', reasonCode: 'FAILURE_NOT_CONFIRMED' }] },
    });
    expect(codeOf(byHand)).toBe('BAD_USER_INPUT');
  });

  it('reject, one appeal, review again; a second appeal is refused', async () => {
    const c = await file(clerk, { vin: 'HYREJ000001', causalPartNumber: 'ALT-12', lines: [labour('EL-0101'), part('ALT-12')] });
    const zero = c.lines.map((l) => ({ lineId: l.id, approvedMinor: '0', reasonCode: 'MISUSE' }));
    expect(codeOf(await reviewer.gql(DECIDE, { i: { id: c.id, version: c.version, lines: zero } }))).toBe('BAD_USER_INPUT'); // a rejection needs its reason
    let r = (await reviewer.ok(DECIDE, { i: { id: c.id, version: c.version, lines: zero, reasonCode: 'MISUSE', note: '操作不当' } })).decideWarrantyClaim.claim;
    expect(r.status).toBe('REJECTED');
    // settling a rejected claim is an illegal move, and changes nothing
    const APPEAL = `mutation($i: AppealWarrantyClaimInput!) { appealWarrantyClaim(input: $i) { ${CLAIM} } }`;
    r = (await clerk.ok(APPEAL, { i: { id: r.id, version: r.version, reason: '附上操作记录，属正常使用' } })).appealWarrantyClaim.claim;
    expect(r.status).toBe('APPEALED');
    r = (await reviewer.ok(`mutation($i: ClaimRef!) { reopenWarrantyClaim(input: $i) { ${CLAIM} } }`, { i: { id: r.id, version: r.version } }))
      .reopenWarrantyClaim.claim;
    expect(r.status).toBe('UNDER_REVIEW');
    r = (await reviewer.ok(DECIDE, { i: { id: r.id, version: r.version, lines: zero, reasonCode: 'MISUSE' } })).decideWarrantyClaim.claim;
    const again = await clerk.gql(APPEAL, { i: { id: r.id, version: r.version, reason: '再次申诉' } });
    expect(codeOf(again)).toBe('INVALID_TRANSITION');
    expect((await t.sql(`select status, appeals from warranty_claims where id = $1`, [r.id]))[0]).toEqual({ status: 'REJECTED', appeals: 1 });
    // a stale version is a conflict
    expect(codeOf(await clerk.gql(APPEAL, { i: { id: r.id, version: 1, reason: 'x' } }))).toBe('CONFLICT');
  });

  it('a reviewer of another manufacturer, and another supplier, can do nothing with these claims', async () => {
    const p = await t.as('platform@asn.demo');
    await p.ok(
      `mutation { createTenant(input: { kind: MANUFACTURER, name: "另一主机厂", code: "OEM-X", adminEmail: "admin@oem-x.demo", adminDisplayName: "管理员", adminPassword: "oem-x-password" }) { tenant { id } } }`,
    );
    const xAdmin = await t.client().signIn('admin@oem-x.demo', 'oem-x-password');
    await xAdmin.ok(
      `mutation { inviteUser(input: { email: "reviewer@oem-x.demo", displayName: "审核", roles: [WARRANTY_REVIEWER], initialPassword: "oem-x-password" }) { user { id } } }`,
    );
    const xReviewer = await t.client().signIn('reviewer@oem-x.demo', 'oem-x-password');
    expect((await xReviewer.ok(`{ warrantyClaims { totalCount nodes { id } } }`)).warrantyClaims.totalCount).toBe(0);
    const any = (await t.sql(`select id, version from warranty_claims where status = 'UNDER_REVIEW' limit 1`))[0];
    expect(codeOf(await xReviewer.gql(GET, { id: any.id }))).toBe('NOT_FOUND');
    expect(codeOf(await xReviewer.gql(DECIDE, { i: { id: any.id, version: any.version, lines: [] } }))).toBe('NOT_FOUND');
    for (const [op, type, extra] of [
      ['requestWarrantyClaimInfo', 'RequestClaimInfoInput', { question: 'x' }],
      ['reopenWarrantyClaim', 'ClaimRef', {}],
    ] as const) {
      expect(
        codeOf(await xReviewer.gql(`mutation($i: ${type}!) { ${op}(input: $i) { claim { id } } }`, { i: { id: any.id, version: any.version, ...extra } })),
        op,
      ).toBe('NOT_FOUND');
    }
    const tagged = (await t.sql(`select tag_code, claim_id from warranty_claim_lines where tag_code is not null limit 1`))[0];
    expect(codeOf(await xReviewer.gql(`mutation($t: String!) { receiveReturnedPart(input: { tagCode: $t }) { claim { id } } }`, { t: tagged.tag_code }))).toBe(
      'NOT_FOUND',
    );
    expect(
      codeOf(
        await xReviewer.gql(`mutation($t: String!) { inspectReturnedPart(input: { tagCode: $t, result: CONFIRMED }) { claim { id } } }`, {
          t: tagged.tag_code,
        }),
      ),
    ).toBe('NOT_FOUND');
    expect((await xReviewer.ok(`{ returnedParts { totalCount nodes { line { tagCode } } } settlementBatches { totalCount } }`)).returnedParts).toEqual({
      totalCount: 0,
      nodes: [],
    });
    // E1 is no dealer of OEM-X
    expect(
      codeOf(
        await xAdmin.gql(
          `mutation($d: ID!) { createSettlementBatch(input: { dealerId: $d, periodFrom: "2026-11-01", periodTo: "2026-11-30" }) { batch { id } } }`,
          { d: E1 },
        ),
      ),
    ).toBe('NOT_FOUND');
    const xQuality = xReviewer;
    expect(codeOf(await xQuality.gql(`mutation($c: ID!) { raiseRecoveryClaim(input: { claimId: $c }) { recovery { id } } }`, { c: tagged.claim_id }))).toBe(
      'NOT_FOUND',
    );
    // a supplier a recovery is not addressed to: nothing, for every operation
    const rc = (await t.sql(`select id, version from recovery_claims limit 1`))[0];
    expect((await otherSupplier.ok(`{ recoveryClaims { totalCount } }`)).recoveryClaims.totalCount).toBe(0);
    expect(codeOf(await otherSupplier.gql(`query($id: ID!) { recoveryClaim(id: $id) { number } }`, { id: rc.id }))).toBe('NOT_FOUND');
    for (const [op, type, extra] of [
      ['acceptRecoveryClaim', 'AnswerRecoveryClaimInput', {}],
      ['disputeRecoveryClaim', 'DisputeRecoveryClaimInput', { reason: 'x' }],
    ] as const) {
      expect(
        codeOf(await otherSupplier.gql(`mutation($i: ${type}!) { ${op}(input: $i) { recovery { id } } }`, { i: { id: rc.id, version: rc.version, ...extra } })),
        op,
      ).toBe('NOT_FOUND');
    }
    for (const op of ['withdrawRecoveryClaim', 'settleRecoveryClaim']) {
      expect(
        codeOf(
          await otherSupplier.gql(
            `mutation($i: AnswerRecoveryClaimInput!) { ${op}(input: $i) { recovery { id } } }`.replace(
              'AnswerRecoveryClaimInput',
              op === 'settleRecoveryClaim' ? 'SettleRecoveryClaimInput' : 'AnswerRecoveryClaimInput',
            ),
            { i: { id: rc.id, version: rc.version } },
          ),
        ),
        op,
      ).toBe('FORBIDDEN');
    }
    const ev = await otherSupplier.gql(UPLOAD, {
      i: { ownerType: 'RECOVERY_CLAIM', ownerId: rc.id, fileName: 'x.jpg', contentType: 'image/jpeg', contentBase64: jpeg('x') },
    });
    expect(codeOf(ev)).toBe('NOT_FOUND');
    // and the database agrees: under its tenant no claim row is visible
    expect(await t.appSql(`select id from warranty_claims`, [], await t.tenantId('OEM-X'))).toEqual([]);
    // a dealer sees drafts of its own only; the manufacturer never sees drafts
    const draft = (
      await clerk.ok(CREATE, {
        i: {
          manufacturerId: OEM,
          type: 'GOODWILL',
          vin: 'HYGOOD00001',
          meter: 10,
          repairDate: '2026-11-22',
          complaint: 'x',
          cause: 'y',
          correction: 'z',
          causalPartNumber: 'ALT-12',
          lines: [labour('GEN-0001')],
        },
      })
    ).createWarrantyClaim.claim;
    expect(codeOf(await reviewer.gql(GET, { id: draft.id }))).toBe('NOT_FOUND');
  });
});
