#!/usr/bin/env node
// The one-shot `migrate` service of infra/compose.yaml: what `pnpm start` does before it serves —
// create the database and the API role (asn_app) if missing, run the migrations, seed the demo
// network (unless SEED_DEMO=false) — then stop and exit 0. The API replicas start after it, so
// that two processes never migrate or seed at the same moment (apps/api/src/platform/db/orm.ts
// takes no lock; the seed checks, then inserts).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

if (!process.env.DATABASE_URL) {
  console.error('migrate: set DATABASE_URL (the owner connection); without it the API would start an embedded PostgreSQL');
  process.exit(1);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startProduct } = await import(pathToFileURL(path.join(root, 'apps/api/dist/main.js')).href);
// port 0: the API starts (the demo seed goes through its services) on a free port nobody calls
const product = await startProduct({ port: 0 });
const report = await product.stop();
console.log(`migrate: done (${report.clean ? 'clean stop' : 'stopped with requests cut'})`);
process.exit(report.clean ? 0 : 1);
