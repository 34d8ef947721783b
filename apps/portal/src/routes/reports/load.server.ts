import { api, ApiError, failure } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { addDays, todayIn, zoneOf } from '$lib/day';
import { formatDateTime } from '$lib/i18n';
import { ReportDealersDocument, ReportDocument, ReportPreviousDocument } from '$lib/graphql/generated';
import { reportPeriodOf } from '$lib/components/reports/report';

/**
 * What the 业务统计表 page and its print view read (issue 16, reports): the period from the address
 * (`kind` day | week | month, `period`), the dealer (a dealer's service admin: its own; a
 * manufacturer's viewer: `dealer`, one of the dealers `networkFigures` shows it — a regional
 * manager its regions'), the dealer's figures beside the network, the day before (a daily report)
 * and a month's repair volume per day. A refusal of the API is said on the page.
 */
export async function loadReport(locals: App.Locals, cookies: import('@sveltejs/kit').Cookies, url: URL) {
  const me = requireArea(locals.me, 'figures');
  const tz = zoneOf(me.tenant);
  const today = todayIn(tz);
  const period = reportPeriodOf(url.searchParams, today);
  const manufacturer = me.tenant?.kind === 'MANUFACTURER';
  const common = {
    today,
    period,
    manufacturer,
    tenantName: me.tenant?.name ?? '',
    currency: me.tenant?.currency ?? 'CNY',
    printedAt: formatDateTime(new Date().toISOString(), locals.lang, tz),
  };
  let dealers: Array<{ dealerId: string; label: string }> = [];
  let dealerId: string | null = null;
  try {
    if (manufacturer) {
      const r = await api(ReportDealersDocument, { input: { from: period.from, to: period.to, groupBy: 'DEALER' } }, { cookies });
      dealers = r.networkFigures.rows.flatMap((row) => (row.dealerId ? [{ dealerId: row.dealerId, label: row.label }] : []));
      dealers.sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
      dealerId = url.searchParams.get('dealer')?.trim() || null;
      // no dealer chosen yet: the picker asks for one
      if (!dealerId) return { ...common, dealers, dealerId, report: null, refusal: null };
    }
    const dayBefore = addDays(period.from, -1);
    const [r, previous] = await Promise.all([
      api(
        ReportDocument,
        {
          input: { dealerId, from: period.from, to: period.to },
          daily: { figureId: 'repairVolume', from: period.from, to: period.to, grain: 'DAY', dealerId },
          withDaily: period.kind === 'month',
        },
        { cookies },
      ),
      // a daily report has the day before beside it; a day the viewer may not read (before the dealer's authorisation) leaves that column empty
      period.kind === 'day'
        ? api(ReportPreviousDocument, { input: { dealerId, from: dayBefore, to: dayBefore } }, { cookies }).then(
            (x) => x.figureScorecard,
            (e: unknown) => {
              if (e instanceof ApiError) return null;
              throw e;
            },
          )
        : null,
    ]);
    return {
      ...common,
      dealers,
      dealerId,
      report: { scorecard: r.figureScorecard, previous, daily: r.daily ?? null },
      refusal: null,
    };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    // the picker stays (another dealer, another period) when the report is refused
    return { ...common, dealers, dealerId: dealerId ?? url.searchParams.get('dealer'), report: null, refusal: failure(e) };
  }
}
