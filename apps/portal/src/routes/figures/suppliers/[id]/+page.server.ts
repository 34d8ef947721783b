import { error } from '@sveltejs/kit';
import { api, ApiError } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { todayIn, zoneOf } from '$lib/day';
import { FigureScorecardDocument } from '$lib/graphql/generated';
import { periodOf, supplierFigureOf, supplierFigures, trendRange } from '$lib/components/figures/figures';
import type { PageServerLoad } from './$types';

/**
 * The manufacturer's page of one parts supplier (a supply agreement from it): the supplier's four
 * parts figures beside its suppliers pooled, and a figure's 12-month trend. A supplier the reader
 * may not see (another manufacturer's; a regional manager has none) is not found.
 */
export const load: PageServerLoad = async ({ locals, cookies, url, params }) => {
  const me = requireArea(locals.me, 'figures');
  if (me.tenant?.kind !== 'MANUFACTURER') error(404, { message: 'NOT_FOUND', code: 'NOT_FOUND' });
  const q = url.searchParams;
  const today = todayIn(zoneOf(me.tenant));
  const period = periodOf(q, today);
  const figure = supplierFigureOf(q);
  const r = await api(
    FigureScorecardDocument,
    {
      input: { dealerId: params.id, from: period.from, to: period.to },
      trend: { figureId: figure, ...trendRange(period), grain: 'MONTH', dealerId: params.id },
    },
    { cookies },
  ).catch((e: unknown) => {
    if (e instanceof ApiError && ['NOT_FOUND', 'FORBIDDEN', 'BAD_USER_INPUT'].includes(e.code)) error(404, { message: 'NOT_FOUND', code: 'NOT_FOUND' });
    throw e;
  });
  return {
    today,
    period,
    figure,
    currency: me.tenant?.currency ?? 'CNY',
    scorecard: {
      ...r.figureScorecard,
      figures: supplierFigures(r.figureScorecard.figures),
      network: r.figureScorecard.network ? supplierFigures(r.figureScorecard.network) : null,
    },
    trend: r.figureTrend,
  };
};
