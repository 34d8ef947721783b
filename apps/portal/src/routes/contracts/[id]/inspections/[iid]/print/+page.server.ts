import { error } from '@sveltejs/kit';
import { api, notFoundAs404 } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { ContractPageDocument } from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

/** 巡检报告: one inspection of a contract — contract, customer, machine, date, engineer, items with their result, findings, report due / reported. */
export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'contracts');
  const { serviceContract: contract } = await api(ContractPageDocument, { id: params.id }, { cookies }).catch(notFoundAs404);
  const inspection = contract.inspections.find((i) => i.id === params.iid);
  if (!inspection) error(404, { message: 'NOT_FOUND', code: 'NOT_FOUND' });
  return { contract, inspection, tenant: me.tenant };
};
