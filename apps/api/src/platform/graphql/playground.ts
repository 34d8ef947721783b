import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type express from 'express';

/**
 * The GraphQL playground (GraphiQL) that a browser gets on `GET /graphql` outside production.
 * Everything it loads comes from this server — GraphiQL's, React's and ReactDOM's browser bundles
 * out of node_modules, plus a small start script — so it works on a workshop network without
 * internet (Apollo Sandbox loads itself from a CDN). Assets live under `/graphql/playground/` so
 * that the portal, which forwards `/graphql` and `/graphql/…` to the API, serves the playground
 * same-origin too.
 */
export const PLAYGROUND_PATH = '/graphql/playground';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** The page runs no inline code and talks only to its own origin (HTTP and the graphql-ws socket). */
export const PLAYGROUND_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // GraphiQL and its editor set style attributes and inject <style> elements at run time
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:", // GraphiQL's CSS carries its fonts as data: URLs
  "connect-src 'self'", // 'self' covers ws(s):// to the same host (CSP level 3)
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** What the editor shows on a first visit (GraphiQL keeps the user's tabs in localStorage after that). */
const DEFAULT_QUERY = `# GraphQL playground of the after-sales network API, served by the API itself
# (it needs no internet). Ctrl+Enter runs the operation; the book icon opens the docs.
#
# Sign in first — the session cookie then goes with every query and subscription:
#
#   mutation { signIn(input: { email: "you@example.com", password: "…" }) { me { user { id } } } }
#
# A link can carry an operation: /graphql?query=…&variables=…

{
  me {
    user {
      id
    }
  }
}
`;

/**
 * Starts GraphiQL against the URL the page was opened at (the API's, or the portal's same-origin
 * /graphql); subscriptions go over graphql-ws on the same URL. `?query=` and `?variables=` fill the editors.
 */
const START_JS = `(function () {
  var path = location.pathname.replace(/\\/+$/, '');
  var endpoint = location.origin + path;
  var socket = (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + path;
  var params = new URLSearchParams(location.search);
  var props = {
    fetcher: GraphiQL.createFetcher({ url: endpoint, subscriptionUrl: socket }),
    defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
    defaultEditorToolsVisibility: true,
  };
  if (params.has('query')) props.query = params.get('query');
  if (params.has('variables')) props.variables = params.get('variables');
  var root = document.getElementById('graphiql');
  root.textContent = '';
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, props));
})();
`;

const PAGE_CSS = `html, body { height: 100%; margin: 0; }
#graphiql { height: 100vh; }
#graphiql > .loading { font: 16px system-ui, sans-serif; padding: 2rem; color: #555; }
`;

interface Asset {
  type: string;
  body: Buffer;
  etag: string;
}

function asset(type: string, body: Buffer | string): Asset {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return { type, body: bytes, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"` };
}

/** File name under PLAYGROUND_PATH → what is served; read once, on the first request. */
function loadAssets(): Map<string, Asset> {
  const file = (pkg: string, rel: string) => readFileSync(path.join(packageDir(pkg), rel));
  return new Map([
    ['react.production.min.js', asset(JS, file('react', 'umd/react.production.min.js'))],
    ['react-dom.production.min.js', asset(JS, file('react-dom', 'umd/react-dom.production.min.js'))],
    ['graphiql.min.js', asset(JS, file('graphiql', 'graphiql.min.js'))],
    ['graphiql.min.css', asset(CSS, file('graphiql', 'graphiql.min.css'))],
    ['playground.css', asset(CSS, PAGE_CSS)],
    ['start.js', asset(JS, START_JS)],
  ]);
}

const PAGE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>GraphQL playground</title>
    <link rel="stylesheet" href="${PLAYGROUND_PATH}/graphiql.min.css" />
    <link rel="stylesheet" href="${PLAYGROUND_PATH}/playground.css" />
  </head>
  <body>
    <div id="graphiql"><div class="loading">Loading the GraphQL playground…</div></div>
    <script src="${PLAYGROUND_PATH}/react.production.min.js"></script>
    <script src="${PLAYGROUND_PATH}/react-dom.production.min.js"></script>
    <script src="${PLAYGROUND_PATH}/graphiql.min.js"></script>
    <script src="${PLAYGROUND_PATH}/start.js"></script>
  </body>
</html>
`;

/** A browser navigating to the endpoint (it prefers HTML over every GraphQL response type), as Apollo decides for its landing page. */
function wantsPage(req: express.Request): boolean {
  return req.accepts(['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html']) === 'text/html';
}

/**
 * Mounts the playground: the page on `GET /graphql` for a browser (anything else goes on to the
 * GraphQL handler) and its assets under PLAYGROUND_PATH. Only where introspection is on — the
 * caller mounts it outside production.
 */
export function mountPlayground(app: express.Express): void {
  let assets: Map<string, Asset> | null = null;
  app.get('/graphql', (req, res, next) => {
    if (!wantsPage(req)) {
      next();
      return;
    }
    res
      .status(200)
      .set({
        ...SECURITY_HEADERS,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': PLAYGROUND_CSP,
        'Cache-Control': 'no-store',
        'X-Frame-Options': 'DENY',
        Vary: 'Accept',
      })
      .send(PAGE_HTML);
  });
  app.get(`${PLAYGROUND_PATH}/:file`, (req, res) => {
    assets ??= loadAssets();
    const found = assets.get(String(req.params.file));
    if (!found) {
      res
        .status(404)
        .set({ ...SECURITY_HEADERS, 'Cache-Control': 'no-store' })
        .json({ error: { code: 'NOT_FOUND', message: 'No such playground file.' } });
      return;
    }
    // revalidated every time (the bytes change with an upgrade of the packages)
    res.set({ ...SECURITY_HEADERS, 'Content-Type': found.type, 'Cache-Control': 'no-cache', ETag: found.etag });
    if (req.headers['if-none-match'] === found.etag) {
      res.status(304).end();
      return;
    }
    res.status(200).set('Content-Length', String(found.body.length)).end(found.body);
  });
}
