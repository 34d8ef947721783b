import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A document's state changes only through the document layer (platform/documents: create, draft,
 * move, advance). This check reads the API's source and fails the build on a state written
 * anywhere else: an assignment (`order.status = …`), a state in an object literal handed to
 * Object.assign / em.create / nativeUpdate, or SQL that sets a document table's status.
 */
const SRC = fileURLToPath(new URL('../../', import.meta.url));
const LAYER = 'platform/documents/';
/** Not application code: migrations create the columns, the benchmark's seed bulk-loads rows by SQL. */
const OUTSIDE = [/^platform\/db\/migrations\//, /^bench\//, /\.test\.ts$/, /^test\//, /^testing\//];
const STATE_FIELDS = ['status', 'returnStatus'];
/** The entities whose rows are documents or their parts (a class name as the target of a write). */
const DOCUMENT_ENTITIES = [
  'RepairOrder',
  'RepairOrderLine',
  'Visit',
  'BookingRequest',
  'FollowUp',
  'WarrantyClaim',
  'WarrantyClaimLine',
  'SettlementBatch',
  'RecoveryClaim',
];
const DOCUMENT_TABLES = [
  'repair_orders',
  'repair_order_lines',
  'visits',
  'booking_requests',
  'follow_ups',
  'warranty_claims',
  'warranty_claim_lines',
  'settlement_batches',
  'recovery_claims',
];

export interface StatusWrite {
  file: string;
  line: number;
  text: string;
}

/** The hand-written state changes in one source text. */
export function statusWrites(file: string, source: string): StatusWrite[] {
  const found: StatusWrite[] = [];
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  const add = (index: number) => {
    const line = lineOf(index);
    if (!found.some((f) => f.line === line)) found.push({ file, line, text: source.split('\n')[line - 1]!.trim() });
  };
  const field = STATE_FIELDS.join('|');
  // x.status = …  /  x.returnStatus = …  (not ==, ===)
  for (const m of source.matchAll(new RegExp(`\\.(?:${field})\\s*=(?!=)`, 'g'))) add(m.index);
  // Object.assign(entity, { status: … }), Object.assign(new Entity(), { status: … }), em.create(Entity, { status: … }),
  // em.assign(…), em.nativeUpdate(Entity, where, { status: … }) — not a GraphQL type or view built from a document
  for (const call of source.matchAll(/(?:\bObject\.assign|\bem\.create|\bem\.assign|\bnativeUpdate)\s*\(/g)) {
    const body = balanced(source, call.index + call[0].length - 1);
    const target = /^\s*new\s+(\w+)\s*\(/.exec(body.text)?.[1] ?? /^\s*(\w+)\s*,/.exec(body.text)?.[1] ?? '';
    if (/^[A-Z]/.test(target) && !DOCUMENT_ENTITIES.includes(target)) continue;
    for (const m of body.text.matchAll(new RegExp(`(?<![\\w.])(?:${field})\\s*:`, 'g'))) add(body.start + m.index);
  }
  // SQL: update <document table> set … status =
  for (const m of source.matchAll(new RegExp(`update\\s+(?:${DOCUMENT_TABLES.join('|')})\\b[^;\`'"]*?\\b(?:status|return_status)\\s*=`, 'gi'))) add(m.index);
  return found;
}

/** The text between an opening parenthesis at `open` and its match. */
function balanced(source: string, open: number): { start: number; text: string } {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) return { start: open + 1, text: source.slice(open + 1, i) };
  }
  return { start: open + 1, text: source.slice(open + 1) };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('no document state is written outside the document layer', () => {
  it('finds none in the API', () => {
    const offending = sourceFiles(SRC)
      .map((path) => ({ path, rel: relative(SRC, path).split('\\').join('/') }))
      .filter(({ rel }) => !rel.startsWith(LAYER) && !OUTSIDE.some((r) => r.test(rel)))
      .flatMap(({ path, rel }) => statusWrites(rel, readFileSync(path, 'utf8')));
    expect(offending).toEqual([]);
  });

  it('would catch each way of writing one by hand', () => {
    const sample = [
      `order.status = 'DELIVERED';`,
      `line.returnStatus = transition(partReturnMachine, line.returnStatus, 'SHIP');`,
      `Object.assign(f, {\n  reached: true,\n  status: 'DONE',\n});`,
      `const c = Object.assign(new WarrantyClaim(), { id, status: 'DRAFT' });`,
      `await tx.em.nativeUpdate(RepairOrder, { id }, { status: 'CANCELLED' });`,
      `await tx.em.execute(\`update recovery_claims set note = ?, status = 'SETTLED' where id = ?\`, [n, id]);`,
      // not writes: comparisons, reads, other fields, a job queue's own table
      `if (order.status === 'DELIVERED' || line.returnStatus !== 'RECEIVED') return;`,
      `const s = { number: c.number, state: c.status };`,
      `return Object.assign(new RepairOrderType(), { id: o.id, status: o.status });`,
      `await tx.em.execute(\`update jobs set status = 'DONE' where id = ?\`, [id]);`,
    ].join('\n');
    expect(statusWrites('sample.ts', sample).map((w) => w.line)).toEqual([1, 2, 5, 7, 8, 9]);
  });
});
