import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, specifiedRules, validate, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { appSchema } from './schema.js';
import { queryArmor } from './server.js';

const operationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../portal/src/lib/graphql');

/** Every operation the portal sends, each as the document the API would receive (with the fragments it uses). */
function portalOperations(): { name: string; document: DocumentNode }[] {
  const definitions = readdirSync(operationsDir)
    .filter((f) => f.endsWith('.graphql'))
    .flatMap((f) => parse(readFileSync(path.join(operationsDir, f), 'utf8')).definitions);
  const fragments = new Map(definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const used = (node: DefinitionNode, seen = new Set<string>()): Set<string> => {
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (seen.has(name)) return;
        seen.add(name);
        used(fragments.get(name)!, seen);
      },
    });
    return seen;
  };
  return definitions
    .filter((d) => d.kind === Kind.OPERATION_DEFINITION)
    .map((op) => ({
      name: op.kind === Kind.OPERATION_DEFINITION ? (op.name?.value ?? '(anonymous)') : '',
      document: { kind: Kind.DOCUMENT, definitions: [op, ...[...used(op)].map((n) => fragments.get(n)!)] },
    }));
}

describe('the portal’s operations', () => {
  it('all pass the API’s validation: the schema and the limits on depth, aliases, cost and size', async () => {
    const schema = await appSchema();
    const rules = [...specifiedRules, ...(queryArmor(true).validationRules ?? [])];
    const operations = portalOperations();
    expect(operations.length).toBeGreaterThan(50);
    const rejected = operations.flatMap(({ name, document }) => validate(schema, document, rules).map((e) => `${name}: ${e.message}`));
    expect(rejected).toEqual([]);
  });

  it('a page too large for its rows is refused by the cost limit (so the check above can fail)', async () => {
    const schema = await appSchema();
    const rules = queryArmor(true).validationRules ?? [];
    const big = parse(`{ returnedParts(first: 500) { nodes { line { id tagCode approved { amountMinor currency } } claim { id number vin dealerName } } } }`);
    expect(
      validate(schema, big, rules)
        .map((e) => e.message)
        .join(' '),
    ).toMatch(/Query Cost limit of 20000 exceeded/);
  });
});
