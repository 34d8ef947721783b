/**
 * Working time of a provider (工作时间): service contracts promise SLA targets in working minutes,
 * hours or days of the provider ("reply within 10 working minutes", "on site within 12 working
 * hours", "report within 3 working days"). A tenant keeps its calendar as data: a week of local
 * wall-time spans per weekday (several a day, so a lunch break is a gap) plus dated exceptions —
 * public holidays and China's adjusted working days (调休, work on a weekend day).
 *
 * Spans are wall times in the calendar's own zone, so a day on which daylight saving changes holds
 * an hour more or less: each span boundary is turned into an instant by `zonedInstant` (a wall time
 * skipped by the change counts as it does there — 02:30 on the spring-forward day is 03:30; a
 * repeated wall time is its first occurrence), and a span whose boundaries collapse holds nothing.
 * Everything walks local day by local day, never minute by minute, and looks at most three years
 * ahead.
 */
import { addDays, isTimeZone, localDay, zoneOffsetMinutes, zonedInstant } from './time-zone.js';

/** 'HH:MM' local wall time, 00:00..24:00; a span is [start, end) with start < end. */
export interface TimeSpan {
  start: string;
  end: string;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * A dated exception to the week: a HOLIDAY has no working time; a WORKDAY (调休) works its own
 * spans, or when it gives none those of the standard day (see `workingSpansOn`).
 */
export interface CalendarDay {
  /** YYYY-MM-DD, a local calendar day in the calendar's zone. */
  date: string;
  kind: 'HOLIDAY' | 'WORKDAY';
  name?: string | null;
  spans?: TimeSpan[] | null;
}

/** A provider's working calendar, kept by the tenant as data. */
export interface WorkingCalendar {
  /** IANA time zone whose wall clock the spans are read on. */
  timeZone: string;
  /** The spans of each weekday, e.g. Monday [{09:00–12:00}, {13:00–18:00}]; a weekday without spans does not work. */
  week: Record<IsoWeekday, TimeSpan[]>;
  /** Public holidays (no work) and adjusted working days (work on a weekend day). */
  days: CalendarDay[];
}

/** What is wrong with a calendar: `where` names the weekday ('week.3'), the date, 'timeZone' or 'week'. */
export type CalendarProblem = {
  code: 'BAD_TIME' | 'EMPTY_SPAN' | 'OVERLAPPING_SPANS' | 'BAD_DATE' | 'DUPLICATE_DAY' | 'BAD_TIME_ZONE' | 'NO_WORKING_TIME';
  where: string;
};

const WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const DAY_MINUTES = 24 * 60;
/** How far ahead a search looks, in local days (three years). */
const HORIZON_DAYS = 3 * 365 + 1;
/** Up to this many days ahead, the next day's midnight is found by stepping day by day (cheap) rather than anew. */
const STEP_DAYS = 7;

/** A calendar that works every day 00:00–24:00, with no exceptions (SLA targets in plain elapsed time). */
export const ROUND_THE_CLOCK = (timeZone: string): WorkingCalendar => ({
  timeZone,
  week: { 1: allDay(), 2: allDay(), 3: allDay(), 4: allDay(), 5: allDay(), 6: allDay(), 7: allDay() },
  days: [],
});

function allDay(): TimeSpan[] {
  return [{ start: '00:00', end: '24:00' }];
}

function officeDay(): TimeSpan[] {
  return [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ];
}

/** The standard office week: Monday to Friday 09:00–12:00 and 13:00–18:00, Saturday and Sunday off. */
export const STANDARD_WEEK: Record<IsoWeekday, TimeSpan[]> = { 1: officeDay(), 2: officeDay(), 3: officeDay(), 4: officeDay(), 5: officeDay(), 6: [], 7: [] };

/** The calendar of a tenant that keeps none: the standard week in its zone, no holidays. */
export function defaultCalendar(timeZone: string): WorkingCalendar {
  return {
    timeZone,
    week: { 1: officeDay(), 2: officeDay(), 3: officeDay(), 4: officeDay(), 5: officeDay(), 6: [], 7: [] },
    days: [],
  };
}

/** Minutes after midnight of an 'HH:MM' wall time (00:00–24:00), or null when it is not one. */
function parseTime(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

function isDate(text: unknown): text is string {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

/** Days since 1970-01-01 of a YYYY-MM-DD day. */
function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY);
}

function dayOfNumber(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

function isoWeekday(day: string): IsoWeekday {
  return (((new Date(Date.parse(`${day}T00:00:00Z`)).getUTCDay() + 6) % 7) + 1) as IsoWeekday;
}

/** A day's spans as sorted, merged minute ranges [start, end); spans that are not valid are left out. */
type Ranges = readonly (readonly [number, number])[];

function toRanges(spans: readonly TimeSpan[] | null | undefined): Ranges {
  const ranges: [number, number][] = [];
  const list: readonly TimeSpan[] = Array.isArray(spans) ? spans : [];
  for (const s of list) {
    const start = parseTime(s?.start);
    const end = parseTime(s?.end);
    if (start !== null && end !== null && start < end) ranges.push([start, end]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** A calendar read once per call: minute ranges per weekday and per dated exception. */
interface Compiled {
  zone: string;
  week: Map<IsoWeekday, Ranges>;
  days: Map<string, Ranges>;
}

const knownZones = new Set<string>();

function compile(cal: WorkingCalendar): Compiled {
  const zone = cal.timeZone;
  if (!knownZones.has(zone)) {
    if (!isTimeZone(zone)) throw new RangeError(`working calendar: unknown time zone ${String(zone)}`);
    knownZones.add(zone);
  }
  const week = new Map<IsoWeekday, Ranges>(WEEKDAYS.map((d) => [d, toRanges(cal.week?.[d])]));
  const standard = WEEKDAYS.slice(0, 5)
    .map((d) => week.get(d)!)
    .find((r) => r.length > 0);
  const days = new Map<string, Ranges>();
  for (const d of cal.days ?? []) {
    if (!isDate(d.date) || days.has(d.date)) continue; // the first entry of a day counts
    if (d.kind === 'HOLIDAY') days.set(d.date, []);
    else if (d.kind === 'WORKDAY') {
      const own = toRanges(d.spans);
      days.set(d.date, own.length > 0 ? own : (standard ?? []));
    }
  }
  return { zone, week, days };
}

function rangesOn(c: Compiled, day: string): Ranges {
  return c.days.get(day) ?? c.week.get(isoWeekday(day))!;
}

/**
 * A local day on the time line: [start, next) from its midnight to the next one. `uniform` when the
 * zone's offset is the same at both midnights and the day is 24 h long — then a wall time is its
 * midnight plus the minutes; otherwise (a daylight-saving day) each wall time is asked of `zonedInstant`.
 */
interface Frame {
  day: string;
  num: number;
  start: number;
  next: number;
  nextOffset: number;
  uniform: boolean;
}

/** The frame of `day` given its midnight; `clean` when that midnight is known to be no offset change. */
function frameFrom(day: string, num: number, start: number, offset: number, clean: boolean, zone: string): Frame {
  const guess = start + DAY;
  const guessOffset = zoneOffsetMinutes(new Date(guess), zone);
  if (guessOffset === offset && (clean || zoneOffsetMinutes(new Date(start - 1000), zone) === offset)) {
    return { day, num, start, next: guess, nextOffset: offset, uniform: true };
  }
  const next = zonedInstant(addDays(day, 1), 0, zone).getTime();
  return { day, num, start, next, nextOffset: zoneOffsetMinutes(new Date(next), zone), uniform: false };
}

function freshFrame(day: string, zone: string): Frame {
  const start = zonedInstant(day, 0, zone).getTime();
  return frameFrom(day, dayNumber(day), start, zoneOffsetMinutes(new Date(start), zone), false, zone);
}

function followingFrame(f: Frame, zone: string): Frame {
  return frameFrom(dayOfNumber(f.num + 1), f.num + 1, f.next, f.nextOffset, f.uniform, zone);
}

/** The local day an instant falls in, as the frame that holds it. */
function frameAt(t: number, zone: string): Frame {
  const f = freshFrame(localDay(new Date(t), zone), zone);
  if (t < f.start) return freshFrame(addDays(f.day, -1), zone);
  if (t >= f.next) return followingFrame(f, zone);
  return f;
}

/** The instant of a wall time (minutes after midnight, 0–1440) on a frame's day. */
function instantOn(f: Frame, minutes: number, zone: string): number {
  if (minutes === 0) return f.start;
  if (minutes === DAY_MINUTES) return f.next;
  return f.uniform ? f.start + minutes * MIN : zonedInstant(f.day, minutes, zone).getTime();
}

/** A day's working time as sorted, disjoint instant intervals [start, end) within the day. */
type Intervals = readonly (readonly [number, number])[];

function intervalsOn(f: Frame, ranges: Ranges, zone: string): Intervals {
  const out: [number, number][] = [];
  for (const [a, b] of ranges) {
    const start = Math.max(instantOn(f, a, zone), f.start);
    const end = Math.min(instantOn(f, b, zone), f.next);
    if (end > start) out.push([start, end]);
  }
  if (f.uniform) return out; // already sorted and disjoint
  out.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const iv of out) {
    const last = merged[merged.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push([iv[0], iv[1]]);
  }
  return merged;
}

/**
 * Walks local days from `first` (a frame) on, at most `maxDays` days after it, handing each day's
 * working intervals to `visit` until it returns true. Days without spans cost no zone look-up; a
 * day's midnight comes from the previous day's when that is near, else anew.
 */
function walk(c: Compiled, first: Frame, maxDays: number, visit: (intervals: Intervals, f: Frame | null) => boolean): void {
  let frame = first;
  for (let k = 0; k <= maxDays; k++) {
    const num = first.num + k;
    const day = k === 0 ? first.day : dayOfNumber(num);
    const ranges = rangesOn(c, day);
    if (ranges.length === 0) {
      if (visit([], null)) return;
      continue;
    }
    if (num - frame.num > STEP_DAYS) frame = freshFrame(day, c.zone);
    else while (frame.num < num) frame = followingFrame(frame, c.zone);
    if (visit(intervalsOn(frame, ranges, c.zone), frame)) return;
  }
}

/**
 * The working spans of a local day (sorted by start): none on a HOLIDAY; on a WORKDAY its own spans,
 * or when it gives none those of the standard day (the first weekday Monday–Friday that has spans);
 * otherwise the week's spans of that date's weekday.
 */
export function workingSpansOn(cal: WorkingCalendar, date: string): TimeSpan[] {
  const exception = (cal.days ?? []).find((d) => d.date === date);
  let spans: TimeSpan[] | null | undefined;
  if (exception?.kind === 'HOLIDAY') spans = [];
  else if (exception?.kind === 'WORKDAY' && exception.spans && exception.spans.length > 0) spans = exception.spans;
  else if (exception?.kind === 'WORKDAY')
    spans = WEEKDAYS.slice(0, 5)
      .map((d) => cal.week?.[d] ?? [])
      .find((s) => s.length > 0);
  else spans = isDate(date) ? cal.week?.[isoWeekday(date)] : [];
  return [...(spans ?? [])].map((s) => ({ start: s.start, end: s.end })).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

function spanProblems(spans: readonly TimeSpan[] | null | undefined, where: string, out: CalendarProblem[]): void {
  const valid: [number, number][] = [];
  const list: readonly TimeSpan[] = Array.isArray(spans) ? spans : [];
  for (const s of list) {
    const start = parseTime(s?.start);
    const end = parseTime(s?.end);
    if (start === null || end === null || start === DAY_MINUTES) out.push({ code: 'BAD_TIME', where });
    else if (start >= end) out.push({ code: 'EMPTY_SPAN', where });
    else valid.push([start, end]);
  }
  valid.sort((a, b) => a[0] - b[0]);
  if (valid.some((r, i) => i > 0 && r[0] < valid[i - 1]![1])) out.push({ code: 'OVERLAPPING_SPANS', where });
}

/**
 * What is wrong with a calendar, [] when nothing: times not 'HH:MM' (00:00–24:00, 24:00 only as an
 * end), spans that hold nothing or overlap within a day (touching is fine; order is free), dates not
 * valid YYYY-MM-DD or given twice, an unknown time zone, and a calendar with no working time at all
 * (no span in the week and no WORKDAY that works).
 */
export function calendarProblems(cal: WorkingCalendar): CalendarProblem[] {
  const out: CalendarProblem[] = [];
  if (typeof cal.timeZone !== 'string' || !isTimeZone(cal.timeZone)) out.push({ code: 'BAD_TIME_ZONE', where: 'timeZone' });
  for (const d of WEEKDAYS) spanProblems(cal.week?.[d], `week.${d}`, out);
  const seen = new Set<string>();
  for (const d of cal.days ?? []) {
    if (!isDate(d.date)) {
      out.push({ code: 'BAD_DATE', where: String(d.date) });
      continue;
    }
    if (seen.has(d.date)) out.push({ code: 'DUPLICATE_DAY', where: d.date });
    seen.add(d.date);
    if (d.kind === 'WORKDAY') spanProblems(d.spans, d.date, out);
  }
  const weekWorks = WEEKDAYS.some((d) => toRanges(cal.week?.[d]).length > 0);
  const workdayWorks = (cal.days ?? []).some((d) => d.kind === 'WORKDAY' && isDate(d.date) && toRanges(workingSpansOn(cal, d.date)).length > 0);
  if (!weekWorks && !workdayWorks) out.push({ code: 'NO_WORKING_TIME', where: 'week' });
  return out;
}

/** Whether `at` is working time (inside a span; a span's end is not in it). */
export function isWorkingAt(cal: WorkingCalendar, at: Date): boolean {
  const c = compile(cal);
  const t = at.getTime();
  const f = frameAt(t, c.zone);
  const ranges = rangesOn(c, f.day);
  return ranges.length > 0 && intervalsOn(f, ranges, c.zone).some(([a, b]) => a <= t && t < b);
}

/**
 * The instant at which `ms` (≥ 0) of working time has passed after `from`; `from` itself when ms is 0
 * (nothing to wait for, working time or not). A result that lands on a span's end is that end, not
 * the next span's start. Null when it is not reached within three years (a calendar without working
 * time). Throws RangeError for a negative or non-finite `ms`.
 */
export function addWorkingTime(cal: WorkingCalendar, from: Date, ms: number): Date | null {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`addWorkingTime: ms must be a finite number ≥ 0, not ${ms}`);
  const t = from.getTime();
  if (ms === 0) return new Date(t);
  const c = compile(cal);
  let remaining = ms;
  let result: number | null = null;
  walk(c, frameAt(t, c.zone), HORIZON_DAYS, (intervals) => {
    for (const [a, b] of intervals) {
      if (b <= t) continue;
      const start = Math.max(a, t);
      if (remaining <= b - start) {
        result = start + remaining;
        return true;
      }
      remaining -= b - start;
    }
    return false;
  });
  return result === null ? null : new Date(result);
}

/** Milliseconds of working time in [from, to); 0 when `to` is not after `from`. */
export function workingTimeBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  const t0 = from.getTime();
  const t1 = to.getTime();
  if (!(t1 > t0)) return 0;
  const c = compile(cal);
  const first = frameAt(t0, c.zone);
  // through the day after `to`'s local day: a day's frame may start a little off its wall-clock day
  const days = dayNumber(localDay(to, c.zone)) + 1 - first.num;
  let sum = 0;
  walk(c, first, days, (intervals, f) => {
    for (const [a, b] of intervals) sum += Math.max(0, Math.min(b, t1) - Math.max(a, t0));
    return f !== null && f.start >= t1;
  });
  return sum;
}

/** `at` itself when it is working time, else the start of the next span; null when none comes within three years. */
export function nextWorkingInstant(cal: WorkingCalendar, at: Date): Date | null {
  const c = compile(cal);
  const t = at.getTime();
  let result: number | null = null;
  walk(c, frameAt(t, c.zone), HORIZON_DAYS, (intervals) => {
    const iv = intervals.find(([, b]) => b > t);
    if (iv) result = Math.max(iv[0], t);
    return iv !== undefined;
  });
  return result === null ? null : new Date(result);
}

/**
 * The end of the last span of the `n`-th working day after the local day of `from` (a day is a
 * working day when it holds working time): an inspection on a Friday with a report due within 3
 * working days → Wednesday 18:00 in the standard week. With n = 0, the end of `from`'s own day's last
 * span when that day works (even when `from` is past it), else that of the next working day. Null
 * when the day is not reached within three years; RangeError unless n is an integer ≥ 0.
 */
export function endOfWorkingDays(cal: WorkingCalendar, from: Date, n: number): Date | null {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`endOfWorkingDays: n must be an integer ≥ 0, not ${n}`);
  const c = compile(cal);
  const own = frameAt(from.getTime(), c.zone);
  let counted = 0;
  let result: number | null = null;
  walk(c, own, HORIZON_DAYS, (intervals, f) => {
    if (intervals.length === 0 || (n > 0 && f!.num === own.num)) return false;
    counted += 1;
    if (counted < Math.max(n, 1)) return false;
    result = intervals[intervals.length - 1]![1];
    return true;
  });
  return result === null ? null : new Date(result);
}
