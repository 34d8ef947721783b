// `pnpm start` builds only what changed since its last build.
//
// Each workspace package with a build script has a fingerprint: the SHA-1 of every source file in
// it (the files git lists — tracked, or new and not ignored — less tests: *.test.*, tests/,
// src/test/), of the workspace's shared inputs (root package.json, pnpm-lock.yaml,
// pnpm-workspace.yaml, tsconfig.base.json, .npmrc) and the Node version. After a successful
// build it is written next to the package's output (dist/, or build/ for a Vite build) as
// .build-fingerprint.json. A package is built again when its fingerprint differs, when that
// file or the output is missing (a fresh clone), or when a workspace package it depends on
// (dependencies, not devDependencies) is built. Contents are compared, not times: a checkout or
// `touch` that changes nothing does not rebuild.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FINGERPRINT = '.build-fingerprint.json';
const SHARED_INPUTS = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'tsconfig.base.json', '.npmrc'];
const NOT_INPUTS = /(^|\/)(tests|node_modules|dist|build|\.svelte-kit|test-results|coverage)\/|(^|\/)src\/test\/|\.test\.[cm]?[jt]sx?$/;

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const sha1 = (file) => createHash('sha1').update(readFileSync(file)).digest('hex');

/** Workspace packages (pnpm-workspace.yaml's `dir/*` entries) that have a build script, dependencies first. */
export function workspacePackages(root) {
  const yaml = readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8');
  const globs = [...yaml.matchAll(/^\s*-\s*["']?([^"'\s#]+)["']?/gm)].map((m) => m[1]);
  const dirs = globs.flatMap((glob) => {
    if (!glob.endsWith('/*')) return [glob];
    const parent = path.join(root, glob.slice(0, -2));
    return existsSync(parent)
      ? readdirSync(parent)
          .sort()
          .map((d) => path.posix.join(glob.slice(0, -2), d))
      : [];
  });
  const all = dirs
    .filter((dir) => existsSync(path.join(root, dir, 'package.json')))
    .map((dir) => {
      const pkg = readJson(path.join(root, dir, 'package.json'));
      return {
        name: pkg.name ?? dir,
        dir,
        build: pkg.scripts?.build,
        deps: Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }),
        outDir: /\bvite\s+build\b/.test(pkg.scripts?.build ?? '') ? 'build' : 'dist',
      };
    })
    .filter((p) => p.build);
  const names = new Set(all.map((p) => p.name));
  for (const p of all) p.deps = p.deps.filter((d) => names.has(d));
  const ordered = [];
  const visit = (p, seen = new Set()) => {
    if (ordered.includes(p) || seen.has(p)) return;
    seen.add(p);
    for (const d of p.deps)
      visit(
        all.find((q) => q.name === d),
        seen,
      );
    ordered.push(p);
  };
  for (const p of all) visit(p);
  return ordered;
}

/** Source files under the workspace, relative to it: git's list when it is a git work tree, else a walk. */
function sourceFiles(root) {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (git.status === 0) return git.stdout.split('\0').filter(Boolean);
  const found = [];
  const walk = (rel) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.') && entry.name !== '.npmrc') continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!NOT_INPUTS.test(`${child}/`)) walk(child);
      } else found.push(child);
    }
  };
  walk('');
  return found;
}

/** The current fingerprint of every package: `{ [name]: { node, files: { path: sha1 } } }`. */
export function fingerprints(root, packages = workspacePackages(root)) {
  const files = sourceFiles(root).filter((f) => !NOT_INPUTS.test(f) && existsSync(path.join(root, f)) && statSync(path.join(root, f)).isFile());
  const shared = Object.fromEntries(SHARED_INPUTS.filter((f) => existsSync(path.join(root, f))).map((f) => [f, sha1(path.join(root, f))]));
  return Object.fromEntries(
    packages.map((p) => {
      const own = files.filter((f) => f.startsWith(`${p.dir}/`)).sort();
      return [p.name, { node: process.version, files: { ...shared, ...Object.fromEntries(own.map((f) => [f, sha1(path.join(root, f))])) } }];
    }),
  );
}

function stored(root, p) {
  try {
    return readJson(path.join(root, p.dir, p.outDir, FINGERPRINT));
  } catch {
    return null;
  }
}

/** Why `now` differs from `before` (null: it does not). */
function difference(before, now) {
  if (before.node !== now.node) return `Node changed (${before.node} → ${now.node})`;
  const changed = [...new Set([...Object.keys(before.files), ...Object.keys(now.files)])].filter((f) => before.files[f] !== now.files[f]).sort();
  if (!changed.length) return null;
  const shown = changed.slice(0, 3).join(', ');
  return changed.length > 3 ? `${shown} and ${changed.length - 3} more files changed` : `${shown} changed`;
}

/** What must be built and why: `[{ pkg, reason }]`, dependencies first (empty: all up to date). */
export function planBuild(root, packages = workspacePackages(root), current = fingerprints(root, packages)) {
  const plan = [];
  for (const p of packages) {
    const before = stored(root, p);
    const rebuiltDep = p.deps.find((d) => plan.some((q) => q.pkg.name === d));
    const reason = !before ? 'no earlier build' : (difference(before, current[p.name]) ?? (rebuiltDep ? `${rebuiltDep} is built again` : null));
    if (reason) plan.push({ pkg: p, reason });
  }
  return plan;
}

/** Builds the packages with pnpm, in dependency order, one at a time (what `pnpm run build` does for all). */
export function pnpmBuild(root, names) {
  const args = ['-r', '--workspace-concurrency=1', ...names.flatMap((n) => ['--filter', n]), 'run', 'build'];
  return spawnSync('pnpm', args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;
}

/**
 * Builds what changed (all of it with `force`), records the fingerprints, and says what it
 * decided. Returns the exit status of the build (0 when nothing had to be built).
 */
export function buildIfChanged({ root, log = console.log, force = false, build = pnpmBuild }) {
  const packages = workspacePackages(root);
  const current = fingerprints(root, packages);
  const plan = force ? packages.map((pkg) => ({ pkg, reason: 'asked to (--rebuild)' })) : planBuild(root, packages, current);
  if (!plan.length) {
    log(`Build is up to date (${packages.map((p) => p.name).join(', ')} unchanged since their last build).`);
    return 0;
  }
  log(`Building ${plan.map(({ pkg, reason }) => `${pkg.name} (${reason})`).join('; ')}…`);
  // a failed build may leave part of its output: its fingerprint must not vouch for it
  for (const { pkg } of plan) rmSync(path.join(root, pkg.dir, pkg.outDir, FINGERPRINT), { force: true });
  const status = build(
    root,
    plan.map(({ pkg }) => pkg.name),
  );
  if (status !== 0) return status;
  for (const { pkg } of plan) {
    const out = path.join(root, pkg.dir, pkg.outDir);
    if (existsSync(out)) writeFileSync(path.join(out, FINGERPRINT), JSON.stringify(current[pkg.name]));
  }
  return 0;
}
