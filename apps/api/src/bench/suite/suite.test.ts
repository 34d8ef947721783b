/**
 * `pnpm bench` keeps working: the suite runs end to end on a tiny dataset (the real figures come
 * from the full run, README "Benchmarks") and prints every part of its table with real numbers.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testServerUrl } from '../../testing/database.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const main = path.resolve(here, '../../../dist/bench/suite/main.js');
const dbName = `asn_bench_smoke_${process.pid}`;

describe('pnpm bench', () => {
  afterAll(async () => {
    const admin = new URL(await testServerUrl());
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`drop database if exists ${client.escapeIdentifier(dbName)} with (force)`);
    await client.end();
  });

  it('seeds, measures bare vs product, counts SQL, fans out, and prints the tables', async () => {
    const env = {
      ...process.env,
      DATABASE_URL: await testServerUrl(),
      BENCH_DB: dbName,
      BENCH_CLAIMS: '300',
      BENCH_ORDERS: '300',
      BENCH_DRAFTS: '200',
      BENCH_SECONDS: '1',
      BENCH_ROUNDS: '1',
      BENCH_CONNECTIONS: '4',
      BENCH_FANOUT: '20',
      BENCH_CHANGES: '2',
    };
    const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.stderr.on('data', (c: Buffer) => (text += c.toString()));
      child.on('exit', (code) => resolve({ code, text }));
    });
    expect(out.code, out.text.slice(-2000)).toBe(0);
    const row = (label: string) => out.text.split('\n').find((l) => l.startsWith(`| ${label} |`));
    // bare and product side by side, with a ratio
    expect(row('warrantyClaim(id)')).toMatch(
      /^\| warrantyClaim\(id\) \| \d+ \| [\d.]+ \/ [\d.]+ \| \d+ \| [\d.]+ \/ [\d.]+ \| [\d.]+× \| [\d.]+× \| [\d.]+ \/ [\d.]+ \/ [\d.]+ \|$/,
    );
    expect(row('repairOrders(first: 100) + nested')).toBeTruthy();
    expect(row('submitWarrantyClaim (write)')).toMatch(/\| \d+ \|/);
    expect(out.text).toMatch(/warrantyClaim\(id\)\s+[\d.]+ statements\s+[\d.]+ round trips/);
    expect(row('20')).toMatch(/^\| 20 \| .+ \| 40\/40 \| [\d.]+ \/ [\d.]+ \|$/);
    expect(out.text).toMatch(/noise: req\/s of the same case varied by up to \d+ %/);
    expect(out.text).not.toMatch(/ errors, first:/);
  }, 240_000);
});
