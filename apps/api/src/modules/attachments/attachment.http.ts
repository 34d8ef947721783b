import type { IncomingHttpHeaders } from 'node:http';
import type express from 'express';
import { asciiFileName, isDomainError } from '@asn/domain';
import type { AppServices, Ctx } from '../../platform/context.js';
import { customerFile, staffFile, type StoredFile } from './attachment.service.js';
import { log } from '../../platform/log.js';

/** Percent-encodes a UTF-8 file name for `filename*` (RFC 5987: also ' ( ) * !). */
function rfc5987(name: string): string {
  return encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `GET /files/:id` — a stored file for whoever may see it: a signed-in member of the owning
 * tenant (session cookie or bearer token), or a customer with the signed URL their tracking page
 * was given (`?c=…`). Anything else — unknown id, another tenant, a wrong or expired signature,
 * a revoked link — is the same 404, so ids cannot be probed.
 */
export function fileRoute(services: AppServices, sessionCtx: (headers: IncomingHttpHeaders) => Promise<Ctx>): express.RequestHandler {
  return async (req, res) => {
    const id = String(req.params.id ?? '');
    const ticket = typeof req.query.c === 'string' ? req.query.c : null;
    let file: StoredFile;
    try {
      file = ticket ? await customerFile(services, id, ticket) : await staffFile(await sessionCtx(req.headers), id);
    } catch (e) {
      if (!isDomainError(e)) log.error('files.downloadFailed', e);
      res
        .status(isDomainError(e) ? 404 : 500)
        .set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
        .json({
          error: isDomainError(e)
            ? { code: 'NOT_FOUND', message: 'File not found.' }
            : { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on our side.' },
        });
      return;
    }
    const a = file.attachment;
    const disposition = a.contentType === 'application/pdf' ? 'attachment' : 'inline';
    res.set({
      'Content-Type': a.contentType,
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': `${disposition}; filename="${asciiFileName(a.fileName)}"; filename*=UTF-8''${rfc5987(a.fileName)}`,
      // per user (cookie or signed URL), never in a shared cache; the bytes never change
      'Cache-Control': 'private, max-age=600',
      ETag: `"${a.sha256}"`,
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
    });
    if (req.headers['if-none-match'] === `"${a.sha256}"`) {
      res.status(304).end();
      return;
    }
    res.status(200).set('Content-Length', String(file.content.length)).end(file.content);
  };
}
