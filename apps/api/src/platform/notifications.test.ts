import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type TestApi } from '../test/harness.js';

let now = new Date('2026-11-23T02:00:00.000Z').getTime();
const clock = { now: () => new Date(now) };
const SLOT = '2026-11-25T01:00:00.000Z';

/** A stand-in for the SMS provider's adapter: records what it receives, fails when told to. */
function gatewayServer() {
  const received: { body: { to: string; kind: string; text: string }; auth: string | undefined }[] = [];
  let failing = false;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      received.push({ body: JSON.parse(raw), auth: req.headers.authorization });
      if (failing) {
        res.writeHead(503).end('busy');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sms-${received.length}` }));
      }
    });
  });
  return {
    received,
    fail: (on: boolean) => (failing = on),
    start: () => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`))),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const request = (phone: string, requestedAt = SLOT) => ({
  providerCode: 'DLR-E1',
  kind: 'WORKSHOP',
  requestedAt,
  name: '孙悦',
  phone,
  plate: '沪E12345',
  complaint: '保养',
});
const REQUEST = `mutation($i: RequestBookingInput!) { requestBooking(input: $i) { number } }`;

describe('SMS to customers go through the configured gateway', () => {
  const gateway = gatewayServer();
  let t: TestApi;
  const notice = async (kind: string) => (await t.sql(`select * from notifications where kind = $1 order by id desc limit 1`, [kind]))[0];

  beforeAll(async () => {
    const url = await gateway.start();
    t = await startTestApi({ clock, config: { smsWebhookUrl: url, smsWebhookToken: 'secret-token' } });
  });
  afterAll(async () => {
    await t.stop();
    await gateway.stop();
  });

  it('hands the SMS to the gateway after the change commits, and records the delivery', async () => {
    const r = (await t.client().ok(REQUEST, { i: request('13900001111') })).requestBooking;
    expect(gateway.received).toHaveLength(0); // not before the job runs
    expect((await notice('bookingReceived')).status).toBe('PENDING');
    await t.api.services.jobs.runDue();
    expect(gateway.received).toHaveLength(1);
    expect(gateway.received[0]!.auth).toBe('Bearer secret-token');
    expect(gateway.received[0]!.body).toMatchObject({ to: '13900001111', kind: 'bookingReceived' });
    expect(gateway.received[0]!.body.text).toContain(r.number);
    const n = await notice('bookingReceived');
    expect(n).toMatchObject({ status: 'SENT', attempts: 1, provider_ref: 'sms-1', recipient: '13900001111' });
  });

  it('a refused change sends nothing', async () => {
    const before = gateway.received.length;
    const r = await t.client().gql(REQUEST, { i: request('13900002222', '2026-11-25T01:30:00.000Z') });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    await t.api.services.jobs.runDue();
    expect(gateway.received.length).toBe(before);
  });

  it('retries with backoff while the gateway fails, then gives up as FAILED', async () => {
    gateway.fail(true);
    await t.client().ok(REQUEST, { i: request('13900003333') });
    for (let attempt = 1; attempt <= 5; attempt++) {
      await t.api.services.jobs.runDue();
      const n = await notice('bookingReceived');
      expect(n.attempts).toBe(attempt);
      expect(n.status).toBe(attempt < 5 ? 'PENDING' : 'FAILED');
      expect(n.last_error).toMatch(/503/);
      now += 60_000 * 2 ** (attempt - 1) + 1000; // the next retry is due
    }
    gateway.fail(false);
  });

  it('the desk sees on the order what was sent to the customer', async () => {
    const advisor = await t.as('advisor@dealer-east.demo');
    const [req] = await t.sql(`select id, version from booking_requests where phone = '13900001111'`);
    const ok = await advisor.ok(`mutation($i: AcceptBookingRequestInput!) { acceptBookingRequest(input: $i) { bookingRequest { repairOrderId } } }`, {
      i: { id: req.id, version: req.version, vin: 'LSVSMS00000000001' },
    });
    await t.api.services.jobs.runDue();
    const o = await advisor.ok(`query($id: ID!) { repairOrder(id: $id) { notices { kind channel status recipientMasked message } } }`, {
      id: ok.acceptBookingRequest.bookingRequest.repairOrderId,
    });
    expect(o.repairOrder.notices).toEqual([
      expect.objectContaining({ kind: 'bookingAccepted', channel: 'SMS', status: 'SENT', recipientMasked: '139****1111' }),
    ]);
  });
});

describe('without an SMS gateway', () => {
  it('records the notice and marks it NOT_SENT instead of pretending', async () => {
    const t = await startTestApi({ clock });
    try {
      await t.client().ok(REQUEST, { i: request('13900004444') });
      await t.api.services.jobs.runDue();
      const [n] = await t.sql(`select status, last_error from notifications where kind = 'bookingReceived'`);
      expect(n).toEqual({ status: 'NOT_SENT', last_error: 'no SMS gateway configured (SMS_WEBHOOK_URL)' });
    } finally {
      await t.stop();
    }
  });
});
