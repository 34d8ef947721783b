/**
 * The API's log: one JSON line per entry on stderr, with the request id, the operation name and
 * the error code — never a request's parameters, never an SQL statement with its values, never a
 * stack trace. A failed insert must not put the customer's name and phone in a log file.
 *
 * What an error contributes is its class name, a database error's SQLSTATE and the schema names
 * it gives (table, column, constraint), and its message with anything that could be someone's data
 * masked (quoted text, Chinese text, e-mail addresses, runs of digits). Database errors give no
 * message at all: a driver's message quotes the statement and its values.
 */

export interface LogFields {
  requestId?: string | null;
  operation?: string | null;
  code?: string | null;
  [key: string]: string | number | boolean | null | undefined;
}

type Level = 'info' | 'warn' | 'error';

/** Where lines go (stderr); tests may swap it to read what was logged. */
let sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`);

export function setLogSink(next: (line: string) => void): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

function write(level: Level, event: string, fields: LogFields): void {
  const entry: Record<string, unknown> = { t: new Date().toISOString(), level, event };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null && v !== '') entry[k] = v;
  sink(JSON.stringify(entry));
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Masks what could be personal data in a message: quoted text, CJK text, e-mail addresses and
 * runs of four or more digits (phones, plates, VINs). Record ids (UUIDs) are kept.
 */
export function redact(message: string): string {
  const ids: string[] = [];
  const masked = message
    .slice(0, 2000)
    .replace(UUID, (id) => `⟦${ids.push(id) - 1}⟧`)
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|“[^”]*”|「[^」]*」/g, '"…"')
    .replace(/[^\s@"'(),;:<>]+@[^\s@"'(),;:<>]+/g, '<e-mail>')
    .replace(/[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]+/g, '…')
    .replace(/\d{4,}/g, '#')
    .replace(/⟦(\d+)⟧/g, (_m, i: string) => ids[Number(i)] ?? '')
    .replace(/[\r\n\t]+/g, ' ');
  return masked.length > 300 ? `${masked.slice(0, 300)}…` : masked;
}

/** What an error may say in the log (see the module comment). */
export function describeError(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: typeof error };
  const e = error as Error & { code?: unknown; sqlState?: unknown; table?: unknown; column?: unknown; constraint?: unknown; routine?: unknown };
  const sqlState = typeof e.sqlState === 'string' ? e.sqlState : typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
  const fields: LogFields = { error: e.name || e.constructor?.name || 'Error' };
  if (e.constructor?.name && e.constructor.name !== fields.error) fields.errorClass = e.constructor.name;
  if (sqlState) {
    fields.sqlState = sqlState;
    for (const k of ['table', 'column', 'constraint', 'routine'] as const) if (typeof e[k] === 'string') fields[k] = e[k];
    return fields; // a driver's message quotes the statement and its parameters: none of it
  }
  fields.message = redact(e.message ?? '');
  return fields;
}

export const log = {
  info(event: string, fields: LogFields = {}): void {
    write('info', event, fields);
  },
  warn(event: string, fields: LogFields = {}): void {
    write('warn', event, fields);
  },
  /** An error, described by `describeError` (no parameters, no statement, no stack). */
  error(event: string, error: unknown, fields: LogFields = {}): void {
    write('error', event, { ...fields, ...describeError(error) });
  },
};
