#!/usr/bin/env node
// `pnpm start`: build, then run the whole product in one process — the API (with an embedded
// PostgreSQL when DATABASE_URL is unset, migrations and the demo network) and the portal.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const skipBuild = process.argv.includes('--no-build');

if (!skipBuild) {
  console.log('Building packages, API and portal…');
  const r = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const apiPort = Number(process.env.API_PORT ?? 4000);
const portalPort = Number(process.env.PORT ?? 3000);
process.env.TRUST_PROXY ??= 'loopback'; // the portal below forwards the browser's address from this machine
const { startProduct, printDemoLogins } = await import(pathToFileURL(path.join(root, 'apps/api/dist/main.js')).href);
const product = await startProduct({ port: apiPort });

let portal = null;
const portalServer = path.join(root, 'apps/portal/server.js');
if (existsSync(portalServer)) {
  const { startPortal } = await import(pathToFileURL(portalServer).href);
  portal = await startPortal({ port: portalPort, apiUrl: `http://127.0.0.1:${product.api.port}` });
}

console.log('');
printDemoLogins();
console.log('');
if (portal) console.log(`Portal:  http://localhost:${portalPort}/   (sign in with a demo login above)`);
console.log(`API:     ${product.api.url}   (open in a browser for the GraphQL playground)`);
console.log('Press Ctrl+C to stop.');

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await new Promise((resolve) => (portal ? portal.close(resolve) : resolve()));
  await product.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
