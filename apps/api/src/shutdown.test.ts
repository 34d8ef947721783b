import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './platform/db/embedded.js';
import { createTestDatabase, type TestDatabase } from './testing/database.js';
import { Client } from './testing/client.js';
import { wsText } from './testing/ws-text.js';

/**
 * The real API process (`node dist/main.js`, as deployed) stopped with SIGTERM: what is in flight
 * finishes, nothing new gets in, WebSockets close with 1001, the process ends by itself with 0 —
 * and a request that outlives the deadline does not keep it alive. Needs a built API
 * (`pnpm --filter @asn/api build`), as `pnpm test` does first.
 */
const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/main.js');

interface ApiProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything the process wrote (stdout and stderr). */
  output(): string;
  /** Resolves when the output contains `text`. */
  saw(text: string, ms?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

async function startApiProcess(databaseUrl: string, env: Record<string, string>): Promise<ApiProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the API first (pnpm --filter @asn/api build)`);
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, DATABASE_URL: databaseUrl, API_PORT: String(port), API_HOST: '127.0.0.1', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const w of waiters.filter((w) => text.includes(w.text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const saw = (wanted: string, ms = 60_000) =>
    text.includes(wanted)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`the API did not print "${wanted}" within ${ms} ms; it printed:\n${text}`)), ms);
          waiters.push({ text: wanted, resolve: () => (clearTimeout(timer), resolve()) });
          void exited.then(() => reject(new Error(`the API exited before printing "${wanted}":\n${text}`)));
        });
  const api = { child, url: `http://127.0.0.1:${port}/graphql`, port, output: () => text, saw, exited };
  await saw('API: http', 120_000);
  return api;
}

/** Whether a new TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

/** A signed-in graphql-ws socket, acknowledged; `closed` resolves with its close code and reason. */
async function openSocket(port: number, cookie: string): Promise<{ closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws', { headers: { cookie } });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no connection_ack within 10 s')), 10_000);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    ws.on('message', (m) => JSON.parse(wsText(m)).type === 'connection_ack' && (clearTimeout(timer), resolve()));
    ws.once('error', reject);
    void closed.then(({ code, reason }) => reject(new Error(`the socket closed before it was acknowledged: ${code} ${reason}`)));
  });
  return { closed };
}

/** Resolves once some session of this database waits for a lock (the slow request got there). */
async function waitingOnLock(owner: pg.Client): Promise<void> {
  for (let waited = 0; waited < 15_000; waited += 100) {
    const { rows } = await owner.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the request never waited for the lock');
}

/** The process ended by itself: main.ts's last resort (process.exit) was not needed. */
const LAST_RESORT = /"shutdown\.(stillHeld|overran)"/;

const UPDATE = `mutation($i: UpdateRelationshipInput!) { updateRelationship(input: $i) { relationship { id brands version } } }`;
/** A stack trace line, as Node prints them ("    at fn (file.js:1:2)"). */
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

describe('stopping the API process', () => {
  let db: TestDatabase;
  let owner: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase('asn_stop');
    owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
  });
  afterAll(async () => {
    await owner?.end();
    await db?.drop();
  });

  it('idle, with a keep-alive connection and a WebSocket open: SIGTERM ends the process by itself at once, exit 0', { timeout: 180_000 }, async () => {
    const api = await startApiProcess(db.url, { JOB_POLL_MS: '200' });
    try {
      const admin = await new Client(api.url).signIn('admin@oem.demo'); // leaves an idle keep-alive connection
      const socket = await openSocket(api.port, admin.cookie!);
      const signalledAt = Date.now();
      api.child.kill('SIGTERM');
      const exit = await api.exited;
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(exit.at - signalledAt).toBeLessThan(2000);
      expect(await socket.closed).toEqual({ code: 1001, reason: 'Server shutting down' });
      expect(api.output()).not.toMatch(LAST_RESORT);
      expect(api.output()).not.toMatch(STACK_LINE);
    } finally {
      api.child.kill('SIGKILL');
    }
  });

  it(
    'SIGTERM during a slow request: it completes with its answer, new connections are refused, sockets close with 1001, events are published, exit 0 within the deadline',
    { timeout: 180_000 },
    async () => {
      const deadlineMs = 10_000;
      const api = await startApiProcess(db.url, { SHUTDOWN_DEADLINE_MS: String(deadlineMs), JOB_POLL_MS: '200' });
      try {
        const admin = await new Client(api.url).signIn('admin@oem.demo');
        const socket = await openSocket(api.port, admin.cookie!);
        const [rel] = (await owner.query(`select id, version from relationships where dealer_code = 'HY-N001'`)).rows;

        // a genuinely slow request: its UPDATE waits for the row lock this transaction holds
        await owner.query('begin');
        await owner.query('select id from relationships where id = $1 for update', [rel.id]);
        const started = Date.now();
        const answer = admin.gql(UPDATE, { i: { id: rel.id, version: rel.version, brands: ['华岳装载机', '停机测试'] } });
        await waitingOnLock(owner);
        const signalledAt = Date.now();
        api.child.kill('SIGTERM');
        await api.saw('"shutdown.begin"');
        api.child.kill('SIGTERM'); // a second signal does not start a second stop
        expect(await refused(api.port)).toBe(true);
        expect(await socket.closed).toEqual({ code: 1001, reason: 'Server shutting down' });
        // the request is still waiting, the process still there
        await new Promise((r) => setTimeout(r, 500));
        expect(api.child.exitCode).toBeNull();
        await owner.query('rollback');
        const result = await answer;
        expect(result.errors).toBeUndefined();
        expect(result.data?.updateRelationship.relationship).toMatchObject({ id: rel.id, brands: ['华岳装载机', '停机测试'], version: rel.version + 1 });
        expect(Date.now() - started).toBeGreaterThan(500);

        const exit = await api.exited;
        expect(exit).toMatchObject({ code: 0, signal: null });
        expect(exit.at - signalledAt).toBeLessThan(deadlineMs);
        // the change was committed, and its event published by the outbox's last round
        expect((await owner.query(`select brands from relationships where id = $1`, [rel.id])).rows[0].brands).toEqual(['华岳装载机', '停机测试']);
        expect((await owner.query(`select count(*)::int as n from outbox where published_at is null`)).rows[0].n).toBe(0);
        expect(api.output()).toMatch(/"shutdown.done","clean":true/);
        expect(api.output().match(/"shutdown.begin"/g)).toHaveLength(1);
        expect(api.output()).not.toMatch(LAST_RESORT);
        expect(api.output()).not.toMatch(/"level":"error"/);
        expect(api.output()).not.toMatch(STACK_LINE);
      } finally {
        await owner.query('rollback').catch(() => {});
        api.child.kill('SIGKILL');
      }
    },
  );

  it('a request still running at the deadline is cut and does not keep the process alive (exit 1 soon after the deadline)', { timeout: 180_000 }, async () => {
    const deadlineMs = 2000;
    const api = await startApiProcess(db.url, { SHUTDOWN_DEADLINE_MS: String(deadlineMs) });
    try {
      const admin = await new Client(api.url).signIn('admin@oem.demo');
      const [rel] = (await owner.query(`select id, version from relationships where dealer_code = 'HY-N001'`)).rows;
      await owner.query('begin');
      await owner.query('select id from relationships where id = $1 for update', [rel.id]);
      const answer = admin.gql(UPDATE, { i: { id: rel.id, version: rel.version, brands: ['永不完成'] } }).then(
        () => 'answered',
        () => 'cut',
      );
      await waitingOnLock(owner);

      const signalledAt = Date.now();
      api.child.kill('SIGTERM');
      const exit = await api.exited; // the lock is held all along
      expect(await answer).toBe('cut');
      expect(exit.code).toBe(1);
      const took = exit.at - signalledAt;
      expect(took).toBeGreaterThanOrEqual(deadlineMs);
      expect(took).toBeLessThan(deadlineMs + 2500);
      expect(api.output()).toMatch(/"shutdown.requestsCut","requests":1/);
      // its database connection was ended too, so nothing held the process
      expect(api.output()).not.toMatch(LAST_RESORT);
      expect(api.output()).not.toMatch(STACK_LINE);
    } finally {
      await owner.query('rollback').catch(() => {});
      api.child.kill('SIGKILL');
    }
    // nothing of the cut request was written
    const [rel] = (await owner.query(`select brands from relationships where dealer_code = 'HY-N001'`)).rows;
    expect(rel.brands).not.toContain('永不完成');
  });
});
