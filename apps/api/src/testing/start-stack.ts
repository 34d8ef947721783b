import { loadConfig } from '../platform/config.js';
import type { Clock } from '../platform/clock.js';
import { startApi, type RunningApi } from '../server.js';
import { demoUsers, seedDemo, type DemoUser } from '../seed/demo.js';
import { createTestDatabase, stopEmbeddedTestServer } from './database.js';

export interface Stack {
  apiUrl: string;
  wsUrl: string;
  api: RunningApi;
  databaseUrl: string;
  demoUsers: DemoUser[];
  stop(): Promise<void>;
}

/**
 * API on a random port over a fresh, seeded database: for end-to-end tests. A portal in front of
 * it on this machine needs `trustProxy: ['loopback']` so the browser's address reaches the API.
 */
export async function startStack(opts: { seed?: boolean; history?: boolean; redisUrl?: string; clock?: Clock; trustProxy?: string[] } = {}): Promise<Stack> {
  const db = await createTestDatabase('asn_e2e');
  const config = loadConfig({ databaseUrl: db.url, port: 0, redisUrl: opts.redisUrl, ...(opts.trustProxy ? { trustProxy: opts.trustProxy } : {}) });
  const api = await startApi(config, { clock: opts.clock });
  if (opts.seed !== false) await seedDemo(api.services, db.url, () => {}, { history: opts.history ?? false });
  return {
    apiUrl: api.url,
    wsUrl: api.wsUrl,
    api,
    databaseUrl: db.url,
    demoUsers: demoUsers(),
    async stop() {
      await api.stop();
      await db.drop();
      await stopEmbeddedTestServer();
    },
  };
}
