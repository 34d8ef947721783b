import { fail } from '@sveltejs/kit';
import { asSubject } from '@asn/authz';
import { api, failure, notFoundAs404 } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { requireArea } from '$lib/server/guard';
import { SupActionDoneDocument, SupActivatePlanDocument, SupClosePlanDocument, SupervisionPlanDocument } from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

/**
 * One improvement plan: its targets with the latest daily check, its actions (done, overdue), the
 * checks and the trail. The manufacturer activates or closes it (allowedEvents); the dealer marks
 * the actions of its active plan done.
 */
export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'supervision');
  const { improvementPlan: plan } = await api(SupervisionPlanDocument, { id: params.id }, { cookies }).catch(notFoundAs404);
  const ability = abilityOf(me);
  const markDone =
    plan.dealerId === me.tenant?.id &&
    ability.can('record', asSubject('ImprovementPlan', { tenantId: plan.manufacturerId, dealerId: plan.dealerId, status: plan.status }));
  return { plan, can: { markDone } };
};

const ref = (f: FormData) => ({ id: String(f.get('id') ?? ''), version: Number(f.get('version')) });
const str = (v: FormDataEntryValue | null) => String(v ?? '').trim();

async function step(form: string, run: () => Promise<unknown>, values: Record<string, string> = {}) {
  try {
    await run();
    return { done: form };
  } catch (e) {
    return fail(400, { ...failure(e), form, values });
  }
}

export const actions: Actions = {
  activate: async ({ request, cookies }) => {
    const f = await request.formData();
    return step('activate', () => api(SupActivatePlanDocument, { input: ref(f) }, { cookies }));
  },
  close: async ({ request, cookies }) => {
    const f = await request.formData();
    const note = str(f.get('note'));
    return step('close', () => api(SupClosePlanDocument, { input: { ...ref(f), note } }, { cookies }), { note });
  },
  actionDone: async ({ request, cookies }) => {
    const f = await request.formData();
    const index = Math.trunc(Number(f.get('index')));
    return step(`action-${index}`, () => api(SupActionDoneDocument, { input: { ...ref(f), index, note: str(f.get('note')) || null } }, { cookies }));
  },
};
