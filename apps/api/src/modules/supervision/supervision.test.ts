import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type Client, type GqlResult, type TestApi } from '../../test/harness.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
// 2026-12-01 10:00 in Shanghai (the manufacturer's zone)
let now = new Date('2026-12-01T02:00:00.000Z').getTime();
const clock = { now: () => new Date(now) };

const W = `id number kind status version region dealerId manufacturerId amount { amountMinor currency } cureDueAt appealDueAt cureReport appealGrounds
  decisionNote overdue allowedEvents dealerName steps { action fromState toState note byDealer automatic }`;
const P = `id number status version region targets { figureId target by } actions { index text owner due doneAt overdue } activatedOn lastCheckedOn
  nextCheckAt allowedEvents checks { day outcome overdueActions results { figureId value sample judgement } } steps { action toState automatic }`;
const reason = (r: GqlResult) => {
  const d = r.errors?.[0]?.extensions?.details as { reason?: string; problems?: { reason?: string }[] } | undefined;
  return d?.reason ?? d?.problems?.[0]?.reason;
};

describe('network supervision (网络监督): warnings, penalties, improvement plans', () => {
  let t: TestApi;
  let oem: Client;
  let network: Client;
  let analyst: Client;
  let dealer: Client;
  let other: Client;
  let oemId: string;
  let e1: string;
  let e2: string;
  let n1: string;

  const issue = (who: Client, extra: Record<string, unknown> = {}) =>
    who.gql(`mutation($i: IssueWarningInput!) { issueWarning(input: $i) { warning { ${W} } } }`, {
      i: {
        dealerId: e1,
        kind: 'WARNING',
        title: '回访率不达标',
        grounds: '保修期内客户回访率连续两周低于100%',
        agreementClause: '《经销商合同书》第十二条',
        cureDays: 7,
        ...extra,
      },
    });
  const act = async (who: Client, name: string, type: string, id: string, extra: Record<string, unknown> = {}) => {
    const [{ version }] = await t.sql(`select version from warnings where id = $1`, [id]);
    return who.gql(`mutation($i: ${type}!) { ${name}(input: $i) { warning { ${W} } } }`, { i: { id, version, ...extra } });
  };
  const ok = async (who: Client, name: string, type: string, id: string, extra: Record<string, unknown> = {}) => {
    const r = await act(who, name, type, id, extra);
    if (r.errors?.length) throw new Error(`${name}: ${JSON.stringify(r.errors)}`);
    return (r.data as Record<string, { warning: Record<string, unknown> }>)[name]!.warning;
  };
  const planAct = async (who: Client, name: string, type: string, id: string, extra: Record<string, unknown> = {}) => {
    const [{ version }] = await t.sql(`select version from improvement_plans where id = $1`, [id]);
    return who.gql(`mutation($i: ${type}!) { ${name}(input: $i) { plan { ${P} } } }`, { i: { id, version, ...extra } });
  };
  const statusOf = async (id: string) => (await t.sql(`select status from warnings where id = $1`, [id]))[0]!.status;

  beforeAll(async () => {
    t = await startTestApi({ clock });
    oem = await t.as('admin@oem.demo');
    network = await t.as('network@oem.demo');
    analyst = await t.as('analyst@oem.demo');
    dealer = await t.as('admin@dealer-east.demo');
    other = await t.as('admin@dealer-east2.demo');
    oemId = await t.tenantId('OEM-HY');
    e1 = await t.tenantId('DLR-E1');
    e2 = await t.tenantId('DLR-E2');
    n1 = await t.tenantId('DLR-N1');
  });
  afterAll(() => t.stop());

  it('a warning: notice → cure reported → rejected → appeal → dismissed → lapsed at the cure due instant', async () => {
    const r = await issue(oem, { idempotencyKey: 'warn-1' });
    const w = r.data!.issueWarning.warning;
    // due at the end of the 7th local day after issue: 2026-12-09 00:00 Shanghai
    expect(w).toMatchObject({
      kind: 'WARNING',
      status: 'ISSUED',
      region: '华东',
      dealerId: e1,
      manufacturerId: oemId,
      amount: null,
      cureDueAt: '2026-12-08T16:00:00.000Z',
    });
    expect(w.number).toMatch(/^WN-2026-\d{6}$/);
    expect(w.allowedEvents).toEqual([]); // the manufacturer waits for the dealer (the clock lapses it)
    // the same key again is the same warning
    const again = await issue(oem, { idempotencyKey: 'warn-1' });
    expect(again.data!.issueWarning.warning.id).toBe(w.id);

    // the dealer reads it, with its buttons
    const seen = (await dealer.ok(`query($id: ID!) { warning(id: $id) { ${W} } }`, { id: w.id })).warning;
    expect(seen.allowedEvents).toEqual(['REPORT_CURE', 'APPEAL']);
    // the manufacturer cannot report the dealer's cure
    expect(codeOf(await act(oem, 'reportWarningCure', 'ReportWarningCureInput', w.id, { report: 'x' }))).toBe('FORBIDDEN');

    const reported = await ok(dealer, 'reportWarningCure', 'ReportWarningCureInput', w.id, { report: '已安排专人每日回访' });
    expect(reported).toMatchObject({ status: 'CURE_REPORTED', cureReport: '已安排专人每日回访' });
    // a rejection needs a reason
    expect(reason(await act(oem, 'decideWarningCure', 'DecideWarningCureInput', w.id, { accept: false }))).toBe('REQUIRED');
    expect(codeOf(await act(dealer, 'decideWarningCure', 'DecideWarningCureInput', w.id, { accept: true }))).toBe('FORBIDDEN');
    const rejected = await ok(oem, 'decideWarningCure', 'DecideWarningCureInput', w.id, { accept: false, note: '未提供回访记录' });
    expect(rejected).toMatchObject({ status: 'ISSUED', decisionNote: '未提供回访记录' });

    const appealed = await ok(dealer, 'appealWarning', 'AppealWarningInput', w.id, { grounds: '系统故障导致回访记录未上传' });
    expect(appealed).toMatchObject({ status: 'APPEALED', appealGrounds: '系统故障导致回访记录未上传' });
    // only a penalty is confirmed
    expect(reason(await act(oem, 'decideWarningAppeal', 'DecideWarningAppealInput', w.id, { outcome: 'CONFIRM_PENALTY', note: '维持' }))).toBe('NOT_A_PENALTY');
    const dismissed = await ok(oem, 'decideWarningAppeal', 'DecideWarningAppealInput', w.id, { outcome: 'DISMISS', note: '理由不成立' });
    expect(dismissed.status).toBe('ISSUED');
    // appealed once: a second appeal is refused
    expect(reason(await act(dealer, 'appealWarning', 'AppealWarningInput', w.id, { grounds: '再申诉' }))).toBe('WARNING_SECOND_APPEAL');

    // one minute before the due instant: still ISSUED
    now = Date.parse('2026-12-08T16:00:00.000Z') - MINUTE;
    await t.api.services.jobs.runDue();
    expect(await statusOf(w.id)).toBe('ISSUED');
    now += MINUTE;
    await t.api.services.jobs.runDue();
    expect(await statusOf(w.id)).toBe('LAPSED');

    const trail = (await dealer.ok(`query($id: ID!) { warning(id: $id) { ${W} } }`, { id: w.id })).warning;
    expect(trail.steps.map((s: { action: string }) => s.action)).toEqual(['created', 'REPORT_CURE', 'REJECT_CURE', 'APPEAL', 'DISMISS_APPEAL', 'LAPSE']);
    expect(trail.steps.map((s: { byDealer: boolean }) => s.byDealer)).toEqual([false, true, false, true, false, false]);
    expect(trail.steps.at(-1)).toMatchObject({ automatic: true, toState: 'LAPSED' });
    expect(trail.allowedEvents).toEqual([]);
    // audited and published to both parties
    const events = await t.sql(`select type, audience_tenant_ids from outbox where entity_id = $1 order by id`, [w.id]);
    expect(events.map((e) => e.type)).toContain('warning.LAPSE');
    expect(events.every((e) => (e.audience_tenant_ids as string[]).includes(e1) && (e.audience_tenant_ids as string[]).includes(oemId))).toBe(true);
  });

  it('a penalty (amount in minor units) withdrawn on appeal; the appeal window closes', async () => {
    now = Date.parse('2026-12-10T02:00:00.000Z');
    expect(reason(await issue(oem, { kind: 'PENALTY' }))).toBe('REQUIRED');
    expect(reason(await issue(oem, { kind: 'PENALTY', amount: { amountMinor: '12.5', currency: 'CNY' } }))).toBe('NOT_MINOR_UNITS');
    const p = (await issue(oem, { kind: 'PENALTY', title: '索财处罚', amount: { amountMinor: '500000', currency: 'CNY' }, appealDays: 3 })).data!.issueWarning
      .warning;
    expect(p).toMatchObject({ kind: 'PENALTY', amount: { amountMinor: '500000', currency: 'CNY' }, appealDueAt: '2026-12-13T16:00:00.000Z' });
    await ok(dealer, 'appealWarning', 'AppealWarningInput', p.id, { grounds: '非本店员工所为' });
    const withdrawn = await ok(oem, 'decideWarningAppeal', 'DecideWarningAppealInput', p.id, { outcome: 'UPHOLD', note: '经核实申诉成立' });
    expect(withdrawn.status).toBe('WITHDRAWN');
    // the lapse job planned at its cure due finds it withdrawn and does nothing
    now = Date.parse('2026-12-20T00:00:00.000Z');
    await t.api.services.jobs.runDue();
    expect(await statusOf(p.id)).toBe('WITHDRAWN');

    // another penalty: confirmed; and one appealed too late
    const q = (await issue(oem, { kind: 'PENALTY', amount: { amountMinor: '100000', currency: 'CNY' }, appealDays: 1, cureDays: 30 })).data!.issueWarning
      .warning;
    await ok(dealer, 'appealWarning', 'AppealWarningInput', q.id, { grounds: '金额过高' });
    expect((await ok(oem, 'decideWarningAppeal', 'DecideWarningAppealInput', q.id, { outcome: 'CONFIRM_PENALTY', note: '维持处罚' })).status).toBe(
      'PENALTY_CONFIRMED',
    );
    const late = (await issue(oem, { appealDays: 1 })).data!.issueWarning.warning;
    now += 3 * DAY;
    expect(reason(await act(dealer, 'appealWarning', 'AppealWarningInput', late.id, { grounds: '太晚了' }))).toBe('APPEAL_WINDOW_CLOSED');
  });

  it('only to an authorised dealer; a network manager in its regions; the analyst reads; another dealer sees nothing', async () => {
    const shop = await t.tenantId('SHOP-1').catch(() => null);
    if (shop) expect(codeOf(await issue(oem, { dealerId: shop }))).toBe('NOT_FOUND');
    expect(codeOf(await issue(oem, { dealerId: oemId }))).toBe('NOT_FOUND');
    expect(reason(await issue(network, { dealerId: n1 }))).toBe('OUTSIDE_YOUR_REGIONS');
    const mine = (await issue(network, { dealerId: e2, title: '区域经理发出的警告' })).data!.issueWarning.warning;
    expect(mine.region).toBe('华东');
    const byAnalyst = await issue(analyst);
    expect(codeOf(byAnalyst)).toBe('FORBIDDEN');
    const all = (await analyst.ok(`{ warnings(first: 100) { totalCount nodes { id dealerId } } }`)).warnings;
    expect(all.totalCount).toBeGreaterThanOrEqual(5);
    const e2sees = (await other.ok(`{ warnings(first: 100) { totalCount nodes { id dealerId } } }`)).warnings;
    expect(e2sees.nodes.map((n: { dealerId: string }) => n.dealerId)).toEqual([e2]);
    const e1sees = (await dealer.ok(`{ warnings(first: 100, filter: { open: true }) { nodes { id dealerId status } } }`)).warnings;
    expect(e1sees.nodes.every((n: { dealerId: string }) => n.dealerId === e1)).toBe(true);
    // RLS alone: the API role as another dealer reads no row of E1's
    expect(await t.appSql(`select id from warnings where dealer_id = $1`, [e1], e2)).toEqual([]);
    expect(await t.appSql(`select id from supervision_steps where dealer_id = $1`, [e1], e2)).toEqual([]);
    expect((await t.appSql(`select id from warnings where dealer_id = $1`, [e1], e1)).length).toBeGreaterThan(0);
  });

  it('an improvement plan is checked against a figure every local midnight: below on day 1, met on day 3; another plan is missed after its day', async () => {
    now = Date.parse('2027-01-04T02:00:00.000Z'); // 10:00 on Monday 4 January in Shanghai
    const CREATE = `mutation($i: CreateImprovementPlanInput!) { createImprovementPlan(input: $i) { plan { ${P} } } }`;
    const bad = await oem.gql(CREATE, {
      i: { dealerId: e1, title: 'x', reason: 'y', targets: [{ figureId: 'repairVolume', target: 1, by: '2027-01-10' }], actions: [] },
    });
    expect(reason(bad)).toBe('NOT_ONE_OF');
    const rate = await oem.gql(CREATE, {
      i: { dealerId: e1, title: 'x', reason: 'y', targets: [{ figureId: 'satisfaction', target: 98, by: '2027-01-10' }], actions: [] },
    });
    expect(reason(rate)).toBe('OUT_OF_RANGE');
    const plan = (
      await oem.ok(CREATE, {
        i: {
          dealerId: e1,
          title: '服务满意率整改',
          reason: '服务满意率低于98%',
          targets: [{ figureId: 'satisfaction', target: 0.9, by: '2027-01-10' }],
          actions: [
            { text: '每日回访不满意客户', owner: '王建国', due: '2027-01-05' },
            { text: '接待礼仪培训', owner: '李娜', due: '2027-01-08' },
          ],
          idempotencyKey: 'plan-1',
        },
      })
    ).createImprovementPlan.plan;
    expect(plan).toMatchObject({ status: 'DRAFT', allowedEvents: ['ACTIVATE', 'CLOSE'] });
    // the dealer does not read the manufacturer's draft
    expect(codeOf(await dealer.gql(`query($id: ID!) { improvementPlan(id: $id) { id } }`, { id: plan.id }))).toBe('NOT_FOUND');
    const active = (await planAct(oem, 'activateImprovementPlan', 'PlanRef', plan.id)).data!.activateImprovementPlan.plan;
    expect(active).toMatchObject({ status: 'ACTIVE', activatedOn: '2027-01-04', nextCheckAt: '2027-01-04T16:00:00.000Z' });

    // day 1 (4 January): 17 of 20 satisfied — below 0.9
    const fact = (day: string, measure: string, value: number) =>
      t.sql(
        `insert into figure_facts (tenant_id, grain, period, brand, audience_id, region, measure, value) values ($1, 'D', $2, '华岳装载机', $3, '华东', $4, $5)
         on conflict (tenant_id, grain, period, brand, measure) do update set value = excluded.value`,
        [e1, day, oemId, measure, value],
      );
    await fact('2027-01-04', 'sat.answers', 20);
    await fact('2027-01-04', 'sat.satisfied', 17);
    // another dealer's rows and rows addressed to nobody do not count
    await t.sql(
      `insert into figure_facts (tenant_id, grain, period, brand, audience_id, region, measure, value) values ($1, 'D', '2027-01-04', '', null, null, 'sat.answers', 3)`,
      [e1],
    );
    now = Date.parse('2027-01-04T16:00:00.000Z') - MINUTE;
    await t.api.services.jobs.runDue();
    expect((await t.sql(`select count(*)::int as n from plan_checks where plan_id = $1`, [plan.id]))[0]!.n).toBe(0);
    now += MINUTE;
    await t.api.services.jobs.runDue();
    let seen = (await dealer.ok(`query($id: ID!) { improvementPlan(id: $id) { ${P} } }`, { id: plan.id })).improvementPlan;
    expect(seen).toMatchObject({ status: 'ACTIVE', lastCheckedOn: '2027-01-05', nextCheckAt: '2027-01-05T16:00:00.000Z' });
    expect(seen.checks[0]).toMatchObject({
      day: '2027-01-05',
      outcome: null,
      results: [{ figureId: 'satisfaction', value: 0.85, sample: 20, judgement: 'BELOW' }],
    });

    // the dealer marks an action done; the other action is overdue after its day
    const done = (await planAct(dealer, 'markPlanActionDone', 'MarkPlanActionDoneInput', plan.id, { index: 0, note: '已完成' })).data!.markPlanActionDone.plan;
    expect(done.actions[0]).toMatchObject({ doneAt: '2027-01-05', overdue: false });
    expect(codeOf(await planAct(dealer, 'closeImprovementPlan', 'ClosePlanInput', plan.id, { note: 'x' }))).toBe('FORBIDDEN');

    // day 2 (5 January): nothing new — still below
    now = Date.parse('2027-01-05T16:00:00.000Z');
    await t.api.services.jobs.runDue();
    expect((await t.sql(`select status from improvement_plans where id = $1`, [plan.id]))[0]!.status).toBe('ACTIVE');
    // day 3 (6 January): 20 more answers, all satisfied — 37 of 40 meets 0.9
    await fact('2027-01-06', 'sat.answers', 20);
    await fact('2027-01-06', 'sat.satisfied', 20);
    now = Date.parse('2027-01-06T16:00:00.000Z');
    await t.api.services.jobs.runDue();
    seen = (await oem.ok(`query($id: ID!) { improvementPlan(id: $id) { ${P} } }`, { id: plan.id })).improvementPlan;
    expect(seen.status).toBe('MET');
    expect(seen.checks[0]).toMatchObject({ day: '2027-01-07', outcome: 'MET', results: [{ value: 0.925, sample: 40, judgement: 'MEETS' }] });
    expect(seen.steps.map((s: { action: string }) => s.action)).toEqual(['created', 'ACTIVATE', 'checked', 'actionDone', 'checked', 'MEET']);
    expect(seen.nextCheckAt).toBeNull();
    // no check pending any more
    expect(
      (
        await t.sql(`select count(*)::int as n from jobs where kind = 'supervision.checkPlan' and status = 'PENDING' and payload->>'planId' = $1`, [plan.id])
      )[0]!.n,
    ).toBe(0);

    // another plan whose day passes unmet: MISSED
    const second = (
      await network.ok(CREATE, {
        i: {
          dealerId: e1,
          title: '回访率整改',
          reason: '回访率低',
          targets: [{ figureId: 'followUpRateInWarranty', target: 1, by: '2027-01-08' }],
          actions: [],
        },
      })
    ).createImprovementPlan.plan;
    await planAct(network, 'activateImprovementPlan', 'PlanRef', second.id);
    for (const day of ['2027-01-07', '2027-01-08']) {
      now = Date.parse(`${day}T16:00:00.000Z`);
      await t.api.services.jobs.runDue();
    }
    const missed = (await dealer.ok(`query($id: ID!) { improvementPlan(id: $id) { ${P} } }`, { id: second.id })).improvementPlan;
    expect(missed.status).toBe('MISSED');
    expect(missed.checks[0]).toMatchObject({ day: '2027-01-09', outcome: 'MISSED', results: [{ judgement: 'TOO_FEW' }] });
    // the other dealer sees neither plan; RLS alone agrees
    expect((await other.ok(`{ improvementPlans(first: 50) { totalCount } }`)).improvementPlans.totalCount).toBe(0);
    expect(await t.appSql(`select id from improvement_plans`, [], e2)).toEqual([]);
    expect(await t.appSql(`select id from plan_checks`, [], e2)).toEqual([]);
  });

  it('the weekly service-quality report: the week’s complaints and follow-up figures, for the dealer and its manufacturer only', async () => {
    const Q = `query($d: ID!, $day: String!) { serviceQualityWeek(dealerId: $d, day: $day) { from to complaints { id number } figures { figureId value sample judgement } measures { measure value } } }`;
    const mine = (await dealer.ok(Q, { d: e1, day: '2027-01-06' })).serviceQualityWeek;
    expect(mine).toMatchObject({ from: '2027-01-04', to: '2027-01-10' });
    expect(mine.figures.find((f: { figureId: string }) => f.figureId === 'satisfaction')).toMatchObject({ value: 37 / 43, sample: 43 });
    const theirs = (await oem.ok(Q, { d: e1, day: '2027-01-06' })).serviceQualityWeek;
    // the manufacturer sums only the rows addressed to it
    expect(theirs.figures.find((f: { figureId: string }) => f.figureId === 'satisfaction')).toMatchObject({ value: 0.925, sample: 40, judgement: 'BELOW' });
    expect(codeOf(await other.gql(Q, { d: e1, day: '2027-01-06' }))).toBe('NOT_FOUND');
    expect(codeOf(await network.gql(Q, { d: n1, day: '2027-01-06' }))).toBe('NOT_FOUND');
  });

  it('the weekly report’s follow-up findings: the dealer’s own unsatisfied and unreached calls of its week, never the manufacturer’s to read', async () => {
    const Q = `query($d: ID!, $day: String!) { serviceQualityWeek(dealerId: $d, day: $day) { from to
      followUpFindings { callNo doneAt reached satisfaction remarks repairOrderNumber customerName complaintNumber } } }`;
    const c = (
      await dealer.ok(
        `mutation { createCustomer(input: { name: "冯涛", phone: "13700007788", vehicles: [{ vin: "LHYWEEK2027000011", plate: "沪G71111", model: "华岳 H5" },
          { vin: "LHYWEEK2027000012", plate: "沪G71112", model: "华岳 H5" }, { vin: "LHYWEEK2027000013", plate: "沪G71113", model: "华岳 H5" }] }) { customer { id vehicles { id } } } }`,
      )
    ).createCustomer.customer;
    const orders: { id: string; number: string }[] = [];
    for (const v of c.vehicles)
      orders.push(
        (
          await dealer.ok(
            `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "刹车异响" }) { repairOrder { id number } } }`,
            { c: c.id, v: v.id },
          )
        ).createRepairOrder.repairOrder,
      );
    const calls = new Map<string, number>();
    const call = (n: number, doneAt: string, reached: boolean, satisfaction: number | null, remarks: string | null) => {
      const ro = orders[n]!;
      calls.set(ro.id, (calls.get(ro.id) ?? 0) + 1);
      return t.sql(
        `insert into follow_ups (id, tenant_id, repair_order_id, customer_id, call_no, due_at, status, reached, satisfaction, remarks, done_at)
         values (gen_random_uuid(), $1, $2, $3, $8, $4, 'DONE', $5, $6, $7, $4)`,
        [e1, ro.id, c.id, doneAt, reached, satisfaction, remarks, calls.get(ro.id)],
      );
    };
    // the week of 2027-02-08 (Monday) to 02-14 in Shanghai
    await call(0, '2027-02-07T15:30:00.000Z', true, 2, '等待时间太长'); // Sunday 2027-02-07 23:30 local: the week before
    await call(0, '2027-02-08T01:00:00.000Z', true, 2, '等待时间太长');
    await call(1, '2027-02-09T01:00:00.000Z', true, 5, null); // satisfied: no finding
    await call(1, '2027-02-14T15:00:00.000Z', false, null, '电话无人接听'); // Sunday 23:00 local
    await call(2, '2027-02-14T16:00:00.000Z', false, null, null); // Monday 00:00 local: the week after
    const mine = (await dealer.ok(Q, { d: e1, day: '2027-02-10' })).serviceQualityWeek;
    expect(mine).toMatchObject({ from: '2027-02-08', to: '2027-02-14' });
    expect(mine.followUpFindings).toEqual([
      expect.objectContaining({
        reached: true,
        satisfaction: 2,
        remarks: '等待时间太长',
        repairOrderNumber: orders[0]!.number,
        complaintNumber: null,
        callNo: 2,
      }),
      expect.objectContaining({ reached: false, satisfaction: null, remarks: '电话无人接听', doneAt: '2027-02-14T15:00:00.000Z' }),
    ]);
    expect(mine.followUpFindings[0].customerName).toBe('冯涛');
    // the manufacturer and its network manager read the counts, not the calls
    expect((await oem.ok(Q, { d: e1, day: '2027-02-10' })).serviceQualityWeek.followUpFindings).toEqual([]);
    expect((await network.ok(Q, { d: e1, day: '2027-02-10' })).serviceQualityWeek.followUpFindings).toEqual([]);
  });
});
