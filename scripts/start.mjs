#!/usr/bin/env node
// `pnpm start`: build what changed (scripts/build-if-changed.mjs; `--no-build` skips the check,
// `--rebuild` builds everything), then run the whole product in one process — the API (with an
// embedded PostgreSQL when DATABASE_URL is unset, migrations and the demo network) and the portal.
//
// Ctrl+C (or SIGTERM) stops it in order: the portal stops accepting and answers what is in flight,
// then the API (its WebSockets close with 1001, its last requests finish, then its job queue,
// outbox, Redis and pools), then the embedded PostgreSQL — which runs in its own session, so the
// terminal's Ctrl+C never reaches it directly. Each of the portal and the API gets
// SHUTDOWN_DEADLINE_MS (10 s by default) for its requests in flight. Exit code 0 when all of it
// stopped in time, 1 when requests had to be cut.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIfChanged } from './build-if-changed.mjs';

const started = Date.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (!process.argv.includes('--no-build')) {
  const status = buildIfChanged({ root, force: process.argv.includes('--rebuild') });
  if (status !== 0) process.exit(status);
}

const apiPort = Number(process.env.API_PORT ?? 4000);
const portalPort = Number(process.env.PORT ?? 3000);
process.env.TRUST_PROXY ??= 'loopback'; // the portal below forwards the browser's address from this machine
const { startProduct, printDemoLogins, stopOnSignals } = await import(pathToFileURL(path.join(root, 'apps/api/dist/main.js')).href);
const signals = stopOnSignals();
const product = await startProduct({ port: apiPort });

let portal = null;
let portalStops = null;
const portalServer = path.join(root, 'apps/portal/server.js');
if (existsSync(portalServer)) {
  const { startPortal, drainPortal, closeProxiedSockets } = await import(pathToFileURL(portalServer).href);
  portal = await startPortal({ port: portalPort, apiUrl: `http://127.0.0.1:${product.api.port}` });
  portalStops = { drain: (deadlineAt) => drainPortal(portal, deadlineAt), closeSockets: () => closeProxiedSockets(portal) };
}

const deadlineMs = product.api.services.config.shutdownDeadlineMs;
signals.use(async () => {
  const portalCut = portalStops ? await portalStops.drain(Date.now() + deadlineMs) : 0;
  const report = await product.stop(); // the API (its 1001s reach browsers through the portal), then PostgreSQL
  portalStops?.closeSockets();
  return { ...report, clean: report.clean && portalCut === 0 };
}, 2 * deadlineMs);

console.log('');
printDemoLogins();
console.log('');
if (portal) console.log(`Portal:  http://localhost:${portalPort}/   (sign in with a demo login above)`);
console.log(`API:     ${product.api.url}   (open in a browser for the GraphQL playground)`);
console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Press Ctrl+C to stop.`);
