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

export async function startPortal({ port = Number(process.env.PORT ?? 3000), host = process.env.HOST ?? '127.0.0.1', apiUrl = process.env.API_URL ?? 'http://127.0.0.1:4000' } = {}) {
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
      { host: api.hostname, port: api.port, method: req.method, path: req.url, headers: { ...req.headers, host: api.host } },
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
      const headers = Object.entries({ ...req.headers, host: api.host })
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)
        .join('\r\n');
      upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers}\r\n\r\n`);
      if (head?.length) upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });

  await new Promise((resolve) => server.listen(port, host, resolve));
  return server;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await startPortal();
  const addr = server.address();
  console.log(`Portal on http://localhost:${typeof addr === 'object' && addr ? addr.port : ''}/`);
}
