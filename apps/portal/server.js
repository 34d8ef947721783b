// Production server for the portal: serves the SvelteKit app (adapter-node handler) and
// forwards /graphql — HTTP requests and the graphql-ws WebSocket upgrade — to the API, so the
// browser talks to one origin and the HttpOnly session cookie just works.
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function isGraphql(url) {
  return url === '/graphql' || url.startsWith('/graphql?') || url.startsWith('/graphql/');
}

/** Stored files (photos) are served by the API too: `GET /files/<id>` with the session cookie or a signed `?c=`. */
function isFile(url) {
  return url.startsWith('/files/');
}

/**
 * X-Forwarded-For for the API: what came in, plus this connection's peer. The API believes it
 * only from the proxies in its TRUST_PROXY (`loopback` when started together by `pnpm start`).
 */
function forwardedFor(req) {
  const prior = req.headers['x-forwarded-for'];
  const chain = [...(Array.isArray(prior) ? prior : prior ? [prior] : []), ...(req.socket.remoteAddress ? [req.socket.remoteAddress] : [])];
  return chain.join(', ');
}

/**
 * How the portal stops: it stops accepting (a new connection is refused), closes idle keep-alive
 * connections, answers the requests in flight (each with `Connection: close`) until the deadline,
 * then destroys what is left; the WebSockets it forwards to the API close last (closeProxiedSockets),
 * so that under `pnpm start` the API's own 1001 "going away" reaches the browser first.
 * (The API does the same for its connections: apps/api/src/platform/shutdown.ts.)
 */
const tracked = new WeakMap();

function trackConnections(server) {
  const requests = new Map(); // HTTP connection → requests in flight on it
  const proxied = new Set(); // upgraded connections (WebSockets forwarded to the API)
  let draining = false;
  let allClosed = null;
  const closedOne = (socket) => {
    requests.delete(socket);
    if (draining && requests.size === 0) allClosed?.();
  };
  server.on('connection', (socket) => {
    requests.set(socket, 0);
    socket.once('close', () => {
      proxied.delete(socket);
      closedOne(socket);
    });
  });
  server.on('upgrade', (_req, socket) => {
    proxied.add(socket);
    closedOne(socket);
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    if (!requests.has(socket)) return;
    requests.set(socket, requests.get(socket) + 1);
    if (draining) res.shouldKeepAlive = false;
    res.once('close', () => {
      if (!requests.has(socket)) return;
      const left = requests.get(socket) - 1;
      requests.set(socket, left);
      if (draining && left === 0) socket.destroySoon();
    });
  });
  tracked.set(server, {
    proxied,
    drain(deadlineAt) {
      draining = true;
      server.close();
      for (const [socket, n] of requests) if (n === 0) socket.destroySoon();
      if (requests.size === 0) return Promise.resolve(0);
      return new Promise((resolve) => {
        const timer = setTimeout(
          () => {
            allClosed = null;
            let cut = 0;
            for (const [socket, n] of requests) {
              cut += n;
              socket.destroy();
            }
            resolve(cut);
          },
          Math.max(0, deadlineAt - Date.now()),
        );
        allClosed = () => {
          clearTimeout(timer);
          allClosed = null;
          resolve(0);
        };
      });
    },
  });
}

/** Stops accepting and answers what is in flight until `deadlineAt` (ms since the epoch); resolves with the number of requests cut. */
export function drainPortal(server, deadlineAt) {
  return tracked.get(server).drain(deadlineAt);
}

/** Ends the WebSockets still forwarded to the API (their API side closes with them). */
export function closeProxiedSockets(server) {
  for (const socket of tracked.get(server).proxied) socket.destroy();
}

export async function startPortal({
  port = Number(process.env.PORT ?? 3000),
  host = process.env.HOST ?? '127.0.0.1',
  apiUrl = process.env.API_URL ?? 'http://127.0.0.1:4000',
} = {}) {
  process.env.API_URL = apiUrl; // read by the SvelteKit server code ($env/dynamic/private)
  // adapter-node assumes https unless told; behind a TLS proxy that sets X-Forwarded-Proto the
  // header wins, and served directly the socket decides (needed for SvelteKit's CSRF origin check).
  process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
  // a photo upload (at most 5 MiB, checked again by the API) goes through a form action
  process.env.BODY_SIZE_LIMIT ??= '6M';
  const { handler } = await import(pathToFileURL(path.join(here, 'build/handler.js')).href);
  const api = new URL(apiUrl);

  const server = http.createServer((req, res) => {
    if (!isGraphql(req.url ?? '') && !(isFile(req.url ?? '') && (req.method === 'GET' || req.method === 'HEAD'))) {
      req.headers['x-forwarded-proto'] ??= 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
      return handler(req, res);
    }
    const upstream = http.request(
      {
        host: api.hostname,
        port: api.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: api.host, 'x-forwarded-for': forwardedFor(req) },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'The API is not reachable.', extensions: { code: 'BAD_GATEWAY' } }] }));
    });
    req.pipe(upstream);
  });

  server.on('upgrade', (req, socket, head) => {
    if (!isGraphql(req.url ?? '')) return socket.destroy();
    const upstream = net.connect(Number(api.port || 80), api.hostname, () => {
      // the browser's Host stays: the API lets a cookie socket through only when its Origin is the
      // page's own host (or a configured portal origin), which a page of another site cannot fake
      const headers = Object.entries({ ...req.headers, host: req.headers.host ?? api.host, 'x-forwarded-for': forwardedFor(req) })
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)
        .join('\r\n');
      upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers}\r\n\r\n`);
      if (head?.length) upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });

  trackConnections(server);
  await new Promise((resolve) => server.listen(port, host, resolve));
  return server;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await startPortal();
  const addr = server.address();
  console.log(`Portal on http://localhost:${typeof addr === 'object' && addr ? addr.port : ''}/`);
  // SIGTERM/SIGINT: stop once (a repeat is ignored); exit 0 when nothing was cut, else 1. The
  // process then ends by itself; exit() only if something still holds it two seconds later.
  const deadlineMs = Number(process.env.SHUTDOWN_DEADLINE_MS ?? 10_000);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const cut = await drainPortal(server, Date.now() + deadlineMs);
    closeProxiedSockets(server);
    process.exitCode = cut ? 1 : 0;
    setTimeout(() => process.exit(), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
