/**
 * The /supervision lists (issue 16): warnings and plans filtered by status and dealer, paged with a
 * cursor, and what a page costs the database — the same statements for a page of 2 rows as for 10.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSql, perRequest } from '../../testing/sql-count.js';
import { startTestApi, type Client, type TestApi } from '../../test/harness.js';

countSql(); // before the API opens its pools

// 2026-12-01 10:00 in Shanghai (the manufacturer's zone)
const clock = { now: () => new Date('2026-12-01T02:00:00.000Z') };

/** The fields the portal's list rows read (SupWarningRow, SupPlanRow). */
const LISTS = `query($f: SupervisionFilterInput, $n: Int, $after: String) {
  warnings(filter: $f, first: $n, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id number title kind status dealerId dealerName region issuedAt cureDueAt overdue version amount { amountMinor currency } }
  }
  improvementPlans(filter: $f, first: $n, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id number title status dealerId dealerName region version targets { figureId target by } actions { index text owner due doneAt overdue } }
  }
}`;

describe('the supervision lists: filters, paging, and a constant cost per page', () => {
  let t: TestApi;
  let oem: Client;
  let dealer: Client;
  let e1: string;
  let e2: string;

  const issue = async (dealerId: string, i: number) => {
    const r = await oem.ok(`mutation($i: IssueWarningInput!) { issueWarning(input: $i) { warning { id version } } }`, {
      i: { dealerId, kind: 'WARNING', title: `通知 ${i}`, grounds: '回访率不达标', cureDays: 7 },
    });
    return r.issueWarning.warning as { id: string; version: number };
  };
  const plan = async (dealerId: string, i: number) => {
    const r = await oem.ok(`mutation($i: CreateImprovementPlanInput!) { createImprovementPlan(input: $i) { plan { id version } } }`, {
      i: {
        dealerId,
        title: `整改计划 ${i}`,
        reason: '回访率不达标',
        targets: [{ figureId: 'satisfaction', target: 0.9, by: '2027-01-31' }],
        actions: [{ text: '每日回访', owner: '王经理', due: '2027-01-15' }],
      },
    });
    return r.createImprovementPlan.plan as { id: string; version: number };
  };

  beforeAll(async () => {
    // sessions and the outbox's safety-net poll kept out of the measurements (as in platform/pipeline.test.ts)
    t = await startTestApi({ clock, config: { sessionCacheMs: 600_000, outboxPollMs: 600_000 } });
    oem = await t.as('admin@oem.demo');
    dealer = await t.as('admin@dealer-east.demo');
    e1 = await t.tenantId('DLR-E1');
    e2 = await t.tenantId('DLR-E2');
    // 10 warnings and 10 plans for 华东一店, 2 of each for 华东二店; three of 华东一店's warnings appealed, two plans agreed
    for (let i = 0; i < 10; i++) {
      const w = await issue(e1, i);
      if (i < 3) await dealer.ok(`mutation($i: AppealWarningInput!) { appealWarning(input: $i) { warning { id } } }`, { i: { ...w, grounds: '有异议' } });
      const p = await plan(e1, i);
      if (i < 2) await oem.ok(`mutation($i: PlanRef!) { activateImprovementPlan(input: $i) { plan { id } } }`, { i: p });
    }
    for (let i = 0; i < 2; i++) {
      await issue(e2, i);
      await plan(e2, i);
    }
  });
  afterAll(() => t?.stop());

  it('by dealer and status, the totals counted under the filter', async () => {
    const byDealer = await oem.ok(LISTS, { f: { dealerId: e2 }, n: 50 });
    expect(byDealer.warnings.totalCount).toBe(2);
    expect(byDealer.improvementPlans.totalCount).toBe(2);
    expect(new Set(byDealer.warnings.nodes.map((w: { dealerId: string }) => w.dealerId))).toEqual(new Set([e2]));
    const appealed = await oem.ok(LISTS, { f: { dealerId: e1, status: ['APPEALED'] }, n: 50 });
    expect(appealed.warnings.totalCount).toBe(3);
    expect(appealed.warnings.nodes.map((w: { status: string }) => w.status)).toEqual(['APPEALED', 'APPEALED', 'APPEALED']);
    const active = await oem.ok(LISTS, { f: { status: ['ACTIVE'] }, n: 50 });
    expect(active.improvementPlans.totalCount).toBe(2);
    // the dealer reads only its own, and no drafts
    const own = await dealer.ok(LISTS, { n: 50 });
    expect(own.warnings.totalCount).toBe(10);
    expect(own.improvementPlans.nodes.map((p: { status: string }) => p.status)).toEqual(['ACTIVE', 'ACTIVE']);
  });

  it('paged newest first by a cursor: every row once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const r: { warnings: { nodes: { id: string; number: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await oem.ok(LISTS, {
        f: { dealerId: e1 },
        n: 4,
        after,
      });
      seen.push(...r.warnings.nodes.map((w) => w.id));
      if (!r.warnings.pageInfo.hasNextPage) break;
      after = r.warnings.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
  });

  it('a page costs the same statements for 2 rows as for 10', async () => {
    const two = await perRequest(() => oem.ok(LISTS, { f: { dealerId: e2 }, n: 20 }));
    const ten = await perRequest(() => oem.ok(LISTS, { f: { dealerId: e1 }, n: 20 }));
    expect((await oem.ok(LISTS, { f: { dealerId: e1 }, n: 20 })).warnings.nodes).toHaveLength(10);
    expect(ten.statements).toBe(two.statements);
    expect(ten.transactions).toBe(1);
    // one read transaction: BEGIN and its settings, both pages, both counts, the dealers' names, the manufacturer's time zone, COMMIT
    expect(ten.statements).toBeLessThanOrEqual(10);
  });
});
