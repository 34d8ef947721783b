import { Kind, visit, type ArgumentNode, type DocumentNode, type ValueNode } from 'graphql';
import { DomainError, problem, type FieldProblem } from '@asn/domain';

/**
 * Text PostgreSQL cannot store — a NUL character, or half of a UTF-16 surrogate pair, which has
 * no UTF-8 form — is refused before anything runs, as BAD_USER_INPUT naming the field (e.g.
 * `input.name`), instead of failing deep inside an insert. Checked over the whole request: every
 * string in the variables (object keys too, JSON scalars included) and every string literal in
 * the document, named by the argument it reaches.
 */
export function assertStorableText(document: DocumentNode, variables: Record<string, unknown> | null | undefined): void {
  const problems: FieldProblem[] = [];
  const used = new Set<string>();
  const seen = new Set<string>();
  const complain = (field: string, text: string) => {
    if (seen.has(field)) return;
    seen.add(field);
    problems.push(
      problem(field, 'TEXT_NOT_STORABLE', {}, text.includes('\u0000') ? 'contains a NUL character' : 'contains an unpaired surrogate (not valid Unicode text)'),
    );
  };
  const checkValue = (path: string, value: unknown, depth: number): void => {
    if (depth > 64) return;
    if (typeof value === 'string') {
      if (!storable(value)) complain(path, value);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => checkValue(`${path}.${i}`, v, depth + 1));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (!storable(k)) complain(path, k);
        checkValue(`${path}.${k}`, v, depth + 1);
      }
    }
  };
  const checkNode = (path: string, node: ValueNode): void => {
    switch (node.kind) {
      case Kind.STRING:
        if (!storable(node.value)) complain(path, node.value);
        return;
      case Kind.LIST:
        node.values.forEach((v, i) => checkNode(`${path}.${i}`, v));
        return;
      case Kind.OBJECT:
        for (const f of node.fields) checkNode(`${path}.${f.name.value}`, f.value);
        return;
      case Kind.VARIABLE: {
        const name = node.name.value;
        used.add(name);
        if (variables && name in variables) checkValue(path, variables[name], 0);
        return;
      }
      default:
        return;
    }
  };
  visit(document, {
    Argument(node: ArgumentNode) {
      checkNode(node.name.value, node.value);
    },
  });
  // variables no argument uses (refused later by validation) are still checked, by their own name
  if (variables) for (const [name, value] of Object.entries(variables)) if (!used.has(name)) checkValue(name, value, 0);
  if (problems.length) throw DomainError.badInput(problems);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether PostgreSQL can store this text: no NUL, no lone surrogate. */
export function storable(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}
