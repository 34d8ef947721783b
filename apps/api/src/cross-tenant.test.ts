import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSchema } from './schema.js';
import { codeOf, startTestApi, type Client, type TestApi } from './test/harness.js';
import { EVENTS_SUBSCRIPTION, subscribe } from './test/ws.js';
import { contractBoundaries, contractRows, contractScenarios, contractVictim, type ContractVictim } from './test/cross-tenant.contracts.js';

/**
 * For every root field of the schema, the dealer 华东二店 (DLR-E2) — as its admin, the most
 * powerful dealer user — tries to read or change 华东一店 (DLR-E1)'s users, relationships or
 * audit rows. A new field without a scenario here fails the test.
 */
describe('a dealer cannot read or change another dealer’s data through any operation', () => {
  let t: TestApi;
  let attacker: Client;
  let victimAdmin: Client;
  let e1: string;
  let e1AdvisorId: string;
  let e1RelationshipId: string;
  let e1Snapshot: string;
  let e1CustomerId: string;
  let e1VehicleId: string;
  let e1OrderId: string;
  let e1LineId: string;
  let e1Token: string;
  let e1LinkId: string;
  let e1VisitId: string;
  let e1FollowUpId: string;
  let e1BookingId: string;
  let e1AttachmentId: string;
  let e1ClaimId: string;
  let oemId: string;
  let e1PartsOrderId: string;
  let e1ComplaintId: string;
  /** A second link of E1's order for the complaint scenarios (each link counts its own wrong digits). */
  let e1ComplaintToken: string;
  let e1Contract: ContractVictim;
  /** A warning and an agreed improvement plan the manufacturer recorded against E1 (network supervision). */
  let e1WarningId: string;
  let e1PlanId: string;

  const snapshotE1 = async () =>
    JSON.stringify({
      users: await t.sql(`select id, email, roles, active, version, password_hash from users where tenant_id = $1 order by id`, [e1]),
      rels: await t.sql(`select * from relationships where from_tenant_id = $1 or to_tenant_id = $1 order by id`, [e1]),
      audit: await t.sql(`select id from audit_log where tenant_id = $1 order by id`, [e1]),
      customers: await t.sql(`select * from customers where tenant_id = $1 order by id`, [e1]),
      vehicles: await t.sql(`select * from vehicles where tenant_id = $1 order by id`, [e1]),
      orders: await t.sql(`select * from repair_orders where tenant_id = $1 order by id`, [e1]),
      lines: await t.sql(`select * from repair_order_lines where tenant_id = $1 order by id`, [e1]),
      links: await t.sql(`select id, revoked_at, last_chased_at from tracking_links where tenant_id = $1 order by id`, [e1]),
      ratings: await t.sql(`select * from repair_order_ratings where tenant_id = $1 order by id`, [e1]),
      visits: await t.sql(`select * from visits where tenant_id = $1 order by id`, [e1]),
      followUps: await t.sql(`select * from follow_ups where tenant_id = $1 order by id`, [e1]),
      bookings: await t.sql(`select * from booking_requests where tenant_id = $1 order by id`, [e1]),
      attachments: await t.sql(`select id, owner_id, file_name, sha256, customer_visible from attachments where tenant_id = $1 order by id`, [e1]),
      claims: await t.sql(`select * from warranty_claims where tenant_id = $1 order by id`, [e1]),
      claimLines: await t.sql(`select * from warranty_claim_lines where tenant_id = $1 order by id`, [e1]),
      claimEvents: await t.sql(`select id from warranty_claim_events where tenant_id = $1 order by id`, [e1]),
      partsOrders: await t.sql(`select * from parts_orders where tenant_id = $1 order by id`, [e1]),
      partsLines: await t.sql(`select * from parts_order_lines where tenant_id = $1 order by id`, [e1]),
      stock: await t.sql(`select * from stock_items where tenant_id = $1 order by id`, [e1]),
      stockMovements: await t.sql(`select id from stock_movements where tenant_id = $1 order by id`, [e1]),
      complaints: await t.sql(`select * from complaints where tenant_id = $1 order by id`, [e1]),
      complaintSteps: await t.sql(`select id from complaint_steps where tenant_id = $1 order by id`, [e1]),
      complaintSettings: await t.sql(`select * from complaint_settings where tenant_id = $1`, [e1]),
      serviceContracts: await contractRows(t, e1),
      warnings: await t.sql(`select * from warnings where dealer_id = $1 order by id`, [e1]),
      plans: await t.sql(`select * from improvement_plans where dealer_id = $1 order by id`, [e1]),
      supervisionSteps: await t.sql(`select id from supervision_steps where dealer_id = $1 order by id`, [e1]),
    });

  beforeAll(async () => {
    t = await startTestApi();
    e1 = await t.tenantId('DLR-E1');
    e1AdvisorId = await t.userId('advisor@dealer-east.demo');
    e1RelationshipId = (await t.sql(`select id from relationships where to_tenant_id = $1 and kind = 'DEALER_AUTHORIZATION'`, [e1]))[0].id;
    victimAdmin = await t.as('admin@dealer-east.demo');
    attacker = await t.as('admin@dealer-east2.demo');
    // E1 has a customer, a vehicle and an estimated repair order
    const c = await victimAdmin.ok(
      `mutation { createCustomer(input: { name: "李娜", phone: "13900001111", vehicles: [{ vin: "LSVAU2180N2183294", plate: "沪B88888" }] }) { customer { id vehicles { id } } } }`,
    );
    e1CustomerId = c.createCustomer.customer.id;
    e1VehicleId = c.createCustomer.customer.vehicles[0].id;
    const ro = await victimAdmin.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "刹车异响" }) { repairOrder { id version } } }`,
      {
        c: e1CustomerId,
        v: e1VehicleId,
      },
    );
    e1OrderId = ro.createRepairOrder.repairOrder.id;
    let v = ro.createRepairOrder.repairOrder.version;
    v = (
      await victimAdmin.ok(
        `mutation($id: ID!, $v: Int!) { checkInRepairOrder(input: { id: $id, version: $v, meter: 10, customerSigned: true }) { repairOrder { version } } }`,
        { id: e1OrderId, v },
      )
    ).checkInRepairOrder.repairOrder.version;
    v = (
      await victimAdmin.ok(
        `mutation($id: ID!, $v: Int!) { diagnoseRepairOrder(input: { id: $id, version: $v, findings: [{ system: "制动", finding: "刹车片磨损" }], summary: "换刹车片" }) { repairOrder { version } } }`,
        { id: e1OrderId, v },
      )
    ).diagnoseRepairOrder.repairOrder.version;
    const est = await victimAdmin.ok(
      `mutation($id: ID!, $v: Int!) { estimateRepairOrder(input: { id: $id, version: $v, method: ITEM, lines: [{ kind: LABOUR, description: "更换刹车片", hours: "1", rateMinor: "10000", payType: CUSTOMER }] }) { repairOrder { version lines { id } } } }`,
      { id: e1OrderId, v },
    );
    e1LineId = est.estimateRepairOrder.repairOrder.lines[0].id;
    const link = await victimAdmin.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token link { id } } }`, { id: e1OrderId });
    e1Token = link.createTrackingLink.token;
    e1LinkId = link.createTrackingLink.link.id;
    // an on-site order with an engineer visit, a follow-up call and a booking request of E1
    const onSite = await victimAdmin.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "上门检修", onSite: true, siteAddress: "李娜家" }) { repairOrder { id } } }`,
      {
        c: e1CustomerId,
        v: e1VehicleId,
      },
    );
    const visit = await victimAdmin.ok(
      `mutation($o: ID!, $e: ID!) { scheduleVisit(input: { repairOrderId: $o, engineerId: $e, scheduledAt: "2030-01-02T01:00:00Z" }) { visit { id } } }`,
      {
        o: onSite.createRepairOrder.repairOrder.id,
        e: await t.userId('tech@dealer-east.demo'),
      },
    );
    e1VisitId = visit.scheduleVisit.visit.id;
    // the engineer is on site and attaches a photo (a real E1 attachment for the scenarios)
    const departed = await victimAdmin.ok(
      `mutation($id: ID!) { departForVisit(input: { id: $id, version: 1, eta: "2030-01-02T02:00:00Z", confirmedWithCustomer: true }) { visit { version } } }`,
      { id: e1VisitId },
    );
    await victimAdmin.ok(`mutation($id: ID!, $v: Int!) { arriveAtVisit(input: { id: $id, version: $v, place: "李娜家门口" }) { visit { id } } }`, {
      id: e1VisitId,
      v: departed.departForVisit.visit.version,
    });
    const photo = await victimAdmin.ok(`mutation($i: UploadAttachmentInput!) { uploadAttachment(input: $i) { attachment { id } } }`, {
      i: {
        ownerType: 'VISIT',
        ownerId: e1VisitId,
        fileName: '李娜-现场.jpg',
        contentType: 'image/jpeg',
        contentBase64: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]).toString('base64'),
      },
    });
    e1AttachmentId = photo.uploadAttachment.attachment.id;
    e1FollowUpId = (
      await t.sql(
        `insert into follow_ups (id, tenant_id, repair_order_id, customer_id, call_no, due_at, assigned_to) values (gen_random_uuid(), $1, $2, $3, 1, now(), $4) returning id`,
        [e1, e1OrderId, e1CustomerId, await t.userId('care@dealer-east.demo')],
      )
    )[0].id;
    const slot = new Date(Date.now() + 2 * 86_400_000);
    slot.setUTCHours(2, 0, 0, 0); // 10:00 in Shanghai, the day after tomorrow
    await t.client().ok(`mutation($i: RequestBookingInput!) { requestBooking(input: $i) { number } }`, {
      i: {
        providerCode: 'DLR-E1',
        kind: 'WORKSHOP',
        requestedAt: slot.toISOString(),
        name: '李娜',
        phone: '13900001111',
        plate: '沪B88888',
        complaint: '保养',
      },
    });
    e1BookingId = (await t.sql(`select id from booking_requests where tenant_id = $1`, [e1]))[0].id;
    // a warranty claim of E1, submitted to the manufacturer (under review; the demo seed has another)
    oemId = await t.tenantId('OEM-HY');
    const claim = await victimAdmin.ok(
      `mutation($m: ID!, $o: ID!) { createWarrantyClaim(input: { manufacturerId: $m, type: STANDARD, repairOrderId: $o, meter: 10, complaint: "刹车异响", cause: "x", correction: "y", causalPartNumber: "BRK-1", lines: [{ kind: LABOUR, operationCode: "GEN-0001" }] }) { claim { id version } } }`,
      { m: oemId, o: e1OrderId },
    );
    e1ClaimId = claim.createWarrantyClaim.claim.id;
    await victimAdmin.ok(`mutation($id: ID!, $v: Int!) { submitWarrantyClaim(input: { id: $id, version: $v }) { claim { status } } }`, {
      id: e1ClaimId,
      v: claim.createWarrantyClaim.claim.version,
    });
    // E1's parts: stock of its own and an order with its supplier (SUP-HYD, trade account)
    const supplier = await t.as('admin@sup-hyd.demo');
    await supplier.ok(`mutation { savePart(input: { partNumber: "E1-PUMP", nameZh: "李娜的泵", category: CORE, listPriceMinor: "1000" }) { id } }`);
    await victimAdmin.ok(`mutation { adjustStock(input: { partNumber: "E1-STOCK", quantity: 3, reason: FOUND }) { onHand } }`);
    await victimAdmin.ok(`mutation { setStockLevels(input: { partNumber: "E1-STOCK", safetyStock: 2, reorderPoint: 5, reorderQty: 4 }) { id } }`);
    e1PartsOrderId = (
      await victimAdmin.ok(
        `mutation($s: ID!) { createPartsOrder(input: { sellerId: $s, type: STOCK, lines: [{ partNumber: "E1-PUMP", quantity: 1 }] }) { partsOrder { id } } }`,
        {
          s: await t.tenantId('SUP-HYD'),
        },
      )
    ).createPartsOrder.partsOrder.id;
    e1ComplaintToken = (await victimAdmin.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id: e1OrderId }))
      .createTrackingLink.token;
    // a complaint about E1's repair (product quality: it reaches the manufacturer too)
    e1ComplaintId = (
      await victimAdmin.ok(
        `mutation($o: ID!) { fileComplaint(input: { channel: PHONE, category: PRODUCT_QUALITY, description: "李娜: 刹车又响了", repairOrderId: $o }) { complaint { id } } }`,
        { o: e1OrderId },
      )
    ).fileComplaint.complaint.id;
    e1Contract = await contractVictim(victimAdmin, e1CustomerId);
    // the manufacturer's warning against E1 and an agreed improvement plan
    const oemAdmin = await t.as('admin@oem.demo');
    e1WarningId = (
      await oemAdmin.ok(
        `mutation($d: ID!) { issueWarning(input: { dealerId: $d, kind: PENALTY, title: "华东一店索财", grounds: "李娜投诉索财", amount: { amountMinor: "500000", currency: "CNY" }, cureDays: 7 }) { warning { id } } }`,
        { d: e1 },
      )
    ).issueWarning.warning.id;
    e1PlanId = (
      await oemAdmin.ok(
        `mutation($d: ID!) { createImprovementPlan(input: { dealerId: $d, title: "华东一店满意率整改", reason: "满意率低", targets: [{ figureId: "satisfaction", target: 0.98, by: "2099-12-31" }], actions: [{ text: "回访李娜", owner: "王建国", due: "2099-01-01" }] }) { plan { id } } }`,
        { d: e1 },
      )
    ).createImprovementPlan.plan.id;
    await oemAdmin.ok(`mutation($id: ID!) { activateImprovementPlan(input: { id: $id, version: 1 }) { plan { id } } }`, { id: e1PlanId });
    e1Snapshot = await snapshotE1();
  });
  afterAll(() => t.stop());

  const e1Emails = ['admin@dealer-east.demo', 'advisor@dealer-east.demo', 'tech@dealer-east.demo'];
  const noE1 = (json: unknown) => {
    const text = JSON.stringify(json);
    expect(text).not.toContain(e1);
    for (const email of e1Emails) expect(text).not.toContain(email);
    expect(text).not.toContain('华东一店');
    expect(text).not.toContain('HY-E001');
    expect(text).not.toContain('李娜');
    expect(text).not.toContain('LSVAU2180N2183294');
  };

  /** An E1 repair order mutation attempted by E2: not found (or not even allowed), nothing changes. */
  const orderMutation =
    (name: string, inputType: string, extra: Record<string, unknown> = {}) =>
    async () => {
      const [row] = await t.sql(`select version from repair_orders where id = $1`, [e1OrderId]);
      const r = await attacker.gql(`mutation($i: ${inputType}!) { ${name}(input: $i) { repairOrder { id number } } }`, {
        i: { id: e1OrderId, version: row.version, ...extra },
      });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codeOf(r));
      noE1(r.data);
    };
  /** A mutation on E1's engineer visit: refused, and nothing of E1 changes. */
  const visitMutation = (name: string, fields: string) => async () => {
    const r = await attacker.gql(`mutation($id: ID!) { ${name}(input: { id: $id, version: 1, ${fields} }) { visit { id } } }`, { id: e1VisitId });
    expect(codeOf(r)).toBe('NOT_FOUND');
    noE1(r.data);
  };
  const line = { kind: 'LABOUR', description: 'x', hours: '1', rateMinor: '100', payType: 'CUSTOMER' };
  /** A mutation on E1's warranty claim: refused (not found, or not even allowed to a dealer), nothing changes. */
  const claimMutation =
    (name: string, inputType: string, extra: Record<string, unknown> = {}) =>
    async () => {
      const [row] = await t.sql(`select version from warranty_claims where id = $1`, [e1ClaimId]);
      const r = await attacker.gql(`mutation($i: ${inputType}!) { ${name}(input: $i) { claim { id number vin } } }`, {
        i: { id: e1ClaimId, version: row.version, ...extra },
      });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codeOf(r));
      noE1(r.data);
    };
  /** Catalogue writes are the manufacturer's: a dealer is refused. */
  const catalogueMutation = (name: string, input: string) => async () => {
    const r = await attacker.gql(`mutation { ${name}(input: ${input}) { id } }`);
    expect(codeOf(r)).toBe('FORBIDDEN');
  };
  /** Recovery claims are the manufacturer's and the supplier's business: a dealer is refused. */
  const recoveryMutation =
    (name: string, inputType: string, extra: Record<string, unknown> = {}) =>
    async () => {
      const r = await attacker.gql(`mutation($i: ${inputType}!) { ${name}(input: $i) { recovery { id } } }`, { i: { id: e1ClaimId, version: 1, ...extra } });
      expect(codeOf(r)).toBe('FORBIDDEN');
    };

  /** A mutation on E1's parts order: refused (not found, or not even allowed to a buyer), nothing changes. */
  const partsOrderMutation =
    (name: string, inputType: string, extra: Record<string, unknown> = {}) =>
    async () => {
      const [row] = await t.sql(`select version from parts_orders where id = $1`, [e1PartsOrderId]);
      const r = await attacker.gql(`mutation($i: ${inputType}!) { ${name}(input: $i) { partsOrder { id number } } }`, {
        i: { id: e1PartsOrderId, version: row.version, ...extra },
      });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codeOf(r));
      noE1(r.data);
    };
  /** A change of E1's complaint: not found for another dealer, nothing changes. */
  const complaintMutation =
    (name: string, inputType: string, extra: Record<string, unknown> = {}) =>
    async () => {
      const [row] = await t.sql(`select version from complaints where id = $1`, [e1ComplaintId]);
      const r = await attacker.gql(`mutation($i: ${inputType}!) { ${name}(input: $i) { complaint { id number description } } }`, {
        i: { id: e1ComplaintId, version: row.version, ...extra },
      });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codeOf(r));
      noE1(r.data);
    };
  const NO_SUCH_ID = '01900000-0000-7000-8000-000000000001';
  const noE1Parts = (json: unknown) => {
    noE1(json);
    expect(JSON.stringify(json)).not.toContain('E1-');
  };

  /** A change of E1's warning or plan: not found for another dealer, nothing changes. */
  const supervisionMutation =
    (table: 'warnings' | 'improvement_plans', name: string, inputType: string, extra: Record<string, unknown> = {}) =>
    async () => {
      const id = table === 'warnings' ? e1WarningId : e1PlanId;
      const [row] = await t.sql(`select version from ${table} where id = $1`, [id]);
      const payload = table === 'warnings' ? 'warning' : 'plan';
      const r = await attacker.gql(`mutation($i: ${inputType}!) { ${name}(input: $i) { ${payload} { id title } } }`, {
        i: { id, version: row.version, ...extra },
      });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codeOf(r));
      noE1(r.data);
    };

  const scenarios: Record<string, () => Promise<void>> = {
    ...contractScenarios(() => ({ t, attacker, victim: e1Contract }), noE1),
    // network supervision: the warnings and plans against E1 are E1's and the manufacturer's only
    'Query.warnings': async () => {
      const r = await attacker.ok(`{ warnings(first: 100) { totalCount nodes { id title dealerName steps { note } } } }`);
      expect(JSON.stringify(r)).not.toContain(e1WarningId);
      noE1(r);
      const filtered = await attacker.ok(`query($d: ID!) { warnings(first: 100, filter: { dealerId: $d }) { totalCount nodes { id } } }`, { d: e1 });
      expect(filtered.warnings.totalCount).toBe(0);
      // row-level security alone: the API role as E2 reads no row of E1's
      expect(await t.appSql(`select id from warnings where dealer_id = $1`, [e1], await t.tenantId('DLR-E2'))).toEqual([]);
    },
    'Query.warning': async () => {
      const r = await attacker.gql(`query($id: ID!) { warning(id: $id) { title grounds } }`, { id: e1WarningId });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Query.improvementPlans': async () => {
      const r = await attacker.ok(`{ improvementPlans(first: 100) { totalCount nodes { id title dealerName checks { day } steps { note } } } }`);
      expect(JSON.stringify(r)).not.toContain(e1PlanId);
      noE1(r);
      const e2 = await t.tenantId('DLR-E2');
      expect(await t.appSql(`select id from improvement_plans where dealer_id = $1`, [e1], e2)).toEqual([]);
      expect(await t.appSql(`select id from plan_checks where dealer_id = $1`, [e1], e2)).toEqual([]);
      expect(await t.appSql(`select id from supervision_steps where dealer_id = $1`, [e1], e2)).toEqual([]);
    },
    'Query.improvementPlan': async () => {
      const r = await attacker.gql(`query($id: ID!) { improvementPlan(id: $id) { title actions { text owner } } }`, { id: e1PlanId });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Query.serviceQualityWeek': async () => {
      const r = await attacker.gql(
        `query($d: ID!) { serviceQualityWeek(dealerId: $d, day: "2026-12-01") { complaints { id description } measures { value } followUpFindings { remarks customerName } } }`,
        {
          d: e1,
        },
      );
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Mutation.issueWarning': async () => {
      const r = await attacker.gql(
        `mutation($d: ID!) { issueWarning(input: { dealerId: $d, kind: WARNING, title: "x", grounds: "y", cureDays: 1 }) { warning { id } } }`,
        {
          d: e1,
        },
      );
      expect(codeOf(r)).toBe('FORBIDDEN');
    },
    'Mutation.reportWarningCure': supervisionMutation('warnings', 'reportWarningCure', 'ReportWarningCureInput', { report: '已整改' }),
    'Mutation.decideWarningCure': supervisionMutation('warnings', 'decideWarningCure', 'DecideWarningCureInput', { accept: true }),
    'Mutation.appealWarning': supervisionMutation('warnings', 'appealWarning', 'AppealWarningInput', { grounds: '不服' }),
    'Mutation.decideWarningAppeal': supervisionMutation('warnings', 'decideWarningAppeal', 'DecideWarningAppealInput', { outcome: 'UPHOLD', note: 'x' }),
    'Mutation.createImprovementPlan': async () => {
      const r = await attacker.gql(
        `mutation($d: ID!) { createImprovementPlan(input: { dealerId: $d, title: "x", reason: "y", targets: [{ figureId: "satisfaction", target: 0.9, by: "2099-01-01" }], actions: [] }) { plan { id } } }`,
        { d: e1 },
      );
      expect(codeOf(r)).toBe('FORBIDDEN');
    },
    'Mutation.activateImprovementPlan': supervisionMutation('improvement_plans', 'activateImprovementPlan', 'PlanRef'),
    'Mutation.markPlanActionDone': supervisionMutation('improvement_plans', 'markPlanActionDone', 'MarkPlanActionDoneInput', { index: 0 }),
    'Mutation.closeImprovementPlan': supervisionMutation('improvement_plans', 'closeImprovementPlan', 'ClosePlanInput', { note: 'x' }),
    // network figures: another dealer's are never readable, the network view is the manufacturer's
    'Query.figureScorecard': async () => {
      const r = await attacker.gql(`query($i: ScorecardInput!) { figureScorecard(input: $i) { dealerName figures { value } } }`, {
        i: { dealerId: e1, from: '2026-01-01', to: '2026-12-31' },
      });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Query.networkFigures': async () => {
      const r = await attacker.gql(`{ networkFigures(input: { from: "2026-01-01", to: "2026-12-31", groupBy: "DEALER" }) { rows { label } } }`);
      expect(codeOf(r)).toBe('FORBIDDEN');
      noE1(r.data);
    },
    'Query.figureTrend': async () => {
      const r = await attacker.gql(`query($i: FigureTrendInput!) { figureTrend(input: $i) { points { value } } }`, {
        i: { figureId: 'repairVolume', from: '2026-01-01', to: '2026-12-31', grain: 'MONTH', dealerId: e1 },
      });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
      // the manufacturer's suppliers pooled are the manufacturer's alone
      const pooled = await attacker.gql(`query($i: FigureTrendInput!) { figureTrend(input: $i) { points { value } } }`, {
        i: { figureId: 'partsFillRate', from: '2026-01-01', to: '2026-12-31', grain: 'MONTH', suppliers: true },
      });
      expect(codeOf(pooled)).toBe('FORBIDDEN');
    },
    'Query.complaints': async () => {
      const r = await attacker.ok(`{ complaints(first: 100) { totalCount nodes { id number description customerName dealerName steps { note } } } }`);
      expect(JSON.stringify(r)).not.toContain(e1ComplaintId);
      noE1(r);
    },
    'Query.complaint': async () => {
      const r = await attacker.gql(`query($id: ID!) { complaint(id: $id) { number description } }`, { id: e1ComplaintId });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Query.complaintRegister': async () => {
      const r = await attacker.ok(`{ complaintRegister(from: "2020-01-01T00:00:00Z", to: "2020-12-31T00:00:00Z") { id } }`);
      expect(r.complaintRegister).toEqual([]);
      const now = await attacker.ok(`query($f: DateTimeISO!, $t: DateTimeISO!) { complaintRegister(from: $f, to: $t) { id description } }`, {
        f: new Date(Date.now() - 86_400_000).toISOString(),
        t: new Date(Date.now() + 86_400_000).toISOString(),
      });
      expect(JSON.stringify(now)).not.toContain(e1ComplaintId);
      noE1(now);
    },
    'Query.complaintQueue': async () => {
      // the manufacturer's queue: a dealer has none
      expect((await attacker.ok(`{ complaintQueue { dealerId dealerName } }`)).complaintQueue).toEqual([]);
    },
    'Query.complaintSettings': async () => {
      const r = await attacker.ok(`{ complaintSettings { ackHours escalateHours escalate2Hours } }`);
      expect(r.complaintSettings.escalateHours).toBeGreaterThan(0);
    },
    'Mutation.setComplaintSettings': async () => {
      // E2 sets its own clock; E1's is untouched (the snapshot compares)
      await attacker.ok(`mutation { setComplaintSettings(input: { ackHours: 3, escalateHours: 30, escalate2Hours: 60 }) { escalateHours } }`);
    },
    'Mutation.fileComplaint': async () => {
      const r = await attacker.gql(
        `mutation($o: ID!, $c: ID!) { fileComplaint(input: { channel: PHONE, category: OTHER, description: "x", repairOrderId: $o, customerId: $c }) { complaint { id } } }`,
        { o: e1OrderId, c: e1CustomerId },
      );
      expect(codeOf(r)).toBe('NOT_FOUND');
      const prev = await attacker.gql(
        `mutation($p: ID!) { fileComplaint(input: { channel: PHONE, category: OTHER, description: "x", contactName: "某人", previousComplaintId: $p }) { complaint { id } } }`,
        { p: e1ComplaintId },
      );
      expect(codeOf(prev)).toBe('NOT_FOUND');
    },
    'Mutation.acknowledgeComplaint': complaintMutation('acknowledgeComplaint', 'AcknowledgeComplaintInput', {
      promisedAnswerAt: new Date(Date.now() + 86_400_000).toISOString(),
    }),
    'Mutation.investigateComplaint': complaintMutation('investigateComplaint', 'InvestigateComplaintInput'),
    'Mutation.recordComplaintRootCause': complaintMutation('recordComplaintRootCause', 'ComplaintRootCauseInput', { rootCause: 'x' }),
    'Mutation.escalateComplaint': complaintMutation('escalateComplaint', 'EscalateComplaintInput', { note: 'x' }),
    'Mutation.resolveComplaint': complaintMutation('resolveComplaint', 'ResolveComplaintInput', { resolution: 'x', answer: 'x' }),
    'Mutation.recordComplaintAnswer': complaintMutation('recordComplaintAnswer', 'ComplaintAnswerInput', { stars: 5, satisfied: true }),
    'Mutation.completeComplaintRecovery': complaintMutation('completeComplaintRecovery', 'ComplaintRecoveryInput', { note: 'x' }),
    'Mutation.assessComplaint': complaintMutation('assessComplaint', 'AssessComplaintInput', { rootCause: 'x', responsibleParty: 'DEALER' }),
    'Mutation.complainByLink': async () => {
      const r = await attacker.gql(`mutation($i: ComplainByLinkInput!) { complainByLink(input: $i) { number } }`, {
        i: { token: e1ComplaintToken, phoneLast4: '0000', description: 'x' },
      });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
    },
    'Mutation.rateComplaintByLink': async () => {
      const r = await attacker.gql(`mutation($i: RateComplaintByLinkInput!) { rateComplaintByLink(input: $i) { number } }`, {
        i: { token: e1ComplaintToken, phoneLast4: '0000', complaintId: e1ComplaintId, stars: 1, satisfied: false },
      });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
    },
    'Query.partsOrders': async () => {
      const r = await attacker.ok(`{ partsOrders(first: 100) { nodes { id number buyerName lines { partNumber } } } }`);
      expect(JSON.stringify(r)).not.toContain(e1PartsOrderId);
      noE1Parts(r);
    },
    'Query.partsOrder': async () => {
      const r = await attacker.gql(`query($id: ID!) { partsOrder(id: $id) { number } }`, { id: e1PartsOrderId });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1Parts(r.data);
    },
    'Query.partsSellerFigures': async () => {
      expect(codeOf(await attacker.gql(`{ partsSellerFigures { linesConfirmed } }`))).toBe('FORBIDDEN');
    },
    'Query.partsSellers': async () => {
      noE1Parts(await attacker.ok(`{ partsSellers { id name } }`));
    },
    'Query.catalogueSearch': async () => {
      // E1 is no seller of E2's; the supplier's catalogue is not E2's to read either (no trade account)
      expect(codeOf(await attacker.gql(`query($s: ID!) { catalogueSearch(sellerId: $s) { parts { partNumber } } }`, { s: e1 }))).toBe('NOT_FOUND');
      const sup = await t.tenantId('SUP-HYD');
      expect(codeOf(await attacker.gql(`query($s: ID!) { catalogueSearch(sellerId: $s) { parts { partNumber } } }`, { s: sup }))).toBe('NOT_FOUND');
      noE1Parts(await attacker.ok(`{ catalogueSearch(query: "E1") { parts { partNumber } } }`));
    },
    'Query.stockItems': async () => {
      noE1Parts(await attacker.ok(`{ stockItems(query: "E1") { partNumber onHand } all: stockItems { partNumber } }`));
    },
    'Mutation.classifyCatalogue': async () => {
      // a dealer keeps no catalogue: nothing of anyone's is classified
      expect(codeOf(await attacker.gql(`mutation { classifyCatalogue { a b c } }`))).toBe('FORBIDDEN');
    },
    'Query.stockMovements': async () => {
      const [item] = await t.sql(`select id from stock_items where tenant_id = $1 and part_number = 'E1-STOCK'`, [e1]);
      expect(item).toBeDefined();
      const r = await attacker.ok(`query($i: ID!) { stockMovements(stockItemId: $i) { id quantity note } }`, { i: item.id });
      expect(r.stockMovements).toEqual([]);
    },
    'Query.lowStock': async () => {
      noE1Parts(await attacker.ok(`{ lowStock { item { partNumber } proposedQty } }`));
    },
    'Mutation.createPartsOrder': async () => {
      const r = await attacker.gql(
        `mutation($s: ID!) { createPartsOrder(input: { sellerId: $s, type: STOCK, lines: [{ partNumber: "E1-PUMP", quantity: 1 }] }) { partsOrder { id } } }`,
        {
          s: e1,
        },
      );
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.submitPartsOrder': partsOrderMutation('submitPartsOrder', 'SubmitPartsOrderInput'),
    'Mutation.cancelPartsOrder': partsOrderMutation('cancelPartsOrder', 'CancelPartsOrderInput', { reason: 'x' }),
    'Mutation.confirmPartsOrder': partsOrderMutation('confirmPartsOrder', 'ConfirmPartsOrderInput', { lines: [] }),
    'Mutation.shipPartsOrder': partsOrderMutation('shipPartsOrder', 'ShipPartsOrderInput', { lines: [] }),
    'Mutation.shortClosePartsOrderLine': partsOrderMutation('shortClosePartsOrderLine', 'ShortCloseInput', { lineId: NO_SUCH_ID }),
    'Mutation.receivePartsShipment': partsOrderMutation('receivePartsShipment', 'ReceiveShipmentInput', { shipmentId: NO_SUCH_ID, lines: [] }),
    'Mutation.answerPartsDiscrepancy': partsOrderMutation('answerPartsDiscrepancy', 'AnswerDiscrepancyInput', { discrepancyId: NO_SUCH_ID, answer: 'CREDIT' }),
    'Mutation.reserveRepairOrderParts': orderMutation('reserveRepairOrderParts', 'ReserveRepairPartsInput'),
    'Mutation.allocatePartsBackorders': async () => {
      expect(codeOf(await attacker.gql(`mutation { allocatePartsBackorders(partNumber: "E1-PUMP") { id } }`))).toBe('FORBIDDEN');
    },
    'Mutation.savePart': async () => {
      expect(
        codeOf(await attacker.gql(`mutation { savePart(input: { partNumber: "E1-PUMP", nameZh: "x", category: CORE, listPriceMinor: "1" }) { id } }`)),
      ).toBe('FORBIDDEN');
    },
    'Mutation.supersedePart': async () => {
      expect(codeOf(await attacker.gql(`mutation { supersedePart(input: { fromNumber: "E1-PUMP", toNumber: "E1-PUMP2", mode: IMMEDIATE }) }`))).toBe(
        'FORBIDDEN',
      );
    },
    'Mutation.startCatalogueImport': async () => {
      expect(codeOf(await attacker.gql(`mutation { startCatalogueImport(input: { fileName: "e1.csv" }) { id } }`))).toBe('FORBIDDEN');
    },
    'Query.catalogueImport': async () => {
      // a seller's import (the supplier E1 buys from): a dealer keeps no catalogue and reads no import
      const desk = await t.as('orders@sup-hyd.demo');
      const started = await desk.ok(`mutation { startCatalogueImport(input: { fileName: "sup.csv" }) { id } }`);
      expect(codeOf(await attacker.gql(`query($id: ID!) { catalogueImport(id: $id) { id status } }`, { id: started.startCatalogueImport.id }))).toBe(
        'FORBIDDEN',
      );
    },
    'Mutation.adjustStock': async () => {
      // the attacker's own stock of the same number: E1's stays as it was
      const r = await attacker.ok(`mutation { adjustStock(input: { partNumber: "E1-STOCK", quantity: 1, reason: FOUND }) { onHand } }`);
      expect(r.adjustStock.onHand).toBe(1);
    },
    'Mutation.setStockLevels': async () => {
      await attacker.ok(`mutation { setStockLevels(input: { partNumber: "E1-STOCK", safetyStock: 0, reorderPoint: 0, reorderQty: 1 }) { id } }`);
    },
    'Query.me': async () => {
      const r = await attacker.ok(`{ me { tenant { id code name } user { email } } }`);
      expect(r.me.tenant.code).toBe('DLR-E2');
      noE1(r);
    },
    'Query.tenants': async () => {
      const r = await attacker.ok(`{ tenants(first: 100) { nodes { id code name } } }`);
      expect(r.tenants.nodes.map((n: { code: string }) => n.code).sort()).toEqual(['DLR-E2', 'OEM-HY']);
      noE1(r);
    },
    'Query.tenant': async () => {
      const r = await attacker.gql(`query($id: ID!) { tenant(id: $id) { id name } }`, { id: e1 });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Query.users': async () => {
      const r = await attacker.ok(`{ users(first: 100) { totalCount nodes { id email } } }`);
      expect(r.users.totalCount).toBe(2);
      noE1(r);
      const searched = await attacker.ok(`{ users(search: "@dealer-east.demo") { totalCount nodes { email } } }`);
      expect(searched.users.totalCount).toBe(0);
    },
    'Query.user': async () => {
      const r = await attacker.gql(`query($id: ID!) { user(id: $id) { id email } }`, { id: e1AdvisorId });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Query.relationships': async () => {
      const r = await attacker.ok(`{ relationships(first: 100) { nodes { id dealerCode from { name } to { name } } } }`);
      expect(r.relationships.nodes).toHaveLength(1);
      noE1(r);
    },
    'Query.relationship': async () => {
      const r = await attacker.gql(`query($id: ID!) { relationship(id: $id) { id dealerCode } }`, { id: e1RelationshipId });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Query.auditEntries': async () => {
      const r = await attacker.ok(`{ auditEntries(first: 100) { nodes { id entityId actorName before after } } }`);
      expect(r.auditEntries.nodes.length).toBeGreaterThan(0);
      noE1(r);
      const byEntity = await attacker.ok(`query($id: ID!) { auditEntries(entityId: $id) { totalCount } }`, { id: e1AdvisorId });
      expect(byEntity.auditEntries.totalCount).toBe(0);
    },
    'Mutation.signIn': async () => {
      const r = await attacker.gql(`mutation { signIn(input: { email: "advisor@dealer-east.demo", password: "guessing-1234" }) { me { user { id } } } }`);
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
      noE1(r.data);
    },
    'Mutation.signOut': async () => {
      const other = await t.as('advisor@dealer-east2.demo');
      await other.ok(`mutation { signOut { ok } }`);
      // E1's session is untouched
      const me = await victimAdmin.ok(`{ me { tenant { code } } }`);
      expect(me.me.tenant.code).toBe('DLR-E1');
    },
    'Mutation.inviteUser': async () => {
      const r = await attacker.gql(
        `mutation { inviteUser(input: { email: "advisor@dealer-east.demo", displayName: "x", roles: [SERVICE_ADVISOR] }) { user { id } } }`,
      );
      expect(codeOf(r)).toBe('CONFLICT');
      noE1(r.data);
    },
    'Mutation.setUserRoles': async () => {
      const r = await attacker.gql(`mutation($id: ID!) { setUserRoles(input: { userId: $id, roles: [SERVICE_ADMIN], version: 1 }) { user { id } } }`, {
        id: e1AdvisorId,
      });
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.setUserActive': async () => {
      const r = await attacker.gql(`mutation($id: ID!) { setUserActive(input: { userId: $id, active: false, version: 1 }) { user { id } } }`, {
        id: e1AdvisorId,
      });
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.changePassword': async () => {
      // only ever changes the caller's own password
      const r = await attacker.gql(
        `mutation { changePassword(input: { currentPassword: "wrong-password", newPassword: "another-pass-2026" }) { user { id email } } }`,
      );
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
    },
    'Mutation.createTenant': async () => {
      const r = await attacker.gql(
        `mutation { createTenant(input: { kind: DEALER_4S, name: "x", code: "DLR-E1", adminEmail: "a@b.cn", adminDisplayName: "a", adminPassword: "long-enough-pw" }) { tenant { id } } }`,
      );
      expect(codeOf(r)).toBe('FORBIDDEN');
    },
    'Mutation.createRelationship': async () => {
      const r = await attacker.gql(
        `mutation { createRelationship(input: { kind: DEALER_AUTHORIZATION, counterpartyCode: "DLR-E1", dealerCode: "X1", region: "华东", brands: ["x"], validFrom: "2026-01-01" }) { relationship { id } } }`,
      );
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.message).toMatch(/cannot be opened by a DEALER_4S/);
      const trade = await attacker.gql(
        `mutation { createRelationship(input: { kind: TRADE_ACCOUNT, counterpartyCode: "DLR-E1", validFrom: "2026-01-01" }) { relationship { id } } }`,
      );
      expect(codeOf(trade)).toBe('BAD_USER_INPUT');
    },
    'Mutation.updateRelationship': async () => {
      const r = await attacker.gql(`mutation($id: ID!) { updateRelationship(input: { id: $id, version: 1, validTo: "2026-02-01" }) { relationship { id } } }`, {
        id: e1RelationshipId,
      });
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Query.customers': async () => {
      const r = await attacker.ok(
        `{ customers(first: 100) { nodes { id name phone vehicles { vin } } } found: customers(search: "李") { totalCount } byVin: customers(search: "LSVAU") { totalCount } }`,
      );
      expect(r.found.totalCount).toBe(0);
      expect(r.byVin.totalCount).toBe(0);
      noE1(r);
    },
    'Query.customer': async () => {
      const r = await attacker.gql(`query($id: ID!) { customer(id: $id) { name phone } }`, { id: e1CustomerId });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Query.vehicle': async () => {
      const r = await attacker.gql(`query($id: ID!) { vehicle(id: $id) { vin } }`, { id: e1VehicleId });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Query.repairOrders': async () => {
      const r = await attacker.ok(
        `query($v: ID, $t: ID) { all: repairOrders(first: 100) { totalCount nodes { id complaint } } byVehicle: repairOrders(vehicleId: $v) { totalCount } byTech: repairOrders(technicianId: $t) { totalCount } onSite: repairOrders(onSite: true) { totalCount } }`,
        { v: e1VehicleId, t: await t.userId('tech@dealer-east.demo') },
      );
      expect(r.all.totalCount).toBe(0);
      expect(r.byVehicle.totalCount).toBe(0);
      expect(r.byTech.totalCount).toBe(0);
      expect(r.onSite.totalCount).toBe(0);
      noE1(r);
    },
    'Query.repairOrder': async () => {
      const r = await attacker.gql(`query($id: ID!) { repairOrder(id: $id) { number complaint lines { description } } }`, { id: e1OrderId });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Mutation.createCustomer': async () => {
      // the same VIN may be on file at another dealer too; it never touches E1's file
      const r = await attacker.ok(
        `mutation { createCustomer(input: { name: "王五", phone: "13700002222", vehicles: [{ vin: "LSVAU2180N2183294" }] }) { customer { id vehicles { id } } } }`,
      );
      expect(r.createCustomer.customer.vehicles).toHaveLength(1);
    },
    'Mutation.addVehicle': async () => {
      const r = await attacker.gql(`mutation($c: ID!) { addVehicle(input: { customerId: $c, vin: "LFV2A21K6A3034513" }) { vehicle { id } } }`, {
        c: e1CustomerId,
      });
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.createRepairOrder': async () => {
      const r = await attacker.gql(
        `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "x" }) { repairOrder { id } } }`,
        {
          c: e1CustomerId,
          v: e1VehicleId,
        },
      );
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.checkInRepairOrder': orderMutation('checkInRepairOrder', 'CheckInInput', { meter: 20, customerSigned: true }),
    'Mutation.diagnoseRepairOrder': orderMutation('diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: 'x', finding: 'y' }], summary: 'z' }),
    'Mutation.estimateRepairOrder': orderMutation('estimateRepairOrder', 'EstimateInput', { method: 'ITEM', lines: [line] }),
    'Mutation.approveRepairOrder': orderMutation('approveRepairOrder', 'OrderRef'),
    'Mutation.decideEstimate': orderMutation('decideEstimate', 'DecideEstimateInput', { channel: 'PHONE' }),
    'Mutation.answerChase': orderMutation('answerChase', 'OrderRef'),
    'Mutation.dispatchRepairOrder': orderMutation('dispatchRepairOrder', 'DispatchInput', { technicianId: '01a20000-0000-7000-8000-000000000000' }),
    'Mutation.startRepairWork': orderMutation('startRepairWork', 'OrderRef'),
    'Mutation.proposeAdditionalWork': orderMutation('proposeAdditionalWork', 'ProposeAdditionalWorkInput', { lines: [line], reason: 'x' }),
    'Mutation.decideAdditionalWork': orderMutation('decideAdditionalWork', 'DecideAdditionalWorkInput', {
      decisions: [{ lineId: '01a20000-0000-7000-8000-000000000000', approve: true }],
      channel: 'PHONE',
    }),
    'Mutation.waitForParts': orderMutation('waitForParts', 'PartsWaitInput', { note: 'x' }),
    'Mutation.partsArrived': orderMutation('partsArrived', 'OrderRef'),
    'Mutation.finishRepairWork': orderMutation('finishRepairWork', 'OrderRef'),
    'Mutation.recordQualityCheck': orderMutation('recordQualityCheck', 'QcInput', { passed: true }),
    'Mutation.settleRepairOrder': orderMutation('settleRepairOrder', 'SettleInput', { paymentMethod: 'cash' }),
    'Mutation.deliverRepairOrder': orderMutation('deliverRepairOrder', 'DeliverInput', { belongingsReturned: true, customerSigned: true }),
    'Mutation.cancelRepairOrder': orderMutation('cancelRepairOrder', 'CancelInput', { reason: 'x' }),
    'Mutation.clockLabourLine': async () => {
      const r = await attacker.gql(`mutation($l: ID!) { clockLabourLine(input: { lineId: $l, on: true }) { repairOrder { id } } }`, { l: e1LineId });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codeOf(r));
    },
    // the public tracking operations need the customer's token and phone digits: a dealer has neither
    'Query.tracking': async () => {
      for (const [token, last4, code] of [
        ['x'.repeat(43), '1111', 'NOT_FOUND'],
        [e1Token, '0000', 'UNAUTHENTICATED'],
      ] as const) {
        const r = await attacker.gql(`query($i: TrackingAccessInput!) { tracking(input: $i) { number customerName } }`, { i: { token, phoneLast4: last4 } });
        expect(codeOf(r)).toBe(code);
        noE1(r.data);
      }
    },
    'Mutation.decideAdditionalWorkByLink': async () => {
      const r = await attacker.gql(`mutation($i: DecideByLinkInput!) { decideAdditionalWorkByLink(input: $i) { number } }`, {
        i: { token: e1Token, phoneLast4: '0000', decisions: [{ lineId: e1LineId, approve: true }] },
      });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
    },
    'Mutation.decideEstimateByLink': async () => {
      const r = await attacker.gql(`mutation($i: DecideByLinkInput!) { decideEstimateByLink(input: $i) { number } }`, {
        i: { token: e1Token, phoneLast4: '0000', decisions: [{ lineId: e1LineId, approve: true }] },
      });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
    },
    'Mutation.chaseRepairOrder': async () => {
      const r = await attacker.gql(`mutation($i: TrackingAccessInput!) { chaseRepairOrder(input: $i) { number } }`, {
        i: { token: e1Token, phoneLast4: '0000' },
      });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
    },
    // satisfaction surveys: another dealer's order is not found; a link needs its token and digits (wrong digits
    // on E1's link are tried by the other link fields — five a day — so these try a token that opens nothing)
    'Mutation.recordSatisfactionSurvey': async () => {
      const r = await attacker.gql(`mutation($i: RecordSurveyInput!) { recordSatisfactionSurvey(input: $i) { answered } }`, {
        i: { repairOrderId: e1OrderId, answers: [{ indicator: 'STAFF_ATTITUDE', expected: 5, actual: 1 }] },
      });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codeOf(r));
    },
    'Query.surveyByLink': async () => {
      const r = await attacker.gql(`query($i: TrackingAccessInput!) { surveyByLink(input: $i) { canAnswer } }`, {
        i: { token: `${e1Token}x`, phoneLast4: '0000' },
      });
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.answerSurveyByLink': async () => {
      const r = await attacker.gql(`mutation($i: AnswerSurveyByLinkInput!) { answerSurveyByLink(input: $i) { answered } }`, {
        i: { token: `${e1Token}x`, phoneLast4: '0000', answers: [{ indicator: 'STAFF_ATTITUDE', expected: 5, actual: 1 }] },
      });
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.rateRepairOrder': async () => {
      const r = await attacker.gql(`mutation($i: RateRepairInput!) { rateRepairOrder(input: $i) { number } }`, {
        i: { token: e1Token, phoneLast4: '0000', stars: 1 },
      });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
    },
    'Mutation.createTrackingLink': async () => {
      const r = await attacker.gql(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id: e1OrderId });
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.revokeTrackingLink': async () => {
      const r = await attacker.gql(`mutation($id: ID!) { revokeTrackingLink(input: { id: $id }) { link { id } } }`, { id: e1LinkId });
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Subscription.trackingUpdates': async () => {
      const live = await subscribe(t.api.wsUrl, attacker.cookie, `subscription($i: TrackingAccessInput!) { trackingUpdates(input: $i) { number } }`, {
        i: { token: e1Token, phoneLast4: '0000' },
      });
      try {
        const [v] = (await t.sql(`select version from repair_orders where id = $1`, [e1OrderId])).map((r) => r.version);
        await victimAdmin.ok(`mutation($id: ID!, $v: Int!) { approveRepairOrder(input: { id: $id, version: $v }) { repairOrder { id } } }`, {
          id: e1OrderId,
          v,
        });
        const got = await live.quiet(500);
        expect(JSON.stringify(got)).not.toContain('RO-');
      } finally {
        await live.close();
      }
      e1Snapshot = await snapshotE1(); // the victim approved on purpose
    },
    'Query.appointmentSlots': async () => {
      const r = await attacker.ok(`{ appointmentSlots(day: "2026-12-01") { start booked } }`);
      expect(r.appointmentSlots.every((s: { booked: number }) => s.booked === 0)).toBe(true);
    },
    'Mutation.markNoShow': orderMutation('markNoShow', 'OrderRef'),
    'Mutation.scheduleVisit': async () => {
      const r = await attacker.gql(
        `mutation($o: ID!, $e: ID!) { scheduleVisit(input: { repairOrderId: $o, engineerId: $e, scheduledAt: "2030-01-01T01:00:00Z" }) { visit { id } } }`,
        {
          o: e1OrderId,
          e: await t.userId('tech@dealer-east.demo'),
        },
      );
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Query.visits': async () => {
      const r = await attacker.ok(
        `{ visits(from: "2030-01-01T16:00:00Z", to: "2030-01-02T16:00:00Z") { id address repairOrder { number customer { name } } } }`,
      );
      expect(r.visits).toEqual([]);
      noE1(r);
    },
    'Mutation.departForVisit': visitMutation('departForVisit', 'eta: "2030-01-01T01:00:00Z", confirmedWithCustomer: true'),
    'Mutation.reviseVisitEta': visitMutation('reviseVisitEta', 'eta: "2030-01-01T01:00:00Z", reason: "x"'),
    'Mutation.arriveAtVisit': visitMutation('arriveAtVisit', 'place: "x"'),
    'Mutation.finishVisit': visitMutation('finishVisit', 'place: "x", signedBy: "y"'),
    'Query.followUps': async () => {
      const r = await attacker.ok(`{ followUps(first: 100) { nodes { id customer { name } } } }`);
      noE1(r);
    },
    'Mutation.recordFollowUp': async () => {
      const r = await attacker.gql(`mutation($id: ID!) { recordFollowUp(input: { id: $id, version: 1, reached: false }) { followUp { id } } }`, {
        id: e1FollowUpId,
      });
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.reassignFollowUp': async () => {
      const r = await attacker.gql(`mutation($id: ID!, $u: ID!) { reassignFollowUp(input: { id: $id, version: 1, assigneeId: $u }) { followUp { id } } }`, {
        id: e1FollowUpId,
        u: await t.userId('care@dealer-east.demo'),
      });
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    // the booking page is public: anyone sees a provider's free times, nobody its requests
    'Query.bookingPage': async () => {
      const r = await attacker.ok(`{ bookingPage(providerCode: "DLR-E1", day: "2030-01-02") { providerName slots { start available } } }`);
      expect(JSON.stringify(r)).not.toMatch(/李娜|13900001111|沪B88888/);
      expect(JSON.stringify(r)).not.toContain(e1);
    },
    'Mutation.requestBooking': async () => {
      // a request to E1 is what the page is for; the receipt tells nothing of E1's customers
      const far = await attacker.gql(`mutation($i: RequestBookingInput!) { requestBooking(input: $i) { number status providerName } }`, {
        i: {
          providerCode: 'DLR-E1',
          kind: 'WORKSHOP',
          requestedAt: '2030-01-01T01:00:00Z',
          name: '王五',
          phone: '13900001111',
          plate: '沪B88888',
          complaint: 'x',
        },
      });
      expect(codeOf(far)).toBe('BAD_USER_INPUT'); // beyond the booking horizon: nothing written
      expect(await snapshotE1()).toBe(e1Snapshot);
      const slot = new Date(Date.now() + 3 * 86_400_000);
      slot.setUTCHours(3, 0, 0, 0);
      const ok = await attacker.ok(`mutation($i: RequestBookingInput!) { requestBooking(input: $i) { number status providerName requestedAt kind } }`, {
        i: { providerCode: 'DLR-E1', kind: 'WORKSHOP', requestedAt: slot.toISOString(), name: '王五', phone: '13700003333', plate: '沪C1', complaint: 'x' },
      });
      expect(Object.keys(ok.requestBooking).sort()).toEqual(['kind', 'number', 'providerName', 'requestedAt', 'status']);
      expect(JSON.stringify(ok)).not.toMatch(/李娜|13900001111/);
      // written as a visitor of E1's page, not as E2's user
      const [row] = await t.sql(`select a.actor_user_id from audit_log a join booking_requests b on b.id = a.entity_id where b.phone = '13700003333'`);
      expect(row.actor_user_id).toBeNull();
      e1Snapshot = await snapshotE1();
    },
    'Mutation.requestBookingByLink': async () => {
      const r = await attacker.gql(`mutation($i: RequestBookingByLinkInput!) { requestBookingByLink(input: $i) { number } }`, {
        i: { token: e1Token, phoneLast4: '0000', kind: 'WORKSHOP', requestedAt: new Date(Date.now() + 86_400_000).toISOString(), complaint: 'x' },
      });
      // wrong digits (the link may already be locked by the wrong guesses of the scenarios above)
      expect(['UNAUTHENTICATED', 'RATE_LIMITED']).toContain(codeOf(r));
    },
    'Query.bookingRequests': async () => {
      const r = await attacker.ok(`{ bookingRequests(first: 100) { nodes { id name phone customerMatches { name } } } }`);
      expect(r.bookingRequests.nodes).toEqual([]);
      noE1(r);
    },
    'Mutation.acceptBookingRequest': async () => {
      const r = await attacker.gql(
        `mutation($id: ID!) { acceptBookingRequest(input: { id: $id, version: 1, vin: "LSVAU2180N2183294" }) { bookingRequest { id name } } }`,
        { id: e1BookingId },
      );
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Mutation.declineBookingRequest': async () => {
      const r = await attacker.gql(`mutation($id: ID!) { declineBookingRequest(input: { id: $id, version: 1, reason: "x" }) { bookingRequest { id name } } }`, {
        id: e1BookingId,
      });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Mutation.uploadAttachment': async () => {
      const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 0x45, 0x32]).toString('base64');
      for (const [ownerType, ownerId] of [
        ['VISIT', e1VisitId],
        ['REPAIR_ORDER_LINE', e1LineId],
        ['WARRANTY_CLAIM', e1ClaimId],
      ]) {
        const r = await attacker.gql(`mutation($i: UploadAttachmentInput!) { uploadAttachment(input: $i) { attachment { id ownerId } } }`, {
          i: {
            ownerType,
            ownerId,
            fileName: 'x.jpg',
            contentType: 'image/jpeg',
            contentBase64: bytes,
            evidenceKind: ownerType === 'WARRANTY_CLAIM' ? 'FAILURE_PHOTO' : null,
          },
        });
        expect(codeOf(r), ownerType).toBe('NOT_FOUND');
        noE1(r.data);
      }
      // nor can E2 download E1's photo (the HTTP route behind the attachments' url)
      const res = await fetch(`${t.url.replace(/\/graphql$/, '')}/files/${e1AttachmentId}`, { headers: { cookie: attacker.cookie! } });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('李娜');
    },
    'Query.warrantyCatalogue': async () => {
      // E2 is authorised by the same manufacturer: it reads the catalogue, and nothing of E1
      const r = await attacker.ok(`query($m: ID) { warrantyCatalogue(manufacturerId: $m) { manufacturerName labourOperations { code } } }`, { m: oemId });
      noE1(r);
    },
    'Query.warrantyCoverage': async () => {
      const r = await attacker.ok(
        `query($m: ID) { warrantyCoverage(vin: "LSVAU2180N2183294", manufacturerId: $m) { registration { id } openCampaigns { code } } }`,
        { m: oemId },
      );
      noE1(r);
    },
    'Query.warrantyClaims': async () => {
      const r = await attacker.ok(
        `{ warrantyClaims(first: 100) { totalCount nodes { id number vin } } byVin: warrantyClaims(filter: { vin: "LSVAU2180N2183294" }) { totalCount } }`,
      );
      expect(r.warrantyClaims.totalCount).toBe(0);
      expect(r.byVin.totalCount).toBe(0);
      noE1(r);
    },
    'Query.warrantyClaim': async () => {
      const r = await attacker.gql(`query($id: ID!) { warrantyClaim(id: $id) { number vin complaint } }`, { id: e1ClaimId });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Query.returnedParts': async () => {
      const r = await attacker.ok(`{ returnedParts { totalCount nodes { line { tagCode } claim { number } } } }`);
      expect(r.returnedParts).toEqual({ totalCount: 0, nodes: [] });
    },
    'Query.settlementBatches': async () => {
      const r = await attacker.ok(`{ settlementBatches { totalCount nodes { id } } }`);
      expect(r.settlementBatches.totalCount).toBe(0);
    },
    'Query.settlementBatch': async () => {
      const r = await attacker.gql(`query($id: ID!) { settlementBatch(id: $id) { number } }`, { id: e1ClaimId });
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Query.recoveryClaims': async () => {
      expect(codeOf(await attacker.gql(`{ recoveryClaims { totalCount } }`))).toBe('FORBIDDEN');
    },
    'Query.recoveryClaim': async () => {
      expect(codeOf(await attacker.gql(`query($id: ID!) { recoveryClaim(id: $id) { number } }`, { id: e1ClaimId }))).toBe('FORBIDDEN');
    },
    'Mutation.createVehicleModel': catalogueMutation('createVehicleModel', '{ brand: "x", code: "X", name: "x", category: OTHER, usageUnit: KM }'),
    'Mutation.createWarrantyPolicy': catalogueMutation(
      'createWarrantyPolicy',
      '{ code: "X", name: "x", terms: [{ months: 1, meterLimit: 1 }], filingDeadlineDays: 1, duplicateWindowDays: 1, sanbaoThreshold: 3 }',
    ),
    'Mutation.registerWarranty': catalogueMutation('registerWarranty', '{ vin: "LSVAU2180N2183294", modelCode: "X", policyCode: "X", saleDate: "2026-01-01" }'),
    'Mutation.createLabourOperation': catalogueMutation(
      'createLabourOperation',
      '{ code: "X-1", descriptionZh: "x", descriptionEn: "x", standardHoursMilli: 1, componentGroup: "G" }',
    ),
    'Mutation.createOemPart': catalogueMutation('createOemPart', '{ partNumber: "X-1", name: "x", componentGroup: "G", listPriceMinor: "1" }'),
    'Mutation.createCampaign': catalogueMutation(
      'createCampaign',
      '{ code: "X", kind: RECALL, title: "x", opensOn: "2026-01-01", vins: ["LSVAU2180N2183294"] }',
    ),
    'Mutation.createWarrantyClaim': async () => {
      // from E1's repair order: not found; nothing is created at E1
      const r = await attacker.gql(
        `mutation($m: ID!, $o: ID!) { createWarrantyClaim(input: { manufacturerId: $m, type: STANDARD, repairOrderId: $o, correction: "x" }) { claim { id } } }`,
        { m: oemId, o: e1OrderId },
      );
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.updateWarrantyClaim': claimMutation('updateWarrantyClaim', 'UpdateWarrantyClaimInput', { complaint: 'x' }),
    'Mutation.submitWarrantyClaim': claimMutation('submitWarrantyClaim', 'SubmitWarrantyClaimInput'),
    'Mutation.requestWarrantyClaimInfo': claimMutation('requestWarrantyClaimInfo', 'RequestClaimInfoInput', { question: 'x' }),
    'Mutation.provideWarrantyClaimInfo': claimMutation('provideWarrantyClaimInfo', 'ProvideClaimInfoInput', { answer: 'x' }),
    'Mutation.decideWarrantyClaim': claimMutation('decideWarrantyClaim', 'DecideWarrantyClaimInput', { lines: [], reasonCode: 'OTHER' }),
    'Mutation.appealWarrantyClaim': claimMutation('appealWarrantyClaim', 'AppealWarrantyClaimInput', { reason: 'x' }),
    'Mutation.reopenWarrantyClaim': claimMutation('reopenWarrantyClaim', 'ClaimRef'),
    'Mutation.shipClaimParts': claimMutation('shipClaimParts', 'ShipClaimPartsInput', { carrier: 'x', trackingNumber: 'y' }),
    'Mutation.receiveReturnedPart': async () => {
      expect(codeOf(await attacker.gql(`mutation { receiveReturnedPart(input: { tagCode: "HY-E001-WC-2026-000001-01-A" }) { claim { id } } }`))).toBe(
        'FORBIDDEN',
      );
    },
    'Mutation.inspectReturnedPart': async () => {
      expect(
        codeOf(await attacker.gql(`mutation { inspectReturnedPart(input: { tagCode: "HY-E001-WC-2026-000001-01-A", result: CONFIRMED }) { claim { id } } }`)),
      ).toBe('FORBIDDEN');
    },
    'Mutation.createSettlementBatch': async () => {
      expect(
        codeOf(
          await attacker.gql(
            `mutation($d: ID!) { createSettlementBatch(input: { dealerId: $d, periodFrom: "2026-01-01", periodTo: "2026-12-31" }) { batch { id } } }`,
            { d: e1 },
          ),
        ),
      ).toBe('FORBIDDEN');
    },
    'Mutation.raiseRecoveryClaim': async () => {
      expect(codeOf(await attacker.gql(`mutation($c: ID!) { raiseRecoveryClaim(input: { claimId: $c }) { recovery { id } } }`, { c: e1ClaimId }))).toBe(
        'FORBIDDEN',
      );
    },
    'Mutation.acceptRecoveryClaim': recoveryMutation('acceptRecoveryClaim', 'AnswerRecoveryClaimInput'),
    'Mutation.disputeRecoveryClaim': recoveryMutation('disputeRecoveryClaim', 'DisputeRecoveryClaimInput', { reason: 'x' }),
    'Mutation.withdrawRecoveryClaim': recoveryMutation('withdrawRecoveryClaim', 'AnswerRecoveryClaimInput'),
    'Mutation.settleRecoveryClaim': recoveryMutation('settleRecoveryClaim', 'SettleRecoveryClaimInput'),
    'Query.eventCursor': async () => {
      // a cursor is a place in the publish order, not data: replaying from it shows another tenant nothing
      const before = (await attacker.ok(`{ eventCursor }`)).eventCursor as string;
      await victimAdmin.ok(`mutation { createCustomer(input: { name: "回放客户", phone: "13911110000" }) { customer { id } } }`);
      await t.api.services.dispatcher.kick();
      const replay = `subscription($after: String) { events(after: $after, entityTypes: ["Customer"]) { type entityId } }`;
      const own = await subscribe(t.api.wsUrl, victimAdmin.cookie, replay, { after: before });
      const spy = await subscribe(t.api.wsUrl, attacker.cookie, replay, { after: before });
      try {
        expect((await own.next()).events.type).toBe('customer.created');
        expect(await spy.quiet(300)).toEqual([]);
      } finally {
        await spy.close();
        await own.close();
      }
      e1Snapshot = await snapshotE1(); // the victim itself changed its data on purpose
    },
    'Subscription.events': async () => {
      const spy = await subscribe(t.api.wsUrl, attacker.cookie, EVENTS_SUBSCRIPTION);
      const own = await subscribe(t.api.wsUrl, victimAdmin.cookie, EVENTS_SUBSCRIPTION);
      try {
        await victimAdmin.ok(
          `mutation { inviteUser(input: { email: "new.tech@dealer-east.demo", displayName: "新技师", roles: [TECHNICIAN] }) { user { id } } }`,
        );
        const event = await own.next();
        expect(event.events.type).toBe('user.invited');
        expect(await spy.quiet(500)).toEqual([]);
      } finally {
        await spy.close();
        await own.close();
      }
      e1Snapshot = await snapshotE1(); // the victim itself changed its data on purpose
    },
  };

  it('has a scenario for every Query, Mutation and Subscription field', async () => {
    const schema = await appSchema();
    const fields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((root) =>
      Object.keys(root?.getFields() ?? {}).map((f) => `${root!.name}.${f}`),
    );
    expect(fields.filter((f) => !scenarios[f])).toEqual([]);
  });

  for (const [field, scenario] of Object.entries(scenarios)) {
    it(`${field}: no data of DLR-E1 leaks or changes`, async () => {
      await scenario();
      expect(await snapshotE1()).toBe(e1Snapshot);
    });
  }
});

/**
 * Complaints across the other boundaries: the manufacturer reads its own dealers' complaints that
 * reached it (product quality, or escalated to it) and nothing else — not a dealer's own business,
 * not a shop it does not authorise; a customer reads only the complaints about their own repair.
 */
describe('complaints: the manufacturer sees its dealers’ quality and escalated complaints only; a customer only their own', () => {
  let t: TestApi;
  const FILE = `mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { complaint { id number version } } }`;
  const LIST = `{ complaints(first: 100) { nodes { id description } } }`;

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.stop());

  it('holds for the manufacturer, its regional manager, and customers holding a tracking link', async () => {
    const e1 = await t.as('admin@dealer-east.demo');
    const n1 = await t.as('admin@dealer-north.demo');
    const shop = await t.as('admin@shop.demo');
    const file = async (who: Client, category: string, description: string) =>
      (await who.ok(FILE, { i: { channel: 'PHONE', category, description, contactName: '某客户' } })).fileComplaint.complaint;
    const quality = await file(e1, 'PRODUCT_QUALITY', 'E1 质量投诉');
    const own = await file(e1, 'ATTITUDE', 'E1 自己的投诉');
    const escalated = await file(e1, 'PRICE', 'E1 升级的投诉');
    await e1.ok(`mutation($i: EscalateComplaintInput!) { escalateComplaint(input: $i) { complaint { id } } }`, {
      i: { id: escalated.id, version: escalated.version, to: 'MANUFACTURER', note: '客户要求厂家介入' },
    });
    const north = await file(n1, 'PRODUCT_QUALITY', 'N1 质量投诉');
    const shopOwn = await file(shop, 'PRODUCT_QUALITY', 'SHOP 质量投诉');

    const oem = await t.as('quality@oem.demo');
    const seen = JSON.stringify(await oem.ok(LIST));
    for (const c of [quality, escalated, north]) expect(seen).toContain(c.id);
    // a dealer's own business, and a shop it does not authorise, stay out of sight — and unreadable by id
    for (const c of [own, shopOwn]) {
      expect(seen).not.toContain(c.id);
      expect(codeOf(await oem.gql(`query($id: ID!) { complaint(id: $id) { number } }`, { id: c.id }))).toBe('NOT_FOUND');
    }
    // the 华东 regional manager: 华东 dealers' only
    const regional = JSON.stringify(await (await t.as('network@oem.demo')).ok(LIST));
    expect(regional).toContain(quality.id);
    expect(regional).not.toContain(north.id);
    // row-level security alone (no CASL) agrees: as the manufacturer's tenant, the table holds only what reached it
    const oemId = await t.tenantId('OEM-HY');
    const rows = await t.appSql(`select id from complaints`, [], oemId);
    expect(rows.map((r) => r.id).sort()).toEqual(expect.arrayContaining([quality.id, escalated.id, north.id]));
    expect(rows.map((r) => r.id)).not.toContain(own.id);
    expect(rows.map((r) => r.id)).not.toContain(shopOwn.id);

    // customers: each link reads the complaints about its own repair
    const order = async (phone: string, vin: string) => {
      const c = await e1.ok(
        `mutation($p: String!, $v: String!) { createCustomer(input: { name: "客户", phone: $p, vehicles: [{ vin: $v }] }) { customer { id vehicles { id } } } }`,
        { p: phone, v: vin },
      );
      const o = await e1.ok(
        `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "保养" }) { repairOrder { id } } }`,
        {
          c: c.createCustomer.customer.id,
          v: c.createCustomer.customer.vehicles[0].id,
        },
      );
      const id = o.createRepairOrder.repairOrder.id;
      const token = (await e1.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id })).createTrackingLink.token;
      return { token, phoneLast4: phone.slice(-4) };
    };
    const a = await order('13600007001', 'HYZL50C2026007001');
    const b = await order('13600007002', 'HYZL50C2026007002');
    const COMPLAIN = `mutation($i: ComplainByLinkInput!) { complainByLink(input: $i) { complaints { id description } } }`;
    const mine = (await t.client().ok(COMPLAIN, { i: { ...a, description: 'A 的投诉' } })).complainByLink.complaints[0];
    const theirs = (await t.client().ok(COMPLAIN, { i: { ...b, description: 'B 的投诉' } })).complainByLink.complaints;
    expect(JSON.stringify(theirs)).not.toContain(mine.id);
    expect(JSON.stringify(theirs)).not.toContain('A 的投诉');
    const view = await t.client().ok(`query($i: TrackingAccessInput!) { tracking(input: $i) { complaints { id description } } }`, { i: a });
    expect(view.tracking.complaints).toEqual([mine]);
    // nor do staff complaints of the same workshop about other repairs show on a customer's page
    expect(JSON.stringify(view)).not.toContain(quality.id);
  });
});

describe('service contracts: the manufacturer sees its dealers’ contracts on its products only; a customer only their own', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.stop());

  it('holds for the manufacturer, its regional manager, row-level security alone, and customers holding a contract link', async () => {
    await contractBoundaries(t);
  });
});
