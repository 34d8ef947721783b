import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSchema } from './schema.js';
import { codeOf, startTestApi, type Client, type TestApi } from './test/harness.js';
import { EVENTS_SUBSCRIPTION, subscribe } from './test/ws.js';

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

  const snapshotE1 = async () =>
    JSON.stringify({
      users: await t.sql(`select id, email, roles, active, version, password_hash from users where tenant_id = $1 order by id`, [e1]),
      rels: await t.sql(`select * from relationships where from_tenant_id = $1 or to_tenant_id = $1 order by id`, [e1]),
      audit: await t.sql(`select id from audit_log where tenant_id = $1 order by id`, [e1]),
    });

  beforeAll(async () => {
    t = await startTestApi();
    e1 = await t.tenantId('DLR-E1');
    e1AdvisorId = await t.userId('advisor@dealer-east.demo');
    e1RelationshipId = (await t.sql(`select id from relationships where to_tenant_id = $1 and kind = 'DEALER_AUTHORIZATION'`, [e1]))[0].id;
    victimAdmin = await t.as('admin@dealer-east.demo');
    attacker = await t.as('admin@dealer-east2.demo');
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
  };

  const scenarios: Record<string, () => Promise<void>> = {
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
      const r = await attacker.gql(`mutation { inviteUser(input: { email: "advisor@dealer-east.demo", displayName: "x", roles: [SERVICE_ADVISOR] }) { user { id } } }`);
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
      const r = await attacker.gql(`mutation { changePassword(input: { currentPassword: "wrong-password", newPassword: "another-pass-2026" }) { user { id email } } }`);
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
    'Subscription.events': async () => {
      const spy = await subscribe(t.api.wsUrl, attacker.cookie, EVENTS_SUBSCRIPTION);
      const own = await subscribe(t.api.wsUrl, victimAdmin.cookie, EVENTS_SUBSCRIPTION);
      try {
        await victimAdmin.ok(`mutation { inviteUser(input: { email: "new.tech@dealer-east.demo", displayName: "新技师", roles: [TECHNICIAN] }) { user { id } } }`);
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
