import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureDatabase, migrate } from '../platform/db/orm.js';
import { startEmbeddedPostgres, type EmbeddedDb } from '../platform/db/embedded.js';

/**
 * The PostgreSQL server tests run against: DATABASE_URL's server when set, else an embedded
 * one (started once per process, or shared via ASN_TEST_SERVER_URL from a global setup).
 */
let embedded: Promise<EmbeddedDb> | null = null;

export async function testServerUrl(): Promise<string> {
  if (process.env.ASN_TEST_SERVER_URL) return process.env.ASN_TEST_SERVER_URL;
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  embedded ??= startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `asn-pg-${process.pid}-${randomBytes(4).toString('hex')}`),
    persistent: false,
  });
  return (await embedded).url;
}

export async function stopEmbeddedTestServer(): Promise<void> {
  if (embedded) await (await embedded).stop();
  embedded = null;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(prefix = 'asn_t'): Promise<TestDatabase> {
  const server = new URL(await testServerUrl());
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  server.pathname = `/${name}`;
  const url = server.toString();
  await ensureDatabase(url);
  await migrate(url);
  return {
    url,
    async drop() {
      const admin = new URL(url);
      admin.pathname = '/postgres';
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        // Let closing pools finish disconnecting first: forcing a drop kills their backends, and a
        // client still ending then reports an unhandled "terminating connection" error.
        for (let i = 0; i < 50; i++) {
          const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [
            name,
          ]);
          if (rows[0]?.n === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
