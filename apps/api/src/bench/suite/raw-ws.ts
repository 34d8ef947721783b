/**
 * The raw WebSocket baseline of the fan-out benchmark: a plain `ws` server that, when told over
 * HTTP, sends one given payload to every connected socket — the least any live-event server can
 * do for a broadcast.
 */
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export async function startRawWs(port = 0): Promise<{ url: string; wsUrl: string; close(): Promise<void> }> {
  const sockets = new Set<WebSocket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const payload = Buffer.concat(chunks).toString('utf8');
      for (const s of sockets) s.send(payload);
      res.end(String(sockets.size));
    });
  });
  server.keepAliveTimeout = 60_000;
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const p = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${p}/broadcast`,
    wsUrl: `ws://127.0.0.1:${p}/ws`,
    async close() {
      for (const s of sockets) s.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
