import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type AnyJson, type Client, type GqlResult, type TestApi } from '../../test/harness.js';

// Friday 2026-12-04 17:55 in Shanghai
let now = new Date('2026-12-04T09:55:00.000Z').getTime();
const clock = { now: () => new Date(now) };
const at = (iso: string) => (now = new Date(iso).getTime());

const reason = (r: GqlResult) => {
  const d = r.errors?.[0]?.extensions?.details as { reason?: string; problems?: { reason?: string; field?: string }[] } | undefined;
  return d?.reason ?? d?.problems?.[0]?.reason;
};
const CLOCKS = `clocks { metric state targetMinutes elapsedMinutes pausedMinutes remainingMinutes dueAt metAt breachedAt warnedAt countingNow }`;
const REQ = `id number status severity version allowedEvents breached ${CLOCKS} steps { action byCustomer automatic note }`;
const CONTRACT = `id number versionNo status version allowedEvents entitlements { id kind code quantity used left } consumptions { kind units released repairOrderNumber } versions { versionNo status }`;
const WEEK = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  spans: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ],
}));

describe('service contracts and SLA clocks on working time (domain.md §6)', () => {
  let t: TestApi;
  let admin: Client;
  let advisor: Client;
  let customerId: string;
  let vehicleId: string;
  let contract: AnyJson;

  const saveCalendar = (days: unknown[] = []) =>
    admin.ok(`mutation($i: SaveWorkingCalendarInput!) { saveWorkingCalendar(input: $i) { stored } }`, { i: { week: WEEK, days } });
  const report = async (severity = 1) =>
    (
      await advisor.ok(`mutation($i: ReportServiceRequestInput!) { reportServiceRequest(input: $i) { request { ${REQ} } } }`, {
        i: { contractId: contract.id, severity, description: '装载机液压系统失压，无法作业', channel: 'PHONE', location: '唐山港煤场 3 号堆场' },
      })
    ).reportServiceRequest.request;
  const get = async (id: string) => (await advisor.ok(`query($id: ID!) { serviceRequest(id: $id) { ${REQ} } }`, { id })).serviceRequest;
  const step = async (name: string, type: string, id: string, extra: Record<string, unknown> = {}, who: Client = advisor) => {
    const { version } = await get(id);
    const r = await who.gql(`mutation($i: ${type}!) { ${name}(input: $i) { request { ${REQ} } } }`, { i: { id, version, ...extra } });
    if (r.errors?.length) throw new Error(`${name}: ${JSON.stringify(r.errors)}`);
    return (r.data as Record<string, { request: AnyJson }>)[name]!.request;
  };
  const clockOf = (r: AnyJson, metric: string) => r.clocks.find((c: { metric: string }) => c.metric === metric);

  beforeAll(async () => {
    t = await startTestApi({ clock });
    admin = await t.as('admin@dealer-east.demo');
    advisor = await t.as('advisor@dealer-east.demo');
    const c = await admin.ok(
      `mutation { createCustomer(input: { name: "唐山港煤炭物流", phone: "13811112222", vehicles: [{ vin: "HYZL50C2026SLA001", brand: "华岳装载机", model: "ZL50C" }] }) { customer { id vehicles { id } } } }`,
    );
    customerId = c.createCustomer.customer.id;
    vehicleId = c.createCustomer.customer.vehicles[0].id;
    await saveCalendar();
    const created = await admin.ok(`mutation($i: CreateServiceContractInput!) { createServiceContract(input: $i) { contract { ${CONTRACT} } } }`, {
      i: {
        customerId,
        type: 'FULL_SERVICE',
        title: '装载机全保服务',
        startsOn: '2026-12-01',
        endsOn: '2027-11-30',
        price: { amountMinor: '12800000', currency: 'CNY' },
        vins: ['HYZL50C2026SLA001'],
        entitlements: [
          { kind: 'OPERATION', code: 'HY-0301', label: '液压主泵更换', quantity: 1 },
          { kind: 'COMPONENT_GROUP', code: 'EN', label: '发动机部件', quantity: null },
          { kind: 'VISIT', label: '上门服务', quantity: 2 },
          { kind: 'INSPECTION', label: '季度巡检', quantity: 4, reportDays: 3 },
        ],
      },
    });
    contract = created.createServiceContract.contract;
    expect(contract).toMatchObject({ status: 'DRAFT', versionNo: 1, allowedEvents: ['ACTIVATE'] });
    expect(contract.number).toMatch(/^SC-\d{4}-\d{6}$/);
    contract = (
      await admin.ok(`mutation($i: StepServiceContractInput!) { stepServiceContract(input: $i) { contract { ${CONTRACT} } } }`, {
        i: { id: contract.id, version: contract.version, event: 'ACTIVATE' },
      })
    ).stepServiceContract.contract;
    expect(contract.status).toBe('ACTIVE');
  });
  afterAll(() => t.stop());

  it('a request at 17:55 on a Friday with a 10-minute reply target is due at 09:05 on Monday; the breach is recorded at that moment, not a minute before', async () => {
    at('2026-12-04T09:55:00.000Z');
    const r = await report(1);
    expect(r).toMatchObject({ status: 'OPEN', severity: 1, breached: false });
    expect(r.number).toMatch(/^SR-\d{4}-\d{6}$/);
    const reply = clockOf(r, 'FIRST_REPLY');
    expect(reply).toMatchObject({ state: 'RUNNING', targetMinutes: 10, dueAt: '2026-12-07T01:05:00.000Z', countingNow: true });
    // on site within 12 working hours: Fri 5 min + Mon 8 h + Tue 3 h 55 min → Tue 12:00 → with lunch: 13:00 + ... = Tue 2026-12-08 12:55 local? computed by the calendar
    expect(clockOf(r, 'ON_SITE').targetMinutes).toBe(720);
    expect(clockOf(r, 'RESOLUTION').targetMinutes).toBeNull();

    // the weekend passes without working time: the clock stands at 5 minutes
    at('2026-12-06T12:00:00.000Z');
    expect(clockOf(await get(r.id), 'FIRST_REPLY')).toMatchObject({ elapsedMinutes: 5, remainingMinutes: 5, countingNow: false });

    // Monday 09:04: the job finds nothing due
    at('2026-12-07T01:04:00.000Z');
    await t.api.services.jobs.runDue();
    expect(clockOf(await get(r.id), 'FIRST_REPLY')).toMatchObject({ state: 'RUNNING', breachedAt: null });
    // 09:05: breached, at 09:05 exactly
    at('2026-12-07T01:05:00.000Z');
    await t.api.services.jobs.runDue();
    const late = await get(r.id);
    expect(clockOf(late, 'FIRST_REPLY')).toMatchObject({ state: 'BREACHED', breachedAt: '2026-12-07T01:05:00.000Z' });
    expect(late.breached).toBe(true);
    expect(late.steps.map((s: { action: string }) => s.action)).toContain('slaBreached');
    // a job that runs late still records the true instant
    const [{ breached_at }] = await t.sql(`select breached_at from sla_clocks where request_id = $1 and metric = 'FIRST_REPLY'`, [r.id]);
    expect(new Date(breached_at).toISOString()).toBe('2026-12-07T01:05:00.000Z');
    // the reply still stops it (late): it stays BREACHED with the time it was met
    at('2026-12-07T01:20:00.000Z');
    const replied = await step('replyServiceRequest', 'ReplyServiceRequestInput', r.id, { message: '工程师已出发' });
    expect(clockOf(replied, 'FIRST_REPLY')).toMatchObject({ state: 'BREACHED', metAt: '2026-12-07T01:20:00.000Z', elapsedMinutes: 25 });
  });

  it('a holiday and an adjusted working day move the due time as a person expects', async () => {
    // Monday a holiday: Friday 17:55 + 10 min → Tuesday 09:05
    await saveCalendar([{ date: '2026-12-07', kind: 'HOLIDAY', name: '测试假日' }]);
    at('2026-12-04T09:55:00.000Z');
    const a = await report(2);
    expect(clockOf(a, 'FIRST_REPLY').dueAt).toBe('2026-12-08T01:05:00.000Z');
    // and a working Sunday (调休) before it: due Sunday 09:05
    await saveCalendar([
      { date: '2026-12-06', kind: 'WORKDAY', name: '调休上班' },
      { date: '2026-12-07', kind: 'HOLIDAY', name: '测试假日' },
    ]);
    const b = await report(2);
    expect(clockOf(b, 'FIRST_REPLY').dueAt).toBe('2026-12-06T01:05:00.000Z');
    // a calendar that cannot work is refused, nothing saved
    const bad = await admin.gql(`mutation($i: SaveWorkingCalendarInput!) { saveWorkingCalendar(input: $i) { stored } }`, {
      i: {
        week: [
          {
            weekday: 1,
            spans: [
              { start: '09:00', end: '12:00' },
              { start: '11:00', end: '13:00' },
            ],
          },
        ],
        days: [],
      },
    });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(reason(bad)).toBe('SPANS_OVERLAP');
    await saveCalendar();
  });

  it('asking the customer pauses the clocks until they answer; the reply clock stops at the question; a new severity keeps the elapsed time', async () => {
    at('2026-12-08T01:00:00.000Z'); // Tuesday 09:00
    const r = await report(1);
    at('2026-12-08T01:30:00.000Z'); // 09:30: ask for photos — a reply too
    const asked = await step('askServiceRequestCustomer', 'AskServiceRequestCustomerInput', r.id, { question: '请拍一张液压油箱的照片' });
    expect(asked.status).toBe('WAITING_CUSTOMER');
    expect(clockOf(asked, 'FIRST_REPLY')).toMatchObject({ state: 'BREACHED' });
    expect(clockOf(asked, 'ON_SITE')).toMatchObject({ state: 'PAUSED', elapsedMinutes: 30, dueAt: null });
    // two working hours pass while the customer is away: nothing counts
    at('2026-12-08T03:30:00.000Z'); // 11:30
    await t.api.services.jobs.runDue();
    expect(clockOf(await get(r.id), 'ON_SITE')).toMatchObject({ state: 'PAUSED', elapsedMinutes: 30, pausedMinutes: 120 });
    const answered = await step('recordServiceRequestAnswer', 'ServiceRequestAnswerInput', r.id, { answer: '照片已发到微信' });
    expect(answered.status).toBe('IN_PROGRESS');
    expect(clockOf(answered, 'ON_SITE')).toMatchObject({ state: 'RUNNING', elapsedMinutes: 30, pausedMinutes: 120 });
    // 30 more working minutes (11:30–12:00), then lower the severity: the elapsed 60 minutes stay, the target is 24 h
    at('2026-12-08T04:00:00.000Z');
    const lowered = await step('changeServiceRequestSeverity', 'ServiceRequestSeverityInput', r.id, { severity: 2, reason: '客户确认可低速作业' });
    expect(lowered.severity).toBe(2);
    expect(clockOf(lowered, 'ON_SITE')).toMatchObject({ targetMinutes: 1440, elapsedMinutes: 60 });
    expect(clockOf(lowered, 'PARTS')).toMatchObject({ targetMinutes: null, dueAt: null });
    // raising it again takes the 12-hour target with the same 60 minutes
    const raised = await step('changeServiceRequestSeverity', 'ServiceRequestSeverityInput', r.id, { severity: 1, reason: '设备完全停机' });
    expect(clockOf(raised, 'ON_SITE')).toMatchObject({ targetMinutes: 720, elapsedMinutes: 60, remainingMinutes: 660 });
    // on site, parts, resolved: the clocks stop
    const onSite = await step('markServiceRequestOnSite', 'ServiceRequestStepInput', r.id, { note: '到达煤场' });
    expect(clockOf(onSite, 'ON_SITE')).toMatchObject({ state: 'MET' });
    const resolved = await step('resolveServiceRequest', 'ResolveServiceRequestInput', r.id, { resolution: '更换主泵密封件' });
    expect(resolved.status).toBe('RESOLVED');
    expect(resolved.clocks.every((c: { state: string }) => c.state === 'MET' || c.state === 'BREACHED')).toBe(true);
    // an illegal step is INVALID_TRANSITION and changes nothing
    const { version } = await get(r.id);
    const bad = await advisor.gql(`mutation($i: AskServiceRequestCustomerInput!) { askServiceRequestCustomer(input: $i) { request { id } } }`, {
      i: { id: r.id, version, question: '?' },
    });
    expect(codeOf(bad)).toBe('INVALID_TRANSITION');
    expect((await get(r.id)).version).toBe(version);
  });

  it('a repair line paid by the contract consumes its entitlement, and is refused when not covered or used up', async () => {
    at('2026-12-09T02:00:00.000Z');
    const M = (name: string, type: string) => `mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { id version status } } }`;
    const newDiagnosedOrder = async (complaint: string) => {
      let o = (
        await admin.ok(
          `mutation($c: ID!, $v: ID!, $t: String!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: $t }) { repairOrder { id version status } } }`,
          {
            c: customerId,
            v: vehicleId,
            t: complaint,
          },
        )
      ).createRepairOrder.repairOrder;
      if (o.status === 'APPOINTED')
        o = (await admin.ok(M('checkInRepairOrder', 'CheckInInput'), { i: { id: o.id, version: o.version, meter: 1200, customerSigned: true } }))
          .checkInRepairOrder.repairOrder;
      o = (
        await admin.ok(M('diagnoseRepairOrder', 'DiagnoseInput'), {
          i: { id: o.id, version: o.version, findings: [{ system: '液压系统', finding: '主泵内泄' }], summary: '主泵磨损' },
        })
      ).diagnoseRepairOrder.repairOrder;
      return o;
    };
    const estimate = async (id: string, extra: Record<string, unknown>[]) => {
      const [{ version }] = await t.sql(`select version from repair_orders where id = $1`, [id]);
      return admin.gql(M('estimateRepairOrder', 'EstimateInput'), {
        i: {
          id,
          version,
          method: 'ITEM',
          lines: [{ kind: 'LABOUR', description: '更换液压主泵', operationCode: 'HY-0301', hours: '3', rateMinor: '12000', payType: 'CONTRACT' }, ...extra],
        },
      });
    };
    const order = await newDiagnosedOrder('液压主泵异响');
    // a line the contract does not cover: refused on that line, nothing consumed
    const notCovered = await estimate(order.id, [
      { kind: 'LABOUR', description: '更换驾驶室玻璃', operationCode: 'CB-0101', hours: '1', rateMinor: '12000', payType: 'CONTRACT' },
    ]);
    expect(codeOf(notCovered)).toBe('BAD_USER_INPUT');
    const problems = (notCovered.errors?.[0]?.extensions?.details as { problems: { field: string; reason: string }[] }).problems;
    expect(problems).toEqual([expect.objectContaining({ field: 'input.lines[1]', reason: 'NOT_COVERED' })]);
    expect((await t.sql(`select count(*)::int n from contract_consumptions where repair_order_id = $1`, [order.id]))[0].n).toBe(0);
    // covered (its code, and a component group): consumed, plus one visit
    const ok = await estimate(order.id, [
      { kind: 'PART', description: '机油滤清器', partNumber: 'EN-F-100', quantity: '2', unitPriceMinor: '8000', source: 'OEM', payType: 'CONTRACT' },
    ]);
    expect(ok.errors).toBeUndefined();
    const read = async () => (await admin.ok(`query($id: ID!) { serviceContract(id: $id) { ${CONTRACT} } }`, { id: contract.id })).serviceContract;
    const ent = (c: AnyJson, code: string | null, kind: string) =>
      c.entitlements.find((e: { code: string | null; kind: string }) => e.kind === kind && e.code === code);
    const after = await read();
    expect(ent(after, 'HY-0301', 'OPERATION')).toMatchObject({ used: 1, left: 0 });
    expect(ent(after, 'EN', 'COMPONENT_GROUP')).toMatchObject({ used: 2, left: null });
    expect(ent(after, null, 'VISIT')).toMatchObject({ used: 1, left: 1 });
    // rewriting the estimate gives back what the old lines took and takes again
    expect((await estimate(order.id, [])).errors).toBeUndefined();
    const rewritten = await read();
    expect(ent(rewritten, 'HY-0301', 'OPERATION')).toMatchObject({ used: 1 });
    expect(ent(rewritten, 'EN', 'COMPONENT_GROUP')).toMatchObject({ used: 0 });
    expect(ent(rewritten, null, 'VISIT')).toMatchObject({ used: 1 });
    // a second order wanting the same operation: used up, on that line
    const order2 = await newDiagnosedOrder('主泵再次异响');
    const usedUp = await estimate(order2.id, []);
    expect(reason(usedUp)).toBe('ENTITLEMENT_USED_UP');
    // a vehicle without a contract: NO_ACTIVE_CONTRACT
    const other = await admin.ok(
      `mutation { createCustomer(input: { name: "无合同客户", phone: "13811113333", vehicles: [{ vin: "HYZL50C2026NOC001" }] }) { customer { id vehicles { id } } } }`,
    );
    let o3 = (
      await admin.ok(
        `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "保养" }) { repairOrder { id version status } } }`,
        {
          c: other.createCustomer.customer.id,
          v: other.createCustomer.customer.vehicles[0].id,
        },
      )
    ).createRepairOrder.repairOrder;
    if (o3.status === 'APPOINTED')
      o3 = (await admin.ok(M('checkInRepairOrder', 'CheckInInput'), { i: { id: o3.id, version: o3.version, meter: 10, customerSigned: true } }))
        .checkInRepairOrder.repairOrder;
    o3 = (
      await admin.ok(M('diagnoseRepairOrder', 'DiagnoseInput'), {
        i: { id: o3.id, version: o3.version, findings: [{ system: '保养', finding: '到期' }], summary: '保养' },
      })
    ).diagnoseRepairOrder.repairOrder;
    expect(reason(await estimate(o3.id, []))).toBe('NO_ACTIVE_CONTRACT');
  });

  it('the customer reports through their link (a retried report is one request), answers the question (clocks resume) and confirms the resolution', async () => {
    at('2026-12-10T02:00:00.000Z'); // Thursday 10:00
    const token = (await admin.ok(`mutation($id: ID!) { createContractLink(input: { contractId: $id }) { token } }`, { id: contract.id })).createContractLink
      .token;
    const access = { token, phoneLast4: '2222' };
    const VIEW = `number canReport entitlements { kind left } requests { id number status severity canAnswer canConfirm question breached clocks { metric state } steps { action actorName byCustomer } }`;
    const REPORT = `mutation($i: ReportFaultByLinkInput!) { reportFaultByLink(input: $i) { ${VIEW} } }`;
    const i = { ...access, severity: 1, description: '动臂无法举升', location: '煤场 2 号门', idempotencyKey: 'fault-1' };
    const first = (await t.client().ok(REPORT, { i })).reportFaultByLink;
    const again = (await t.client().ok(REPORT, { i })).reportFaultByLink;
    expect(again.requests.length).toBe(first.requests.length);
    const mine = first.requests[0];
    expect(mine).toMatchObject({ status: 'OPEN', severity: 1, canAnswer: false });
    expect((await t.sql(`select count(*)::int n from service_requests where description = '动臂无法举升'`))[0].n).toBe(1);
    // the desk asks; the customer's page shows the question and answers it
    await step('askServiceRequestCustomer', 'AskServiceRequestCustomerInput', mine.id, { question: '请确认设备停放位置' });
    const VIEWQ = `query($i: ContractAccessInput!) { contractView(input: $i) { ${VIEW} } }`;
    const waiting = (await t.client().ok(VIEWQ, { i: access })).contractView.requests[0];
    expect(waiting).toMatchObject({ status: 'WAITING_CUSTOMER', canAnswer: true, question: '请确认设备停放位置' });
    expect(waiting.steps.find((s: { action: string }) => s.action === 'ASK_CUSTOMER').actorName).toBe('provider');
    const answered = (
      await t.client().ok(`mutation($i: AnswerServiceRequestByLinkInput!) { answerServiceRequestByLink(input: $i) { ${VIEW} } }`, {
        i: { ...access, requestId: mine.id, answer: '停在 2 号门东侧' },
      })
    ).answerServiceRequestByLink.requests[0];
    expect(answered.status).toBe('IN_PROGRESS');
    expect(answered.clocks.find((c: { metric: string }) => c.metric === 'ON_SITE').state).toBe('RUNNING');
    expect(answered.steps.at(-1)).toMatchObject({ action: 'CUSTOMER_ANSWERED', byCustomer: true, actorName: 'customer' });
    await step('resolveServiceRequest', 'ResolveServiceRequestInput', mine.id, { resolution: '更换举升阀' });
    const closed = (
      await t.client().ok(`mutation($i: ConfirmServiceRequestByLinkInput!) { confirmServiceRequestByLink(input: $i) { ${VIEW} } }`, {
        i: { ...access, requestId: mine.id, satisfied: true },
      })
    ).confirmServiceRequestByLink.requests[0];
    expect(closed.status).toBe('CLOSED');
    // wrong digits open nothing
    expect(codeOf(await t.client().gql(VIEWQ, { i: { token, phoneLast4: '0000' } }))).toBe('UNAUTHENTICATED');
  });

  it('an inspection takes one from the entitlement; its report is due at the end of the third working day; none left is refused', async () => {
    at('2026-12-11T02:00:00.000Z'); // Friday 10:00
    const RECORD = `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { inspection { id reportDueAt reportedAt overdue } contract { id } } }`;
    const first = (await admin.ok(RECORD, { i: { contractId: contract.id, engineer: '王工', performedAt: '2026-12-11T01:30:00.000Z' } })).recordInspection
      .inspection;
    // Friday's inspection: Monday, Tuesday, Wednesday → Wednesday 18:00 Shanghai
    expect(first).toMatchObject({ reportDueAt: '2026-12-16T10:00:00.000Z', reportedAt: null, overdue: false });
    const read = async () =>
      (await admin.ok(`query($id: ID!) { serviceContract(id: $id) { ${CONTRACT} inspections { id } } }`, { id: contract.id })).serviceContract;
    const c = await read();
    expect(c.entitlements.find((e: { kind: string }) => e.kind === 'INSPECTION')).toMatchObject({ used: 1, left: 3 });
    expect(c.consumptions.some((x: { kind: string }) => x.kind === 'INSPECTION')).toBe(true);
    const reported = await admin.ok(`mutation($i: ReportInspectionInput!) { reportInspection(input: $i) { inspection { reportedAt overdue findings } } }`, {
      i: { inspectionId: first.id, findings: '液压油位正常', items: [{ item: '液压系统', result: 'OK' }] },
    });
    expect(reported.reportInspection.inspection).toMatchObject({ overdue: false, findings: '液压油位正常' });
    for (let n = 0; n < 3; n++) await admin.ok(RECORD, { i: { contractId: contract.id, engineer: '王工' } });
    const none = await admin.gql(RECORD, { i: { contractId: contract.id, engineer: '王工' } });
    expect(reason(none)).toBe('ENTITLEMENT_USED_UP');
  });

  it('a request becomes one on-site repair order, in one step: two at once open one order; a request naming no vehicle of the file opens none', async () => {
    const TO = `mutation($i: ServiceRequestRefInput!) { serviceRequestToRepairOrder(input: $i) { request { id version repairOrderId repairOrderNumber } } }`;
    const orders = async () => (await t.sql<{ n: number }>(`select count(*)::int as n from repair_orders where customer_id = $1`, [customerId]))[0]!.n;
    const REPORT = `mutation($i: ReportServiceRequestInput!) { reportServiceRequest(input: $i) { request { id version } } }`;
    const reported = async (vin: string) =>
      (
        await advisor.ok(REPORT, {
          i: { contractId: contract.id, severity: 2, description: '动臂油缸渗油', channel: 'PHONE', location: '唐山港煤场 5 号堆场', vin },
        })
      ).reportServiceRequest.request;
    const before = await orders();
    const r = await reported('HYZL50C2026SLA001');
    // the same version twice at once (a double tap on two screens): one order, the other refused
    const both = await Promise.all([advisor.gql(TO, { i: { id: r.id, version: r.version } }), advisor.gql(TO, { i: { id: r.id, version: r.version } })]);
    const done = both.filter((x) => !x.errors?.length);
    expect(done).toHaveLength(1);
    expect(codeOf(both.find((x) => x.errors?.length)!)).toMatch(/CONFLICT|INVALID_TRANSITION/);
    const linked = (done[0]!.data as AnyJson).serviceRequestToRepairOrder.request;
    expect(linked.repairOrderNumber).toMatch(/^RO-/);
    expect(await orders()).toBe(before + 1);
    const [order] = await t.sql<{ id: string; on_site: boolean; site_address: string; complaint: string; vehicle_id: string }>(
      `select id, on_site, site_address, complaint, vehicle_id from repair_orders where id = $1`,
      [linked.repairOrderId],
    );
    expect(order).toMatchObject({ on_site: true, site_address: '唐山港煤场 5 号堆场', vehicle_id: vehicleId });
    expect(order!.complaint).toContain('动臂油缸渗油');
    // once linked, never again
    const again = await advisor.gql(TO, { i: { id: r.id, version: linked.version } });
    expect(reason(again)).toBe('DOCUMENT_CLOSED');
    // a request whose VIN is no longer on the customer's file (set by hand: the report itself refuses
    // one outside the contract): refused in words, no order written, the request not linked
    const stray = await reported('HYZL50C2026SLA001');
    await t.sql(`update service_requests set vin = 'HYZL50C2026SLA999' where id = $1`, [stray.id]);
    const refused = await advisor.gql(TO, { i: { id: stray.id, version: stray.version } });
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(reason(refused)).toBe('NO_ACTIVE_CONTRACT');
    expect(await orders()).toBe(before + 1);
    expect((await t.sql(`select repair_order_id from service_requests where id = $1`, [stray.id]))[0]).toEqual({ repair_order_id: null });
  });

  it('a warning and a breach due in the same round both run: the warning does not re-plan the breach job that round already holds', async () => {
    at('2026-12-21T01:00:00.000Z'); // Monday 09:00
    const r = await report(1);
    // the service was down until Wednesday evening: every reply and on-site timer is due at once
    at('2026-12-23T10:00:00.000Z');
    await t.api.services.jobs.runDue();
    const late = await get(r.id);
    // each clock with a target was warned at 75 % and then breached, in that order, at their own instants
    const timed = late.clocks.filter((c: AnyJson) => c.targetMinutes !== null);
    expect(timed.map((c: AnyJson) => c.metric)).toEqual(expect.arrayContaining(['FIRST_REPLY', 'ON_SITE']));
    for (const c of timed) {
      expect(c, c.metric).toMatchObject({ state: 'BREACHED', warnedAt: expect.any(String), breachedAt: expect.any(String) });
      expect(c.warnedAt < c.breachedAt, c.metric).toBe(true);
    }
    expect(clockOf(late, 'FIRST_REPLY')).toMatchObject({ warnedAt: '2026-12-21T01:07:30.000Z', breachedAt: '2026-12-21T01:10:00.000Z' });
    expect(late.steps.filter((s: { action: string }) => s.action === 'slaWarning')).toHaveLength(timed.length);
    expect(late.steps.filter((s: { action: string }) => s.action === 'slaBreached')).toHaveLength(timed.length);
    // no job of the request failed and none waits for a retry
    const jobs = await t.sql<{ status: string; last_error: string | null }>(`select status, last_error from jobs where payload->>'requestId' = $1`, [r.id]);
    expect(jobs.filter((j) => j.last_error !== null)).toEqual([]);
    expect(jobs.filter((j) => j.status === 'PENDING' || j.status === 'RUNNING')).toEqual([]);
  });

  it('renewal makes a new version under the same number; the old one stays readable', async () => {
    const current = (await admin.ok(`query($id: ID!) { serviceContract(id: $id) { ${CONTRACT} } }`, { id: contract.id })).serviceContract;
    const renewed = (
      await admin.ok(`mutation($i: RenewServiceContractInput!) { renewServiceContract(input: $i) { contract { ${CONTRACT} startsOn endsOn previousId } } }`, {
        i: { id: contract.id, version: current.version },
      })
    ).renewServiceContract.contract;
    expect(renewed).toMatchObject({ number: contract.number, versionNo: 2, status: 'DRAFT', startsOn: '2027-12-01', previousId: contract.id });
    expect(renewed.entitlements.every((e: { used: number }) => e.used === 0)).toBe(true);
    expect(renewed.versions.map((v: { versionNo: number }) => v.versionNo)).toEqual([2, 1]);
    const old = (await admin.ok(`query($id: ID!) { serviceContract(id: $id) { status renewedById } }`, { id: contract.id })).serviceContract;
    expect(old).toMatchObject({ status: 'ACTIVE', renewedById: renewed.id });
    // the renewal took no number from the series: the next new contract follows the last one without a gap
    const [row] = await t.sql<{ last: string }>(
      `select max(number) as last from service_contracts where tenant_id = (select tenant_id from service_contracts where id = $1)`,
      [contract.id],
    );
    const next = (
      await admin.ok(`mutation($i: CreateServiceContractInput!) { createServiceContract(input: $i) { contract { number } } }`, {
        i: {
          customerId,
          type: 'MAINTENANCE_PLAN',
          title: '保养套餐',
          startsOn: '2027-01-01',
          endsOn: '2027-12-31',
          price: { amountMinor: '360000', currency: 'CNY' },
          vins: ['HYZL50C2026SLA001'],
          entitlements: [{ kind: 'VISIT', label: '上门服务', quantity: 1 }],
        },
      })
    ).createServiceContract.contract;
    const seq = (n: string) => Number(n.slice(-6));
    expect(seq(next.number)).toBe(seq(row!.last) + 1);
  });

  it('a refused step answers as before: NOT_FOUND for another dealer, FORBIDDEN for the manufacturer (it reads, never answers), CONFLICT for a stale version', async () => {
    const r = await report(2);
    const REPLY = `mutation($i: ReplyServiceRequestInput!) { replyServiceRequest(input: $i) { request { id version status } } }`;
    const i = { id: r.id, version: r.version, message: '收到，工程师稍后联系' };
    expect(codeOf(await (await t.as('admin@dealer-north.demo')).gql(REPLY, { i }))).toBe('NOT_FOUND');
    const oem = await t.as('quality@oem.demo');
    expect((await get(r.id)).id).toBe(r.id);
    expect((await oem.ok(`query($id: ID!) { serviceRequest(id: $id) { id } }`, { id: r.id })).serviceRequest.id).toBe(r.id);
    const forbidden = await oem.gql(REPLY, { i });
    expect(codeOf(forbidden)).toBe('FORBIDDEN');
    expect(reason(forbidden)).toBe('ACTION_NOT_ALLOWED');
    expect(forbidden.errors?.[0]?.message).toBe('Only the provider’s service desk handles fault reports.');
    // a later message (no event: the action is the desk's 'answer' too) is refused alike
    const stale = await advisor.gql(REPLY, { i: { ...i, version: r.version + 1 } });
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(reason(stale)).toBe('STALE_VERSION');
    const replied = (await advisor.ok(REPLY, { i })).replyServiceRequest.request;
    expect(replied.status).toBe('IN_PROGRESS');
    expect(replied.version).toBeGreaterThan(r.version);
    const message = await oem.gql(REPLY, { i: { ...i, version: replied.version } });
    expect(codeOf(message)).toBe('FORBIDDEN');
    expect((await get(r.id)).version).toBe(replied.version);
  });
});
