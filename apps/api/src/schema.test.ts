import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appSchema } from './schema.js';
import { printedSchema } from './schema-print.js';
import { permitRuleOf } from './platform/permissions.js';

const committed = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schema.graphql');

describe('schema', () => {
  it('matches the committed apps/api/schema.graphql (run `pnpm schema:print` after changing resolvers)', async () => {
    expect(await printedSchema()).toBe(readFileSync(committed, 'utf8'));
  });

  it('gives every Query, Mutation and Subscription field a permission rule', async () => {
    const schema = await appSchema();
    const missing: string[] = [];
    let count = 0;
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      for (const field of Object.values(root?.getFields() ?? {})) {
        count++;
        if (!permitRuleOf(field)) missing.push(`${root!.name}.${field.name}`);
      }
    }
    expect(count).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
