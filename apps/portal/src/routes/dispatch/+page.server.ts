import { api, attempt } from '$lib/server/api';
import { requireArea, text } from '$lib/server/guard';
import { formKey, postedKey } from '$lib/server/idempotency';
import { addDays, todayIn, wallTimeToIso, zoneOf } from '$lib/day';
import { DispatchBoardDocument, ScheduleVisitDocument } from '$lib/graphql/generated';
import { visitMachine } from '@asn/domain';
import type { Actions, PageServerLoad } from './$types';

/** 上门服务调度: engineers' trips of a day, and the on-site orders still waiting for one. */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'dispatch');
  const zone = zoneOf(me.tenant);
  const day = url.searchParams.get('day') || todayIn(zone);
  // the board's day from midnight to midnight on the workshop's wall clock
  const from = wallTimeToIso(`${day}T00:00`, zone)!;
  const to = wallTimeToIso(`${addDays(day, 1)}T00:00`, zone)!;
  const r = await api(DispatchBoardDocument, { from, to }, { cookies });
  const engineers = r.users.nodes.filter((u) => u.active && u.roles.includes('TECHNICIAN'));
  // waiting: no visit of the order is still under way (every one finished or cancelled)
  const waiting = r.repairOrders.nodes.filter((o) => o.visits.every((v) => visitMachine.terminal.includes(v.status)));
  return { day, visits: r.visits, engineers, waiting, now: new Date().toISOString(), formKey: formKey() };
};

export const actions: Actions = {
  schedule: async ({ request, cookies, locals }) => {
    const f = await request.formData();
    return attempt(
      ScheduleVisitDocument,
      {
        input: {
          repairOrderId: String(f.get('repairOrderId')),
          engineerId: String(f.get('engineerId')),
          scheduledAt: wallTimeToIso(f.get('scheduledAt'), zoneOf(locals.me?.tenant)) ?? '',
          loanUnit: text(f.get('loanUnit')),
          idempotencyKey: postedKey(f),
        },
      },
      cookies,
    );
  },
};
