/** The provider's working calendar (工作时间): kept as data by its admin; every SLA clock counts on it. */
import { asSubject } from '@asn/authz';
import {
  DomainError,
  ErrorCode,
  ROUND_THE_CLOCK,
  STANDARD_WEEK,
  calendarProblems,
  type CalendarDay,
  type IsoWeekday,
  type SlaBasis,
  type TimeSpan,
  type WorkingCalendar,
} from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { leanRows } from '../../platform/db/lean.js';
import { tenantTimeZone } from '../../platform/tenant-time.js';
import { WorkingCalendarRow } from './contract.entity.js';

export interface CalendarInput {
  week: { weekday: number; spans: TimeSpan[] }[];
  days: CalendarDay[];
}

/** A stored calendar row as the clocks use it, or the standard week when the tenant keeps none. */
function calendarOf(timeZone: string, row: Pick<WorkingCalendarRow, 'week' | 'days'> | null | undefined): WorkingCalendar & { stored: boolean } {
  if (!row) return { timeZone, week: { ...STANDARD_WEEK }, days: [], stored: false };
  const week = {} as Record<IsoWeekday, TimeSpan[]>;
  for (const d of [1, 2, 3, 4, 5, 6, 7] as IsoWeekday[]) week[d] = row.week[String(d)] ?? [];
  return { timeZone, week, days: row.days, stored: true };
}

/** The stored calendar of the transaction's tenant (or `tenantId`), or the standard week when it keeps none. */
export async function workingCalendar(tx: Tx, tenantId: string = tx.tenantId!): Promise<WorkingCalendar & { stored: boolean }> {
  const timeZone = await tenantTimeZone(tx, tenantId);
  return calendarOf(timeZone, await tx.em.findOne(WorkingCalendarRow, { tenantId }, { filters: false }));
}

/** The calendar a contract's clocks count on: the provider's working time, or every minute (7×24). */
export async function clockCalendar(tx: Tx, basis: SlaBasis, tenantId: string = tx.tenantId!): Promise<WorkingCalendar> {
  if (basis === 'ROUND_THE_CLOCK') return ROUND_THE_CLOCK(await tenantTimeZone(tx, tenantId));
  return workingCalendar(tx, tenantId);
}

/**
 * The calendars of a page's clocks (clockCalendar for each provider and basis) on the request's
 * read path: the stored rows in one statement, each time zone once per request. Row-level security
 * shows a reader its own tenant's calendar only, as in a transaction (another provider's clocks
 * count on the standard week in its time zone).
 */
export async function clockCalendars(ctx: Ctx, keys: readonly { tenantId: string; basis: SlaBasis }[]): Promise<WorkingCalendar[]> {
  const working = [...new Set(keys.filter((k) => k.basis !== 'ROUND_THE_CLOCK').map((k) => k.tenantId))];
  const [rows, zones] = await Promise.all([
    leanRows(ctx, WorkingCalendarRow, 'tenantId', working, ['tenantId']),
    Promise.all(keys.map((k) => tenantTimeZone(ctx, k.tenantId))),
  ]);
  return keys.map((k, i) =>
    k.basis === 'ROUND_THE_CLOCK'
      ? ROUND_THE_CLOCK(zones[i]!)
      : calendarOf(
          zones[i]!,
          rows.find((r) => r.tenantId === k.tenantId),
        ),
  );
}

export function readCalendar(ctx: Ctx): Promise<WorkingCalendar & { stored: boolean }> {
  return inTx(ctx, (tx) => workingCalendar(tx));
}

function fieldOf(where: string): string {
  const m = /^week\.(\d)$/.exec(where);
  return m ? `input.week.${Number(m[1]) - 1}` : 'input.days';
}

/**
 * The admin saves the calendar. Clocks already running keep counting on the new calendar from
 * now on (what they counted stays counted); a calendar that cannot work (overlapping spans, no
 * working time at all) is refused with each problem named.
 */
export async function saveCalendar(ctx: Ctx, input: CalendarInput): Promise<WorkingCalendar & { stored: boolean }> {
  const actor = memberOf(ctx);
  if (!ctx.ability.can('update', asSubject('WorkingCalendar', { tenantId: actor.tenantId })))
    throw DomainError.because(
      ErrorCode.FORBIDDEN,
      'ACTION_NOT_ALLOWED',
      { document: 'WorkingCalendar', action: 'update' },
      'Only the admin keeps the working calendar.',
    );
  const week = {} as Record<IsoWeekday, TimeSpan[]>;
  for (const d of [1, 2, 3, 4, 5, 6, 7] as IsoWeekday[]) week[d] = [];
  for (const w of input.week) {
    if (!Number.isInteger(w.weekday) || w.weekday < 1 || w.weekday > 7)
      throw DomainError.badField('input.week', 'OUT_OF_RANGE', { min: 1, max: 7, unit: null }, 'weekday is 1 (Monday) to 7 (Sunday)');
    week[w.weekday as IsoWeekday] = w.spans.map((s) => ({ start: s.start, end: s.end }));
  }
  if (input.days.length > 400) throw DomainError.badField('input.days', 'TOO_MANY', { max: 400 }, 'at most 400 dated days');
  const days: CalendarDay[] = input.days.map((d) => ({
    date: d.date,
    kind: d.kind,
    name: d.name?.trim().slice(0, 40) || null,
    spans: d.kind === 'WORKDAY' && d.spans?.length ? d.spans.map((s) => ({ start: s.start, end: s.end })) : null,
  }));
  return inTx(ctx, async (tx) => {
    const timeZone = await tenantTimeZone(tx, actor.tenantId);
    const cal: WorkingCalendar = { timeZone, week, days };
    const problems = calendarProblems(cal);
    if (problems.length) {
      throw DomainError.badInput(
        problems.map((p) => {
          const field = fieldOf(p.where);
          switch (p.code) {
            case 'BAD_TIME':
              return { field, reason: 'NOT_A_TIME_OF_DAY', params: { value: p.where }, message: 'a working hour is HH:MM from 00:00 to 24:00' };
            case 'EMPTY_SPAN':
              return { field, reason: 'SPAN_ENDS_BEFORE_START', params: { day: p.where }, message: 'a span ends after it starts' };
            case 'OVERLAPPING_SPANS':
              return { field, reason: 'SPANS_OVERLAP', params: { day: p.where }, message: 'the spans of a day overlap' };
            case 'BAD_DATE':
              return { field, reason: 'NOT_A_DATE', params: { value: p.where }, message: 'a day is YYYY-MM-DD' };
            case 'DUPLICATE_DAY':
              return { field, reason: 'DAY_GIVEN_TWICE', params: { day: p.where }, message: 'a day is listed once' };
            case 'NO_WORKING_TIME':
              return { field: 'input.week', reason: 'NO_WORKING_TIME', params: {}, message: 'the calendar has no working time' };
            default:
              return { field, reason: 'NOT_A_TIME_ZONE', params: { value: timeZone }, message: 'the tenant’s time zone is unknown' };
          }
        }) as never,
      );
    }
    const before = await workingCalendar(tx, actor.tenantId);
    const weekJson = Object.fromEntries(Object.entries(week).map(([k, v]) => [k, v]));
    await tx.em.execute(
      `insert into working_calendars (tenant_id, week, days, updated_by, updated_at) values (?, ?, ?, ?, ?)
       on conflict (tenant_id) do update set week = excluded.week, days = excluded.days, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [actor.tenantId, JSON.stringify(weekJson), JSON.stringify(days), actor.userId, ctx.clock.now()],
    );
    tx.record({
      action: 'workingCalendar.saved',
      entityType: 'Tenant',
      entityId: actor.tenantId,
      before: { days: before.days.length, stored: before.stored },
      after: { days: days.length, holidays: days.filter((d) => d.kind === 'HOLIDAY').length, workdays: days.filter((d) => d.kind === 'WORKDAY').length },
    });
    return { ...cal, stored: true };
  });
}
