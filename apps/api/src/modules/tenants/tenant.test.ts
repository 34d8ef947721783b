import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, tableCounts, type TestApi } from '../../test/harness.js';

const CREATE = `mutation($i: CreateTenantInput!) { createTenant(input: $i) { tenant { id code kind timezone currency } admin { email roles } } }`;
const input = (over: Record<string, unknown> = {}) => ({
  kind: 'INDEPENDENT_SHOP',
  name: '快修连锁（南京）',
  code: 'shop-nj',
  adminEmail: 'boss@shop-nj.demo',
  adminDisplayName: '店长',
  adminPassword: 'a-long-password',
  ...over,
});

describe('platform operator creates tenants with their first admin', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.stop());

  it('creates the tenant and an admin who can sign in, audited in the new tenant', async () => {
    const p = await t.as('platform@asn.demo');
    const r = await p.ok(CREATE, { i: input() });
    expect(r.createTenant.tenant).toMatchObject({ code: 'SHOP-NJ', kind: 'INDEPENDENT_SHOP', timezone: 'Asia/Shanghai', currency: 'CNY' });
    expect(r.createTenant.admin).toEqual({ email: 'boss@shop-nj.demo', roles: ['SERVICE_ADMIN'] });
    const boss = await t.client().signIn('boss@shop-nj.demo', 'a-long-password');
    const me = await boss.ok(`{ me { tenant { code } navigation } auditEntries { nodes { action } } }`);
    expect(me.me.tenant.code).toBe('SHOP-NJ');
    expect(me.me.navigation).toContain('users');
    expect(me.auditEntries.nodes.map((n: { action: string }) => n.action)).toEqual(expect.arrayContaining(['tenant.created', 'user.invited', 'user.signedIn']));
  });

  it('rejects bad input with every problem named, and writes nothing', async () => {
    const p = await t.as('platform@asn.demo');
    const before = await tableCounts(t);
    const r = await p.gql(CREATE, { i: input({ code: 'no spaces!', adminEmail: '', adminPassword: 'short', timezone: 'Mars/Base' }) });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    const msg = r.errors![0]!.message;
    expect(msg).toMatch(/input.code/);
    expect(msg).toMatch(/input.adminEmail: must not be empty/);
    expect(msg).toMatch(/input.adminPassword/);
    expect(msg).toMatch(/Mars\/Base/);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('refuses a duplicate code or admin e-mail with CONFLICT and writes nothing', async () => {
    const p = await t.as('platform@asn.demo');
    const before = await tableCounts(t);
    expect(codeOf(await p.gql(CREATE, { i: input({ code: 'DLR-E1', adminEmail: 'x@y.demo' }) }))).toBe('CONFLICT');
    // the tenant insert succeeds first, then the admin's e-mail clashes: all rolled back
    expect(codeOf(await p.gql(CREATE, { i: input({ code: 'NEW-1', adminEmail: 'admin@oem.demo' }) }))).toBe('CONFLICT');
    expect(await tableCounts(t)).toEqual(before);
  });

  it('refuses an unknown tenant kind as a bad input', async () => {
    const p = await t.as('platform@asn.demo');
    expect(codeOf(await p.gql(CREATE, { i: input({ kind: 'BANK' }) }))).toBe('BAD_USER_INPUT');
  });
});
