import { fail } from '@sveltejs/kit';
import { api, failure } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { requireArea } from '$lib/server/guard';
import { ContractSaveCalendarDocument, ContractWorkingCalendarDocument, type CalendarDayKind } from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

/**
 * 工作时间: the provider's working calendar — per weekday its spans (09:00–12:00 + 13:00–18:00),
 * and the dated days: holidays (节假日) and adjusted working days (调休上班) with their own spans.
 * The SLA clocks of working-time contracts run only inside it. The admin keeps it; others read it.
 */
export const load: PageServerLoad = async ({ locals, cookies }) => {
  const me = requireArea(locals.me, 'contracts');
  const { workingCalendar } = await api(ContractWorkingCalendarDocument, {}, { cookies });
  return { calendar: workingCalendar, can: { edit: abilityOf(me).can('update', 'WorkingCalendar') } };
};

interface Span {
  start: string;
  end: string;
}

/** A time of day as typed: '9:00' and '09：00' (a full-width colon) become '09:00'; anything else goes on for the API to judge. */
function hm(v: string): string {
  const m = /^(\d{1,2})\s*[:：]\s*(\d{2})$/.exec(v.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : v.trim();
}

/** The spans posted under `prefix` (start and end side by side; a row with neither is dropped). */
function spans(f: FormData, prefix: string): Span[] {
  const starts = f.getAll(`${prefix}.start`).map(String);
  const ends = f.getAll(`${prefix}.end`).map(String);
  return starts.map((start, i) => ({ start: hm(start), end: hm(ends[i] ?? '') })).filter((s) => s.start || s.end);
}

export const actions: Actions = {
  default: async ({ request, cookies }) => {
    const f = await request.formData();
    const week = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, spans: spans(f, `w${weekday}`) }));
    const dayKeys = f.getAll('day').map(String);
    const days = dayKeys.map((k) => {
      const kind = (String(f.get(`d${k}.kind`) ?? 'HOLIDAY') === 'WORKDAY' ? 'WORKDAY' : 'HOLIDAY') as CalendarDayKind;
      const s = spans(f, `d${k}`);
      return {
        date: String(f.get(`d${k}.date`) ?? ''),
        kind,
        name: String(f.get(`d${k}.name`) ?? '').trim() || null,
        spans: kind === 'WORKDAY' && s.length ? s : null,
      };
    });
    try {
      await api(ContractSaveCalendarDocument, { input: { week, days } }, { cookies });
      return { done: true };
    } catch (e) {
      return fail(400, { ...failure(e), values: { week, days } });
    }
  },
};
