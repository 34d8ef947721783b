import { fail, redirect, type Cookies } from '@sveltejs/kit';
import { api, failure } from '$lib/server/api';
import { requireArea, text } from '$lib/server/guard';
import { abilityOf } from '$lib/server/ability';
import { formKey, postedKey } from '$lib/server/idempotency';
import { todayIn, zoneOf } from '$lib/day';
import { RelationshipsDocument, StlBatchesDocument, StlCreateBatchDocument, type RelationshipsQuery } from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

/** The calendar month before the one `today` (YYYY-MM-DD) is in: the usual period to credit. */
function previousMonth(today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 2, 1));
  const last = new Date(Date.UTC(y, m - 1, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

/** The dealers the manufacturer authorises (DEALER_AUTHORIZATION), each once, by name. */
async function authorisedDealers(cookies: Cookies, manufacturerId: string) {
  const dealers = new Map<string, { id: string; name: string; code: string; dealerCode: string | null }>();
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const r: RelationshipsQuery = await api(RelationshipsDocument, { kind: 'DEALER_AUTHORIZATION', first: 100, after }, { cookies });
    for (const rel of r.relationships.nodes) {
      if (rel.from.id !== manufacturerId || dealers.has(rel.to.id)) continue;
      dealers.set(rel.to.id, { id: rel.to.id, name: rel.to.name, code: rel.to.code, dealerCode: rel.dealerCode });
    }
    if (!r.relationships.pageInfo.hasNextPage) break;
    after = r.relationships.pageInfo.endCursor;
  }
  return [...dealers.values()].sort((a, b) => (a.dealerCode ?? a.code).localeCompare(b.dealerCode ?? b.code));
}

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'settlements');
  const canCreate = abilityOf(me).can('create', 'SettlementBatch');
  const after = url.searchParams.get('after');
  const [batches, dealers] = await Promise.all([
    api(StlBatchesDocument, { first: 20, after }, { cookies }).then((r) => r.settlementBatches),
    canCreate && me.tenant ? authorisedDealers(cookies, me.tenant.id) : Promise.resolve([]),
  ]);
  return {
    batches,
    after,
    dealers,
    canCreate,
    isManufacturer: me.tenant?.kind === 'MANUFACTURER',
    period: previousMonth(todayIn(zoneOf(me.tenant))),
    formKey: formKey(),
  };
};

export const actions: Actions = {
  /** Credit one dealer's approved claims of a period; the new statement opens. */
  create: async ({ request, cookies }) => {
    const f = await request.formData();
    const values = { dealerId: String(f.get('dealerId') ?? ''), periodFrom: text(f.get('periodFrom')) ?? '', periodTo: text(f.get('periodTo')) ?? '' };
    let id: string;
    try {
      id = (await api(StlCreateBatchDocument, { input: { ...values, idempotencyKey: postedKey(f) } }, { cookies })).createSettlementBatch.batch.id;
    } catch (e) {
      return fail(400, { ...failure(e), values });
    }
    redirect(303, `/settlements/${id}`);
  },
};
