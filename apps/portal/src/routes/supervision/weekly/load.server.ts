import { api, ApiError, failure } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { todayIn, zoneOf } from '$lib/day';
import { formatDateTime } from '$lib/i18n';
import { ServiceQualityWeekDocument, WeeklyDealersDocument } from '$lib/graphql/generated';
import { dealerText } from '$lib/components/supervision/supervision';
import { weekOf } from '$lib/components/supervision/weekly';

/**
 * What the 服务质量周报 page and its A4 view read: the week from the address (`week`, any day of
 * it; this week by default), the dealer — the dealer's own staff: itself; the manufacturer's readers:
 * `dealer`, one of the dealers it authorises (a regional manager: those of its regions, as the
 * relationships it may read) — and the report (serviceQualityWeek with the dealer's open notices and
 * plans). A refusal of the API is said on the page, the pickers stay.
 */
export async function loadWeekly(locals: App.Locals, cookies: import('@sveltejs/kit').Cookies, url: URL) {
  const me = requireArea(locals.me, 'supervision');
  const tz = zoneOf(me.tenant);
  const today = todayIn(tz);
  const week = weekOf(url.searchParams, today);
  const manufacturer = me.tenant?.kind === 'MANUFACTURER';
  const common = {
    today,
    week,
    manufacturer,
    tenantName: me.tenant?.name ?? '',
    currency: me.tenant?.currency ?? 'CNY',
    printedAt: formatDateTime(new Date().toISOString(), locals.lang, tz),
  };
  let dealers: Array<{ id: string; label: string }> = [];
  let dealerId: string | null = null;
  try {
    if (manufacturer) {
      const r = await api(WeeklyDealersDocument, {}, { cookies });
      const seen = new Map<string, { id: string; label: string; code: string }>();
      for (const rel of r.relationships.nodes) {
        if (!rel.active || rel.from.id !== me.tenant?.id || seen.has(rel.to.id)) continue;
        seen.set(rel.to.id, { id: rel.to.id, label: dealerText(rel.to.name, rel.region), code: rel.dealerCode ?? rel.to.name });
      }
      dealers = [...seen.values()].sort((a, b) => a.code.localeCompare(b.code, 'zh-CN')).map(({ id, label }) => ({ id, label }));
      dealerId = url.searchParams.get('dealer')?.trim() || null;
      if (!dealerId) return { ...common, dealers, dealerId, dealerName: null, report: null, refusal: null };
    } else {
      dealerId = me.tenant?.id ?? null;
      dealers = dealerId ? [{ id: dealerId, label: me.tenant?.name ?? '' }] : [];
    }
    const r = await api(ServiceQualityWeekDocument, { dealerId: dealerId!, day: week.from }, { cookies });
    const dealerName = dealers.find((d) => d.id === dealerId)?.label ?? me.tenant?.name ?? '';
    return { ...common, dealers, dealerId, dealerName, report: r, refusal: null };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { ...common, dealers, dealerId: dealerId ?? url.searchParams.get('dealer'), dealerName: null, report: null, refusal: failure(e) };
  }
}
