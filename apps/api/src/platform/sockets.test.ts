import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Client, startTestApi, twoProcesses, type AnyJson, type TestApi } from '../test/harness.js';
import { wsText } from '../testing/ws-text.js';

/** A graphql-transport-ws message as the server sent it. */
type WsMessage = { type: string; id?: string; payload?: AnyJson };

/** A raw graphql-transport-ws connection, to send what a well-behaved client never would. */
function rawSocket(url: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(url, 'graphql-transport-ws', { headers });
  const messages: WsMessage[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(wsText(data)) as WsMessage);
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason), at: Date.now() })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    messages,
    closed,
    async send(message: unknown) {
      await opened;
      socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    },
    /** Resolves with the first message matching `pred`, or rejects after `ms`. */
    async waitFor(pred: (m: WsMessage) => boolean, ms = 15_000): Promise<WsMessage> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = messages.find(pred);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching message within ${ms} ms: ${JSON.stringify(messages)}`);
        await Promise.race([new Promise<void>((r) => waiters.push(r)), closed, new Promise((r) => setTimeout(r, left))]);
        if (socket.readyState === WebSocket.CLOSED && !messages.find(pred)) throw new Error(`closed before a matching message: ${JSON.stringify(messages)}`);
      }
    },
    async connect(payload?: unknown) {
      await this.send({ type: 'connection_init', ...(payload === undefined ? {} : { payload }) });
      return this.waitFor((m) => m.type === 'connection_ack');
    },
  };
}

const EVENTS = 'subscription { events { id type } }';

describe('WebSocket lifecycle', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.stop());
  const wsUrl = () => t.api.wsUrl;

  it('malformed connection parameters close with 4400 and a plain reason, never an error text', async () => {
    for (const payload of [{ authorization: 42 }, { authorization: { token: 'x' } }, { authorization: 'x'.repeat(5000) }]) {
      const s = rawSocket(wsUrl());
      await s.send({ type: 'connection_init', payload });
      expect(await s.closed).toMatchObject({ code: 4400, reason: 'Invalid connection parameters' });
    }
    // what graphql-ws itself refuses gets its plain reason too
    for (const message of [
      '{ not json',
      { type: 'connection_init', payload: 'Bearer x' },
      { type: 'connection_init', payload: ['Bearer x'] },
      { type: 'no-such-type' },
    ]) {
      const s = rawSocket(wsUrl());
      await s.send(message);
      const { code, reason } = await s.closed;
      expect(code).toBe(4400);
      expect(reason).toBe('Invalid message received');
    }
  });

  it('every error sent over the socket carries extensions.code', async () => {
    const s = rawSocket(wsUrl());
    await s.connect();
    const cases: [string, unknown, string][] = [
      ['subscription { events { id ', undefined, 'GRAPHQL_PARSE_FAILED'],
      [`subscription { ${'events { id } '.repeat(1000)} }`, undefined, 'GRAPHQL_PARSE_FAILED'],
      ['subscription { nope }', undefined, 'GRAPHQL_VALIDATION_FAILED'],
      [EVENTS, undefined, 'UNAUTHENTICATED'],
      [
        'subscription($i: TrackingAccessInput!) { trackingUpdates(input: $i) { status } }',
        { i: { token: 'x'.repeat(43), phoneLast4: '1\u00002' } },
        'BAD_USER_INPUT',
      ],
      ['subscription($i: TrackingAccessInput!) { trackingUpdates(input: $i) { status } }', { i: { token: 'x'.repeat(43), phoneLast4: '1234' } }, 'NOT_FOUND'],
    ];
    for (const [i, [query, variables, code]] of cases.entries()) {
      const id = `op${i}`;
      await s.send({ id, type: 'subscribe', payload: { query, variables } });
      const answer = await s.waitFor((m) => m.id === id && (m.type === 'error' || (m.type === 'next' && m.payload.errors)));
      const errors = answer.type === 'error' ? answer.payload : answer.payload.errors;
      expect(errors.length, query).toBeGreaterThan(0);
      for (const e of errors) {
        expect(e.extensions?.code, `${query} → ${JSON.stringify(e)}`).toBe(code);
        expect(JSON.stringify(e)).not.toMatch(/\bat .*\.(js|ts):\d+/);
      }
    }
  });

  it('a socket authenticated by the session cookie must come from an allowed origin', async () => {
    const advisor = await t.as('advisor@dealer-east.demo');
    const api = new URL(t.url);
    const foreign = rawSocket(wsUrl(), { cookie: advisor.cookie!, origin: 'https://evil.example' });
    await foreign.send({ type: 'connection_init' });
    expect(await foreign.closed).toMatchObject({ code: 4403, reason: 'Origin not allowed' });

    // the API's own origin (its playground) and a configured portal origin may
    const own = rawSocket(wsUrl(), { cookie: advisor.cookie!, origin: `http://${api.host}` });
    await own.connect();
    t.api.services.config.allowedOrigins = ['https://portal.example'];
    const portal = rawSocket(wsUrl(), { cookie: advisor.cookie!, origin: 'https://portal.example' });
    await portal.connect();
    await portal.send({ id: 'e', type: 'subscribe', payload: { query: EVENTS } });
    await new Promise((r) => setTimeout(r, 300));
    expect(portal.messages.filter((m) => m.id === 'e')).toEqual([]); // subscribed: no error
    expect(portal.socket.readyState).toBe(WebSocket.OPEN);

    // a bearer token in the connection parameters is not a cookie: any origin may use it
    const token = (
      await t
        .client()
        .ok<{ signIn: { token: string } }>(
          `mutation { signIn(input: { email: "advisor@dealer-east.demo", password: "demo-pass-2026", issueBearerToken: true }) { token } }`,
        )
    ).signIn.token;
    const bearer = rawSocket(wsUrl(), { origin: 'https://evil.example' });
    await bearer.connect({ authorization: `Bearer ${token}` });
    for (const s of [own, portal, bearer]) s.socket.close();
  });

  it('a role change or an expired session closes that user’s sockets with 4403', async () => {
    const admin = await t.as('admin@dealer-east.demo');
    const care = await t.as('care@dealer-east.demo');
    const careSocket = rawSocket(wsUrl(), { cookie: care.cookie! });
    await careSocket.connect();
    const [user] = await t.sql(`select id, version, roles from users where email = 'care@dealer-east.demo'`);
    const started = Date.now();
    await admin.ok(`mutation($i: SetUserRolesInput!) { setUserRoles(input: $i) { user { id } } }`, {
      i: { userId: user.id, roles: [...user.roles, 'SERVICE_ADVISOR'], version: user.version },
    });
    const closed = await careSocket.closed;
    expect(closed).toMatchObject({ code: 4403, reason: 'Permissions changed' });
    expect(closed.at - started).toBeLessThan(5000);

    // expiry needs no notice: the periodic check finds it
    const tech = await t.as('tech@dealer-east.demo');
    const techSocket = rawSocket(wsUrl(), { cookie: tech.cookie! });
    await techSocket.connect();
    const expiredAt = Date.now();
    await t.sql(`update sessions set expires_at = now() - interval '1 second' where user_id = (select id from users where email = 'tech@dealer-east.demo')`);
    const gone = await techSocket.closed;
    expect(gone).toMatchObject({ code: 4403, reason: 'Session ended' });
    expect(gone.at - expiredAt).toBeLessThan(5000);
  });
});

const redisUrl = process.env.REDIS_URL;

describe.skipIf(!redisUrl)('sign-out closes the sockets on every API process (over Redis)', () => {
  const up = twoProcesses(redisUrl!);

  it('a socket on process A closes within 5 s when its user signs out through process B; other sessions stay open', async () => {
    const onB = await new Client(up.b.url).signIn('advisor@dealer-east.demo');
    const other = await new Client(up.a.url).signIn('advisor@dealer-east.demo'); // the same user on another device
    const socket = rawSocket(up.a.wsUrl, { cookie: onB.cookie! });
    await socket.connect();
    const otherSocket = rawSocket(up.a.wsUrl, { cookie: other.cookie! });
    await otherSocket.connect();
    const started = Date.now();
    await onB.ok(`mutation { signOut { ok } }`);
    const closed = await socket.closed;
    expect(closed).toMatchObject({ code: 4403, reason: 'Session ended' });
    expect(closed.at - started).toBeLessThan(5000);
    // the other device's session is still valid: its socket stays open past a few checks
    await new Promise((r) => setTimeout(r, 2500));
    expect(otherSocket.socket.readyState).toBe(WebSocket.OPEN);
    otherSocket.socket.close();
  });
});
