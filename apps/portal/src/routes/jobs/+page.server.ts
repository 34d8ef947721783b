import { api, attempt } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { abilityOf } from '$lib/server/ability';
import { ClockLabourLineDocument, FinishRepairWorkDocument, JobListDocument, StartRepairWorkDocument } from '$lib/graphql/generated';
import { WORKSHOP_STATES } from '@asn/domain';
import type { Actions, PageServerLoad } from './$types';

/** 我的派工: the orders dispatched to a technician and their labour lines. Controllers pick whose. */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'jobs');
  const canPick = abilityOf(me).can('dispatch', 'RepairOrder');
  const technicianId = (canPick && url.searchParams.get('tech')) || me.user.id;
  // the orders the workshop is (or may be) working on
  const r = await api(JobListDocument, { technicianId, status: [...WORKSHOP_STATES] }, { cookies });
  const technicians = r.users.nodes.filter((u) => u.active && u.roles.includes('TECHNICIAN'));
  return { orders: r.repairOrders.nodes, technicians, technicianId, canPick, now: new Date().toISOString() };
};

const ref = (f: FormData) => ({ id: String(f.get('id')), version: Number(f.get('version')) });

export const actions: Actions = {
  clock: async ({ request, cookies }) => {
    const f = await request.formData();
    return attempt(ClockLabourLineDocument, { input: { lineId: String(f.get('lineId')), on: f.get('on') === 'true' } }, cookies);
  },
  start: async ({ request, cookies }) => attempt(StartRepairWorkDocument, { input: ref(await request.formData()) }, cookies),
  finish: async ({ request, cookies }) => attempt(FinishRepairWorkDocument, { input: ref(await request.formData()) }, cookies),
};
