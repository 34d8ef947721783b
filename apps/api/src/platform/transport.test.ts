import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, type AnyJson, type TestApi } from '../test/harness.js';
import { redact } from './log.js';

const CREATE_CUSTOMER = `mutation CreateCustomer($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id } } }`;

/**
 * Everything the process prints while `fn` runs: the project's log, console output and direct
 * writes to stdout/stderr (a library's own logging included).
 */
async function captureOutput(fn: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const grab = (...args: unknown[]) => {
    lines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : (JSON.stringify(a) ?? String(a)))).join(' '));
  };
  const saved = {
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
    debug: console.debug,
    // eslint-disable-next-line @typescript-eslint/unbound-method -- put back on process.stdout below, which calls it as its own
    out: process.stdout.write,
    // eslint-disable-next-line @typescript-eslint/unbound-method -- likewise on process.stderr
    err: process.stderr.write,
  };
  console.log = console.info = console.warn = console.error = console.debug = grab;
  const write = (chunk: unknown) => {
    lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  process.stdout.write = write;
  process.stderr.write = write;
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 100)); // anything logged right after the answer
  } finally {
    Object.assign(console, { log: saved.log, info: saved.info, warn: saved.warn, error: saved.error, debug: saved.debug });
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
  return lines.join('\n');
}

describe('transport errors (GraphQL over HTTP)', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.stop());

  it('a document that does not parse, or has too many tokens, is a 400 with GRAPHQL_PARSE_FAILED — signed in or not', async () => {
    const advisor = await t.as('advisor@dealer-east.demo');
    for (const c of [t.client(), advisor]) {
      const syntax = await c.raw({ query: '{ me { ' });
      expect(syntax.status).toBe(400);
      expect(syntax.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      const tokens = await c.raw({ query: `{ ${'me '.repeat(2500)} }` });
      expect(tokens.status).toBe(400);
      expect(tokens.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(tokens.json.errors[0].message).toMatch(/2000 tokens/);
    }
    const notJson = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('BAD_REQUEST');
  });

  it('the body limit (1 MB) holds for every request: a 2 MB body with a bearer header or a valid session is a 413', async () => {
    const advisor = await t.as('advisor@dealer-east.demo');
    const body = { query: '{ me { user { id } } }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } };
    const bearer = await t.client().raw(body, { authorization: 'Bearer x' });
    expect(bearer.status).toBe(413);
    expect(bearer.json.errors[0].extensions).toEqual({
      code: 'BAD_REQUEST',
      details: { reason: 'BODY_TOO_LARGE', params: { limitBytes: 1024 * 1024 }, limitBytes: 1024 * 1024 },
    });
    const signedIn = await advisor.raw(body);
    expect(signedIn.status).toBe(413);
    // a body just under the limit is read as usual
    const fine = await advisor.raw({ query: '{ me { user { email } } }', variables: { pad: 'x'.repeat(900 * 1024) } });
    expect(fine.status).toBe(200);
    expect(fine.json.data.me.user.email).toBe('advisor@dealer-east.demo');
  });

  it('text Postgres cannot store (NUL, unpaired surrogates) is BAD_USER_INPUT naming the field; nothing is written, and the log holds neither the name nor the phone', async () => {
    const advisor = await t.as('advisor@dealer-east.demo');
    const count = async () => Number((await t.sql(`select count(*)::int as n from customers`))[0].n);
    const before = await count();
    type Answer = { status: number; json: AnyJson };
    let answers: Answer[] = [];
    const output = await captureOutput(async () => {
      answers = [
        await advisor.raw({ query: CREATE_CUSTOMER, variables: { i: { name: '郑\u0000秀英', phone: '13807550001' } } }),
        await advisor.raw({
          query: CREATE_CUSTOMER,
          variables: { i: { name: '郑秀英', phone: '13807550001', vehicles: [{ vin: 'LSVNUL\uD800', plate: '粤B12345' }] } },
        }),
        // a literal in the document is named by its argument too
        await advisor.raw({ query: `mutation { createCustomer(input: { name: "郑\\u0000秀英", phone: "13807550001" }) { customer { id } } }` }),
      ];
    });
    const [nul, surrogate, literal] = answers as [Answer, Answer, Answer];
    expect(nul.status).toBe(400);
    expect(nul.json.errors[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      details: { problems: [{ field: 'input.name', message: 'contains a NUL character', reason: 'TEXT_NOT_STORABLE', params: {} }] },
    });
    expect(surrogate.json.errors[0].extensions.details.problems).toEqual([
      { field: 'input.vehicles.0.vin', message: 'contains an unpaired surrogate (not valid Unicode text)', reason: 'TEXT_NOT_STORABLE', params: {} },
    ]);
    expect(literal.json.errors[0].extensions.details.problems).toEqual([
      { field: 'input.name', message: 'contains a NUL character', reason: 'TEXT_NOT_STORABLE', params: {} },
    ]);
    expect(await count()).toBe(before);
    expect(output).not.toContain('秀英');
    expect(output).not.toContain('13807550001');
    expect(output).not.toContain('0001');
  });

  it('a failed insert logs the request id, operation and code — never the SQL, its values, or a stack trace', async () => {
    // a database failure whose own message quotes the row, as driver errors do
    await t.sql(`create function reject_customer() returns trigger language plpgsql as $$
      begin raise exception 'cannot file % (%)', new.name, new.phone; end $$`);
    await t.sql(`create trigger reject_customer before insert on customers for each row execute function reject_customer()`);
    try {
      const advisor = await t.as('advisor@dealer-east.demo');
      let answer: { json: AnyJson } = { json: null };
      const output = await captureOutput(async () => {
        answer = await advisor.raw({ query: CREATE_CUSTOMER, variables: { i: { name: '欧阳娜娜', phone: '13912348888', address: '上海市浦东新区' } } });
      });
      expect(codeOf(answer.json)).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(answer.json)).not.toMatch(/欧阳娜娜|13912348888|insert|stack/i);
      for (const secret of ['欧阳娜娜', '13912348888', '8888', '浦东', 'insert into', 'values']) expect(output).not.toContain(secret);
      expect(output).not.toMatch(/\n\s+at /); // no stack trace
      const entry = output
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((e) => e.event === 'graphql.unexpected');
      expect(entry).toMatchObject({ level: 'error', operation: 'CreateCustomer', code: 'INTERNAL_SERVER_ERROR', sqlState: 'P0001' });
      expect(entry?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await t.sql(`drop trigger reject_customer on customers; drop function reject_customer()`);
    }
  });
});

describe('redact', () => {
  it('masks quoted text, Chinese text, e-mail addresses and digit runs, and keeps record ids', () => {
    const id = '0194d3a2-7c1e-7b3a-9f00-1234567890ab';
    expect(redact(`Customer "王小明" (13912345678, wang@example.com) not found for ${id}`)).toBe(`Customer "…" (#, <e-mail>) not found for ${id}`);
    expect(redact('车主 李娜 的电话')).toBe('… … …');
    expect(redact(`key 'VIN123456' exists`)).toBe('key "…" exists');
  });
});
