/**
 * Local days and hours in a tenant's own time zone (the tenant's `timezone`, an IANA name).
 * Wherever a calendar day, a year or an hour of the day is computed, it is computed in the zone of
 * the tenant it belongs to; Asia/Shanghai is only the default of a tenant that states none.
 */

/** The time zone of a tenant that states none (the only place this default is written). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are costly to build: one per locale, zone and options, kept for the process. */
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    if (formatters.size > 500) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

/** Whether the runtime knows `name` as an IANA time zone (e.g. Europe/Berlin). */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The zone to use for a stored value: the value when it is a known zone, else the default. */
export function timeZoneOr(name: string | null | undefined): string {
  return name && isTimeZone(name) ? name : DEFAULT_TIME_ZONE;
}

/** An instant formatted in a time zone (cached formatters): e.g. an SMS's "10月3日 14:00". */
export function formatInZone(at: Date, timeZone: string, locale: string, options: Omit<Intl.DateTimeFormatOptions, 'timeZone'>): string {
  return formatter(locale, { ...options, timeZone }).format(at);
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(at: Date, timeZone: string): WallClock {
  const parts = formatter('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: n('year'), month: n('month'), day: n('day'), hour: n('hour') % 24, minute: n('minute'), second: n('second') };
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The calendar year of an instant in a time zone (document numbers count per local year). */
export function localYear(at: Date, timeZone: string): number {
  return wallClock(at, timeZone).year;
}

/** Minutes after local midnight of an instant in a time zone (0–1439). */
export function minuteOfDay(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return w.hour * 60 + w.minute;
}

/** How far a zone's wall clock is ahead of UTC at an instant, in minutes (Asia/Shanghai: 480; Europe/Berlin: 60 or 120). */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / MIN);
}

/**
 * The instant a zone's wall clock shows `minutes` after midnight of `day` (YYYY-MM-DD). A wall
 * time skipped by a daylight-saving change counts from before the change (02:30 on the spring-forward
 * day is 03:30); a repeated one is its first occurrence.
 */
export function zonedInstant(day: string, minutes: number, timeZone: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`) + minutes * MIN;
  const before = zoneOffsetMinutes(new Date(wall - DAY / 2), timeZone);
  const offsets = new Set([before, zoneOffsetMinutes(new Date(wall - before * MIN), timeZone), zoneOffsetMinutes(new Date(wall + DAY / 2), timeZone)]);
  // the instants whose wall clock shows exactly this time (two when the clock is set back)
  const exact = [...offsets].map((o) => wall - o * MIN).filter((t) => zoneOffsetMinutes(new Date(t), timeZone) * MIN === wall - t);
  return new Date(exact.length ? Math.min(...exact) : wall - before * MIN);
}

/** Local midnight of a calendar day in a zone, as an instant. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  return zonedInstant(day, 0, timeZone);
}

/**
 * A wall-clock time as a form's datetime-local field gives it (`YYYY-MM-DDTHH:MM`) in a zone, as an
 * instant; null when the text is not such a time.
 */
export function wallTimeToInstant(local: string, timeZone: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/.exec(local.trim());
  if (!m) return null;
  const [, day, hh, mm] = m;
  if (Number(hh) > 23 || Number(mm) > 59 || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) return null;
  return zonedInstant(day!, Number(hh) * 60 + Number(mm), timeZone);
}

/** A calendar day `n` days after `day` (YYYY-MM-DD; n may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}
