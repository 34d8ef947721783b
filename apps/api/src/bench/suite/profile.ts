/**
 * `pnpm bench:profile`: a CPU profile of the API under the single-read load — the API in its own
 * process with `node --cpu-prof` (pinned like in `pnpm bench`), `warrantyClaim(id)` for
 * BENCH_SECONDS as a signed-in dealer, then a summary of where the time went: self time by
 * package and the hottest functions. The .cpuprofile stays in BENCH_PROFILE_DIR (default
 * .data/profiles) for Chrome DevTools.
 *
 *   pnpm bench:profile                       # warrantyClaim(id)
 *   BENCH_PROFILE_QUERY=orders pnpm bench:profile   # repairOrders(first: 10) with nested data
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runLoad } from './load.js';

const env = process.env;
const here = path.dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(env.BENCH_SECONDS ?? 10);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Self time by package (or "node:internal", "our code", "(gc)") and the hottest functions. */
export function summarise(file: string, top = 25): string {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const where = (n: ProfileNode) => {
    const url = n.callFrame.url;
    if (!url) return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)';
    const m = url.match(/node_modules\/\.pnpm\/([^/]+)\//);
    if (m) return m[1]!.replace(/@(\d[^_]*)(_.*)?$/, '').replace(/^@?([^+]+)\+/, '@$1/');
    if (url.startsWith('node:')) return 'node:internal';
    if (url.includes('/packages/')) return 'our packages (domain, authz)';
    return 'our code (apps/api)';
  };
  const byPkg = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    byPkg.set(where(n), (byPkg.get(where(n)) ?? 0) + t);
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + t);
  }
  const pct = (t: number) => `${((t / total) * 100).toFixed(1).padStart(5)} %`;
  const lines = [`self time, ${(total / 1e6).toFixed(1)} s sampled`, '', 'by package:'];
  for (const [k, t] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${pct(t)}  ${k}`);
  lines.push('', 'hottest functions:');
  for (const [k, t] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(t)}  ${k}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { testServerUrl } = await import('../../testing/database.js');
  const server = new URL(await testServerUrl());
  server.pathname = `/${env.BENCH_DB ?? 'asn_bench'}`;
  const dbUrl = server.toString();
  const dir = path.resolve(env.BENCH_PROFILE_DIR ?? path.join(here, '../../../../../.data/profiles'));
  fs.mkdirSync(dir, { recursive: true });
  const before = new Set(fs.readdirSync(dir));
  const taskset = os.cpus().length >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  const args = ['--cpu-prof', `--cpu-prof-dir=${dir}`, path.join(here, 'serve.js'), 'product', dbUrl];
  const child = taskset
    ? spawn('taskset', ['-c', '0', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) =>
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('{"bench"')) resolve((JSON.parse(line) as { bench: { url: string } }).bench.url);
    }),
  );
  const { DEMO_PASSWORD } = await import('../../seed/demo.js');
  const post = async (body: unknown, token?: string) =>
    (await (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      })
    ).json()) as { data: { signIn: { token: string } } };
  const email = 'warranty@dealer-east.demo';
  const token = (
    await post({
      query: `mutation($i: SignInInput!) { signIn(input: $i) { token } }`,
      variables: { i: { email, password: DEMO_PASSWORD, issueBearerToken: true } },
    })
  ).data.signIn.token;
  const owner = new pg.Client({ connectionString: dbUrl });
  await owner.connect();
  const ids = (
    await owner.query<{ id: string }>(`select c.id from warranty_claims c join users u on u.tenant_id = c.tenant_id where u.email = $1 limit 1000`, [email])
  ).rows.map((r) => r.id);
  await owner.end();
  const query =
    env.BENCH_PROFILE_QUERY === 'orders'
      ? `{ repairOrders(first: 10) { nodes { id number status complaint customer { name } vehicle { vin plate } lines { kind description amount { amountMinor } } } } }`
      : `query($id: ID!) { warrantyClaim(id: $id) { id number status vin claimed { amountMinor currency } submittedAt } }`;
  const r = await runLoad(
    url,
    (i) => ({ body: JSON.stringify({ query, variables: { id: ids[i % ids.length] } }), headers: { authorization: `Bearer ${token}` } }),
    { connections: 20, seconds: SECONDS },
  );
  console.log(`${r.reqPerSec.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors ${r.firstError ?? ''}`);
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile') && !before.has(f));
  if (!file) throw new Error('no profile written');
  console.log(`${path.join(dir, file)}\n`);
  console.log(summarise(path.join(dir, file)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
