/**
 * What the service-request screens cost the database (docs/performance.md), counted at the
 * PostgreSQL protocol level: the staff board and the customer's contract page cost the same
 * statements for a contract with 2 requests as for one with 10.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSql, perRequest, sqlSent } from '../../testing/sql-count.js';
import { ReferenceKind } from '@mikro-orm/postgresql';
import { codeOf, startTestApi, type Client, type TestApi } from '../../test/harness.js';
import { createCtx, inTx } from '../../platform/context.js';
import { leanRows } from '../../platform/db/lean.js';
import { resolveSession } from '../auth/auth.service.js';
import { clockCalendar, clockCalendars } from './calendar.service.js';
import { ContractConsumption, ContractEntitlement, ContractInspection, ContractVehicle, ServiceContract } from './contract.entity.js';
import { ServiceRequest, ServiceRequestStep, SlaClockRow } from './service-request.entity.js';

countSql(); // before the API opens its pools

// Tuesday 2026-12-08 10:00 in Shanghai
const clock = { now: () => new Date('2026-12-08T02:00:00.000Z') };

const BOARD = `query($c: ID!, $n: Int!) { serviceRequests(filter: { contractId: $c }, first: $n) { nodes {
  id number status severity version allowedEvents canMessage breached contractNumber contractTitle customerName
  clocks { metric state targetMinutes elapsedMinutes remainingMinutes dueAt countingNow }
  steps { action actorName note occurredAt }
} } }`;
const VIEW = `query($i: ContractAccessInput!) { contractView(input: $i) {
  number status providerName customerName timeZone entitlements { kind left } vehicles { vin }
  requests { id number status canAnswer canConfirm breached clocks { metric state dueAt } steps { action actorName } }
} }`;

describe('what the service-request screens cost the database', () => {
  let t: TestApi;
  let admin: Client;
  let advisor: Client;
  const contracts: { id: string; access: { token: string; phoneLast4: string }; requests: number }[] = [];

  const newContract = async (i: number, requests: number) => {
    const phone = `1390077${String(1000 + i)}`;
    const vin = `LCOST000000${String(100000 + i)}`;
    const c = await admin.ok(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id } } }`, {
      i: { name: `成本客户${i}`, phone, vehicles: [{ vin, model: 'ZL50C' }] },
    });
    let contract = (
      await admin.ok(`mutation($i: CreateServiceContractInput!) { createServiceContract(input: $i) { contract { id version } } }`, {
        i: {
          customerId: c.createCustomer.customer.id,
          type: 'FULL_SERVICE',
          title: `全保服务 ${i}`,
          startsOn: '2026-12-01',
          endsOn: '2027-11-30',
          price: { amountMinor: '1000000', currency: 'CNY' },
          vins: [vin],
          entitlements: [
            { kind: 'VISIT', label: '上门服务', quantity: 20 },
            { kind: 'INSPECTION', label: '季度巡检', quantity: 4, reportDays: 3 },
          ],
        },
      })
    ).createServiceContract.contract;
    contract = (
      await admin.ok(`mutation($i: StepServiceContractInput!) { stepServiceContract(input: $i) { contract { id version } } }`, {
        i: { id: contract.id, version: contract.version, event: 'ACTIVATE' },
      })
    ).stepServiceContract.contract;
    for (let n = 0; n < requests; n++) {
      const r = (
        await advisor.ok(`mutation($i: ReportServiceRequestInput!) { reportServiceRequest(input: $i) { request { id version } } }`, {
          i: { contractId: contract.id, severity: 1 + (n % 3), description: `故障 ${n}`, channel: 'PHONE' },
        })
      ).reportServiceRequest.request;
      // a trail longer than the report alone, and a clock that stopped
      await advisor.ok(`mutation($i: ReplyServiceRequestInput!) { replyServiceRequest(input: $i) { request { id } } }`, {
        i: { id: r.id, version: r.version, message: '已收到' },
      });
    }
    // an inspection with its report (and the consumption it takes), so every column of the contract's rows has a value somewhere
    await admin.ok(`mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { inspection { id } } }`, {
      i: { contractId: contract.id, engineer: '王工', vin, findings: '液压油位正常', items: [{ item: '液压系统', result: 'OK', note: '无渗漏' }] },
    });
    const token = (await admin.ok(`mutation($id: ID!) { createContractLink(input: { contractId: $id }) { token } }`, { id: contract.id })).createContractLink
      .token;
    contracts.push({ id: contract.id, access: { token, phoneLast4: phone.slice(-4) }, requests });
  };

  beforeAll(async () => {
    // sessions and the outbox's safety-net poll kept out of the measurements (as in platform/pipeline.test.ts)
    t = await startTestApi({ clock, config: { sessionCacheMs: 600_000, outboxPollMs: 600_000 } });
    admin = await t.as('admin@dealer-east.demo');
    advisor = await t.as('advisor@dealer-east.demo');
    await newContract(0, 2);
    await newContract(1, 10);
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('the staff board (clocks, trail, contract, customer, allowed events): the same statements for 2 requests as for 10', async () => {
    const [small, large] = contracts;
    const page = await advisor.ok(BOARD, { c: large!.id, n: 20 });
    expect(page.serviceRequests.nodes).toHaveLength(10);
    expect(page.serviceRequests.nodes[0]).toMatchObject({ contractTitle: '全保服务 1', customerName: '成本客户1' });
    expect(page.serviceRequests.nodes[0].steps.length).toBeGreaterThanOrEqual(2);
    expect(page.serviceRequests.nodes[0].clocks.length).toBe(4);
    const two = await perRequest(() => advisor.ok(BOARD, { c: small!.id, n: 20 }));
    const ten = await perRequest(() => advisor.ok(BOARD, { c: large!.id, n: 20 }));
    expect(ten.statements).toBe(two.statements);
    // one read transaction: BEGIN, its settings, the page, customers, clocks, contracts, trails, the time zone, the calendar,
    // COMMIT (was 22: a transaction per batch)
    expect(ten.statements).toBeLessThanOrEqual(10);
    expect(ten.transactions).toBe(1);
  });

  it('the contract list (days left, open requests, customer, provider): the same statements for 1 contract as for every one', async () => {
    const LIST = `query($n: Int!) { serviceContracts(first: $n) { nodes { id number status daysLeft openRequests customerName providerName } } }`;
    const all = (await admin.ok(LIST, { n: 100 })).serviceContracts.nodes;
    expect(all.length).toBeGreaterThanOrEqual(2);
    // Tuesday 2026-12-08 in Shanghai to the last day, 2027-11-30
    expect(all.find((c: { id: string }) => c.id === contracts[1]!.id)).toMatchObject({ status: 'ACTIVE', daysLeft: 357, openRequests: 10 });
    const one = await perRequest(() => admin.ok(LIST, { n: 1 }));
    const every = await perRequest(() => admin.ok(LIST, { n: 100 }));
    expect(every.statements).toBe(one.statements);
    expect(every.transactions).toBe(1);
  });

  it('the customer’s contract page by link: the same statements for 2 requests as for 10', async () => {
    const [small, large] = contracts;
    const view = (await t.client().ok(VIEW, { i: large!.access })).contractView;
    expect(view.requests).toHaveLength(10);
    expect(view.requests[0].clocks.length).toBe(4);
    const two = await perRequest(() => t.client().ok(VIEW, { i: small!.access }));
    const ten = await perRequest(() => t.client().ok(VIEW, { i: large!.access }));
    expect(ten.statements).toBe(two.statements);
    // the link's gate (lookup, attempt; the digits and the link's touch in one transaction), the event head, and the
    // page in one transaction (was 26 statements in 3 transactions: the touch had its own)
    expect(ten.statements).toBeLessThanOrEqual(23);
    expect(ten.transactions).toBeLessThanOrEqual(2);
  });

  it('a step loads its request once (locked), not once to pick the event and again for its action', async () => {
    const r = (
      await advisor.ok(`mutation($i: ReportServiceRequestInput!) { reportServiceRequest(input: $i) { request { id version } } }`, {
        i: { contractId: contracts[0]!.id, severity: 2, description: '一次读取', channel: 'PHONE' },
      })
    ).reportServiceRequest.request;
    const loads = async (step: () => Promise<unknown>) => {
      sqlSent.length = 0;
      await step();
      return sqlSent.filter((q) => q.includes('from "service_requests"') && q.includes('for update')).length;
    };
    const REPLY = `mutation($i: ReplyServiceRequestInput!) { replyServiceRequest(input: $i) { request { id version status } } }`;
    // the first message is the REPLY event, a later one a message: the step picks which from the loaded state
    let version = r.version;
    const reply = (message: string) => async () =>
      (version = (await advisor.ok(REPLY, { i: { id: r.id, version, message } })).replyServiceRequest.request.version);
    expect(await loads(reply('已收到'))).toBe(1);
    expect(await loads(reply('工程师已出发'))).toBe(1);
    const steps = (await advisor.ok(`query($id: ID!) { serviceRequest(id: $id) { steps { action } } }`, { id: r.id })).serviceRequest.steps;
    expect(steps.map((s: { action: string }) => s.action)).toEqual(['created', 'REPLY', 'message']);
  });

  it('the batches on the read path are the rows MikroORM loads (same properties, values and types), and another tenant reads none of them', async () => {
    const session = await resolveSession(t.api.services, advisor.cookie!.split('=')[1]!);
    const ctx = createCtx(t.api.services, session.actor, session.principal);
    const contractIds = contracts.map((c) => c.id);
    const requestIds = (await t.sql<{ id: string }>(`select id from service_requests where contract_id = any($1::uuid[])`, [contractIds])).map((r) => r.id);
    const cases: [abstract new (...args: never[]) => { id: string }, string, string[]][] = [
      [ServiceContract, 'id', contractIds],
      [ContractVehicle, 'contractId', contractIds],
      [ContractEntitlement, 'contractId', contractIds],
      [ContractInspection, 'contractId', contractIds],
      [ContractConsumption, 'contractId', contractIds],
      [ServiceRequest, 'id', requestIds],
      [SlaClockRow, 'requestId', requestIds],
      [ServiceRequestStep, 'requestId', requestIds],
    ];
    const north = await resolveSession(t.api.services, (await t.as('admin@dealer-north.demo')).cookie!.split('=')[1]!);
    const other = createCtx(t.api.services, north.actor, north.principal);
    for (const [entity, prop, keys] of cases) {
      const lean = (await leanRows(ctx, entity, prop, keys)) as unknown as Record<string, unknown>[];
      const loaded = (await inTx(ctx, (tx) => tx.em.find(entity as never, { [prop]: { $in: keys } } as never))) as Record<string, unknown>[];
      expect(lean.length, entity.name).toBeGreaterThan(0);
      expect(lean.length, entity.name).toBe(loaded.length);
      const props = t.api.services.orm
        .getMetadata()
        .get<unknown>(entity.name)
        .props.filter((p) => p.kind === ReferenceKind.SCALAR && p.persist !== false && !p.formula)
        .map((p) => p.name as string);
      for (const row of lean) {
        const same = loaded.find((l) => l.id === row.id)!;
        for (const p of props) expect(row[p], `${entity.name}.${p}`).toEqual(same[p]);
      }
      expect(await leanRows(other, entity, prop, keys), `${entity.name} read by another tenant`).toEqual([]);
    }
    // the contract's own batches: its open requests counted, its versions, inspections and what they consumed
    const detail = (
      await admin.ok(
        `query($id: ID!) { serviceContract(id: $id) { openRequests versions { versionNo } inspections { findings items { item note } } consumptions { kind units } } }`,
        { id: contracts[1]!.id },
      )
    ).serviceContract;
    expect(detail).toEqual({
      openRequests: 10,
      versions: [{ versionNo: 1 }],
      inspections: [{ findings: '液压油位正常', items: [{ item: '液压系统', note: '无渗漏' }] }],
      consumptions: [{ kind: 'INSPECTION', units: 1 }],
    });
    // and through the API: another dealer's board and contract page show none of it
    const northAdmin = await t.as('admin@dealer-north.demo');
    expect((await northAdmin.ok(BOARD, { c: contracts[1]!.id, n: 20 })).serviceRequests.nodes).toEqual([]);
    expect(codeOf(await northAdmin.gql(`query($id: ID!) { serviceContract(id: $id) { id } }`, { id: contracts[1]!.id }))).toBe('NOT_FOUND');
  });

  it('the clocks’ calendars on the read path are those a transaction reads: stored or standard, working time or 7×24, own or another provider’s', async () => {
    const ctxOf = async (c: Client) => {
      const session = await resolveSession(t.api.services, c.cookie!.split('=')[1]!);
      return createCtx(t.api.services, session.actor, session.principal);
    };
    const east = await t.tenantId('DLR-E1');
    const north = await t.tenantId('DLR-N1');
    const keys = [
      { tenantId: east, basis: 'WORKING_TIME' as const },
      { tenantId: east, basis: 'ROUND_THE_CLOCK' as const },
      { tenantId: north, basis: 'WORKING_TIME' as const },
    ];
    const same = async () => {
      for (const reader of [await ctxOf(advisor), await ctxOf(await t.as('admin@dealer-north.demo')), await ctxOf(await t.as('quality@oem.demo'))]) {
        const lean = await clockCalendars(reader, keys);
        const inTransaction = await inTx(reader, (tx) => Promise.all(keys.map((k) => clockCalendar(tx, k.basis, k.tenantId))));
        expect(lean).toEqual(inTransaction);
      }
    };
    await same(); // none stored yet
    await admin.ok(`mutation($i: SaveWorkingCalendarInput!) { saveWorkingCalendar(input: $i) { stored } }`, {
      i: {
        week: [1, 2, 3, 4, 5, 6].map((weekday) => ({
          weekday,
          spans: [
            { start: '08:30', end: '12:00' },
            { start: '13:30', end: '17:30' },
          ],
        })),
        days: [
          { date: '2026-12-25', kind: 'HOLIDAY', name: '测试假日' },
          { date: '2026-12-27', kind: 'WORKDAY', name: '调休', spans: [{ start: '09:00', end: '12:00' }] },
        ],
      },
    });
    await same();
    const [stored] = await clockCalendars(await ctxOf(advisor), keys.slice(0, 1));
    expect(stored!.days).toHaveLength(2);
  });
});
