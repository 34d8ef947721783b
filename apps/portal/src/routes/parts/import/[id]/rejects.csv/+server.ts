import { error } from '@sveltejs/kit';
import { translator } from '$lib/i18n';
import { api, notFoundAs404 } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { requireArea } from '$lib/server/guard';
import { PartsImportResultDocument } from '$lib/graphql/generated';
import { problemsText } from '../../rejects';
import type { RequestHandler } from './$types';

const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** An import's bad rows as a CSV (UTF-8 with BOM, for spreadsheet programs): line, part number, reasons in the reader's language. */
export const GET: RequestHandler = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'parts');
  if (!abilityOf(me).can('update', 'CataloguePart')) error(403, { message: 'FORBIDDEN', code: 'FORBIDDEN' });
  const t = translator(locals.lang);
  const lines = [[t('partsimport.line'), t('partsimport.partNumber'), t('partsimport.reason')].map(cell).join(',')];
  let afterLine = 0;
  for (;;) {
    const page = await api(PartsImportResultDocument, { id: params.id, first: 500, afterLine }, { cookies }).then((r) => r.catalogueImport, notFoundAs404);
    for (const r of page.rejects) lines.push([String(r.line), r.partNumber ?? '', problemsText(t, r.problems)].map(cell).join(','));
    if (page.rejects.length < 500) break;
    afterLine = page.rejects[page.rejects.length - 1]!.line;
  }
  return new Response('\uFEFF' + lines.join('\r\n') + '\r\n', {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="catalogue-import-rejects.csv"`,
      'cache-control': 'private, no-store',
    },
  });
};
