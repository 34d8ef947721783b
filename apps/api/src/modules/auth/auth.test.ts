import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, tableCounts, type TestApi } from '../../test/harness.js';

const SIGN_IN = `mutation($i: SignInInput!) { signIn(input: $i) { token me { user { email roles } tenant { code } navigation isPlatformAdmin } } }`;

describe('sign-in, sessions and sign-out', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.stop());

  it('signs in with a password, sets an HttpOnly cookie and answers `me`', async () => {
    const c = t.client();
    const res = await c.raw({ query: SIGN_IN, variables: { i: { email: 'Advisor@Dealer-East.demo', password: 'demo-pass-2026' } } });
    const cookie = res.headers.getSetCookie().find((h) => h.startsWith('asn_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(res.json.data.signIn.token).toBeNull(); // browsers never see the token
    expect(res.json.data.signIn.me.tenant.code).toBe('DLR-E1');
    expect(res.json.data.signIn.me.navigation).toEqual([
      'home',
      'workshop',
      'appointments',
      'customers',
      'claims',
      'complaints',
      'contracts',
      'service-requests',
      'network',
    ]);
    const me = await c.ok(`{ me { user { email } } }`);
    expect(me.me.user.email).toBe('advisor@dealer-east.demo');
    // the password hash is stored as argon2id
    const [row] = await t.sql(`select password_hash from users where email = 'advisor@dealer-east.demo'`);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    // sessions are stored hashed
    const token = decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!);
    expect(await t.sql(`select 1 from sessions where token_hash = $1`, [token])).toEqual([]);
  });

  it('a workshop no manufacturer authorises has no warranty areas; once authorised, it has them', async () => {
    const shop = await t.as('admin@shop.demo');
    const before = (await shop.ok(`{ me { navigation } }`)).me.navigation as string[];
    expect(before).toContain('workshop');
    expect(before.filter((a) => ['claims', 'returns', 'settlements', 'recoveries'].includes(a))).toEqual([]);
    // the 4S dealer (authorised by the demo manufacturer) keeps them
    expect((await (await t.as('admin@dealer-east.demo')).ok(`{ me { navigation } }`)).me.navigation).toEqual(
      expect.arrayContaining(['claims', 'returns', 'settlements']),
    );
    const oem = await t.as('admin@oem.demo');
    await oem.ok(`mutation($i: CreateRelationshipInput!) { createRelationship(input: $i) { relationship { id } } }`, {
      i: { kind: 'DEALER_AUTHORIZATION', counterpartyCode: 'SHOP-1', dealerCode: 'HY-S009', region: '华东', brands: ['华岳装载机'], validFrom: '2026-06-01' },
    });
    expect((await shop.ok(`{ me { navigation } }`)).me.navigation).toEqual(expect.arrayContaining(['claims', 'returns', 'settlements']));
  });

  it('gives API clients a bearer token on request', async () => {
    const c = t.client();
    const r = await c.ok(SIGN_IN, { i: { email: 'admin@oem.demo', password: 'demo-pass-2026', issueBearerToken: true } });
    expect(r.signIn.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const api = t.client();
    api.bearer = r.signIn.token;
    expect((await api.ok(`{ me { tenant { code } } }`)).me.tenant.code).toBe('OEM-HY');
  });

  it('answers a wrong password with UNAUTHENTICATED, without saying whether the e-mail exists', async () => {
    const a = await t.client().gql(SIGN_IN, { i: { email: 'admin@oem.demo', password: 'wrong-password' } });
    const b = await t.client().gql(SIGN_IN, { i: { email: 'nobody@nowhere.demo', password: 'wrong-password' } });
    expect(codeOf(a)).toBe('UNAUTHENTICATED');
    expect(a.errors![0]!.message).toBe(b.errors![0]!.message);
  });

  it('refuses an empty e-mail with BAD_USER_INPUT and writes nothing', async () => {
    const before = await tableCounts(t);
    const r = await t.client().gql(SIGN_IN, { i: { email: '', password: 'x' } });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toMatch(/email: must not be empty/);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('throttles repeated failures: the sixth attempt is RATE_LIMITED even with the right password', async () => {
    const email = 'cashier@dealer-east.demo';
    for (let i = 0; i < 5; i++) {
      expect(codeOf(await t.client().gql(SIGN_IN, { i: { email, password: `wrong-${i}-password` } }))).toBe('UNAUTHENTICATED');
    }
    const r = await t.client().gql(SIGN_IN, { i: { email, password: 'demo-pass-2026' } });
    expect(codeOf(r)).toBe('RATE_LIMITED');
    expect(r.errors![0]!.message).toMatch(/Try again in 15 minutes/);
    // other accounts are not affected
    expect(codeOf(await t.client().gql(SIGN_IN, { i: { email: 'care@dealer-east.demo', password: 'demo-pass-2026' } }))).toBeUndefined();
  });

  it('sign-out revokes the session server-side: the old cookie no longer works', async () => {
    const c = await t.as('tech@dealer-east.demo');
    const stolen = c.cookie;
    await c.ok(`mutation { signOut { ok } }`);
    const thief = t.client();
    thief.cookie = stolen;
    expect((await thief.ok(`{ me { user { id } } }`)).me).toBeNull();
    expect(codeOf(await thief.gql(`{ users { totalCount } }`))).toBe('UNAUTHENTICATED');
  });

  it('deactivating a user revokes their sessions at once', async () => {
    const victim = await t.as('parts@dealer-east.demo');
    const admin = await t.as('admin@dealer-east.demo');
    const id = await t.userId('parts@dealer-east.demo');
    await admin.ok(`mutation($id: ID!) { setUserActive(input: { userId: $id, active: false, version: 1 }) { user { active } } }`, { id });
    expect((await victim.ok(`{ me { user { id } } }`)).me).toBeNull();
    const again = await t.client().gql(SIGN_IN, { i: { email: 'parts@dealer-east.demo', password: 'demo-pass-2026' } });
    expect(codeOf(again)).toBe('UNAUTHENTICATED');
    expect(again.errors![0]!.message).toMatch(/deactivated/);
  });

  it('the platform operator sees tenants but no business data', async () => {
    const p = await t.as('platform@asn.demo');
    const r = await p.ok(`{ me { isPlatformAdmin navigation tenant { id } } tenants(first: 50) { totalCount } }`);
    expect(r.me).toEqual({ isPlatformAdmin: true, navigation: ['tenants'], tenant: null });
    expect(r.tenants.totalCount).toBe(7);
    expect(codeOf(await p.gql(`{ users { totalCount } }`))).toBe('FORBIDDEN');
    expect(codeOf(await p.gql(`{ auditEntries { totalCount } }`))).toBe('FORBIDDEN');
    expect(codeOf(await p.gql(`{ relationships { totalCount } }`))).toBe('FORBIDDEN');
  });
});
