import { api, ApiError, failure } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { todayIn, zoneOf } from '$lib/day';
import { FigureNetworkDocument, FigureScorecardDocument } from '$lib/graphql/generated';
import { figureOf, periodOf, repairerFigures, supplierFigureOf, supplierFigures, trendRange } from '$lib/components/figures/figures';
import type { PageServerLoad } from './$types';

/**
 * 指标看板. The manufacturer (admin, analyst, quality engineer, a regional manager for its regions)
 * sees its network: by region, or the dealers of one region (`?region=华东`), with the network's
 * tiles and a figure's 12-month trend. A dealer's service admin sees its own scorecard beside the
 * network average. The manufacturer's admin and analyst also see its parts suppliers one by one
 * (`?view=suppliers`: the suppliers pooled, a row per supplier, the suppliers' trend; never pooled
 * with the dealers), and a parts supplier's admin its own supplier figures (never the repair ones).
 * The period is in the address (`month`, or `from`/`to`; the last full month by default), and so
 * is the charts' figure (`figure`).
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'figures');
  const q = url.searchParams;
  const today = todayIn(zoneOf(me.tenant));
  const period = periodOf(q, today);
  const manufacturer = me.tenant?.kind === 'MANUFACTURER';
  const supplier = me.tenant?.kind === 'PARTS_SUPPLIER';
  // a regional manager has no suppliers (they are not in a region): no suppliers view
  const suppliersTab = manufacturer && !me.user.roles.every((r) => r === 'NETWORK_MANAGER');
  const bySupplier = suppliersTab && q.get('view') === 'suppliers';
  const figure = bySupplier || supplier ? supplierFigureOf(q) : figureOf(q);
  const trend = { figureId: figure, ...trendRange(period), grain: 'MONTH' };
  const common = { today, period, figure, currency: me.tenant?.currency ?? 'CNY', suppliersTab, bySupplier };
  try {
    if (bySupplier) {
      const r = await api(
        FigureNetworkDocument,
        { input: { from: period.from, to: period.to, groupBy: 'SUPPLIER' }, trend: { ...trend, suppliers: true } },
        { cookies },
      );
      const n = r.networkFigures;
      const network = { ...n, network: supplierFigures(n.network), rows: n.rows.map((row) => ({ ...row, figures: supplierFigures(row.figures) })) };
      return { ...common, view: 'suppliers' as const, region: null, network, trend: r.figureTrend, refusal: null };
    }
    if (manufacturer) {
      const region = q.get('region')?.trim() || null;
      const r = await api(
        FigureNetworkDocument,
        { input: { from: period.from, to: period.to, groupBy: region ? 'DEALER' : 'REGION', region }, trend: { ...trend, region } },
        { cookies },
      );
      const n = r.networkFigures;
      const network = { ...n, network: repairerFigures(n.network), rows: n.rows.map((row) => ({ ...row, figures: repairerFigures(row.figures) })) };
      return { ...common, view: 'network' as const, region, network, trend: r.figureTrend, refusal: null };
    }
    const r = await api(FigureScorecardDocument, { input: { from: period.from, to: period.to }, trend }, { cookies });
    const sc = r.figureScorecard;
    // a parts supplier's own figures are the seller's: the repair figures it has none of are left out
    const own = supplier ? supplierFigures : repairerFigures;
    const scorecard = { ...sc, figures: own(sc.figures), network: sc.network ? own(sc.network) : null };
    return { ...common, view: 'scorecard' as const, supplier, scorecard, trend: r.figureTrend, refusal: null };
  } catch (e) {
    // a refusal (a region not the reader's, a period the API does not take) is said on the page, with the period picker to try another
    if (!(e instanceof ApiError)) throw e;
    return { ...common, view: 'refused' as const, refusal: failure(e) };
  }
};
