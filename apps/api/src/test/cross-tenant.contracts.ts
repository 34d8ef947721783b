/**
 * The cross-tenant scenarios of service contracts (merged into src/cross-tenant.test.ts's table):
 * DLR-E2's admin tries every contract, calendar and fault-report field on DLR-E1's contract, its
 * request and its customer link. Each is refused or answers nothing of E1; the test around them
 * checks that nothing of E1 changed.
 */
import { expect } from 'vitest';
import { codeOf, type Client, type TestApi } from './harness.js';
import { subscribe } from './ws.js';

export interface ContractVictim {
  contractId: string;
  requestId: string;
  /** The contract link of E1's customer (its phone ends 1111). */
  token: string;
}

/** E1's active contract for its customer's vehicle, a fault report against it, and a contract link. */
export async function contractVictim(victimAdmin: Client, customerId: string): Promise<ContractVictim> {
  const created = await victimAdmin.ok(`mutation($i: CreateServiceContractInput!) { createServiceContract(input: $i) { contract { id version } } }`, {
    i: {
      customerId,
      type: 'MAINTENANCE_PLAN',
      title: 'E1-保养套餐',
      startsOn: '2026-01-01',
      endsOn: '2030-12-31',
      price: { amountMinor: '500000', currency: 'CNY' },
      vins: ['LSVAU2180N2183294'],
      entitlements: [{ kind: 'INSPECTION', label: '巡检', quantity: 4 }],
    },
  });
  const c = created.createServiceContract.contract;
  await victimAdmin.ok(`mutation($i: StepServiceContractInput!) { stepServiceContract(input: $i) { contract { id } } }`, {
    i: { id: c.id, version: c.version, event: 'ACTIVATE' },
  });
  const r = await victimAdmin.ok(`mutation($i: ReportServiceRequestInput!) { reportServiceRequest(input: $i) { request { id } } }`, {
    i: { contractId: c.id, severity: 2, description: 'E1-刹车故障', channel: 'PHONE' },
  });
  const token = (await victimAdmin.ok(`mutation($id: ID!) { createContractLink(input: { contractId: $id }) { token } }`, { id: c.id })).createContractLink
    .token;
  return { contractId: c.id, requestId: r.reportServiceRequest.request.id, token };
}

/** What of E1's contracts the snapshot compares (nothing of it may change). */
export async function contractRows(t: TestApi, e1: string): Promise<unknown> {
  return {
    contracts: await t.sql(`select * from service_contracts where tenant_id = $1 order by id`, [e1]),
    entitlements: await t.sql(`select * from contract_entitlements where tenant_id = $1 order by id`, [e1]),
    inspections: await t.sql(`select * from contract_inspections where tenant_id = $1 order by id`, [e1]),
    contractLinks: await t.sql(`select id, revoked_at from contract_links where tenant_id = $1 order by id`, [e1]),
    calendar: await t.sql(`select * from working_calendars where tenant_id = $1`, [e1]),
    requests: await t.sql(`select * from service_requests where tenant_id = $1 order by id`, [e1]),
    clocks: await t.sql(`select * from sla_clocks where tenant_id = $1 order by id`, [e1]),
    requestSteps: await t.sql(`select id from service_request_steps where tenant_id = $1 order by id`, [e1]),
  };
}

/** `env` is read when a scenario runs (the test's clients exist by then). */
export function contractScenarios(
  env: () => { t: TestApi; attacker: Client; victim: ContractVictim },
  noE1: (json: unknown) => void,
): Record<string, () => Promise<void>> {
  const victim = () => env().victim;
  const attacker = {
    gql: (q: string, v?: Record<string, unknown>) => env().attacker.gql(q, v),
    ok: (q: string, v?: Record<string, unknown>) => env().attacker.ok(q, v),
    get cookie() {
      return env().attacker.cookie;
    },
  };
  const t = {
    sql: (q: string, p?: unknown[]) => env().t.sql(q, p),
    get api() {
      return env().t.api;
    },
  };
  const version = async (table: string, id: string) => (await t.sql(`select version from ${table} where id = $1`, [id]))[0].version as number;
  const refusedContract =
    (name: string, type: string, extra: Record<string, unknown> = {}) =>
    async () => {
      const id = victim().contractId;
      const r = await attacker.gql(`mutation($i: ${type}!) { ${name}(input: $i) { contract { id number title } } }`, {
        i: { id, version: await version('service_contracts', id), ...extra },
      });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codeOf(r));
      noE1(r.data);
    };
  const refusedRequest =
    (name: string, type: string, extra: Record<string, unknown> = {}) =>
    async () => {
      const id = victim().requestId;
      const r = await attacker.gql(`mutation($i: ${type}!) { ${name}(input: $i) { request { id number description } } }`, {
        i: { id, version: await version('service_requests', id), ...extra },
      });
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codeOf(r));
      noE1(r.data);
    };
  const fields = {
    type: 'MAINTENANCE_PLAN',
    title: 'x',
    startsOn: '2027-01-01',
    endsOn: '2027-12-31',
    price: { amountMinor: '1', currency: 'CNY' },
    vins: ['LSVAU2180N2183294'],
    entitlements: [],
  };
  const wrongDigits = { phoneLast4: '0000' };
  return {
    'Query.serviceContracts': async () => {
      const r = await attacker.ok(`{ serviceContracts(first: 100) { totalCount nodes { id number title customerName } } }`);
      expect(JSON.stringify(r)).not.toContain(victim().contractId);
      noE1(r);
    },
    'Query.serviceContract': async () => {
      const r = await attacker.gql(`query($id: ID!) { serviceContract(id: $id) { number title } }`, { id: victim().contractId });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Query.workingCalendar': async () => {
      // its own calendar (the standard week): nothing of E1's
      const r = await attacker.ok(`{ workingCalendar { stored days { date name } } }`);
      expect(JSON.stringify(r)).not.toContain('E1-');
    },
    'Mutation.saveWorkingCalendar': async () => {
      // saves E2's own calendar; E1's is untouched (the snapshot)
      await attacker.ok(`mutation { saveWorkingCalendar(input: { week: [{ weekday: 1, spans: [{ start: "08:00", end: "17:00" }] }], days: [] }) { stored } }`);
    },
    'Query.serviceRequests': async () => {
      const r = await attacker.ok(`{ serviceRequests(first: 100) { totalCount nodes { id number description } } }`);
      expect(JSON.stringify(r)).not.toContain(victim().requestId);
      noE1(r);
    },
    'Query.serviceRequest': async () => {
      const r = await attacker.gql(`query($id: ID!) { serviceRequest(id: $id) { number description } }`, { id: victim().requestId });
      expect(codeOf(r)).toBe('NOT_FOUND');
      noE1(r.data);
    },
    'Mutation.createServiceContract': async () => {
      // naming E1's customer: not found for E2
      const r = await attacker.gql(`mutation($i: CreateServiceContractInput!) { createServiceContract(input: $i) { contract { id } } }`, {
        i: { ...fields, customerId: (await t.sql(`select customer_id from service_contracts where id = $1`, [victim().contractId]))[0].customer_id },
      });
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.updateServiceContract': refusedContract('updateServiceContract', 'UpdateServiceContractInput', fields),
    'Mutation.stepServiceContract': refusedContract('stepServiceContract', 'StepServiceContractInput', { event: 'TERMINATE', reason: 'x' }),
    'Mutation.renewServiceContract': refusedContract('renewServiceContract', 'RenewServiceContractInput'),
    'Mutation.createContractLink': async () => {
      const r = await attacker.gql(`mutation($id: ID!) { createContractLink(input: { contractId: $id }) { token } }`, { id: victim().contractId });
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.recordInspection': async () => {
      const r = await attacker.gql(`mutation($id: ID!) { recordInspection(input: { contractId: $id, engineer: "x" }) { inspection { id } } }`, {
        id: victim().contractId,
      });
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.reportInspection': async () => {
      const r = await attacker.gql(
        `mutation { reportInspection(input: { inspectionId: "01900000-0000-7000-8000-000000000001", findings: "x" }) { inspection { id } } }`,
      );
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.reportServiceRequest': async () => {
      const r = await attacker.gql(
        `mutation($id: ID!) { reportServiceRequest(input: { contractId: $id, severity: 1, description: "x" }) { request { id } } }`,
        {
          id: victim().contractId,
        },
      );
      expect(codeOf(r)).toBe('NOT_FOUND');
    },
    'Mutation.replyServiceRequest': refusedRequest('replyServiceRequest', 'ReplyServiceRequestInput', { message: 'x' }),
    'Mutation.askServiceRequestCustomer': refusedRequest('askServiceRequestCustomer', 'AskServiceRequestCustomerInput', { question: 'x' }),
    'Mutation.recordServiceRequestAnswer': refusedRequest('recordServiceRequestAnswer', 'ServiceRequestAnswerInput', { answer: 'x' }),
    'Mutation.markServiceRequestOnSite': refusedRequest('markServiceRequestOnSite', 'ServiceRequestStepInput'),
    'Mutation.markServiceRequestParts': refusedRequest('markServiceRequestParts', 'ServiceRequestStepInput'),
    'Mutation.resolveServiceRequest': refusedRequest('resolveServiceRequest', 'ResolveServiceRequestInput', { resolution: 'x' }),
    'Mutation.reopenServiceRequest': refusedRequest('reopenServiceRequest', 'ServiceRequestStepInput'),
    'Mutation.closeServiceRequest': refusedRequest('closeServiceRequest', 'ServiceRequestStepInput'),
    'Mutation.cancelServiceRequest': refusedRequest('cancelServiceRequest', 'ServiceRequestStepInput', { note: 'x' }),
    'Mutation.changeServiceRequestSeverity': refusedRequest('changeServiceRequestSeverity', 'ServiceRequestSeverityInput', { severity: 1, reason: 'x' }),
    'Mutation.serviceRequestToRepairOrder': refusedRequest('serviceRequestToRepairOrder', 'ServiceRequestRefInput'),
    // the customer's page: the token alone opens nothing (the digits are E1's customer's)
    'Query.contractView': async () => {
      const r = await attacker.gql(`query($i: ContractAccessInput!) { contractView(input: $i) { number title } }`, {
        i: { token: victim().token, ...wrongDigits },
      });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
      noE1(r.data);
    },
    'Mutation.reportFaultByLink': async () => {
      const r = await attacker.gql(`mutation($i: ReportFaultByLinkInput!) { reportFaultByLink(input: $i) { number } }`, {
        i: { token: victim().token, ...wrongDigits, severity: 1, description: 'x' },
      });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
    },
    'Mutation.answerServiceRequestByLink': async () => {
      const r = await attacker.gql(`mutation($i: AnswerServiceRequestByLinkInput!) { answerServiceRequestByLink(input: $i) { number } }`, {
        i: { token: victim().token, ...wrongDigits, requestId: victim().requestId, answer: 'x' },
      });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
    },
    'Mutation.confirmServiceRequestByLink': async () => {
      const r = await attacker.gql(`mutation($i: ConfirmServiceRequestByLinkInput!) { confirmServiceRequestByLink(input: $i) { number } }`, {
        i: { token: victim().token, ...wrongDigits, requestId: victim().requestId, satisfied: true },
      });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
    },
    'Subscription.contractViewUpdates': async () => {
      const live = await subscribe(t.api.wsUrl, attacker.cookie, `subscription($i: ContractAccessInput!) { contractViewUpdates(input: $i) { number } }`, {
        i: { token: victim().token, ...wrongDigits },
      });
      try {
        const got = await live.quiet(500);
        expect(JSON.stringify(got)).not.toContain('SC-');
      } finally {
        await live.close();
      }
    },
  };
}

/**
 * Contracts across the other boundaries: the manufacturer reads its dealers' contracts on its
 * products (and their requests and breaches) and nothing else — not a contract on another brand,
 * not a shop it does not authorise, not its region's neighbours for a regional manager; a customer
 * reads only their own contract through its link; row-level security alone agrees.
 */
export async function contractBoundaries(t: TestApi): Promise<void> {
  const CREATE = `mutation($i: CreateServiceContractInput!) { createServiceContract(input: $i) { contract { id version manufacturerId } } }`;
  const LIST = `{ serviceContracts(first: 100) { nodes { id title } } serviceRequests(first: 100) { nodes { id description } } }`;
  const contract = async (who: Client, phone: string, vin: string, brand: string | null, title: string) => {
    const c = await who.ok(
      `mutation($p: String!, $v: String!, $b: String) { createCustomer(input: { name: "机主", phone: $p, vehicles: [{ vin: $v, brand: $b }] }) { customer { id } } }`,
      { p: phone, v: vin, b: brand },
    );
    const made = (
      await who.ok(CREATE, {
        i: {
          customerId: c.createCustomer.customer.id,
          type: 'FULL_SERVICE',
          title,
          startsOn: '2026-01-01',
          endsOn: '2030-12-31',
          price: { amountMinor: '100000', currency: 'CNY' },
          vins: [vin],
          entitlements: [],
        },
      })
    ).createServiceContract.contract;
    await who.ok(`mutation($i: StepServiceContractInput!) { stepServiceContract(input: $i) { contract { id } } }`, {
      i: { id: made.id, version: made.version, event: 'ACTIVATE' },
    });
    const request = (
      await who.ok(`mutation($i: ReportServiceRequestInput!) { reportServiceRequest(input: $i) { request { id } } }`, {
        i: { contractId: made.id, severity: 1, description: `${title} 的故障`, channel: 'PHONE' },
      })
    ).reportServiceRequest.request;
    const token = (await who.ok(`mutation($id: ID!) { createContractLink(input: { contractId: $id }) { token } }`, { id: made.id })).createContractLink.token;
    return { ...made, requestId: request.id as string, token: token as string, phoneLast4: phone.slice(-4) };
  };
  const e1 = await t.as('admin@dealer-east.demo');
  const n1 = await t.as('admin@dealer-north.demo');
  const shop = await t.as('admin@shop.demo');
  const ours = await contract(e1, '13600008001', 'HYZL50C2026008001', '华岳装载机', 'E1 装载机合同');
  const otherBrand = await contract(e1, '13600008002', 'XCMG2026000008002', '徐工', 'E1 别家品牌合同');
  const north = await contract(n1, '13600008003', 'HYZL50C2026008003', '华岳装载机', 'N1 装载机合同');
  const shopOwn = await contract(shop, '13600008004', 'HYZL50C2026008004', '华岳装载机', 'SHOP 合同');
  expect(ours.manufacturerId).toBeTruthy();
  expect(otherBrand.manufacturerId).toBeNull();

  const seen = JSON.stringify(await (await t.as('admin@oem.demo')).ok(LIST));
  for (const c of [ours, north]) {
    expect(seen).toContain(c.id);
    expect(seen).toContain(c.requestId);
  }
  const oem = await t.as('quality@oem.demo');
  for (const c of [otherBrand, shopOwn]) {
    expect(seen).not.toContain(c.id);
    expect(seen).not.toContain(c.requestId);
    expect(codeOf(await oem.gql(`query($id: ID!) { serviceContract(id: $id) { number } }`, { id: c.id }))).toBe('NOT_FOUND');
    expect(codeOf(await oem.gql(`query($id: ID!) { serviceRequest(id: $id) { number } }`, { id: c.requestId }))).toBe('NOT_FOUND');
  }
  // the manufacturer reads, never changes, a dealer's contract or request
  const v = (await t.sql(`select version from service_requests where id = $1`, [ours.requestId]))[0].version;
  expect(['FORBIDDEN', 'NOT_FOUND']).toContain(
    codeOf(
      await oem.gql(`mutation($i: ReplyServiceRequestInput!) { replyServiceRequest(input: $i) { request { id } } }`, {
        i: { id: ours.requestId, version: v, message: 'x' },
      }),
    ),
  );
  // the 华东 regional manager: 华东 dealers' only
  const regional = JSON.stringify(await (await t.as('network@oem.demo')).ok(LIST));
  expect(regional).toContain(ours.id);
  expect(regional).not.toContain(north.id);
  // row-level security alone (no CASL): as the manufacturer's tenant, the tables hold only its dealers' contracts on its products
  const oemId = await t.tenantId('OEM-HY');
  const rows = (await t.appSql<{ id: string }>(`select id from service_contracts`, [], oemId)).map((r) => r.id);
  expect(rows).toEqual(expect.arrayContaining([ours.id, north.id]));
  for (const c of [otherBrand, shopOwn]) expect(rows).not.toContain(c.id);
  const reqRows = (await t.appSql<{ id: string }>(`select id from service_requests`, [], oemId)).map((r) => r.id);
  expect(reqRows).not.toContain(otherBrand.requestId);

  // customers: each link opens its own contract only
  const VIEW = `query($i: ContractAccessInput!) { contractView(input: $i) { number title requests { id description } } }`;
  const mine = (await t.client().ok(VIEW, { i: { token: ours.token, phoneLast4: ours.phoneLast4 } })).contractView;
  expect(mine.title).toBe('E1 装载机合同');
  expect(mine.requests.map((r: { id: string }) => r.id)).toEqual([ours.requestId]);
  // another customer's digits do not open it
  expect(codeOf(await t.client().gql(VIEW, { i: { token: ours.token, phoneLast4: otherBrand.phoneLast4 } }))).toBe('UNAUTHENTICATED');
  // a customer answers only their own request: another contract's request is not found through this link
  const cross = await t.client().gql(`mutation($i: AnswerServiceRequestByLinkInput!) { answerServiceRequestByLink(input: $i) { number } }`, {
    i: { token: ours.token, phoneLast4: ours.phoneLast4, requestId: north.requestId, answer: 'x' },
  });
  expect(codeOf(cross)).toBe('NOT_FOUND');
}
