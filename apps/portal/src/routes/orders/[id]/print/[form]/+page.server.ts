import { error } from '@sveltejs/kit';
import { api, notFoundAs404 } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { RepairOrderDetailDocument } from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

/** The paper forms of domain.md §10 a repair order prints. */
const FORMS = ['appointment', 'repair-order', 'estimate', 'additional-work', 'diagnosis', 'belongings', 'settlement', 'release'] as const;
type FormName = (typeof FORMS)[number];

export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'workshop');
  if (!(FORMS as readonly string[]).includes(params.form)) error(404, { message: 'NOT_FOUND', code: 'NOT_FOUND' });
  const r = await api(RepairOrderDetailDocument, { id: params.id }, { cookies }).catch(notFoundAs404);
  return { order: r.repairOrder, form: params.form as FormName, tenant: me.tenant, technicians: r.users.nodes };
};
