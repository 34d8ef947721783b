import { api, notFoundAs404 } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { ComplaintPageDocument } from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

/** 客户意见处理表: the handling form of one complaint — facts, the complaint, cause, action, cost split, answer, rating, signatures. */
export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'complaints');
  const { complaint } = await api(ComplaintPageDocument, { id: params.id }, { cookies }).catch(notFoundAs404);
  return { complaint, tenant: me.tenant };
};
