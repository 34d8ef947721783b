import {
  DEFAULT_TIME_ZONE,
  addDays as addDaysInDomain,
  addMonths as addMonthsInDomain,
  formatInZone,
  localDay,
  timeZoneOr,
  wallTimeToInstant,
} from '@asn/domain';

export { DEFAULT_TIME_ZONE };

/**
 * The zone a page shows times in: the signed-in person's tenant (from `me`), the shop of a public
 * booking or tracking page (its `timeZone`), else the default (Asia/Shanghai).
 */
export function zoneOf(tenant: { timezone?: string | null } | null | undefined): string {
  return timeZoneOr(tenant?.timezone);
}

/** Calendar days (YYYY-MM-DD) as a person in a time zone sees them. */
export function todayIn(timeZone: string, now = new Date()): string {
  return localDay(now, timeZone);
}

/** The calendar day of an instant (ISO) in a time zone. */
export function dayIn(iso: string, timeZone: string): string {
  return localDay(new Date(iso), timeZone);
}

export function addDays(day: string, n: number): string {
  return addDaysInDomain(day, n);
}

/** A calendar day YYYY-MM-DD (and that it exists: no 31 April). */
export function isDay(day: string): boolean {
  return DAY.test(day) && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
}
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A month YYYY-MM. */
export function isMonth(ym: string): boolean {
  return MONTH.test(ym);
}
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month YYYY-MM `n` months after `ym` (before when negative). */
export function addMonths(ym: string, n: number): string {
  return addMonthsInDomain(`${ym}-01`, n).slice(0, 7);
}

/** The last day of a month YYYY-MM. */
export function monthEnd(ym: string): string {
  return addDays(`${addMonths(ym, 1)}-01`, -1);
}

/** An instant's wall-clock time (HH:MM) in a time zone, in the reader's language. */
export function timeIn(iso: string, lang: string, timeZone: string): string {
  return formatInZone(new Date(iso), timeZone, lang, { hour: '2-digit', minute: '2-digit' });
}

/**
 * A datetime-local value (YYYY-MM-DDTHH:MM) on the tenant's wall clock as an ISO instant; '' and
 * anything that is not such a time stay null.
 */
export function wallTimeToIso(local: FormDataEntryValue | string | null | undefined, timeZone: string): string | null {
  if (!local) return null;
  return wallTimeToInstant(String(local), timeZone)?.toISOString() ?? null;
}
