import { api } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { addDays, todayIn, wallTimeToIso, zoneOf } from '$lib/day';
import { ComplaintRegisterDocument } from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 客户投诉登记追踪表: every complaint received in a period (days on the tenant's calendar, both
 * included; this month so far by default), oldest first, to print on A4 landscape.
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'complaints');
  const tz = zoneOf(me.tenant);
  const today = todayIn(tz);
  const asked = (name: string) => {
    const v = url.searchParams.get(name) ?? '';
    return DAY.test(v) ? v : null;
  };
  let from = asked('from') ?? `${today.slice(0, 8)}01`;
  let to = asked('to') ?? today;
  if (to < from) [from, to] = [to, from];
  const start = wallTimeToIso(`${from}T00:00`, tz)!;
  const end = wallTimeToIso(`${addDays(to, 1)}T00:00`, tz)!;
  const { complaintRegister } = await api(ComplaintRegisterDocument, { from: start, to: end }, { cookies });
  return { from, to, rows: complaintRegister, tenant: me.tenant };
};
