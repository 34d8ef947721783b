import { fail, redirect } from '@sveltejs/kit';
import { api, failure } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { requireArea } from '$lib/server/guard';
import { formKey, postedKey } from '$lib/server/idempotency';
import { ContractCreateDocument, ContractCustomersDocument, type ContractType, type EntitlementKind, type SlaBasis } from '$lib/graphql/generated';
import { readContractForm, valuesOf } from '../contracts';
import type { Actions, PageServerLoad } from './$types';

/**
 * 新建服务合同: the admin writes a draft for a customer (found by name or phone) — type, period,
 * price, the SLA per severity, the covered machines and the entitlements; it serves once activated.
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'contracts');
  if (!abilityOf(me).can('create', 'ServiceContract')) redirect(303, '/contracts');
  const search = url.searchParams.get('q')?.trim() || null;
  const customers = search ? (await api(ContractCustomersDocument, { search }, { cookies })).customers.nodes : null;
  return { search, customers, values: valuesOf(), formKey: formKey() };
};

export const actions: Actions = {
  default: async ({ request, cookies, locals }) => {
    const f = await request.formData();
    const { values, input } = readContractForm(f, locals.me?.tenant?.currency ?? 'CNY');
    let id: string;
    try {
      const r = await api(
        ContractCreateDocument,
        {
          input: {
            ...input,
            type: input.type as ContractType,
            slaBasis: input.slaBasis as SlaBasis,
            entitlements: input.entitlements.map((e) => ({ ...e, kind: e.kind as EntitlementKind })),
            customerId: values.customerId,
            idempotencyKey: postedKey(f),
          },
        },
        { cookies },
      );
      id = r.createServiceContract.contract.id;
    } catch (e) {
      return fail(400, { ...failure(e), values });
    }
    redirect(303, `/contracts/${id}`);
  },
};
