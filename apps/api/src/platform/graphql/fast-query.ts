/**
 * The hot path for read queries (docs/adr/0013-request-pipeline.md): a POST /graphql with a JSON
 * body whose document is a query already parsed and validated once (a bounded cache by its text)
 * is executed straight with graphql-js — the same schema, the same context, the same error
 * formatting and logging — without Apollo's request pipeline. Everything else (mutations,
 * subscriptions over HTTP, documents seen for the first time that fail to parse or validate,
 * variables that do not coerce, persisted-query extensions, batches) goes to Apollo, which answers
 * them as before: this path never produces an error response of its own for a malformed request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { execute, getOperationAST, OperationTypeNode, type GraphQLSchema } from 'graphql';
import type { KnownDocument, ValidDocuments } from './documents.js';
import type { Ctx } from '../context.js';
import { log } from '../log.js';
import { shownAndLogged } from './plugins.js';
import { assertStorableText } from './storable-text.js';
import { refuseNotJson } from '../transport.js';

interface Body {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

function plainBody(body: unknown): Body | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const b = body as Record<string, unknown>;
  if (typeof b.query !== 'string' || 'extensions' in b) return null;
  if (b.variables != null && (typeof b.variables !== 'object' || Array.isArray(b.variables))) return null;
  if (b.operationName != null && typeof b.operationName !== 'string') return null;
  return b as unknown as Body;
}

export interface FastQueryOptions {
  schema: GraphQLSchema;
  /** Parsed and validated with Apollo's rules (graphql-armor's limits; no introspection in production). */
  documents: ValidDocuments;
  /** The /graphql body limit (a larger or unknown length is left to express, which refuses it). */
  bodyLimitBytes: number;
  /** The request's context, its reads expecting one statement when `readsOnce`. */
  context: (req: IncomingMessage, readsOnce: boolean) => Promise<Ctx>;
}

/** A request the fast path may take: POST /graphql, JSON, a declared length within the limit. */
function eligible(req: IncomingMessage, limit: number): boolean {
  if (req.method !== 'POST' || req.url !== '/graphql') return false;
  const type = req.headers['content-type'];
  if (!type || !/^application\/json\s*(;|$)/i.test(type)) return false;
  const length = Number(req.headers['content-length']);
  return Number.isInteger(length) && length > 0 && length <= limit && !req.headers['transfer-encoding'];
}

/**
 * In front of express: takes the requests it can answer itself and hands every other one to
 * `fallback` (express, Apollo) — with the body already read and parsed when it got that far.
 */
export function fastQueries(
  opts: FastQueryOptions,
): (req: IncomingMessage, res: ServerResponse, fallback: (req: IncomingMessage, res: ServerResponse) => void) => void {
  const documents = opts.documents;
  /** A valid query document; null when Apollo should answer (it explains what is wrong). */
  const documentOf = (query: string): KnownDocument | null => {
    const checked = documents.check(query);
    return 'document' in checked ? checked : null;
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, body: Body, known: KnownDocument): Promise<boolean> => {
    const document = known.document;
    // a document that has always read once reads without a transaction of its own (platform/db/reads.ts)
    const ctx = await opts.context(req, known.mostReads === 1);
    let result;
    try {
      result = await execute({
        schema: opts.schema,
        document,
        variableValues: body.variables ?? undefined,
        operationName: body.operationName ?? undefined,
        contextValue: ctx,
      });
    } catch (e) {
      await ctx.reads?.end();
      throw e;
    }
    // the read transaction ends while the answer is written (nothing in it to keep)
    const ended = ctx.reads?.end();
    if (ctx.reads) known.mostReads = Math.max(known.mostReads ?? 0, ctx.reads.count);
    if (result.data === undefined) {
      await ended;
      return false; // variables that do not coerce: nothing ran; Apollo answers with its 400
    }
    const errors = result.errors?.length
      ? result.errors.map((e) => shownAndLogged(e, { requestId: ctx.requestId, operation: body.operationName ?? null }))
      : undefined;
    const text = JSON.stringify(errors ? { errors, data: result.data } : { data: result.data });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    await ended;
    return true;
  };

  return (req, res, fallback) => {
    if (!eligible(req, opts.bodyLimitBytes)) return fallback(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (parsed === null || typeof parsed !== 'object') throw new Error('not an object');
      } catch {
        return refuseNotJson(res);
      }
      // express's body parser sees a finished request and keeps this body
      (req as IncomingMessage & { body?: unknown }).body = parsed;
      const body = plainBody(parsed);
      const known = body ? documentOf(body.query) : null;
      const operation = known ? getOperationAST(known.document, body!.operationName ?? undefined) : null;
      if (!body || !known || operation?.operation !== OperationTypeNode.QUERY) return fallback(req, res);
      try {
        assertStorableText(known.document, body.variables);
      } catch {
        return fallback(req, res); // Apollo refuses it, naming the field
      }
      answer(req, res, body, known).then(
        (done) => {
          if (!done) fallback(req, res);
        },
        (e: unknown) => {
          log.error('graphql.fastPath', e);
          if (!res.headersSent) {
            const text = JSON.stringify({
              errors: [{ message: 'Something went wrong on our side. The request was not applied.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
            });
            res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
            res.end(text);
          }
        },
      );
    });
  };
}
