import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate } from '../scripts/codegen.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('generated GraphQL types', () => {
  it('match the API schema and the portal operations (run `pnpm --filter @asn/portal codegen`)', async () => {
    const committed = readFileSync(path.resolve(here, '../src/lib/graphql/generated.ts'), 'utf8');
    expect(await generate()).toBe(committed);
  });
});
