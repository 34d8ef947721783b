import { startEmbeddedPostgres, type EmbeddedDb } from '../platform/db/embedded.js';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

let embedded: EmbeddedDb | null = null;

/**
 * Without DATABASE_URL the tests run on an embedded PostgreSQL started once here; each test file
 * then creates its own fresh database on that server.
 */
export async function setup(): Promise<void> {
  if (process.env.DATABASE_URL || process.env.ASN_TEST_SERVER_URL) return;
  embedded = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `asn-test-pg-${randomBytes(4).toString('hex')}`),
    persistent: false,
  });
  process.env.ASN_TEST_SERVER_URL = embedded.url;
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
}
