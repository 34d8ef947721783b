import { error } from '@sveltejs/kit';
import { api, ApiError } from '$lib/server/api';
import { StlStatementCsvDocument } from '$lib/graphql/generated';
import type { RequestHandler } from './$types';

/** The statement as the API writes it (CSV, UTF-8 with BOM so spreadsheet programs read Chinese), as a download. */
export const GET: RequestHandler = async ({ locals, cookies, params }) => {
  if (!locals.me?.navigation.includes('settlements')) error(403, { message: 'FORBIDDEN', code: 'FORBIDDEN' });
  const batch = await api(StlStatementCsvDocument, { id: params.id }, { cookies }).then(
    (r) => r.settlementBatch,
    (e: unknown) => {
      if (e instanceof ApiError && (e.code === 'NOT_FOUND' || e.code === 'BAD_USER_INPUT')) error(404, { message: e.message, code: 'NOT_FOUND' });
      throw e;
    },
  );
  // batch numbers are plain (SB-2026-…); anything else is replaced so the header stays valid
  const name = `${batch.number.replace(/[^A-Za-z0-9._-]/g, '_')}.csv`;
  return new Response(batch.csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'private, no-store',
    },
  });
};
