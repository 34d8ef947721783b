// `pnpm start`'s build skipping (build-if-changed.mjs) on a small workspace of its own, built by
// the real pnpm: a fresh clone builds everything, an unchanged tree nothing, a changed source its
// package and what depends on it. Run: node --test scripts/
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildIfChanged } from './build-if-changed.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { packageManager } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

// each package's build writes dist/out.txt from its sources and notes itself in builds.log
const BUILD = `node -e "const fs=require('fs');fs.mkdirSync('dist',{recursive:true});fs.writeFileSync('dist/out.txt',fs.readFileSync('src/index.js','utf8'));fs.appendFileSync('../../builds.log',require('./package.json').name+'\\\\n');if(fs.readFileSync('src/index.js','utf8').includes('BROKEN'))process.exit(2)"`;

function write(root, file, text) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

describe('pnpm start builds only what changed', () => {
  let root;
  let lines;
  /** Runs the check-and-build; returns which packages were built and what it said. */
  const start = (opts = {}) => {
    rmSync(path.join(root, 'builds.log'), { force: true });
    lines = [];
    const status = buildIfChanged({ root, log: (l) => lines.push(l), ...opts });
    let built = [];
    try {
      built = readFileSync(path.join(root, 'builds.log'), 'utf8').split('\n').filter(Boolean);
    } catch {
      // nothing built
    }
    return { status, built, said: lines.join('\n') };
  };

  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'asn-build-skip-'));
    write(root, 'package.json', JSON.stringify({ name: 'fake', private: true, packageManager }));
    write(root, 'pnpm-workspace.yaml', 'packages:\n  - "packages/*"\n');
    write(root, 'pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
    write(root, '.gitignore', 'dist/\nbuilds.log\n');
    write(root, 'packages/base/package.json', JSON.stringify({ name: '@x/base', private: true, scripts: { build: BUILD } }));
    write(root, 'packages/base/src/index.js', 'export const base = 1;\n');
    write(root, 'packages/base/src/index.test.js', 'test\n');
    write(
      root,
      'packages/app/package.json',
      JSON.stringify({ name: '@x/app', private: true, dependencies: { '@x/base': 'workspace:*' }, scripts: { build: BUILD } }),
    );
    write(root, 'packages/app/src/index.js', 'export const app = 1;\n');
    write(
      root,
      'packages/tool/package.json',
      JSON.stringify({ name: '@x/tool', private: true, devDependencies: { '@x/app': 'workspace:*' }, scripts: { build: BUILD } }),
    );
    write(root, 'packages/tool/src/index.js', 'export const tool = 1;\n');
    assert.equal(spawnSync('git', ['init', '-q'], { cwd: root }).status, 0);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a fresh clone (no outputs) builds every package, dependencies first', () => {
    const r = start();
    assert.equal(r.status, 0);
    assert.deepEqual(r.built, ['@x/base', '@x/app', '@x/tool']);
    assert.match(r.said, /Building @x\/base \(no earlier build\); @x\/app \(no earlier build\); @x\/tool \(no earlier build\)/);
  });

  it('nothing changed: no build, and it says so', () => {
    const r = start();
    assert.equal(r.status, 0);
    assert.deepEqual(r.built, []);
    assert.match(r.said, /^Build is up to date \(@x\/base, @x\/app, @x\/tool unchanged since their last build\)\.$/);
  });

  it('a file touched without a change, or a test changed, builds nothing', () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'packages/app/src/index.js'), later, later);
    write(root, 'packages/base/src/index.test.js', 'another test\n');
    assert.deepEqual(start().built, []);
  });

  it('a changed source builds its package and those that depend on it (not on it as a devDependency)', () => {
    write(root, 'packages/app/src/index.js', 'export const app = 2;\n');
    let r = start();
    assert.deepEqual(r.built, ['@x/app']);
    assert.match(r.said, /Building @x\/app \(packages\/app\/src\/index\.js changed\)/);
    assert.equal(readFileSync(path.join(root, 'packages/app/dist/out.txt'), 'utf8'), 'export const app = 2;\n');

    write(root, 'packages/base/src/extra.js', 'export const extra = 1;\n'); // a new file, not yet in git
    r = start();
    assert.deepEqual(r.built, ['@x/base', '@x/app']);
    assert.match(r.said, /@x\/base \(packages\/base\/src\/extra\.js changed\); @x\/app \(@x\/base is built again\)/);
    assert.deepEqual(start().built, []);
  });

  it('a shared input (the lockfile) builds everything; so does --rebuild', () => {
    write(root, 'pnpm-lock.yaml', "lockfileVersion: '9.0'\n# changed\n");
    assert.deepEqual(start().built, ['@x/base', '@x/app', '@x/tool']);
    const r = start({ force: true });
    assert.deepEqual(r.built, ['@x/base', '@x/app', '@x/tool']);
    assert.match(r.said, /asked to \(--rebuild\)/);
  });

  it('a missing output is built again', () => {
    rmSync(path.join(root, 'packages/tool/dist'), { recursive: true });
    assert.deepEqual(start().built, ['@x/tool']);
  });

  it('a failed build fails the start and is not recorded: the next start builds it again, even once the change is undone', () => {
    write(root, 'packages/app/src/index.js', 'BROKEN\n');
    const failed = start();
    assert.notEqual(failed.status, 0);
    assert.deepEqual(failed.built, ['@x/app']);
    write(root, 'packages/app/src/index.js', 'export const app = 2;\n');
    assert.deepEqual(start().built, ['@x/app']);
    assert.deepEqual(start().built, []);
  });
});
