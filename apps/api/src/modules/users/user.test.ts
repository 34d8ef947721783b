import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, tableCounts, type TestApi } from '../../test/harness.js';

const INVITE = `mutation($i: InviteUserInput!) { inviteUser(input: $i) { user { id email roles version } temporaryPassword } }`;
const SET_ROLES = `mutation($i: SetUserRolesInput!) { setUserRoles(input: $i) { user { id roles version } } }`;

describe('tenant admins manage their users', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.stop());

  it('invites a user with a one-time password shown once, audited and published in the same transaction', async () => {
    const admin = await t.as('admin@dealer-east.demo');
    const r = await admin.ok(INVITE, { i: { email: 'new.advisor@dealer-east.demo', displayName: '新接待', roles: ['SERVICE_ADVISOR', 'CASHIER'] } });
    expect(r.inviteUser.user.roles).toEqual(['SERVICE_ADVISOR', 'CASHIER']);
    expect(r.inviteUser.temporaryPassword).toMatch(/^[A-Za-z0-9]{14}$/);
    await t.client().signIn('new.advisor@dealer-east.demo', r.inviteUser.temporaryPassword);
    const audit = await t.sql(`select action, after, request_id from audit_log where entity_id = $1 order by id`, [r.inviteUser.user.id]);
    expect(audit[0]).toMatchObject({ action: 'user.invited', after: { roles: ['SERVICE_ADVISOR', 'CASHIER'] } });
    const outbox = await t.sql(`select type from outbox where entity_id = $1`, [r.inviteUser.user.id]);
    expect(outbox).toEqual([{ type: 'user.invited' }]);
  });

  it('refuses an unknown role and a role of another tenant kind with BAD_USER_INPUT, writing nothing', async () => {
    const admin = await t.as('admin@dealer-east.demo');
    const before = await tableCounts(t);
    const unknown = await admin.gql(INVITE, { i: { email: 'x1@dealer-east.demo', displayName: 'x', roles: ['ROCKET_SCIENTIST'] } });
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    const wrongKind = await admin.gql(INVITE, { i: { email: 'x2@dealer-east.demo', displayName: 'x', roles: ['WARRANTY_REVIEWER'] } });
    expect(codeOf(wrongKind)).toBe('BAD_USER_INPUT');
    expect(wrongKind.errors![0]!.message).toMatch(/WARRANTY_REVIEWER is not a role of a DEALER_4S tenant/);
    const empty = await admin.gql(INVITE, { i: { email: '', displayName: '', roles: [] } });
    expect(empty.errors![0]!.message).toMatch(/input.email: must not be empty; input.displayName: must not be empty; input.roles: give at least one role/);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('refuses a malformed id with BAD_USER_INPUT', async () => {
    const admin = await t.as('admin@dealer-east.demo');
    const before = await tableCounts(t);
    const r = await admin.gql(SET_ROLES, { i: { userId: 'not-an-id', roles: ['TECHNICIAN'], version: 1 } });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toMatch(/"not-an-id" is not a valid id/);
    expect(codeOf(await admin.gql(`{ user(id: "1 or 1=1") { id } }`))).toBe('BAD_USER_INPUT');
    expect(await tableCounts(t)).toEqual(before);
  });

  it('changes roles with optimistic locking: a stale version is a CONFLICT', async () => {
    const admin = await t.as('admin@dealer-east.demo');
    const id = await t.userId('tech@dealer-east.demo');
    const r = await admin.ok(SET_ROLES, { i: { userId: id, roles: ['TECHNICIAN', 'INSPECTOR'], version: 1 } });
    expect(r.setUserRoles.user).toEqual({ id, roles: ['TECHNICIAN', 'INSPECTOR'], version: 2 });
    const stale = await admin.gql(SET_ROLES, { i: { userId: id, roles: ['TECHNICIAN'], version: 1 } });
    expect(codeOf(stale)).toBe('CONFLICT');
    const [row] = await t.sql(`select roles from users where id = $1`, [id]);
    expect(row.roles).toEqual(['TECHNICIAN', 'INSPECTOR']);
    const [audit] = await t.sql(`select before, after from audit_log where entity_id = $1 and action = 'user.rolesChanged'`, [id]);
    expect(audit.before.roles).toEqual(['TECHNICIAN']);
    expect(audit.after.roles).toEqual(['TECHNICIAN', 'INSPECTOR']);
  });

  it('keeps at least one active admin', async () => {
    const admin = await t.as('admin@dealer-north.demo');
    const id = await t.userId('admin@dealer-north.demo');
    const r = await admin.gql(SET_ROLES, { i: { userId: id, roles: ['SERVICE_ADVISOR'], version: 1 } });
    expect(codeOf(r)).toBe('CONFLICT');
    expect(r.errors![0]!.message).toMatch(/at least one active SERVICE_ADMIN/);
  });

  it('non-admins cannot manage users (FORBIDDEN) but can list colleagues', async () => {
    const advisor = await t.as('advisor@dealer-east.demo');
    expect(codeOf(await advisor.gql(INVITE, { i: { email: 'y@dealer-east.demo', displayName: 'y', roles: ['TECHNICIAN'] } }))).toBe('FORBIDDEN');
    expect(codeOf(await advisor.gql(`{ auditEntries { totalCount } }`))).toBe('FORBIDDEN');
    const list = await advisor.ok(`{ users(first: 2) { totalCount nodes { email } pageInfo { hasNextPage endCursor } } }`);
    expect(list.users.nodes).toHaveLength(2);
    expect(list.users.pageInfo.hasNextPage).toBe(true);
    const next = await advisor.ok(`query($a: String) { users(first: 100, after: $a) { nodes { email } } }`, { a: list.users.pageInfo.endCursor });
    expect(next.users.nodes.length + 2).toBe(list.users.totalCount);
    expect(codeOf(await advisor.gql(`{ users(first: 1000) { totalCount } }`))).toBe('BAD_USER_INPUT');
  });
});
