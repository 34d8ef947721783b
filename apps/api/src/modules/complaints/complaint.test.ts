import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type Client, type GqlResult, type TestApi } from '../../test/harness.js';
import { subscribe } from '../../test/ws.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
let now = new Date('2026-12-01T02:00:00.000Z').getTime();
const clock = { now: () => new Date(now) };

const FIELDS = `id number status version category escalationLevel manufacturerId region allowedEvents canAssess promisedAnswerAt answer rootCause
  cost { amountMinor currency } costSplit { dealer manufacturer supplier customer goodwill } costShares { dealer { amountMinor } goodwill { amountMinor } }
  rating satisfied recoveryDueAt ageing { overdueToAcknowledge overdueToResolve escalated } steps { action fromState toState actorName automatic note }`;
const FILE = `mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { complaint { ${FIELDS} } } }`;
const GET = `query($id: ID!) { complaint(id: $id) { ${FIELDS} } }`;
const LIST = `query($f: ComplaintFilterInput) { complaints(filter: $f, first: 100) { totalCount nodes { id number status } } }`;
const reason = (r: GqlResult) => {
  const d = r.errors?.[0]?.extensions?.details as { reason?: string; problems?: { reason?: string }[] } | undefined;
  return d?.reason ?? d?.problems?.[0]?.reason;
};
const VIEW = `number complaints { id number status category description promisedAnswerAt answer canRate rating satisfied previousNumber steps { action byCustomer note } }`;

describe('complaints (客户投诉, domain.md §7)', () => {
  let t: TestApi;
  let care: Client;
  let admin: Client;
  let quality: Client;
  let orderId: string;

  const act = async (who: Client, name: string, type: string, id: string, extra: Record<string, unknown> = {}) => {
    const [{ version }] = await t.sql(`select version from complaints where id = $1`, [id]);
    return who.gql(`mutation($i: ${type}!) { ${name}(input: $i) { complaint { ${FIELDS} } } }`, { i: { id, version, ...extra } });
  };
  const ok = async (who: Client, name: string, type: string, id: string, extra: Record<string, unknown> = {}) => {
    const r = await act(who, name, type, id, extra);
    if (r.errors?.length) throw new Error(`${name}: ${JSON.stringify(r.errors)}`);
    return (r.data as Record<string, { complaint: Record<string, unknown> }>)[name]!.complaint;
  };
  const file = async (who: Client, extra: Record<string, unknown> = {}) =>
    (await who.ok(FILE, { i: { channel: 'PHONE', category: 'SERVICE_QUALITY', description: '交车晚了两个小时', repairOrderId: orderId, ...extra } }))
      .fileComplaint.complaint;
  const statusOf = async (id: string) => (await t.sql(`select status, escalation_level from complaints where id = $1`, [id]))[0];

  beforeAll(async () => {
    t = await startTestApi({ clock });
    care = await t.as('care@dealer-east.demo');
    admin = await t.as('admin@dealer-east.demo');
    quality = await t.as('quality@oem.demo');
    const c = await admin.ok(
      `mutation { createCustomer(input: { name: "王芳", phone: "13600002222", vehicles: [{ vin: "HYZL50C2026009876", plate: "沪C66666", brand: "华岳装载机" }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await admin.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "动臂下沉" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    orderId = o.createRepairOrder.repairOrder.id;
  });
  afterAll(() => t.stop());

  it('is received, acknowledged with a promised answer, investigated and resolved; illegal steps are INVALID_TRANSITION and change nothing', async () => {
    const c = await file(care);
    expect(c).toMatchObject({ status: 'RECEIVED', category: 'SERVICE_QUALITY', manufacturerId: null, allowedEvents: ['ACKNOWLEDGE', 'ESCALATE'] });
    expect(c.number).toMatch(/^CP-\d{4}-\d{6}$/);
    // resolving a complaint nobody acknowledged: the machine refuses it
    const early = await act(care, 'resolveComplaint', 'ResolveComplaintInput', c.id, { resolution: '道歉', answer: '抱歉' });
    expect(codeOf(early)).toBe('INVALID_TRANSITION');
    expect(reason(early)).toBe('WRONG_STATUS');
    // a promise in the past is refused
    const past = await act(care, 'acknowledgeComplaint', 'AcknowledgeComplaintInput', c.id, { promisedAnswerAt: new Date(now - MINUTE).toISOString() });
    expect(reason(past)).toBe('MUST_BE_FUTURE');
    const promised = new Date(now + 4 * HOUR).toISOString();
    const acked = await ok(care, 'acknowledgeComplaint', 'AcknowledgeComplaintInput', c.id, { promisedAnswerAt: promised, answer: '已收到，今天下午回复您' });
    expect(acked).toMatchObject({ status: 'ACKNOWLEDGED', promisedAnswerAt: promised, answer: '已收到，今天下午回复您' });
    await ok(care, 'investigateComplaint', 'InvestigateComplaintInput', c.id, { note: '调取派工记录' });
    // no action before the root cause
    const noCause = await act(care, 'resolveComplaint', 'ResolveComplaintInput', c.id, { resolution: '道歉', answer: '抱歉' });
    expect(codeOf(noCause)).toBe('INVALID_TRANSITION');
    expect(reason(noCause)).toBe('ROOT_CAUSE_FIRST');
    await ok(care, 'recordComplaintRootCause', 'ComplaintRootCauseInput', c.id, { rootCause: '配件到货晚，未通知客户', responsibility: '服务顾问' });

    // the cost split must add up to 100 %: 60 + 30 is refused and nothing is written
    const before = await t.sql(`select version, status, cost_minor from complaints where id = $1`, [c.id]);
    const short = await act(care, 'resolveComplaint', 'ResolveComplaintInput', c.id, {
      resolution: '免去工时费',
      answer: '免去本次工时费 ¥300.00',
      cost: { amountMinor: '30000', currency: 'CNY' },
      split: { dealer: 60, goodwill: 30 },
    });
    expect(codeOf(short)).toBe('BAD_USER_INPUT');
    expect(reason(short)).toBe('COST_SPLIT_NOT_100');
    expect(await t.sql(`select version, status, cost_minor from complaints where id = $1`, [c.id])).toEqual(before);
    const bad = await act(care, 'resolveComplaint', 'ResolveComplaintInput', c.id, {
      resolution: 'x',
      answer: 'x',
      cost: { amountMinor: '100', currency: 'CNY' },
      split: { dealer: 110, goodwill: -10 },
    });
    expect(reason(bad)).toBe('OUT_OF_RANGE');
    const resolved = await ok(care, 'resolveComplaint', 'ResolveComplaintInput', c.id, {
      resolution: '免去工时费',
      answer: '免去本次工时费 ¥300.01',
      cost: { amountMinor: '30001', currency: 'CNY' },
      split: { dealer: 70, goodwill: 30 },
    });
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      cost: { amountMinor: '30001', currency: 'CNY' },
      costSplit: { dealer: 70, manufacturer: 0, supplier: 0, customer: 0, goodwill: 30 },
      // the shares add up to the cost to the fen
      costShares: { dealer: { amountMinor: '21001' }, goodwill: { amountMinor: '9000' } },
      allowedEvents: ['CLOSE', 'REOPEN'],
    });
    // the trail keeps every step, in order
    expect((resolved.steps as { action: string }[]).map((s) => s.action)).toEqual(['received', 'ACKNOWLEDGE', 'INVESTIGATE', 'rootCauseRecorded', 'RESOLVE']);
    // the escalation clock stopped with the resolution
    expect(await t.sql(`select count(*)::int as n from jobs where dedupe_key like $1 and status = 'PENDING'`, [`complaint.escalate:${c.id}%`])).toEqual([
      { n: 0 },
    ]);
    // the customer said on the phone they are satisfied: closed; closed takes nothing more
    const closed = await ok(care, 'recordComplaintAnswer', 'ComplaintAnswerInput', c.id, { stars: 4, satisfied: true });
    expect(closed).toMatchObject({ status: 'CLOSED', rating: 4, satisfied: true, recoveryDueAt: null, allowedEvents: [] });
    expect(codeOf(await act(care, 'investigateComplaint', 'InvestigateComplaintInput', c.id))).toBe('INVALID_TRANSITION');
    expect(codeOf(await act(care, 'acknowledgeComplaint', 'AcknowledgeComplaintInput', c.id, { promisedAnswerAt: promised }))).toBe('INVALID_TRANSITION');
  });

  it('escalates to the supervisor exactly when it is two days old and not a minute before, then to the manufacturer at the second step', async () => {
    const c = await file(care, { category: 'DELAY' });
    await ok(care, 'acknowledgeComplaint', 'AcknowledgeComplaintInput', c.id, { promisedAnswerAt: new Date(now + HOUR).toISOString() });
    const received = now;
    now = received + 48 * HOUR - MINUTE;
    await t.api.services.jobs.runDue();
    expect(await statusOf(c.id)).toEqual({ status: 'ACKNOWLEDGED', escalation_level: 0 });
    expect((await care.ok(LIST, { f: { ageing: 'OVERDUE_TO_RESOLVE' } })).complaints.nodes.map((n: { id: string }) => n.id)).not.toContain(c.id);
    now = received + 48 * HOUR;
    await t.api.services.jobs.runDue();
    expect(await statusOf(c.id)).toEqual({ status: 'ESCALATED', escalation_level: 1 });
    const escalated = (await care.ok(GET, { id: c.id })).complaint;
    expect(escalated.steps.at(-1)).toMatchObject({ action: 'ESCALATE', fromState: 'ACKNOWLEDGED', toState: 'ESCALATED', automatic: true, actorName: 'system' });
    // the supervisor is told, and finds it under 已升级
    const [notice] = await t.sql(`select audience, kind, message from notifications where record_type = 'Complaint' and record_id = $1`, [c.id]);
    expect(notice).toMatchObject({ audience: 'STAFF', kind: 'complaintEscalated' });
    expect((await admin.ok(LIST, { f: { ageing: 'ESCALATED' } })).complaints.nodes.map((n: { id: string }) => n.id)).toContain(c.id);
    // not yet the manufacturer's: it reads nothing of it
    expect(codeOf(await quality.gql(GET, { id: c.id }))).toBe('NOT_FOUND');

    // the supervisor takes it over; the second step still runs on the clock
    await ok(admin, 'investigateComplaint', 'InvestigateComplaintInput', c.id, { note: '主管接手' });
    now = received + 96 * HOUR - MINUTE;
    await t.api.services.jobs.runDue();
    expect(await statusOf(c.id)).toEqual({ status: 'INVESTIGATING', escalation_level: 1 });
    now = received + 96 * HOUR;
    await t.api.services.jobs.runDue();
    expect(await statusOf(c.id)).toEqual({ status: 'ESCALATED', escalation_level: 2 });
    // now the authorising manufacturer reads it and its whole trail, and its quality engineer was told
    const seen = (await quality.ok(GET, { id: c.id })).complaint;
    expect(seen).toMatchObject({ escalationLevel: 2, region: '华东', canAssess: true, allowedEvents: [] });
    expect(seen.steps.map((s: { action: string }) => s.action)).toEqual(['received', 'ACKNOWLEDGE', 'ESCALATE', 'INVESTIGATE', 'ESCALATE']);
    const [oem] = await t.sql(`select tenant_id from notifications where record_id = $1 and kind = 'complaintEscalatedToManufacturer' and tenant_id <> $2`, [
      c.id,
      await t.tenantId('DLR-E1'),
    ]);
    expect(oem.tenant_id).toBe(await t.tenantId('OEM-HY'));
    // escalated as far as it goes
    const top = await act(admin, 'escalateComplaint', 'EscalateComplaintInput', c.id, { note: '再升级' });
    expect(codeOf(top)).toBe('INVALID_TRANSITION');
    expect(reason(top)).toBe('ESCALATED_TO_THE_TOP');
  });

  it('takes its clock from the provider’s settings (the service admin sets them; the second step must come later)', async () => {
    const wrong = await admin.gql(`mutation { setComplaintSettings(input: { ackHours: 2, escalateHours: 24, escalate2Hours: 24 }) { escalateHours } }`);
    expect(reason(wrong)).toBe('SECOND_STEP_NOT_LATER');
    expect(codeOf(await care.gql(`mutation { setComplaintSettings(input: { ackHours: 2, escalateHours: 24, escalate2Hours: 36 }) { escalateHours } }`))).toBe(
      'FORBIDDEN',
    );
    await admin.ok(`mutation { setComplaintSettings(input: { ackHours: 2, escalateHours: 24, escalate2Hours: 36 }) { escalateHours } }`);
    const c = await file(care, { category: 'ATTITUDE', severity: 'MAJOR' });
    const received = now;
    now = received + 2 * HOUR + MINUTE;
    expect((await care.ok(LIST, { f: { ageing: 'OVERDUE_TO_ACKNOWLEDGE' } })).complaints.nodes.map((n: { id: string }) => n.id)).toContain(c.id);
    now = received + 24 * HOUR - MINUTE;
    await t.api.services.jobs.runDue();
    expect(await statusOf(c.id)).toEqual({ status: 'RECEIVED', escalation_level: 0 });
    now = received + 24 * HOUR;
    await t.api.services.jobs.runDue();
    expect(await statusOf(c.id)).toEqual({ status: 'ESCALATED', escalation_level: 1 });
    await admin.ok(`mutation { setComplaintSettings(input: { ackHours: 24, escalateHours: 48, escalate2Hours: 96 }) { escalateHours } }`);
  });

  it('a quality complaint reaches the authorising manufacturer’s quality engineer; other dealers, other regions and non-quality complaints stay out of sight', async () => {
    const q = await file(care, { category: 'PRODUCT_QUALITY', description: '动臂油缸漏油，修过一次又漏' });
    const oemId = await t.tenantId('OEM-HY');
    expect(q).toMatchObject({ manufacturerId: oemId, region: '华东' });
    const service = await file(care, { category: 'PRICE', description: '收费比报价高' });
    const queue = (await quality.ok(LIST, { f: {} })).complaints.nodes.map((n: { id: string }) => n.id);
    expect(queue).toContain(q.id);
    expect(queue).not.toContain(service.id);
    expect(codeOf(await quality.gql(GET, { id: service.id }))).toBe('NOT_FOUND');
    // the queue by region and dealer counts it as awaiting the quality finding — with the one escalated above and the
    // demo's two (its quality complaint, and its walk-in complaint escalated by the clock meanwhile)
    const rows = (await quality.ok(`{ complaintQueue { region dealerId dealerName awaitingFinding open } }`)).complaintQueue;
    expect(rows).toContainEqual(expect.objectContaining({ region: '华东', dealerId: await t.tenantId('DLR-E1'), awaitingFinding: 4 }));
    expect(rows[0].dealerName).toMatch(/华东/);
    // the 华东 network manager reads it; the other dealers read nothing of it
    expect((await (await t.as('network@oem.demo')).ok(GET, { id: q.id })).complaint.number).toBe(q.number);
    for (const other of ['admin@dealer-east2.demo', 'admin@dealer-north.demo', 'admin@shop.demo']) {
      const c = await t.as(other);
      expect(codeOf(await c.gql(GET, { id: q.id }))).toBe('NOT_FOUND');
      expect(JSON.stringify(await c.ok(LIST, { f: {} }))).not.toContain(q.id);
    }
    // the quality engineer records root cause and responsibility; the dealer cannot, and the engineer does not handle the customer
    expect(codeOf(await act(care, 'assessComplaint', 'AssessComplaintInput', q.id, { rootCause: 'x', responsibleParty: 'DEALER' }))).toBe('FORBIDDEN');
    expect(
      codeOf(await act(quality, 'acknowledgeComplaint', 'AcknowledgeComplaintInput', q.id, { promisedAnswerAt: new Date(now + HOUR).toISOString() })),
    ).toBe('FORBIDDEN');
    // the engineer reads the vehicle (model and VIN, not the plate) and not the customer's file
    const asSeen = (await quality.ok(`query($id: ID!) { complaint(id: $id) { vin vehicleLabel customerName contactPhone repairOrderNumber } }`, { id: q.id }))
      .complaint;
    expect(asSeen).toEqual({
      vin: 'HYZL50C2026009876',
      vehicleLabel: '华岳装载机 · HYZL50C2026009876',
      customerName: null,
      contactPhone: null,
      repairOrderNumber: null,
    });
    expect((await care.ok(`query($id: ID!) { complaint(id: $id) { vehicleLabel customerName } }`, { id: q.id })).complaint).toEqual({
      vehicleLabel: '沪C66666 · 华岳装载机 · HYZL50C2026009876',
      customerName: '王芳',
    });
    await ok(quality, 'assessComplaint', 'AssessComplaintInput', q.id, { rootCause: '油缸密封件批次缺陷', responsibleParty: 'SUPPLIER', department: '质量部' });
    const dealerView = (
      await care.ok(`query($id: ID!) { complaint(id: $id) { qualityFinding { rootCause responsibleParty department } steps { action actorName } } }`, {
        id: q.id,
      })
    ).complaint;
    expect(dealerView.qualityFinding).toEqual({ rootCause: '油缸密封件批次缺陷', responsibleParty: 'SUPPLIER', department: '质量部' });
    expect(dealerView.steps.at(-1)).toEqual({ action: 'qualityAssessed', actorName: '李静（质量工程师）' });
    // a dealer escalates a non-quality complaint to the manufacturer by hand: now it reads it
    await ok(care, 'acknowledgeComplaint', 'AcknowledgeComplaintInput', service.id, { promisedAnswerAt: new Date(now + HOUR).toISOString() });
    await ok(care, 'escalateComplaint', 'EscalateComplaintInput', service.id, { to: 'MANUFACTURER', note: '客户要求厂家介入' });
    expect((await quality.ok(GET, { id: service.id })).complaint).toMatchObject({ escalationLevel: 2, manufacturerId: oemId });
    // a shop no manufacturer authorises cannot escalate to one
    const shop = await t.as('admin@shop.demo');
    const s = (
      await shop.ok(FILE, { i: { channel: 'WALK_IN', category: 'ATTITUDE', description: '前台态度差', contactName: '路人甲', contactPhone: '13700003333' } })
    ).fileComplaint.complaint;
    const none = await act(shop, 'escalateComplaint', 'EscalateComplaintInput', s.id, { to: 'MANUFACTURER', note: 'x' });
    expect(reason(none)).toBe('NO_AUTHORISING_MANUFACTURER');
    expect((await statusOf(s.id)).status).toBe('RECEIVED');
  });

  it('the customer complains on the tracking page, follows it live, rates the answer; unsatisfied reopens, a low rating opens a recovery task, a message after closing opens a new complaint', async () => {
    // a repair of its own: the customer's first message opens a complaint
    const fresh = await admin.ok(
      `mutation { createCustomer(input: { name: "孙丽", phone: "13600005555", vehicles: [{ vin: "HYZL50C2026005555" }] }) { customer { id vehicles { id } } } }`,
    );
    const fo = await admin.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "保养" }) { repairOrder { id } } }`,
      {
        c: fresh.createCustomer.customer.id,
        v: fresh.createCustomer.customer.vehicles[0].id,
      },
    );
    const freshToken = (
      await admin.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id: fo.createRepairOrder.repairOrder.id })
    ).createTrackingLink.token;
    const me = { token: freshToken, phoneLast4: '5555' };
    const sent = await t.client().ok(`mutation($i: ComplainByLinkInput!) { complainByLink(input: $i) { ${VIEW} } }`, {
      i: { ...me, category: 'SERVICE_QUALITY', description: '车洗得不干净' },
    });
    const mine = sent.complainByLink.complaints.at(-1);
    expect(mine).toMatchObject({ status: 'RECEIVED', category: 'SERVICE_QUALITY', description: '车洗得不干净', canRate: false });
    const [row] = await t.sql(`select channel, customer_id is not null as has_customer from complaints where id = $1`, [mine.id]);
    expect(row).toEqual({ channel: 'TRACKING_PAGE', has_customer: true });
    // the care team was told
    expect(await t.sql(`select kind from notifications where record_id = $1`, [mine.id])).toEqual([{ kind: 'complaintReceived' }]);
    // a second message while it is handled joins it
    const again = await t
      .client()
      .ok(`mutation($i: ComplainByLinkInput!) { complainByLink(input: $i) { ${VIEW} } }`, { i: { ...me, description: '而且座椅上有油污' } });
    expect(again.complainByLink.complaints.filter((c: { id: string }) => c.id === mine.id)[0].steps.map((s: { action: string }) => s.action)).toEqual([
      'received',
      'customerMessage',
    ]);

    // the customer's open page hears the acknowledgement live
    const live = await subscribe(
      t.api.wsUrl,
      null,
      `subscription($i: TrackingAccessInput!) { trackingUpdates(input: $i) { complaints { id status promisedAnswerAt answer } } }`,
      {
        i: me,
      },
    );
    const promised = new Date(now + 3 * HOUR).toISOString();
    try {
      await ok(care, 'acknowledgeComplaint', 'AcknowledgeComplaintInput', mine.id, { promisedAnswerAt: promised, answer: '非常抱歉，今天下午回电' });
      let update;
      do update = (await live.next(10_000)).trackingUpdates.complaints.find((c: { id: string }) => c.id === mine.id);
      while (update.status !== 'ACKNOWLEDGED');
      expect(update).toEqual({ id: mine.id, status: 'ACKNOWLEDGED', promisedAnswerAt: promised, answer: '非常抱歉，今天下午回电' });
    } finally {
      await live.close();
    }
    await ok(care, 'investigateComplaint', 'InvestigateComplaintInput', mine.id, { note: '内部备注：洗车工未按标准' });
    await ok(care, 'recordComplaintRootCause', 'ComplaintRootCauseInput', mine.id, { rootCause: '洗车工未按标准作业' });
    await ok(care, 'resolveComplaint', 'ResolveComplaintInput', mine.id, { resolution: '重新清洗', answer: '已安排免费重新清洗' });
    const view = async () =>
      (await t.client().ok(`query($i: TrackingAccessInput!) { tracking(input: $i) { ${VIEW} } }`, { i: me })).tracking.complaints.find(
        (c: { id: string }) => c.id === mine.id,
      );
    const resolved = await view();
    expect(resolved).toMatchObject({ status: 'RESOLVED', answer: '已安排免费重新清洗', canRate: true, promisedAnswerAt: null });
    // the customer sees what they were told, never the internal notes or root cause
    expect(JSON.stringify(resolved)).not.toContain('内部备注');
    expect(JSON.stringify(resolved)).not.toContain('洗车工未按标准作业');

    // not satisfied, one star: reopened, and the shop gets a recovery task
    const RATE = `mutation($i: RateComplaintByLinkInput!) { rateComplaintByLink(input: $i) { ${VIEW} } }`;
    await t.client().ok(RATE, { i: { ...me, complaintId: mine.id, stars: 1, satisfied: false, comment: '还是不干净' } });
    expect(await view()).toMatchObject({ status: 'REOPENED', rating: 1, satisfied: false, canRate: false, promisedAnswerAt: null });
    expect((await care.ok(LIST, { f: { ageing: 'RECOVERY_OPEN' } })).complaints.nodes.map((n: { id: string }) => n.id)).toContain(mine.id);
    // rating again before a new answer: the machine refuses
    expect(codeOf(await t.client().gql(RATE, { i: { ...me, complaintId: mine.id, stars: 5, satisfied: true } }))).toBe('INVALID_TRANSITION');
    await ok(care, 'completeComplaintRecovery', 'ComplaintRecoveryInput', mine.id, { note: '店长致电道歉，客户接受' });
    await ok(care, 'investigateComplaint', 'InvestigateComplaintInput', mine.id);
    await ok(care, 'resolveComplaint', 'ResolveComplaintInput', mine.id, { resolution: '店长亲自验收', answer: '已由店长验收清洗' });
    await t.client().ok(RATE, { i: { ...me, complaintId: mine.id, stars: 5, satisfied: true } });
    expect(await view()).toMatchObject({ status: 'CLOSED', rating: 5, satisfied: true });

    // after closing, a new message is a new complaint naming the old one
    const next = await t.client().ok(`mutation($i: ComplainByLinkInput!) { complainByLink(input: $i) { ${VIEW} } }`, {
      i: { ...me, category: 'OTHER', description: '想再问一下保养周期' },
    });
    const newest = next.complainByLink.complaints.at(-1);
    expect(newest).toMatchObject({ status: 'RECEIVED', previousNumber: mine.number });
    expect(newest.id).not.toBe(mine.id);

    // a customer of another repair sees none of it, and cannot rate it
    const other = await admin.ok(
      `mutation { createCustomer(input: { name: "赵强", phone: "13600003333", vehicles: [{ vin: "HYZL50C2026001111" }] }) { customer { id vehicles { id } } } }`,
    );
    const o2 = await admin.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "保养" }) { repairOrder { id } } }`,
      {
        c: other.createCustomer.customer.id,
        v: other.createCustomer.customer.vehicles[0].id,
      },
    );
    const t2 = (
      await admin.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id: o2.createRepairOrder.repairOrder.id })
    ).createTrackingLink.token;
    const theirs = await t
      .client()
      .ok(`query($i: TrackingAccessInput!) { tracking(input: $i) { complaints { id } } }`, { i: { token: t2, phoneLast4: '3333' } });
    expect(theirs.tracking.complaints).toEqual([]);
    expect(codeOf(await t.client().gql(RATE, { i: { token: t2, phoneLast4: '3333', complaintId: newest.id, stars: 1, satisfied: false } }))).toBe('NOT_FOUND');
  });

  it('a customer cannot flood the shop: ten messages a day, even in a burst', async () => {
    const other = await admin.ok(
      `mutation { createCustomer(input: { name: "钱多", phone: "13600004444", vehicles: [{ vin: "HYZL50C2026004444" }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await admin.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "保养" }) { repairOrder { id } } }`,
      {
        c: other.createCustomer.customer.id,
        v: other.createCustomer.customer.vehicles[0].id,
      },
    );
    const tk = (
      await admin.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id: o.createRepairOrder.repairOrder.id })
    ).createTrackingLink.token;
    const results = await Promise.all(
      Array.from({ length: 14 }, (_, i) =>
        t.client().gql(`mutation($i: ComplainByLinkInput!) { complainByLink(input: $i) { number } }`, {
          i: { token: tk, phoneLast4: '4444', description: `第${i}条` },
        }),
      ),
    );
    expect(results.filter((r) => !r.errors?.length)).toHaveLength(10);
    expect(results.filter((r) => codeOf(r) === 'RATE_LIMITED')).toHaveLength(4);
    const [{ n }] = await t.sql(
      `select count(*)::int as n from complaint_steps s join complaints c on c.id = s.complaint_id where c.repair_order_id = $1 and s.actor_name = 'customer'`,
      [o.createRepairOrder.repairOrder.id],
    );
    expect(n).toBe(10);
  });
});
