import type { MikroORM } from '@mikro-orm/postgresql';
import { defaultAccess, type Command, type DocumentDeclaration, type Party, type PartyAccess, type SchemaRef } from './declare.js';

/**
 * What a declaration implies for the database, and what the database really does, in the same
 * shape: per table, whether row-level security is on and forced, and per SQL command which
 * columns grant access by equalling `app_current_tenant()` (the policies' terms) for the API's
 * role (its grants). A test compares the two for every declared document, so a migration that
 * drifts from a declaration — or a declaration that drifts from the migrations — fails the build.
 */
export interface TableAccess {
  table: string;
  rowSecurity: boolean;
  forced: boolean;
  /** Per command: sorted party columns; terms that are not `<column> = app_current_tenant()` are listed as they are. */
  commands: Record<Command, string[]>;
}

const COMMANDS: readonly Command[] = ['select', 'insert', 'update', 'delete'];

function columnOf(orm: MikroORM, schema: SchemaRef, property: string): string {
  const meta = orm.getMetadata().get(schema.meta.className);
  const prop = meta.properties[property as never] as { fieldNames?: string[] } | undefined;
  if (!prop?.fieldNames?.[0]) throw new Error(`${schema.meta.className} has no property ${property}`);
  return prop.fieldNames[0];
}

function tableOf(orm: MikroORM, schema: SchemaRef): string {
  return orm.getMetadata().get(schema.meta.className).tableName;
}

/** The access every table of a declaration should have. */
export function declaredAccess(orm: MikroORM, decl: DocumentDeclaration): TableAccess[] {
  const tables: { schema: SchemaRef; access?: Partial<PartyAccess> }[] = [{ schema: decl.schema, access: decl.access }, ...(decl.children ?? [])];
  return tables.map(({ schema, access }) => {
    const full: PartyAccess = { ...defaultAccess(!!decl.counterparty), ...(access ?? {}) };
    const column = (p: Party) => (p === 'owner' ? columnOf(orm, schema, 'tenantId') : columnOf(orm, schema, decl.counterparty!));
    const commands = Object.fromEntries(COMMANDS.map((c) => [c, [...new Set(full[c].map(column))].sort()])) as Record<Command, string[]>;
    return { table: tableOf(orm, schema), rowSecurity: true, forced: true, commands };
  });
}

const TERM = /^(\w+) = app_current_tenant\(\)$/;

/** Splits a policy expression as pg_policies prints it into its OR-ed terms, each without parentheses. */
function terms(expr: string | null): string[] {
  if (!expr) return [];
  let e = expr.trim();
  const strip = (s: string) => {
    while (s.startsWith('(') && s.endsWith(')') && balanced(s.slice(1, -1))) s = s.slice(1, -1).trim();
    return s;
  };
  e = strip(e);
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < e.length; i++) {
    if (e[i] === '(') depth++;
    else if (e[i] === ')') depth--;
    else if (depth === 0 && e.startsWith(' OR ', i)) {
      parts.push(e.slice(start, i));
      start = i + 4;
    }
  }
  parts.push(e.slice(start));
  return parts.map((p) => strip(p.trim())).map((p) => TERM.exec(p)?.[1] ?? p);
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** What the live database does for the API's role on `table`. */
export async function liveAccess(orm: MikroORM, table: string, role: string): Promise<TableAccess> {
  const conn = orm.em.getConnection();
  const [flags] = await conn.execute<{ relrowsecurity: boolean; relforcerowsecurity: boolean }[]>(
    `select relrowsecurity, relforcerowsecurity from pg_class where oid = ?::regclass`,
    [table],
  );
  const policies = await conn.execute<{ cmd: string; permissive: string; qual: string | null; with_check: string | null }[]>(
    `select cmd, permissive, qual, with_check from pg_policies where schemaname = current_schema() and tablename = ?`,
    [table],
  );
  const [grants] = await conn.execute<Record<Command, boolean>[]>(
    `select has_table_privilege(?, ?, 'SELECT') as select, has_table_privilege(?, ?, 'INSERT') as insert,
            has_table_privilege(?, ?, 'UPDATE') as update, has_table_privilege(?, ?, 'DELETE') as delete`,
    [role, table, role, table, role, table, role, table],
  );
  const commands = {} as Record<Command, string[]>;
  for (const c of COMMANDS) {
    const applies = policies.filter((p) => p.cmd === 'ALL' || p.cmd.toLowerCase() === c);
    const found = new Set<string>();
    for (const p of applies) {
      if (p.permissive !== 'PERMISSIVE') found.add(`restrictive: ${p.qual ?? p.with_check}`);
      // a row is read, updated or deleted by USING; written (insert, and the new row of an update) by WITH CHECK
      const using = c === 'insert' ? [] : terms(p.qual);
      const check = c === 'insert' || c === 'update' ? terms(p.with_check ?? p.qual) : [];
      if (c === 'update' && using.sort().join() !== check.sort().join())
        found.add(`update using (${using.join(' or ')}) differs from its check (${check.join(' or ')})`);
      for (const t of [...using, ...check]) found.add(t);
    }
    commands[c] = grants?.[c] ? [...found].sort() : [];
  }
  return { table, rowSecurity: !!flags?.relrowsecurity, forced: !!flags?.relforcerowsecurity, commands };
}
