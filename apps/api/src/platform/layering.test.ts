import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compose, jobsOf, type ModuleManifest } from './modules.js';

const PLATFORM = path.dirname(fileURLToPath(import.meta.url));
const SRC = path.dirname(PLATFORM);

/** Every module specifier a source file imports or re-exports (static and dynamic imports). */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]!);
  return found;
}

/** The platform's own source files (tests aside: a test may drive a feature through the API). */
function platformSources(dir = PLATFORM): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return platformSources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Imports of a platform file that leave src/platform (into src/modules, src/server.ts, …). */
function leavingPlatform(file: string, source: string): string[] {
  return importsOf(source).filter((spec) => {
    if (!spec.startsWith('.')) return false; // packages: @asn/domain, pg, …
    const target = path.resolve(path.dirname(file), spec);
    return path.relative(PLATFORM, target).startsWith('..');
  });
}

describe('layering: the platform knows no feature', () => {
  it('finds imports of every form (the scan itself works)', () => {
    const sample = [
      `import { a } from '../modules/auth/auth.service.js';`,
      `import type { B } from "../../modules/x/x.entity.js";`,
      `export { c } from '../entities.js';`,
      `import '../modules/side-effect.js';`,
      `const m = await import('../modules/lazy.js');`,
      `import {\n  d,\n  e,\n} from '../server.js';`,
      `import { ok } from './context.js';`,
    ].join('\n');
    expect(importsOf(sample)).toHaveLength(7);
    expect(leavingPlatform(path.join(PLATFORM, 'sample.ts'), sample)).toEqual([
      '../modules/auth/auth.service.js',
      '../../modules/x/x.entity.js',
      '../entities.js',
      '../server.js',
      '../modules/side-effect.js',
      '../modules/lazy.js',
    ]);
    // one level down, '../' stays inside the platform
    expect(leavingPlatform(path.join(PLATFORM, 'db', 'sample.ts'), `import { c } from '../context.js';\nimport { e } from '../../entities.js';`)).toEqual([
      '../../entities.js',
    ]);
  });

  it('no file under src/platform imports from src/modules or anything else outside the platform', () => {
    const files = platformSources();
    expect(files.length).toBeGreaterThan(20);
    const offending = files.flatMap((file) => leavingPlatform(file, readFileSync(file, 'utf8')).map((spec) => `${path.relative(SRC, file)} imports ${spec}`));
    expect(offending).toEqual([]);
  });
});

describe('module manifests', () => {
  const noop = async () => {};

  it('gathers entities, resolvers, jobs, routes and upload mutations, each once', () => {
    class A {}
    class B {}
    // a stand-in declaration: compose hands declarations over as they are
    const docA = { type: 'A' } as unknown as NonNullable<ModuleManifest['documents']>[number];
    const a: ModuleManifest = { name: 'a', resolvers: [A, B], jobs: { 'a.tick': noop }, uploadMutations: ['upload'], documents: [docA] };
    const b: ModuleManifest = {
      name: 'b',
      resolvers: [B],
      jobs: jobsOf((jobs) => jobs.register('b.tock', noop)),
      routes: [{ method: 'get', path: '/b', handler: () => () => {} }],
    };
    const c = compose([a, b]);
    expect(c.resolvers).toEqual([A, B]);
    expect([...c.jobs.keys()]).toEqual(['a.tick', 'b.tock']);
    expect([...c.uploadMutations]).toEqual(['upload']);
    expect(c.routes.map((r) => r.path)).toEqual(['/b']);
    expect(c.documents).toEqual([docA]);
  });

  it('refuses a module listed twice and a job kind handled by two modules', () => {
    expect(() => compose([{ name: 'a' }, { name: 'a' }])).toThrow(/listed twice/);
    expect(() =>
      compose([
        { name: 'a', jobs: { k: noop } },
        { name: 'b', jobs: { k: noop } },
      ]),
    ).toThrow(/job kind k is handled by two modules/);
    expect(() => jobsOf((jobs) => (jobs.register('k', noop), jobs.register('k', noop)))).toThrow(/registered twice/);
  });

  it('the product composition has every module’s entities, resolvers and timers', async () => {
    const { appModules, composition } = await import('../modules/index.js');
    expect(appModules.map((m) => m.name)).toEqual(expect.arrayContaining(['repair-orders', 'warranty-claims', 'bookings', 'customers', 'attachments']));
    const names = composition.entities.map((e) => e.meta.className);
    expect(names).toEqual(expect.arrayContaining(['RepairOrder', 'WarrantyClaim', 'BookingRequest', 'Customer', 'Attachment', 'RecoveryClaim']));
    expect(names).not.toContain('Tenant'); // the platform's own tables are the ORM's, not a module's
    expect([...composition.jobs.keys()]).toEqual(
      expect.arrayContaining(['repairOrder.progressCheck', 'repairOrder.appointmentReminder', 'vehicle.maintenanceReminder', 'bookingRequest.expire']),
    );
    expect(composition.uploadMutations.has('uploadAttachment')).toBe(true);
    // every module folder has its manifest in the composition root
    const folders = readdirSync(path.join(SRC, 'modules'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect([...appModules.map((m) => m.name)].sort()).toEqual(folders.sort());
  });
});
