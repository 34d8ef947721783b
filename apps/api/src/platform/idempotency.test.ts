import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type Client, type GqlResult, type TestApi } from '../test/harness.js';

// Mon 2026-11-23 10:00 in Shanghai; moved forward by the expiry test at the end
let now = new Date('2026-11-23T02:00:00.000Z').getTime();
const clock = { now: () => new Date(now) };
const SLOT = '2026-11-25T01:00:00.000Z'; // Wed 09:00 in Shanghai
const ROUNDS = 5;

const RO = `repairOrder { id number status version complaint totals { customerPays { amountMinor } } }`;
const CREATE_RO = `mutation($i: CreateRepairOrderInput!) { createRepairOrder(input: $i) { ${RO} } }`;
const ro = (name: string, input: string) => `mutation($i: ${input}!) { ${name}(input: $i) { ${RO} } }`;
const CLAIM = `claim { id number status version claimed { amountMinor } lines { id kind tagCode amount { amountMinor } } }`;
const CREATE_CLAIM = `mutation($i: CreateWarrantyClaimInput!) { createWarrantyClaim(input: $i) { ${CLAIM} } }`;
const SUBMIT = `mutation($i: SubmitWarrantyClaimInput!) { submitWarrantyClaim(input: $i) { ${CLAIM} } }`;
const UPLOAD = `mutation($i: UploadAttachmentInput!) { uploadAttachment(input: $i) { attachment { id } } }`;
const BATCH = `mutation($i: CreateSettlementBatchInput!) { createSettlementBatch(input: $i) { batch { id number claimCount total { amountMinor } claims { number status } } } }`;
const RC = `recovery { id number status version amount { amountMinor } }`;
const RAISE = `mutation($i: RaiseRecoveryClaimInput!) { raiseRecoveryClaim(input: $i) { ${RC} } }`;
const SETTLE_RC = `mutation($i: SettleRecoveryClaimInput!) { settleRecoveryClaim(input: $i) { ${RC} } }`;
const BOOK = `mutation($i: RequestBookingInput!) { requestBooking(input: $i) { number kind status requestedAt providerName } }`;
const BY_LINK = `mutation($i: RequestBookingByLinkInput!) { requestBookingByLink(input: $i) { number status requestedAt providerName } }`;

const jpeg = (tag: string) => {
  const b = Buffer.alloc(64, 0x20);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).copy(b);
  Buffer.from(tag, 'utf8').copy(b, 12);
  return b.toString('base64');
};

/** The same request sent `n` times at once (as a double-tap or an impatient retry would). */
const atOnce = <T>(n: number, send: () => Promise<T>) => Promise.all(Array.from({ length: n }, send));
const both = <T>(send: () => Promise<T>) => Promise.all([send(), send()]);
const reason = (r: GqlResult) => (r.errors?.[0]?.extensions?.details as { reason?: string; field?: string } | undefined) ?? {};

describe('idempotency keys: a retried create or payment is answered once', () => {
  let t: TestApi;
  let advisor: Client;
  let admin: Client;
  let cashier: Client;
  let tech: Client;
  let inspector: Client;
  let otherDealer: Client;
  let clerk: Client;
  let reviewer: Client;
  let quality: Client;
  let supplier: Client;
  let anon: Client;
  let E1: string;
  let E2: string;
  let OEM: string;
  let customerId: string;
  let vehicleId: string;
  let otherVehicleId: string;

  const count = async (sql: string, params: unknown[] = []) => Number((await t.sql(`select count(*)::int as n from ${sql}`, params))[0].n);
  const order = (complaint: string, extra: Record<string, unknown> = {}) => ({
    customerId,
    vehicleId,
    complaint,
    promisedAt: '2026-11-24T10:00:00.000Z',
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApi({ clock });
    [advisor, admin, cashier, tech, inspector, otherDealer, clerk, reviewer, quality, supplier] = (await Promise.all(
      [
        'advisor@dealer-east.demo',
        'admin@dealer-east.demo',
        'cashier@dealer-east.demo',
        'tech@dealer-east.demo',
        'inspector@dealer-east.demo',
        'advisor@dealer-east2.demo',
        'warranty@dealer-east.demo',
        'reviewer@oem.demo',
        'quality@oem.demo',
        'quality@sup-hyd.demo',
      ].map((e) => t.as(e)),
    )) as [Client, Client, Client, Client, Client, Client, Client, Client, Client, Client];
    anon = t.client();
    E1 = await t.tenantId('DLR-E1');
    E2 = await t.tenantId('DLR-E2');
    OEM = await t.tenantId('OEM-HY');
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "李娜", phone: "13912345678", vehicles: [{ vin: "HYIDEM00000000001", plate: "沪A·IDEM1" }, { vin: "HYIDEM00000000002" }] }) { customer { id vehicles { id } } } }`,
    );
    customerId = c.createCustomer.customer.id;
    [vehicleId, otherVehicleId] = c.createCustomer.customer.vehicles.map((v: { id: string }) => v.id);
  });
  afterAll(() => t.stop());

  it('refuses an empty, too long or non-ASCII key as BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const before = await count('repair_orders');
    for (const key of ['', 'k'.repeat(256), 'with space', '钥匙']) {
      const r = await advisor.gql(CREATE_RO, { i: { ...order('钥匙不对'), idempotencyKey: key } });
      expect(codeOf(r), JSON.stringify(key)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.message).toContain('input.idempotencyKey');
    }
    expect(await count('repair_orders')).toBe(before);
    expect(await count('idempotency_keys')).toBe(0);
    // 255 characters are fine
    const ok = await advisor.ok(CREATE_RO, { i: { ...order('钥匙刚好'), idempotencyKey: 'k'.repeat(255) } });
    expect(ok.createRepairOrder.repairOrder.status).toBe('APPOINTED');
  });

  it('repair order: the same key twice, one after the other → one order, the same answer; no second audit row or event', async () => {
    const i = { ...order('刹车异响'), idempotencyKey: randomUUID() };
    const first = await advisor.ok(CREATE_RO, { i });
    const again = await advisor.ok(CREATE_RO, { i });
    expect(again).toEqual(first);
    // the same input spelled differently (fields in another order, empty optional fields as null) is the same input
    const respelled = await advisor.ok(CREATE_RO, {
      i: { idempotencyKey: i.idempotencyKey, siteAddress: null, complaint: i.complaint, vehicleId, customerId, appointmentAt: null, promisedAt: i.promisedAt },
    });
    expect(respelled).toEqual(first);
    const id = first.createRepairOrder.repairOrder.id;
    expect(await count(`repair_orders where complaint = '刹车异响'`)).toBe(1);
    expect(await count(`audit_log where entity_id = $1 and action = 'repairOrder.created'`, [id])).toBe(1);
    expect(await count(`outbox where entity_id = $1 and type = 'repairOrder.created'`, [id])).toBe(1);
    // without a key, a retry is a second order (what the key is for)
    const { idempotencyKey: _, ...plain } = i;
    await advisor.ok(CREATE_RO, { i: plain });
    expect(await count(`repair_orders where complaint = '刹车异响'`)).toBe(2);
  });

  it('repair order: the same key sent three times at once, round after round → one order each round, the same answer to all', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const complaint = `并发第${round}轮`;
      const i = { ...order(complaint), idempotencyKey: randomUUID() };
      const answers = await atOnce(3, () => advisor.gql(CREATE_RO, { i }));
      for (const a of answers) expect(a.errors, `round ${round}`).toBeUndefined();
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
      expect(await count(`repair_orders where complaint = $1`, [complaint]), `round ${round}`).toBe(1);
    }
  });

  it('repair order: the same key with another input → CONFLICT with the reason, and nothing written', async () => {
    const key = randomUUID();
    await advisor.ok(CREATE_RO, { i: { ...order('原始输入'), idempotencyKey: key } });
    const before = {
      orders: await count('repair_orders'),
      audit: await count('audit_log'),
      outbox: await count('outbox'),
      keys: await count('idempotency_keys'),
    };
    const r = await advisor.gql(CREATE_RO, { i: { ...order('换了输入'), idempotencyKey: key } });
    expect(codeOf(r)).toBe('CONFLICT');
    expect(reason(r)).toEqual({ field: 'input.idempotencyKey', reason: 'IDEMPOTENCY_KEY_REUSED', params: { operation: 'createRepairOrder' } });
    expect(r.errors![0]!.message).toMatch(/different input/);
    expect({
      orders: await count('repair_orders'),
      audit: await count('audit_log'),
      outbox: await count('outbox'),
      keys: await count('idempotency_keys'),
    }).toEqual(before);
    // the same, sent at once with a matching retry: one answers with the order, the other CONFLICT
    const key2 = randomUUID();
    const [same, other] = await Promise.all([
      advisor.gql(CREATE_RO, { i: { ...order('同时A'), idempotencyKey: key2 } }),
      advisor.gql(CREATE_RO, { i: { ...order('同时B'), idempotencyKey: key2 } }),
    ]);
    expect([codeOf(same), codeOf(other)].sort()).toEqual(['CONFLICT', undefined].sort());
    expect(await count(`repair_orders where complaint in ('同时A', '同时B')`)).toBe(1);
  });

  it('a key is the caller’s own: another user, or another tenant, with the same key creates its own record; RLS hides the keys', async () => {
    const key = randomUUID();
    const i = { ...order('同一个键'), idempotencyKey: key };
    const mine = (await advisor.ok(CREATE_RO, { i })).createRepairOrder.repairOrder;
    const colleague = (await admin.ok(CREATE_RO, { i })).createRepairOrder.repairOrder;
    expect(colleague.id).not.toBe(mine.id);
    expect(await count(`repair_orders where complaint = '同一个键'`)).toBe(2);
    // another dealer sending the same key string for its own customer
    const c = await otherDealer.ok(
      `mutation { createCustomer(input: { name: "周杰", phone: "13700001234", vehicles: [{ vin: "HYIDEM00000000099" }] }) { customer { id vehicles { id } } } }`,
    );
    const theirs = (
      await otherDealer.ok(CREATE_RO, {
        i: { customerId: c.createCustomer.customer.id, vehicleId: c.createCustomer.customer.vehicles[0].id, complaint: '同一个键', idempotencyKey: key },
      })
    ).createRepairOrder.repairOrder;
    expect(theirs.id).not.toBe(mine.id);
    // … and neither can see the other's (row-level security on the key table)
    const e2Keys = await t.appSql(`select tenant_id, key from idempotency_keys`, [], E2);
    expect(e2Keys.length).toBeGreaterThan(0);
    expect(e2Keys.every((k) => k.tenant_id === E2)).toBe(true);
    expect(await t.appSql(`select key from idempotency_keys where tenant_id = $1`, [E1], E2)).toEqual([]);
    expect(await t.appSql(`select key from idempotency_keys`, [], null)).toEqual([]);
    await expect(
      t.appSql(
        `insert into idempotency_keys (tenant_id, owner, operation, key, request_hash, created_at, expires_at) values ($1, 'x', 'createRepairOrder', 'forged', 'h', now(), now() + interval '1 day')`,
        [E1],
        E2,
      ),
    ).rejects.toThrow(/row-level security/);
    // the input itself is not stored: only its hash
    const row = (
      await t.sql(`select request_hash, result_id from idempotency_keys where key = $1 and tenant_id = $2 and owner = $3`, [
        key,
        E1,
        await t.userId('advisor@dealer-east.demo'),
      ])
    )[0];
    expect(row).toEqual({ request_hash: expect.stringMatching(/^[0-9a-f]{64}$/), result_id: mine.id });
  });

  it('a first attempt that fails frees the key: the corrected retry with the same key goes through', async () => {
    const key = randomUUID();
    // the vehicle belongs to the customer, but the other vehicle of another customer does not: refused inside the transaction
    const stranger = (
      await advisor.ok(
        `mutation { createCustomer(input: { name: "吴磊", phone: "13600001111", vehicles: [{ vin: "HYIDEM00000000003" }] }) { customer { id vehicles { id } } } }`,
      )
    ).createCustomer.customer;
    const bad = await advisor.gql(CREATE_RO, { i: { ...order('先失败后成功'), vehicleId: stranger.vehicles[0].id, idempotencyKey: key } });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(await count(`idempotency_keys where key = $1`, [key])).toBe(0);
    // a full slot (CONFLICT with the free times) rolls the claim back too
    for (let n = 0; n < 3; n++)
      await advisor.ok(CREATE_RO, { i: { ...order(`占位${n}`), vehicleId: n % 2 ? otherVehicleId : vehicleId, appointmentAt: SLOT } });
    const refused = await advisor.gql(CREATE_RO, { i: { ...order('先失败后成功'), appointmentAt: SLOT, idempotencyKey: key } });
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(refused.errors![0]!.extensions!.details).toHaveProperty('alternatives'); // the slot's conflict, not the key's
    expect(await count(`idempotency_keys where key = $1`, [key])).toBe(0);
    const ok = await advisor.ok(CREATE_RO, { i: { ...order('先失败后成功'), idempotencyKey: key } });
    expect(ok.createRepairOrder.repairOrder.complaint).toBe('先失败后成功');
    expect(await count(`idempotency_keys where key = $1`, [key])).toBe(1);
  });

  it('payment at settlement: the same key at once → settled once, the same answer twice; a later retry answers again (without a key it is a CONFLICT)', async () => {
    const step = async (c: Client, name: string, input: string, i: Record<string, unknown>) => (await c.ok(ro(name, input), { i }))[name].repairOrder;
    let o = (await advisor.ok(CREATE_RO, { i: order('结算幂等') })).createRepairOrder.repairOrder;
    o = await step(advisor, 'checkInRepairOrder', 'CheckInInput', { id: o.id, version: o.version, meter: 100, customerSigned: true });
    o = await step(advisor, 'diagnoseRepairOrder', 'DiagnoseInput', {
      id: o.id,
      version: o.version,
      findings: [{ system: '制动', finding: '片磨损' }],
      summary: '换片',
    });
    o = await step(advisor, 'estimateRepairOrder', 'EstimateInput', {
      id: o.id,
      version: o.version,
      method: 'SYSTEM',
      lines: [{ kind: 'LABOUR', description: '更换刹车片', hours: '1', rateMinor: '12000', payType: 'CUSTOMER' }],
    });
    o = await step(advisor, 'approveRepairOrder', 'OrderRef', { id: o.id, version: o.version });
    o = await step(admin, 'dispatchRepairOrder', 'DispatchInput', { id: o.id, version: o.version, technicianId: await t.userId('tech@dealer-east.demo') });
    o = await step(tech, 'startRepairWork', 'OrderRef', { id: o.id, version: o.version });
    o = await step(tech, 'finishRepairWork', 'OrderRef', { id: o.id, version: o.version });
    o = await step(inspector, 'recordQualityCheck', 'QcInput', { id: o.id, version: o.version, passed: true });
    expect(o.status).toBe('READY');
    const i = { id: o.id, version: o.version, paymentMethod: '微信支付', idempotencyKey: randomUUID() };
    const SETTLE = ro('settleRepairOrder', 'SettleInput');
    const [a, b] = await both(() => cashier.gql(SETTLE, { i }));
    expect(a.errors).toBeUndefined();
    expect(b).toEqual(a);
    expect(a.data!.settleRepairOrder.repairOrder).toMatchObject({ status: 'SETTLED', totals: { customerPays: { amountMinor: '12000' } } });
    expect(await count(`audit_log where entity_id = $1 and action = 'repairOrder.SETTLE'`, [o.id])).toBe(1);
    expect(await cashier.ok(SETTLE, { i })).toEqual(a.data);
    const { idempotencyKey: _, ...plain } = i;
    expect(codeOf(await cashier.gql(SETTLE, { i: plain }))).toBe('CONFLICT');
  });

  it('warranty claim create and submit, settlement batch, recovery claim: once each, under the same key at once', async () => {
    await (
      await t.as('admin@oem.demo')
    ).ok(`mutation { registerWarranty(input: { vin: "HYIDEM00001", modelCode: "ZL50", policyCode: "HY-STD", saleDate: "2026-03-01" }) { id } }`);
    await (
      await t.as('admin@oem.demo')
    ).ok(`mutation { registerWarranty(input: { vin: "HYIDEM00002", modelCode: "ZL50", policyCode: "HY-STD", saleDate: "2026-03-01" }) { id } }`);
    const draft = { manufacturerId: OEM, type: 'STANDARD', meter: 800, repairDate: '2026-11-20', complaint: '故障', cause: '部件失效', correction: '更换' };

    // create: one draft, the same answer
    const createI = {
      ...draft,
      vin: 'HYIDEM00001',
      causalPartNumber: 'ALT-12',
      lines: [{ kind: 'LABOUR', operationCode: 'GEN-0001' }],
      idempotencyKey: randomUUID(),
    };
    const [c1, c2] = await both(() => clerk.gql(CREATE_CLAIM, { i: createI }));
    expect(c1.errors).toBeUndefined();
    expect(c2).toEqual(c1);
    expect(await count(`warranty_claims where vin = 'HYIDEM00001'`)).toBe(1);
    const claim = c1.data!.createWarrantyClaim.claim;
    await clerk.ok(UPLOAD, {
      i: {
        ownerType: 'WARRANTY_CLAIM',
        ownerId: claim.id,
        evidenceKind: 'FAILURE_PHOTO',
        contentType: 'image/jpeg',
        contentBase64: jpeg(claim.id),
        fileName: 'p.jpg',
      },
    });

    // submit: checked and auto-approved once (one SUBMIT step on the claim's timeline)
    const submitI = { id: claim.id, version: claim.version, idempotencyKey: randomUUID() };
    const [s1, s2] = await both(() => clerk.gql(SUBMIT, { i: submitI }));
    expect(s1.errors).toBeUndefined();
    expect(s2).toEqual(s1);
    expect(s1.data!.submitWarrantyClaim.claim.status).toBe('APPROVED');
    expect(await count(`warranty_claim_events where claim_id = $1 and action = 'SUBMIT'`, [claim.id])).toBe(1);
    expect(await clerk.ok(SUBMIT, { i: submitI })).toEqual(s1.data);
    expect(codeOf(await clerk.gql(SUBMIT, { i: { id: claim.id, version: claim.version } }))).toBe('CONFLICT'); // a keyless retry

    // settlement batch: one batch crediting the claim; a retry gets the batch, not "nothing to credit"
    const batchI = { dealerId: E1, periodFrom: '2026-11-01', periodTo: '2026-11-30', idempotencyKey: randomUUID() };
    const [b1, b2] = await both(() => reviewer.gql(BATCH, { i: batchI }));
    expect(b1.errors).toBeUndefined();
    expect(b2).toEqual(b1);
    expect(b1.data!.createSettlementBatch.batch.claims).toEqual([{ number: claim.number, status: 'CREDITED' }]);
    expect(await count(`settlement_batches`)).toBe(1);
    expect(await reviewer.ok(BATCH, { i: batchI })).toEqual(b1.data);
    const { idempotencyKey: _, ...plainBatch } = batchI;
    expect(reason(await reviewer.gql(BATCH, { i: plainBatch })).reason).toBe('NOTHING_TO_CREDIT');

    // recovery: a supplier-caused part, inspected; raised and settled once each
    const hp = (
      await clerk.ok(CREATE_CLAIM, {
        i: {
          ...draft,
          vin: 'HYIDEM00002',
          causalPartNumber: 'HP-200',
          lines: [
            { kind: 'LABOUR', operationCode: 'GEN-0001' },
            { kind: 'PART', partNumber: 'HP-200' },
          ],
        },
      })
    ).createWarrantyClaim.claim;
    await clerk.ok(UPLOAD, {
      i: {
        ownerType: 'WARRANTY_CLAIM',
        ownerId: hp.id,
        evidenceKind: 'FAILURE_PHOTO',
        contentType: 'image/jpeg',
        contentBase64: jpeg(hp.id),
        fileName: 'p.jpg',
      },
    });
    const submitted = (await clerk.ok(SUBMIT, { i: { id: hp.id, version: hp.version } })).submitWarrantyClaim.claim;
    const decided = (
      await reviewer.ok(`mutation($i: DecideWarrantyClaimInput!) { decideWarrantyClaim(input: $i) { ${CLAIM} } }`, {
        i: {
          id: submitted.id,
          version: submitted.version,
          requirePartsReturn: true,
          lines: submitted.lines.map((l: { id: string; amount: { amountMinor: string } }) => ({ lineId: l.id, approvedMinor: l.amount.amountMinor })),
        },
      })
    ).decideWarrantyClaim.claim;
    const tag = decided.lines.find((l: { tagCode: string | null }) => l.tagCode).tagCode;
    await quality.ok(`mutation($t: String!) { receiveReturnedPart(input: { tagCode: $t }) { claim { id } } }`, { t: tag });
    await quality.ok(`mutation($t: String!) { inspectReturnedPart(input: { tagCode: $t, result: SUPPLIER_CAUSED, note: "材质缺陷" }) { claim { id } } }`, {
      t: tag,
    });
    const raiseI = { claimId: hp.id, note: '柱塞材质缺陷', idempotencyKey: randomUUID() };
    const [r1, r2] = await both(() => quality.gql(RAISE, { i: raiseI }));
    expect(r1.errors).toBeUndefined();
    expect(r2).toEqual(r1);
    expect(await count(`recovery_claims where claim_id = $1`, [hp.id])).toBe(1);
    const raised = r1.data!.raiseRecoveryClaim.recovery;
    const accepted = (
      await supplier.ok(`mutation($i: AnswerRecoveryClaimInput!) { acceptRecoveryClaim(input: $i) { ${RC} } }`, {
        i: { id: raised.id, version: raised.version },
      })
    ).acceptRecoveryClaim.recovery;
    const settleI = { id: raised.id, version: accepted.version, idempotencyKey: randomUUID() };
    const [p1, p2] = await both(() => reviewer.gql(SETTLE_RC, { i: settleI }));
    expect(p1.errors).toBeUndefined();
    expect(p2).toEqual(p1);
    expect(p1.data!.settleRecoveryClaim.recovery.status).toBe('SETTLED');
    expect(await count(`audit_log where entity_id = $1 and action like '%SETTLE%'`, [raised.id])).toBe(1);
  });

  it('public booking page (anonymous): the same key at once → one request, one SMS, the same receipt; another input → CONFLICT', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const phone = `1390000${String(2000 + round)}`;
      const i = {
        providerCode: 'DLR-E1',
        kind: 'WORKSHOP',
        requestedAt: SLOT.replace('T01', `T0${2 + round}`),
        name: '孙悦',
        phone,
        plate: `沪E1234${round}`,
        complaint: '保养',
        idempotencyKey: randomUUID(),
      };
      const answers = await both(() => anon.gql(BOOK, { i }));
      expect(answers[0].errors, `round ${round}`).toBeUndefined();
      expect(answers[1]).toEqual(answers[0]);
      expect(await count(`booking_requests where phone = $1`, [phone])).toBe(1);
      expect(await count(`notifications where kind = 'bookingReceived' and recipient = $1`, [phone])).toBe(1);
      expect(await anon.ok(BOOK, { i })).toEqual(answers[0].data);
      const other = await anon.gql(BOOK, { i: { ...i, complaint: '换了内容' } });
      expect(codeOf(other)).toBe('CONFLICT');
      expect(await count(`booking_requests where phone = $1`, [phone])).toBe(1);
    }
    // the keys of anonymous visitors are the provider's public page's: kept in its tenant, as 'public'
    expect(await count(`idempotency_keys where owner = 'public' and tenant_id = $1 and operation = 'requestBooking'`, [E1])).toBe(ROUNDS);
  });

  it('booking from a tracking link: the link is checked first, then the key (one request for two taps)', async () => {
    const o = (await advisor.ok(CREATE_RO, { i: order('链接预约') })).createRepairOrder.repairOrder;
    const token = (await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id: o.id })).createTrackingLink
      .token;
    const i = { token, phoneLast4: '5678', kind: 'WORKSHOP', requestedAt: '2026-11-27T01:00:00.000Z', complaint: '下次保养', idempotencyKey: randomUUID() };
    expect(codeOf(await anon.gql(BY_LINK, { i: { ...i, phoneLast4: '0000' } }))).toBe('UNAUTHENTICATED');
    const [a, b] = await both(() => anon.gql(BY_LINK, { i }));
    expect(a.errors).toBeUndefined();
    expect(b).toEqual(a);
    expect(await count(`booking_requests where source_repair_order_id = $1`, [o.id])).toBe(1);
    // the wrong digits with a used key are still refused (the link is checked before the key answers)
    expect(codeOf(await anon.gql(BY_LINK, { i: { ...i, phoneLast4: '0000' } }))).toBe('UNAUTHENTICATED');
  });

  it('the other keyed mutations (customer and vehicle files, accepting a booking, a visit, a relationship): twice at once → once', async () => {
    /** Sends `query` twice at once with one key: both succeed with the same answer. */
    const once = async (c: Client, query: string, i: Record<string, unknown>) => {
      const key = randomUUID();
      const [a, b] = await both(() => c.gql(query, { i: { ...i, idempotencyKey: key } }));
      expect(a.errors, query).toBeUndefined();
      expect(b, query).toEqual(a);
      return a.data!;
    };
    const customer = (
      await once(advisor, `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id name vehicles { id } } } }`, {
        name: '幂等客户',
        phone: '13500001111',
        vehicles: [{ vin: 'HYIDEM00000000010' }],
      })
    ).createCustomer.customer;
    expect(await count(`customers where name = '幂等客户'`)).toBe(1);
    const vehicle = (
      await once(advisor, `mutation($i: AddVehicleInput!) { addVehicle(input: $i) { vehicle { id vin } } }`, {
        customerId: customer.id,
        vin: 'HYIDEM00000000011',
      })
    ).addVehicle.vehicle;
    expect(await count(`vehicles where vin = 'HYIDEM00000000011'`)).toBe(1);
    expect(vehicle.vin).toBe('HYIDEM00000000011');

    // accepting a booking request opens one order
    const request = (
      await anon.ok(BOOK, {
        i: {
          providerCode: 'DLR-E1',
          kind: 'WORKSHOP',
          requestedAt: '2026-11-26T03:00:00.000Z',
          name: '幂等客户',
          phone: '13500001111',
          vin: 'HYIDEM00000000011',
          complaint: '预约后接受',
        },
      })
    ).requestBooking;
    const row = (await t.sql(`select id, version from booking_requests where number = $1`, [request.number]))[0];
    const accepted = (
      await once(
        advisor,
        `mutation($i: AcceptBookingRequestInput!) { acceptBookingRequest(input: $i) { bookingRequest { id status repairOrderId version } } }`,
        { id: row.id, version: row.version },
      )
    ).acceptBookingRequest.bookingRequest;
    expect(accepted.status).toBe('ACCEPTED');
    expect(await count(`repair_orders where complaint = '预约后接受'`)).toBe(1);

    // an engineer's trip for an on-site order
    const onSite = (await advisor.ok(CREATE_RO, { i: { ...order('上门维修'), onSite: true, siteAddress: '上海市嘉定区工地' } })).createRepairOrder.repairOrder;
    await once(admin, `mutation($i: ScheduleVisitInput!) { scheduleVisit(input: $i) { visit { id status scheduledAt } } }`, {
      repairOrderId: onSite.id,
      engineerId: await t.userId('tech@dealer-east.demo'),
      scheduledAt: '2026-11-24T02:00:00.000Z',
    });
    expect(await count(`visits where repair_order_id = $1`, [onSite.id])).toBe(1);

    // a manufacturer authorises a shop
    const oemAdmin = await t.as('admin@oem.demo');
    await once(oemAdmin, `mutation($i: CreateRelationshipInput!) { createRelationship(input: $i) { relationship { id kind to { code } } } }`, {
      kind: 'DEALER_AUTHORIZATION',
      counterpartyCode: 'SHOP-1',
      dealerCode: 'HY-S009',
      region: '华东',
      brands: ['华岳装载机'],
      validFrom: '2026-12-01',
    });
    expect(await count(`relationships where dealer_code = 'HY-S009'`)).toBe(1);
  });

  it('keys are remembered 24 h: later, the same key is a new request; expired keys are purged by later inserts', async () => {
    const key = randomUUID();
    const first = (await advisor.ok(CREATE_RO, { i: { ...order('过期前'), idempotencyKey: key } })).createRepairOrder.repairOrder;
    now += 23 * 3_600_000;
    expect((await advisor.ok(CREATE_RO, { i: { ...order('过期前'), idempotencyKey: key } })).createRepairOrder.repairOrder.id).toBe(first.id);
    const expiring = await count(`idempotency_keys where tenant_id = $1 and expires_at <= $2`, [E1, new Date(now + 2 * 3_600_000)]);
    expect(expiring).toBeGreaterThan(1);
    now += 2 * 3_600_000;
    const later = (await advisor.ok(CREATE_RO, { i: { ...order('过期后'), idempotencyKey: key } })).createRepairOrder.repairOrder;
    expect(later.id).not.toBe(first.id);
    // that insert purged expired keys of the tenant (up to a batch), keeping its own
    expect(await count(`idempotency_keys where tenant_id = $1 and expires_at <= $2`, [E1, new Date(now)])).toBeLessThan(expiring);
    expect(await count(`idempotency_keys where key = $1 and tenant_id = $2`, [key, E1])).toBe(1);
  });
});
