import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './platform/config.js';
import { ensureDatabase, migrate } from './platform/db/orm.js';
import { startEmbeddedPostgres, type EmbeddedDb } from './platform/db/embedded.js';
import { startApi, type RunningApi } from './server.js';
import { CLOSE_GRACE_MS, type StopReport } from './platform/shutdown.js';
import { log } from './platform/log.js';
import { demoUsers, seedDemo } from './seed/demo.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../../..');

export interface RunningProduct {
  api: RunningApi;
  databaseUrl: string;
  embedded: EmbeddedDb | null;
  /** The API's graceful stop, then the embedded PostgreSQL (if any); the API's report. */
  stop(): Promise<StopReport>;
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
    const seeded = await seedDemo(api.services, databaseUrl, log, { history: true });
    if (seeded) log('Demo network seeded.');
  }
  return {
    api,
    databaseUrl,
    embedded,
    async stop() {
      const report = await api.stop();
      await embedded?.stop();
      return report;
    },
  };
}

/** A repeat of the stopping signal this soon is the same Ctrl+C again (pnpm forwards it), not a person insisting. */
const REPEAT_IS_ECHO_MS = 2000;
/** After a stop, the process should end by itself at once; if something still holds it this long, it is ended. */
const AFTER_STOP_MS = 2000;

export interface SignalStop {
  /** From now on a signal runs `stop` (before this, a signal ends the process: it was still starting). */
  use(stop: () => Promise<StopReport>, deadlineMs: number): void;
}

/**
 * SIGTERM, SIGINT and SIGHUP stop the process once, gracefully (platform/shutdown.ts): the exit
 * code is 0 when everything stopped in time, 1 when requests were cut at the deadline or a step
 * failed. The process then ends by itself; `process.exit` is only the last resort, when something
 * still holds it after the stop, or the stop itself overruns the deadline plus the closing grace.
 * A repeated signal does not start a second stop; one sent two seconds or more after the first
 * ends the process at once (exit 130) — the 'exit' hook still stops an embedded PostgreSQL.
 * Installed before starting, so that a signal during the start ends it too.
 */
export function stopOnSignals(): SignalStop {
  let stop: (() => Promise<StopReport>) | null = null;
  let deadlineMs = 0;
  let firstAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstAt) {
      if (Date.now() - firstAt < REPEAT_IS_ECHO_MS) return;
      log.warn('shutdown.forced', { signal });
      process.exit(130);
    }
    firstAt = Date.now();
    if (!stop) {
      log.info('shutdown.duringStart', { signal });
      process.exit(130);
    }
    log.info('shutdown.signal', { signal });
    const lastResort = setTimeout(() => endNow('shutdown.overran', 1), deadlineMs + CLOSE_GRACE_MS + AFTER_STOP_MS);
    lastResort.unref();
    stop().then(
      (report) => {
        process.exitCode = report.clean ? 0 : 1;
        setTimeout(() => endNow('shutdown.stillHeld', process.exitCode as number), AFTER_STOP_MS).unref();
      },
      (e: unknown) => {
        log.error('shutdown.failed', e);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  return {
    use(next, ms) {
      stop = next;
      deadlineMs = ms;
    },
  };
}

/** The last resort: says what still holds the process (handle kinds, e.g. TCPSocketWrap, Timeout), then exits. */
function endNow(event: string, code: number): never {
  log.warn(event, { holding: process.getActiveResourcesInfo().join(', ') });
  process.exit(code);
}

export function printDemoLogins(log: (line: string) => void = console.log): void {
  log('Demo logins (password for all: demo-pass-2026):');
  for (const u of demoUsers()) {
    log(`  ${u.email.padEnd(30)} ${(u.tenantCode ?? 'platform').padEnd(9)} ${u.roles.join(', ') || 'PLATFORM ADMIN'}`);
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const signals = stopOnSignals();
  const product = await startProduct();
  signals.use(() => product.stop(), product.api.services.config.shutdownDeadlineMs);
  printDemoLogins();
  console.log(`API: ${product.api.url} (GraphQL playground in a browser at the same address)`);
}
