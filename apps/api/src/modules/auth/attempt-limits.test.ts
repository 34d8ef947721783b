import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codeOf, startTestApi, Client, type GqlResult, type TestApi } from '../../test/harness.js';
import { loadConfig } from '../../platform/config.js';
import { startApi } from '../../server.js';
import { passwordVerifications } from '../../platform/auth/tokens.js';
import { phoneDigitComparisons } from '../tracking/tracking.service.js';
import { DEMO_PASSWORD } from '../../seed/demo.js';
import { subscribe } from '../../test/ws.js';

const SIGN_IN = `mutation($i: SignInInput!) { signIn(input: $i) { token } }`;
const TRACKING = `query($i: TrackingAccessInput!) { tracking(input: $i) { number status } }`;

/**
 * Attempt limits under concurrency (issue 9, item 1), on real Postgres: a burst of guesses sent at
 * once verifies at most the limit, and the right secret sent once the limit is reached is refused.
 */
describe('attempt limits hold under concurrency', () => {
  let t: TestApi;
  let linkToken: string;
  let linkId: string;

  const slots = async (key: string) => Number((await t.sql(`select failures from auth_throttle where key = $1`, [key]))[0]?.failures ?? 0);
  const codes = (results: GqlResult[]) => {
    const count: Record<string, number> = {};
    for (const r of results) count[codeOf(r) ?? 'OK'] = (count[codeOf(r) ?? 'OK'] ?? 0) + 1;
    return count;
  };

  const reasonsOf = (results: GqlResult[]) => new Set(results.map((r) => (r.errors?.[0]?.extensions?.details as { reason?: string } | undefined)?.reason));

  beforeAll(async () => {
    t = await startTestApi();
    const advisor = await t.as('advisor@dealer-east.demo');
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "钱进", phone: "13900001234", vehicles: [{ vin: "HYZL50C2026000999", plate: "沪E22222", model: "ZL50 装载机", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await advisor.ok(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "异响" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    const link = await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token link { id } } }`, {
      id: o.createRepairOrder.repairOrder.id,
    });
    linkToken = link.createTrackingLink.token;
    linkId = link.createTrackingLink.link.id;
  });
  afterAll(() => t.stop());

  it('60 wrong passwords at once verify at most 5; the right one sent once the limit is reached gets no token', async () => {
    const email = 'cashier@dealer-east.demo';
    const verifiedBefore = passwordVerifications();
    const burst = Promise.all(
      Array.from({ length: 60 }, (_, i) => t.client().gql(SIGN_IN, { i: { email, password: `wrong-password-${i}`, issueBearerToken: true } })),
    );
    // Deterministic order: the right password goes out only once the e-mail's five slots are
    // taken (by attempts being verified or failed ones), so it must be refused unverified whether
    // or not the burst is still in flight. Before the fix it was verified like all 60 others.
    await vi.waitFor(async () => expect(await slots(`email:${email}`)).toBeGreaterThanOrEqual(5), { timeout: 20_000, interval: 5 });
    const right = await t.client().gql(SIGN_IN, { i: { email, password: DEMO_PASSWORD, issueBearerToken: true } });
    const wrong = await burst;

    expect(codeOf(right)).toBe('RATE_LIMITED');
    expect(right.data?.signIn ?? null).toBeNull();
    expect(right.errors![0]!.message).toBe('Too many failed sign-ins. Try again in 15 minutes.');
    expect(right.errors![0]!.extensions?.details).toEqual({ reason: 'TOO_MANY_ATTEMPTS', params: { retryAfterMinutes: 15 }, retryAfterMinutes: 15 });
    expect(codes(wrong)).toEqual({ UNAUTHENTICATED: 5, RATE_LIMITED: 55 });
    // each refusal names its reason, for the portal to say in the user's language
    expect(reasonsOf(wrong)).toEqual(new Set(['WRONG_CREDENTIALS', 'TOO_MANY_ATTEMPTS']));
    expect(wrong.every((r) => !r.data?.signIn?.token)).toBe(true);
    expect(passwordVerifications() - verifiedBefore).toBe(5);
    expect(await t.sql(`select 1 from sessions where user_id = $1`, [await t.userId(email)])).toEqual([]);
    // the refused attempts cost the address nothing: it holds only the five verified failures
    expect(await slots('ip:127.0.0.1')).toBe(5);
    // still locked afterwards, and other accounts are not
    expect(codeOf(await t.client().gql(SIGN_IN, { i: { email, password: DEMO_PASSWORD } }))).toBe('RATE_LIMITED');
    expect(codeOf(await t.client().gql(SIGN_IN, { i: { email: 'care@dealer-east.demo', password: DEMO_PASSWORD } }))).toBeUndefined();
  });

  it('a successful sign-in gives back its own slot of the address and forgets the e-mail’s failures', async () => {
    const email = 'tech@dealer-east.demo';
    const address = await slots('ip:127.0.0.1');
    for (let i = 0; i < 4; i++) expect(codeOf(await t.client().gql(SIGN_IN, { i: { email, password: `wrong-${i}-password` } }))).toBe('UNAUTHENTICATED');
    expect(await slots(`email:${email}`)).toBe(4);
    expect(codeOf(await t.client().gql(SIGN_IN, { i: { email, password: DEMO_PASSWORD } }))).toBeUndefined();
    expect(await slots(`email:${email}`)).toBe(0);
    expect(await slots('ip:127.0.0.1')).toBe(address + 4); // the four failures stay, the success does not count
    // so the next typo starts a fresh count: four more wrong answers do not lock the account
    for (let i = 0; i < 4; i++) expect(codeOf(await t.client().gql(SIGN_IN, { i: { email, password: `again-${i}-wrong` } }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.client().gql(SIGN_IN, { i: { email, password: DEMO_PASSWORD } }))).toBeUndefined();
  });

  it('60 phone-digit guesses at once compare at most 5; the right digits sent once the limit is reached are refused', async () => {
    const comparedBefore = phoneDigitComparisons();
    const guesses = Array.from({ length: 60 }, (_, i) => String(1000 + i)); // never the right 1234
    const burst = Promise.all(guesses.map((d) => t.client().gql(TRACKING, { i: { token: linkToken, phoneLast4: d } })));
    // as above: the right digits go out once the link's five slots are taken
    await vi.waitFor(async () => expect(await slots(`link:${linkId}`)).toBeGreaterThanOrEqual(5), { timeout: 20_000, interval: 5 });
    const right = await t.client().gql(TRACKING, { i: { token: linkToken, phoneLast4: '1234' } });
    const wrong = await burst;

    expect(codeOf(right)).toBe('RATE_LIMITED');
    expect(right.data?.tracking ?? null).toBeNull();
    expect(right.errors![0]!.message).toBe('Too many wrong attempts. Try again in 15 minutes.');
    expect(right.errors![0]!.extensions?.details).toEqual({ reason: 'TOO_MANY_ATTEMPTS', params: { retryAfterMinutes: 15 }, retryAfterMinutes: 15 });
    expect(codes(wrong)).toEqual({ UNAUTHENTICATED: 5, RATE_LIMITED: 55 });
    expect(reasonsOf(wrong)).toEqual(new Set(['WRONG_PHONE_DIGITS', 'TOO_MANY_ATTEMPTS']));
    expect(phoneDigitComparisons() - comparedBefore).toBe(5);
    expect((await t.sql(`select last_used_at from tracking_links where id = $1`, [linkId]))[0].last_used_at).toBeNull();
  });

  it('X-Forwarded-For moves the per-address count only when it comes from a proxy named in TRUST_PROXY', async () => {
    const wrongFrom = (c: Client, forwardedFor: string, email: string) =>
      c.raw({ query: SIGN_IN, variables: { i: { email, password: 'not-the-password' } } }, { 'x-forwarded-for': forwardedFor });

    // this API trusts no proxy (the default): the header is ignored, the socket's peer is counted
    const peer = await slots('ip:127.0.0.1');
    const r = await wrongFrom(t.client(), '203.0.113.7', 'nobody-1@nowhere.demo');
    expect(r.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await slots('ip:127.0.0.1')).toBe(peer + 1);
    expect(await t.sql(`select key from auth_throttle where key like 'ip:2%'`)).toEqual([]);

    // a second API process on the same database that trusts loopback, as behind the portal
    const behindProxy = await startApi(loadConfig({ databaseUrl: t.db.url, port: 0, jobPollMs: 0, trustProxy: ['loopback'] }));
    try {
      const viaProxy = new Client(behindProxy.url);
      await wrongFrom(viaProxy, '203.0.113.7', 'nobody-2@nowhere.demo');
      expect(await slots('ip:203.0.113.7')).toBe(1);
      // a client that forges the header in front of the proxy: only the hop the proxy saw counts
      await wrongFrom(viaProxy, '198.51.100.66, 203.0.113.8', 'nobody-3@nowhere.demo');
      expect(await slots('ip:203.0.113.8')).toBe(1);
      expect(await slots('ip:198.51.100.66')).toBe(0);
      expect(await slots('ip:127.0.0.1')).toBe(peer + 1);
    } finally {
      await behindProxy.stop();
    }
  });

  it('a customer’s open live page neither counts as an attempt nor clears the wrong answers of someone guessing the same link', async () => {
    const advisor = await t.as('advisor@dealer-east.demo');
    const c = await advisor.ok(
      `mutation { createCustomer(input: { name: "周倩", phone: "13900005678", vehicles: [{ vin: "HYZL50C2026000998" }] }) { customer { id vehicles { id } } } }`,
    );
    let order = (
      await advisor.ok(
        `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "漏油" }) { repairOrder { id version } } }`,
        {
          c: c.createCustomer.customer.id,
          v: c.createCustomer.customer.vehicles[0].id,
        },
      )
    ).createRepairOrder.repairOrder;
    const link = await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token link { id } } }`, { id: order.id });
    const token = link.createTrackingLink.token as string;
    const key = `link:${link.createTrackingLink.link.id}`;
    const page = await subscribe(t.api.wsUrl, null, `subscription($i: TrackingAccessInput!) { trackingUpdates(input: $i) { status } }`, {
      i: { token, phoneLast4: '5678' },
    });
    try {
      for (const d of ['0001', '0002', '0003', '0004']) expect(codeOf(await t.client().gql(TRACKING, { i: { token, phoneLast4: d } }))).toBe('UNAUTHENTICATED');
      expect(await slots(key)).toBe(4);
      // the workshop moves the order on: the customer's page follows, and the guesser's count stays
      order = (
        await advisor.ok(`mutation($i: CheckInInput!) { checkInRepairOrder(input: $i) { repairOrder { id version } } }`, {
          i: { id: order.id, version: order.version, meter: 10, customerSigned: true },
        })
      ).checkInRepairOrder.repairOrder;
      expect((await page.next(10_000)).trackingUpdates.status).toBe('CHECKED_IN');
      expect(await slots(key)).toBe(4);
      expect(codeOf(await t.client().gql(TRACKING, { i: { token, phoneLast4: '0005' } }))).toBe('UNAUTHENTICATED');
      expect(codeOf(await t.client().gql(TRACKING, { i: { token, phoneLast4: '5678' } }))).toBe('RATE_LIMITED');
      // the page already open keeps following while the link is locked for new visitors
      await advisor.ok(`mutation($i: DiagnoseInput!) { diagnoseRepairOrder(input: $i) { repairOrder { id } } }`, {
        i: { id: order.id, version: order.version, findings: [{ system: '液压', finding: '油封老化' }], summary: '换油封' },
      });
      expect((await page.next(10_000)).trackingUpdates.status).toBe('DIAGNOSED');
    } finally {
      await page.close();
    }
  });
});
