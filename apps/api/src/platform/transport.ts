import express from 'express';
import type { ServerResponse } from 'node:http';
import { Kind, OperationTypeNode, parse, type DocumentNode } from 'graphql';
import { maxBase64Length, ATTACHMENT_MAX_BYTES } from '@asn/domain';
import { tokenFromHeaders } from './auth/tokens.js';
import { log } from './log.js';
import type { Actor } from '@asn/authz';

/**
 * HTTP in front of GraphQL (GraphQL-over-HTTP): one body limit for every /graphql request, signed
 * in or not; file uploads on their own route, `/graphql/upload`, whose larger limit is lifted only
 * for a session that is valid *before* the body is read, and which takes upload mutations only.
 * Every refusal is JSON with a coded error, never an HTML page.
 */

/** The route uploads use; the portal's proxy forwards it like /graphql. */
export const UPLOAD_PATH = '/graphql/upload';
/** The largest upload request: one file at its limit, base64, plus the rest of the mutation. */
export const UPLOAD_LIMIT_BYTES = maxBase64Length(ATTACHMENT_MAX_BYTES) + 256 * 1024;

type Handler = (req: express.Request, res: express.Response, next: express.NextFunction) => void | Promise<void>;

function refuse(res: express.Response, status: number, code: string, message: string, details?: Record<string, unknown>): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...(details ? { details } : {}) } }] });
}

/** The refusal of a body that is not JSON (jsonBody's), for a handler in front of express. */
export function refuseNotJson(res: ServerResponse): void {
  const text = JSON.stringify({
    errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST', details: { reason: 'BODY_NOT_JSON', params: {} } } }],
  });
  res.writeHead(400, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

/** Reads a JSON body up to `limitBytes`; too large → 413, not JSON → 400, both coded. */
export function jsonBody(limitBytes: number, tooLargeHint: string): Handler[] {
  const parser = express.json({ limit: limitBytes });
  const onError = (err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    const e = err as { status?: number; type?: string };
    if (!e?.status || e.status >= 500) return next(err);
    if (e.type === 'entity.too.large') {
      return refuse(res, 413, 'BAD_REQUEST', `The request is too large: at most ${mib(limitBytes)}.${tooLargeHint}`, {
        reason: 'BODY_TOO_LARGE',
        params: { limitBytes },
        limitBytes,
      });
    }
    return refuse(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.', { reason: 'BODY_NOT_JSON', params: {} });
  };
  return [parser, onError as unknown as Handler];
}

/**
 * The upload route's gate: the session (bearer or cookie) must belong to a signed-in member
 * before a byte of the body is read; the resolved session (`resolveSession`'s answer, from the
 * auth module) is kept for the request's context in `res.locals.session`.
 */
export function signedInFirst<S extends { actor: Actor }>(resolveSession: (token: string) => Promise<S>): Handler {
  return async (req, res, next) => {
    try {
      const token = tokenFromHeaders(req.headers);
      const resolved = token ? await resolveSession(token) : null;
      if (!resolved || resolved.actor.type !== 'member') {
        return refuse(res, 401, 'UNAUTHENTICATED', 'Sign in to upload files.');
      }
      res.locals.session = resolved;
      next();
    } catch (e) {
      next(e);
    }
  };
}

/**
 * The upload route runs one mutation made of upload fields only: the mutations the modules name
 * (base64 files: docs/adr/0006-attachments.md).
 */
export function uploadMutationsOnly(maxTokens: number, uploadMutations: ReadonlySet<string>): Handler {
  return (req, res, next) => {
    const query = (req.body as { query?: unknown } | undefined)?.query;
    let document: DocumentNode | null = null;
    try {
      document = typeof query === 'string' ? parse(query, { maxTokens }) : null;
    } catch {
      document = null;
    }
    const operations = document?.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION) ?? [];
    const onlyUploads =
      operations.length === 1 &&
      operations[0]!.operation === OperationTypeNode.MUTATION &&
      operations[0]!.selectionSet.selections.every((s) => s.kind === Kind.FIELD && (uploadMutations.has(s.name.value) || s.name.value === '__typename'));
    if (!onlyUploads) {
      return refuse(res, 400, 'BAD_REQUEST', `${UPLOAD_PATH} takes file uploads only (mutation ${[...uploadMutations].join(', ')}).`, {
        reason: 'NOT_AN_UPLOAD',
        params: {},
      });
    }
    next();
  };
}

/** The last handler: anything unexpected is a coded 500, logged without the request's data. */
export function lastResort(err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction): void {
  log.error('http.unexpected', err, { path: req.path, code: 'INTERNAL_SERVER_ERROR' });
  if (res.headersSent) {
    res.end();
    return;
  }
  refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'Something went wrong on our side. The request was not applied.');
}
