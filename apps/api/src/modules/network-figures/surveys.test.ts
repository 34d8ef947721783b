import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type AnyJson, type Client, type GqlResult, type TestApi } from '../../test/harness.js';

let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const problems = (r: GqlResult) =>
  ((r.errors?.[0]?.extensions?.details as { problems?: { field: string; reason: string }[] } | undefined)?.problems ?? []).map((p) => [p.field, p.reason]);

/** The seed-004 satisfaction survey: recorded in a follow-up call or answered on the tracking page, after delivery, once per channel. */
describe('customer-satisfaction surveys (seed 004, 范文6)', () => {
  let t: TestApi;
  let care: Client;
  let advisor: Client;
  let e1: string;
  let delivered: string;
  let open: string;
  let token: string;

  beforeAll(async () => {
    t = await startTestApi({ clock });
    care = await t.as('care@dealer-east.demo');
    advisor = await t.as('advisor@dealer-east.demo');
    e1 = await t.tenantId('DLR-E1');
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "满意度客户", phone: "13911112468", vehicles: [{ vin: "HYZL50C2026CSI001", brand: "华岳装载机" }] }) { customer { id vehicles { id } } } }`,
    );
    const order = async () =>
      (
        await advisor.ok(
          `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "保养" }) { repairOrder { id } } }`,
          {
            c: c.createCustomer.customer.id,
            v: c.createCustomer.customer.vehicles[0].id,
          },
        )
      ).createRepairOrder.repairOrder.id as string;
    delivered = await order();
    open = await order();
    // delivered through the workshop's own path (check-in to delivery, each step by its role)
    const admin = await t.as('admin@dealer-east.demo');
    let version = (await t.sql<{ version: number }>(`select version from repair_orders where id = $1`, [delivered]))[0]!.version;
    const step = async (who: Client, name: string, type: string, extra: Record<string, unknown> = {}) => {
      const r = await who.ok(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { version status } } }`, { i: { id: delivered, version, ...extra } });
      version = r[name].repairOrder.version;
      return r[name].repairOrder.status as string;
    };
    await step(advisor, 'checkInRepairOrder', 'CheckInInput', { meter: 5000, customerSigned: true });
    await step(admin, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '保养', finding: '机油到期' }], summary: '常规保养' });
    await step(admin, 'estimateRepairOrder', 'EstimateInput', {
      method: 'ITEM',
      lines: [{ kind: 'LABOUR', description: '常规保养', hours: '1', rateMinor: '10000', payType: 'CUSTOMER' }],
    });
    await step(admin, 'approveRepairOrder', 'OrderRef');
    await step(admin, 'dispatchRepairOrder', 'DispatchInput', { technicianId: await t.userId('tech@dealer-east.demo') });
    await step(admin, 'startRepairWork', 'OrderRef');
    await step(admin, 'finishRepairWork', 'OrderRef');
    await step(await t.as('inspector@dealer-east.demo'), 'recordQualityCheck', 'QcInput', { passed: true });
    await step(admin, 'settleRepairOrder', 'SettleInput', { paymentMethod: '现金' });
    expect(await step(advisor, 'deliverRepairOrder', 'DeliverInput', { belongingsReturned: true, customerSigned: true })).toBe('DELIVERED');
    token = (await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id: delivered })).createTrackingLink
      .token;
  }, 120_000);
  afterAll(async () => t?.stop());

  const RECORD = `mutation($i: RecordSurveyInput!) { recordSatisfactionSurvey(input: $i) { answered } }`;

  it('a bad survey is refused with each problem named, nothing written', async () => {
    const r = await care.gql(RECORD, {
      i: {
        repairOrderId: delivered,
        answers: [
          { indicator: 'STAFF_ATTITUDE', expected: 5, actual: 6 },
          { indicator: 'NO_SUCH_THING', expected: 4, actual: 4 },
          { indicator: 'STAFF_ATTITUDE', expected: 4, actual: 4 },
        ],
      },
    });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(problems(r)).toEqual([
      ['input.answers[0].actual', 'OUT_OF_RANGE'],
      ['input.answers[1].indicator', 'NOT_ONE_OF'],
      ['input.answers[2].indicator', 'DUPLICATE'],
    ]);
    expect(problems(await care.gql(RECORD, { i: { repairOrderId: delivered, answers: [] } }))).toEqual([['input.answers', 'REQUIRED']]);
    expect(await t.sql(`select 1 from satisfaction_surveys where tenant_id = $1`, [e1])).toEqual([]);
  });

  it('only after delivery, once per channel; an advisor may not record it', async () => {
    const answers = [
      { indicator: 'STAFF_ATTITUDE', expected: 5, actual: 4 },
      { indicator: 'REPAIR_TIMELINESS', expected: 4, actual: 5 },
    ];
    const early = await care.gql(RECORD, { i: { repairOrderId: open, answers } });
    expect(codeOf(early)).toBe('INVALID_TRANSITION');
    expect(codeOf(await advisor.gql(RECORD, { i: { repairOrderId: delivered, answers } }))).toBe('FORBIDDEN');
    // the order's calls say whether its survey was recorded (the card's 已记录 after a reload): the
    // delivery's timers open both calls (2–7 days on), then the clock comes back to today
    offsetMs = 8 * 86_400_000;
    while ((await t.api.services.jobs.runDue(50)) > 0) {
      /* until no job is due */
    }
    offsetMs = 0;
    const recordedAt = async () => {
      const calls = (await care.ok(`{ followUps(first: 50) { nodes { repairOrderId callNo surveyRecordedAt } } }`)).followUps.nodes as AnyJson[];
      const mine = calls.filter((f) => f.repairOrderId === delivered);
      expect(mine.length).toBeGreaterThan(0);
      return [...new Set(mine.map((f) => f.surveyRecordedAt))];
    };
    expect(await recordedAt()).toEqual([null]);
    expect((await care.ok(RECORD, { i: { repairOrderId: delivered, answers } })).recordSatisfactionSurvey.answered).toBe(2);
    const [at, ...more] = await recordedAt();
    expect(more).toEqual([]);
    expect(Math.abs(Date.parse(at) - clock.now().getTime())).toBeLessThan(60_000);
    expect(codeOf(await care.gql(RECORD, { i: { repairOrderId: delivered, answers } }))).toBe('CONFLICT');
    const other = await t.as('admin@dealer-east2.demo');
    expect(codeOf(await other.gql(RECORD, { i: { repairOrderId: delivered, answers } }))).toMatch(/NOT_FOUND|FORBIDDEN/);
  });

  it('the customer answers on the tracking page; the index counts both surveys of the day', async () => {
    const visitor = t.client();
    const STATUS = `query($i: TrackingAccessInput!) { surveyByLink(input: $i) { canAnswer answered indicators answers { indicator expected actual } answeredAt } }`;
    const before = (await visitor.ok(STATUS, { i: { token, phoneLast4: '2468' } })).surveyByLink;
    expect(before).toMatchObject({ canAnswer: true, answered: false, answers: [], answeredAt: null });
    expect(before.indicators).toContain('STAFF_ATTITUDE');
    const ANSWER = `mutation($i: AnswerSurveyByLinkInput!) { answerSurveyByLink(input: $i) { canAnswer answered } }`;
    const answers = [
      { indicator: 'STAFF_ATTITUDE', expected: 4, actual: 4 },
      { indicator: 'REPAIR_TIMELINESS', expected: 5, actual: 3 },
    ];
    expect(codeOf(await visitor.gql(ANSWER, { i: { token, phoneLast4: '0000', answers } }))).toMatch(/NOT_FOUND|FORBIDDEN|UNAUTHENTICATED/);
    expect((await visitor.ok(ANSWER, { i: { token, phoneLast4: '2468', answers } })).answerSurveyByLink).toEqual({ canAnswer: false, answered: true });
    expect(codeOf(await visitor.gql(ANSWER, { i: { token, phoneLast4: '2468', answers } }))).toBe('CONFLICT');
    // the page after a reload: answered, with what was answered (the care agent's survey is another channel)
    const after = (await visitor.ok(STATUS, { i: { token, phoneLast4: '2468' } })).surveyByLink;
    expect(after).toMatchObject({ canAnswer: false, answered: true, answers });
    expect(after.answeredAt).toEqual(expect.any(String));

    // the refresh job the surveys planned, then the day's CSI: staff 4/4.5, timeliness 4/4.5 (see below)
    offsetMs = 5 * 60_000;
    while ((await t.api.services.jobs.runDue(50)) > 0) {
      /* until none is due */
    }
    offsetMs = 0;
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const admin = await t.as('admin@dealer-east.demo');
    const r = await admin.ok(
      `query($d: String!) { figureScorecard(input: { from: $d, to: $d }) { figures { figureId value sample tooFew breakdown { key value } } } }`,
      { d: day },
    );
    const csi = r.figureScorecard.figures.find((f: AnyJson) => f.figureId === 'csi');
    // two surveys < 5: too few to show, but the sample is counted
    expect(csi).toMatchObject({ tooFew: true, value: null, sample: 2 });
    const facts = await t.sql<{ measure: string; value: string }>(
      `select measure, value from figure_facts where tenant_id = $1 and grain = 'D' and measure like 'csi.%'`,
      [e1],
    );
    expect(Object.fromEntries(facts.map((f) => [f.measure, Number(f.value)]))).toEqual({
      'csi.n:STAFF_ATTITUDE': 2,
      'csi.expected:STAFF_ATTITUDE': 9, // 5 + 4
      'csi.actual:STAFF_ATTITUDE': 8, // 4 + 4
      'csi.n:REPAIR_TIMELINESS': 2,
      'csi.expected:REPAIR_TIMELINESS': 9, // 4 + 5
      'csi.actual:REPAIR_TIMELINESS': 8, // 5 + 3
    });
  });
});
