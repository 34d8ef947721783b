import { COMPLAINT_CATEGORIES, COMPLAINT_STATES } from '@asn/domain';
import { api, failure } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { list, requireArea } from '$lib/server/guard';
import { todayIn, zoneOf } from '$lib/day';
import {
  ComplaintListDocument,
  ComplaintSetSettingsDocument,
  ComplaintSettingsDocument,
  type ComplaintAgeingFilter,
  type ComplaintCategory,
  type ComplaintStatus,
} from '$lib/graphql/generated';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

const AGEING: readonly ComplaintAgeingFilter[] = ['OVERDUE_TO_ACKNOWLEDGE', 'OVERDUE_TO_RESOLVE', 'ESCALATED', 'RECOVERY_OPEN', 'AWAITING_QUALITY_FINDING'];

const only = <T extends string>(values: string[], allowed: readonly T[]): T[] => values.filter((v): v is T => (allowed as readonly string[]).includes(v));

/**
 * 客户投诉: the inbox of a provider's care team (its complaints, newest first) or of the
 * manufacturer (those that reached it, with dealer and region): by status, category and what is
 * late (ageing), found by number. The service admin sets the complaint clock here.
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'complaints');
  const ability = abilityOf(me);
  const manufacturer = me.tenant?.kind === 'MANUFACTURER';
  const q = url.searchParams;
  const status = only(list(q.get('status')), COMPLAINT_STATES) as ComplaintStatus[];
  const category = only(list(q.get('category')), COMPLAINT_CATEGORIES) as ComplaintCategory[];
  const ageing = only([q.get('ageing') ?? ''], AGEING)[0] ?? null;
  const dealerId = q.get('dealerId') || null;
  const number = q.get('number')?.trim() || null;
  const after = q.get('after');
  const canSettings = ability.can('update', 'Complaint');
  const [page, settings] = await Promise.all([
    api(
      ComplaintListDocument,
      {
        filter: { status: status.length ? status : null, category: category.length ? category : null, ageing, dealerId, number },
        first: 20,
        after,
      },
      { cookies },
    ),
    canSettings ? api(ComplaintSettingsDocument, {}, { cookies }).then((r) => r.complaintSettings) : Promise.resolve(null),
  ]);
  const today = todayIn(zoneOf(me.tenant));
  return {
    complaints: page.complaints,
    // the register's period: this month so far
    register: { from: `${today.slice(0, 8)}01`, to: today },
    filter: { status, category, ageing, dealerId, number },
    after,
    manufacturer,
    // the chips: what is late for this reader (a finding is the manufacturer's to give)
    ageingChips: AGEING.filter((a) => (a === 'AWAITING_QUALITY_FINDING' ? manufacturer : a !== 'RECOVERY_OPEN' || !manufacturer)),
    settings,
    can: { file: ability.can('create', 'Complaint'), settings: canSettings, quality: manufacturer },
  };
};

/** A whole number of hours (the field's min / max keep it whole; anything else is 0 for the API to refuse). */
const int = (v: FormDataEntryValue | null) => Math.trunc(Number(v ?? 0)) || 0;

export const actions: Actions = {
  settings: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      await api(
        ComplaintSetSettingsDocument,
        { input: { ackHours: int(f.get('ackHours')), escalateHours: int(f.get('escalateHours')), escalate2Hours: int(f.get('escalate2Hours')) } },
        { cookies },
      );
      return { done: 'settings' };
    } catch (e) {
      return fail(400, { ...failure(e), form: 'settings' });
    }
  },
};
