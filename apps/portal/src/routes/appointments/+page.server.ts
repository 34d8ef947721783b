import { fail } from '@sveltejs/kit';
import { api, failure } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { abilityOf } from '$lib/server/ability';
import { AppointmentDayDocument, MarkNoShowDocument } from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

/** Today in the workshop's zone (Asia/Shanghai) as YYYY-MM-DD. */
function today(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'appointments');
  const day = url.searchParams.get('day') ?? today(me.tenant?.timezone ?? 'Asia/Shanghai');
  const r = await api(AppointmentDayDocument, { day }, { cookies });
  const slots = r.appointmentSlots.map((s) => ({ ...s, orders: r.repairOrders.nodes.filter((o) => o.appointmentAt === s.start) }));
  return { day, slots, canCancel: abilityOf(me).can('cancel', 'RepairOrder'), now: new Date().toISOString() };
};

export const actions: Actions = {
  noShow: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      await api(MarkNoShowDocument, { input: { id: String(f.get('id')), version: Number(f.get('version')) } }, { cookies });
      return { done: true };
    } catch (e) {
      return fail(400, failure(e));
    }
  },
};
