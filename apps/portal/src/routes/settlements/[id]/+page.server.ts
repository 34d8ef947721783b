import { api, notFoundAs404 } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { StlStatementDocument } from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

/** 索赔结算单: one dealer's credited claims of a period, printable on A4 and downloadable as CSV. */
export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'settlements');
  const batch = await api(StlStatementDocument, { id: params.id }, { cookies }).then((r) => r.settlementBatch, notFoundAs404);
  return { batch, tenant: me.tenant };
};
