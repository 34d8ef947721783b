import { error } from '@sveltejs/kit';
import { api, ApiError } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { todayIn, zoneOf } from '$lib/day';
import { FigureScorecardDocument } from '$lib/graphql/generated';
import { figureOf, periodOf, repairerFigures, trendRange } from '$lib/components/figures/figures';
import type { PageServerLoad } from './$types';

/**
 * The manufacturer's page of one dealer: its scorecard beside the network, a figure's 12-month
 * trend, the breakdowns, and links to the records behind them that the reader may open anyway
 * (the dealer's rejected claims of the period, its complaints). A dealer the reader may not see
 * (another manufacturer's, another region's) is not found.
 */
export const load: PageServerLoad = async ({ locals, cookies, url, params }) => {
  const me = requireArea(locals.me, 'figures');
  if (me.tenant?.kind !== 'MANUFACTURER') error(404, { message: 'NOT_FOUND', code: 'NOT_FOUND' });
  const q = url.searchParams;
  const today = todayIn(zoneOf(me.tenant));
  const period = periodOf(q, today);
  const figure = figureOf(q);
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
      figures: repairerFigures(r.figureScorecard.figures),
      network: r.figureScorecard.network ? repairerFigures(r.figureScorecard.network) : null,
    },
    trend: r.figureTrend,
    links: { claims: me.navigation.includes('claims'), complaints: me.navigation.includes('complaints') },
  };
};
