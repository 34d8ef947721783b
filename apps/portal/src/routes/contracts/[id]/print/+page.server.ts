import { api, notFoundAs404 } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { ContractPageDocument } from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

/** 服务合同摘要: the contract's terms on one page — parties, period, price, SLA, machines, entitlements, signatures. */
export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'contracts');
  const { serviceContract: contract } = await api(ContractPageDocument, { id: params.id }, { cookies }).catch(notFoundAs404);
  return { contract, tenant: me.tenant };
};
