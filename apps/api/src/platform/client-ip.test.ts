import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { clientIpOf } from './client-ip.js';

/** The client address rule for WebSocket upgrades (and any raw request): TRUST_PROXY decides. */
describe('clientIpOf', () => {
  const seen: { none: string | null; loopback: string | null; other: string | null }[] = [];
  const record = (req: http.IncomingMessage) =>
    seen.push({
      none: clientIpOf(req, { trustProxy: [] }),
      loopback: clientIpOf(req, { trustProxy: ['loopback'] }),
      other: clientIpOf(req, { trustProxy: ['10.0.0.0/8'] }),
    });
  const server = http.createServer((req, res) => {
    record(req);
    res.end('ok');
  });
  server.on('upgrade', (req, socket) => {
    record(req);
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  });
  let base = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const viaHttp = async (headers: Record<string, string>) => {
    await fetch(`http://${base}/`, { headers });
    return seen.pop()!;
  };
  const viaUpgrade = async (headers: Record<string, string>) => {
    const ws = new WebSocket(`ws://${base}/graphql`, { headers });
    await new Promise<void>((resolve) => {
      ws.on('error', () => resolve());
      ws.on('close', () => resolve());
    });
    return seen.pop()!;
  };

  for (const [name, send] of [
    ['HTTP', viaHttp],
    ['WebSocket upgrade', viaUpgrade],
  ] as const) {
    it(`${name}: the header counts only from a trusted peer, read from the right up to the first untrusted hop`, async () => {
      expect(await send({})).toEqual({ none: '127.0.0.1', loopback: '127.0.0.1', other: '127.0.0.1' });
      expect(await send({ 'x-forwarded-for': '203.0.113.7' })).toEqual({ none: '127.0.0.1', loopback: '203.0.113.7', other: '127.0.0.1' });
      // a forged left part is not believed: the hop the trusted proxy saw is the client
      expect(await send({ 'x-forwarded-for': '198.51.100.66, 203.0.113.8' })).toEqual({ none: '127.0.0.1', loopback: '203.0.113.8', other: '127.0.0.1' });
    });
  }
});
