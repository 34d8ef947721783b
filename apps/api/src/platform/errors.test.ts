import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { startApi, type RunningApi } from '../server.js';
import { Client, codeOf, startTestApi, type TestApi } from '../test/harness.js';

describe('errors and request limits', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.stop());

  it('never sends a stack trace, for client or server faults', async () => {
    const c = await t.as('admin@dealer-east.demo');
    const bad = await c.raw({ query: '{ users { nodes { nope } } }' });
    const syntax = await c.raw({ query: '{ users { ' });
    const badVar = await c.raw({ query: 'query($f: Int) { users(first: $f) { totalCount } }', variables: { f: 'many' } });
    for (const r of [bad, syntax, badVar]) {
      expect(JSON.stringify(r.json)).not.toMatch(/stacktrace|\bat .*\.js:\d+/);
      expect(r.json.errors[0].extensions.code).toBeTypeOf('string');
    }
    expect(codeOf(badVar.json)).toBe('BAD_USER_INPUT');
  });

  it('rejects over-deep and over-aliased queries', async () => {
    const c = await t.as('admin@oem.demo');
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: me { user { id } }`).join(' ');
    const many = await c.gql(`{ ${aliases} }`);
    expect(many.errors?.[0]?.message).toMatch(/alias/i);
    let nested = 'id';
    for (let i = 0; i < 14; i++) nested = `from { ${nested} }`;
    const tooDeep = await c.gql(`{ relationships { nodes { ${nested} } } }`);
    expect(tooDeep.errors?.map((e) => e.message).join(' ')).toMatch(/depth/i);
    const fine = await c.gql(`{ relationships { nodes { from { id } to { id } } pageInfo { endCursor } } }`);
    expect(fine.errors).toBeUndefined();
  });
});

describe('production mode', () => {
  let t: TestApi;
  let prod: RunningApi;
  beforeAll(async () => {
    t = await startTestApi({ seed: false });
    prod = await startApi(loadConfig({ databaseUrl: t.db.url, port: 0, production: true }));
  });
  afterAll(async () => {
    await prod.stop();
    await t.stop();
  });

  it('turns introspection and field suggestions off', async () => {
    const c = new Client(prod.url);
    const intro = await c.gql(`{ __schema { types { name } } }`);
    expect(intro.errors?.[0]?.message).toMatch(/introspection/i);
    const typo = await c.gql(`{ mee { user { id } } }`);
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const dev = await t.client().gql(`{ mee { user { id } } }`);
    expect(dev.errors?.[0]?.message).toMatch(/Did you mean "me"/);
  });
});
