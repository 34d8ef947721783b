import type { IncomingHttpHeaders } from 'node:http';
import { Transform } from 'node:stream';
import type express from 'express';
import { ErrorCode, isDomainError } from '@asn/domain';
import type { AppServices, Ctx } from '../../../platform/context.js';
import { log } from '../../../platform/log.js';
import { IMPORT_MAX_BYTES, requireCatalogueKeeper, runImport } from './catalogue-import.service.js';

/**
 * Where a catalogue file is sent: under /graphql/ so the portal's server forwards it like the
 * GraphQL requests (with the session cookie, the body streamed through).
 */
export const CATALOGUE_IMPORT_PATH = '/graphql/parts/catalogue-imports/:id';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.RATE_LIMITED]: 429,
};

/** Counts the bytes as they pass and stops the stream past the limit. */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit) return done(Object.assign(new Error('too large'), { code: 'IMPORT_TOO_LARGE' }));
      done(null, chunk);
    },
  });
}

/**
 * `POST /graphql/parts/catalogue-imports/:id` — the file of an import started with
 * `startCatalogueImport`, as the request body (the bytes of the .csv or .xlsx). The session and
 * the permission to keep the catalogue are checked before a byte of the body is read; the body is
 * streamed into the import (never held whole), and the answer is the finished import as JSON
 * (`{ data: { catalogueImport } }`), or a coded error like the GraphQL API's.
 */
export function catalogueImportRoute(_services: AppServices, sessionCtx: (headers: IncomingHttpHeaders) => Promise<Ctx>): express.RequestHandler {
  return async (req, res) => {
    const fail = (e: unknown) => {
      if (!isDomainError(e)) log.error('parts.catalogueImportFailed', e);
      res
        .status(isDomainError(e) ? (STATUS[e.code] ?? 400) : 500)
        .set({ 'Cache-Control': 'no-store', Connection: 'close' })
        .json({
          errors: [
            {
              message: isDomainError(e) ? e.message : 'Something went wrong on our side.',
              extensions: isDomainError(e) ? { code: e.code, ...(e.details ? { details: e.details } : {}) } : { code: 'INTERNAL_SERVER_ERROR' },
            },
          ],
        });
    };
    let ctx: Ctx;
    try {
      ctx = await sessionCtx(req.headers);
      requireCatalogueKeeper(ctx);
    } catch (e) {
      return fail(e);
    }
    try {
      const done = await runImport(ctx, String(req.params.id ?? ''), req.pipe(byteLimit(IMPORT_MAX_BYTES)));
      res
        .status(200)
        .set('Cache-Control', 'no-store')
        .json({ data: { catalogueImport: { ...done, createdAt: done.createdAt.toISOString(), finishedAt: done.finishedAt?.toISOString() ?? null } } });
    } catch (e) {
      fail(e);
    }
  };
}
