import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './platform/config.js';
import { ensureDatabase, migrate } from './platform/db/orm.js';
import { startEmbeddedPostgres, type EmbeddedDb } from './platform/db/embedded.js';
import { startApi, type RunningApi } from './server.js';
import { demoUsers, seedDemo } from './seed/demo.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../../..');

export interface RunningProduct {
  api: RunningApi;
  databaseUrl: string;
  embedded: EmbeddedDb | null;
  stop(): Promise<void>;
}

/**
 * Starts the API the way `pnpm start` does: the database from DATABASE_URL, or an embedded
 * PostgreSQL under .data/ when it is unset; migrations; the demo network (unless SEED_DEMO=false).
 */
export async function startProduct(opts: { port?: number; log?: (line: string) => void } = {}): Promise<RunningProduct> {
  const log = opts.log ?? ((line: string) => console.log(line));
  let embedded: EmbeddedDb | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const dataDir = process.env.ASN_DATA_DIR ?? path.join(REPO_ROOT, '.data', 'postgres');
    log(`No DATABASE_URL: starting embedded PostgreSQL in ${dataDir}`);
    embedded = await startEmbeddedPostgres({ dataDir, port: Number(process.env.EMBEDDED_PG_PORT ?? 54329) });
    databaseUrl = embedded.url;
  }
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  const config = loadConfig({ databaseUrl, ...(opts.port !== undefined ? { port: opts.port } : {}) });
  const api = await startApi(config);
  if (process.env.SEED_DEMO !== 'false') {
    const seeded = await seedDemo(api.services, databaseUrl, log);
    if (seeded) log('Demo network seeded.');
  }
  return {
    api,
    databaseUrl,
    embedded,
    async stop() {
      await api.stop();
      await embedded?.stop();
    },
  };
}

export function printDemoLogins(log: (line: string) => void = console.log): void {
  log('Demo logins (password for all: demo-pass-2026):');
  for (const u of demoUsers()) {
    log(`  ${u.email.padEnd(30)} ${(u.tenantCode ?? 'platform').padEnd(9)} ${u.roles.join(', ') || 'PLATFORM ADMIN'}`);
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const product = await startProduct();
  printDemoLogins();
  console.log(`API: ${product.api.url} (GraphQL playground in a browser at the same address)`);
  const shutdown = async () => {
    await product.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
