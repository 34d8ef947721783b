import { error } from '@sveltejs/kit';
import { api, notFoundAs404 } from '$lib/server/api';
import { StlStatementCsvDocument } from '$lib/graphql/generated';
import type { RequestHandler } from './$types';

/** The statement as the API writes it (CSV, UTF-8 with BOM so spreadsheet programs read Chinese), as a download. */
export const GET: RequestHandler = async ({ locals, cookies, params }) => {
  if (!locals.me?.navigation.includes('settlements')) error(403, { message: 'FORBIDDEN', code: 'FORBIDDEN' });
  const batch = await api(StlStatementCsvDocument, { id: params.id }, { cookies }).then((r) => r.settlementBatch, notFoundAs404);
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
