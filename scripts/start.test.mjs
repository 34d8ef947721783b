// `pnpm start` with its embedded PostgreSQL, stopped the way a terminal's Ctrl+C does it: SIGINT
// to the whole foreground process group. The database is not in that group, so it keeps serving
// until the API has answered its last request and stopped; then it stops too, and the process
// exits 0 with nothing but its own log lines. Needs the built product (`pnpm run build`, which
// `pnpm test` runs first). Run: node --test scripts/
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pg = createRequire(path.join(root, 'apps/api/package.json'))('pg');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The process group of `pid` (field 5 of /proc/<pid>/stat). */
function processGroup(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('pnpm start, stopped with Ctrl+C', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'asn-start-'));
  let child;
  after(() => {
    if (child?.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'a request in flight completes, the API stops before its database, the database stops, exit 0, no error and no stack trace',
    { timeout: 300_000 },
    async () => {
      for (const built of ['apps/api/dist/main.js', 'apps/portal/build/handler.js']) {
        assert.ok(existsSync(path.join(root, built)), `${built} is missing: run pnpm run build first`);
      }
      const [pgPort, apiPort, portalPort] = [await freePort(), await freePort(), await freePort()];
      const env = {
        ...process.env,
        ASN_DATA_DIR: path.join(dataDir, 'pg'),
        EMBEDDED_PG_PORT: String(pgPort),
        API_PORT: String(apiPort),
        PORT: String(portalPort),
        SHUTDOWN_DEADLINE_MS: '8000',
      };
      delete env.DATABASE_URL;
      // its own process group, as a terminal gives a foreground job
      child = spawn(process.execPath, ['scripts/start.mjs', '--no-build'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c) => (output += c));
      child.stderr.on('data', (c) => (output += c));
      const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
      const ready = new Promise((resolve, reject) => {
        const timer = setInterval(() => output.includes('Ready in') && (clearInterval(timer), resolve()), 100);
        void exited.then(() => (clearInterval(timer), reject(new Error(`pnpm start exited before it was ready:\n${output}`))));
      });
      await ready;

      // the database runs outside the group that Ctrl+C reaches
      const postmaster = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      assert.ok(alive(postmaster));
      assert.notEqual(processGroup(postmaster), child.pid);

      // a slow request through the portal: its UPDATE waits for a row lock held here
      const portal = `http://127.0.0.1:${portalPort}/graphql`;
      const post = (body, cookie) =>
        fetch(portal, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
      const signedIn = await post({
        query: 'mutation($i: SignInInput!) { signIn(input: $i) { me { user { id } } } }',
        variables: { i: { email: 'admin@oem.demo', password: 'demo-pass-2026' } },
      });
      const cookie = signedIn.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .find((c) => c.startsWith('asn_session='));
      assert.ok(cookie, `no session: ${await signedIn.text()}`);
      const owner = new pg.Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/asn` });
      owner.on('error', () => {}); // the database stops at the end, with this connection open
      await owner.connect();
      const [rel] = (await owner.query(`select id, version from relationships where dealer_code = 'HY-N001'`)).rows;
      await owner.query('begin');
      await owner.query('select id from relationships where id = $1 for update', [rel.id]);
      const answer = post(
        {
          query: 'mutation($i: UpdateRelationshipInput!) { updateRelationship(input: $i) { relationship { id version } } }',
          variables: { i: { id: rel.id, version: rel.version, brands: ['华岳装载机'] } },
        },
        cookie,
      ).then((r) => r.json());
      for (let waited = 0; ; waited += 100) {
        const { rows } = await owner.query(`select count(*)::int as n from pg_stat_activity where datname = 'asn' and wait_event_type = 'Lock'`);
        if (rows[0].n > 0) break;
        assert.ok(waited < 15_000, 'the request never waited for the lock');
        await new Promise((r) => setTimeout(r, 100));
      }

      process.kill(-child.pid, 'SIGINT'); // Ctrl+C
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(child.exitCode, null, 'still answering the request');
      assert.ok(alive(postmaster), 'the database is still up while the request runs');
      await owner.query('rollback');
      const result = await answer;
      assert.deepEqual(result, { data: { updateRelationship: { relationship: { id: rel.id, version: rel.version + 1 } } } });
      await owner.end().catch(() => {});

      const exit = await exited;
      assert.deepEqual([exit.code, exit.signal], [0, null], output);
      assert.ok(!alive(postmaster), 'the database stopped');
      assert.ok(!existsSync(path.join(dataDir, 'pg', 'postmaster.pid')));
      const afterReady = output.slice(output.indexOf('Ready in'));
      assert.match(afterReady, /"shutdown.done","clean":true/);
      assert.doesNotMatch(afterReady, /"level":"error"|terminating connection|ECONNREFUSED|Connection terminated/);
      assert.doesNotMatch(afterReady, /^\s+at .+:\d+:\d+\)?$/m);
    },
  );
});
