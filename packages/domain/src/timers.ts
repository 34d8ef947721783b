/** Service timers from domain.md §3, as pure date arithmetic. */
import { zonedInstant } from './time-zone.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Progress check (查询工作进度): when 75 % of the estimated duration has passed (inside the
 * 70–80 % window the seed asks for). None when the promise is not after the start.
 */
export function progressCheckAt(workStartedAt: Date, promisedAt: Date | null): Date | null {
  if (!promisedAt || promisedAt <= workStartedAt) return null;
  return new Date(workStartedAt.getTime() + 0.75 * (promisedAt.getTime() - workStartedAt.getTime()));
}

/**
 * Pickup notice (通知客户接车): one hour before the promised time for jobs of up to two days,
 * four hours before for jobs of two days or more (duration counted from check-in).
 */
export function pickupNoticeAt(checkedInAt: Date, promisedAt: Date | null): Date | null {
  if (!promisedAt || promisedAt <= checkedInAt) return null;
  const long = promisedAt.getTime() - checkedInAt.getTime() >= 2 * DAY;
  return new Date(promisedAt.getTime() - (long ? 4 : 1) * HOUR);
}

/** Follow-up calls (回访): the first three days after delivery (2–7 allowed), the second a week later. */
export function followUpsAt(deliveredAt: Date): [Date, Date] {
  return [new Date(deliveredAt.getTime() + 3 * DAY), new Date(deliveredAt.getTime() + 10 * DAY)];
}

/** One meter reading of a vehicle (odometer km or hour meter). */
export interface MeterPoint {
  reading: number;
  at: Date;
}

/**
 * When a vehicle is expected to reach its next-due meter reading (保养里程/小时数), from its usage
 * rate over the last year of readings. Null when it cannot be told honestly: no due reading, or
 * fewer than two readings at least a week apart, or no usage. A due reading already passed is due
 * at the latest reading.
 */
export function meterDueAt(readings: readonly MeterPoint[], nextDueReading: number | null, now: Date): Date | null {
  if (nextDueReading == null || readings.length === 0) return null;
  const sorted = [...readings].sort((a, b) => a.at.getTime() - b.at.getTime());
  const last = sorted[sorted.length - 1]!;
  if (last.reading >= nextDueReading) return last.at;
  const window = sorted.filter((r) => r.at.getTime() >= now.getTime() - 365 * DAY);
  const first = window[0];
  if (!first || last.at.getTime() - first.at.getTime() < 7 * DAY) return null;
  const perDay = (last.reading - first.reading) / ((last.at.getTime() - first.at.getTime()) / DAY);
  if (!(perDay > 0)) return null;
  return new Date(last.at.getTime() + ((nextDueReading - last.reading) / perDay) * DAY);
}

/**
 * The maintenance reminder (主动预约): a week before whichever comes first, the due date (09:00 on
 * the tenant's wall clock, `timeZone`) or the predicted day the meter reaches its due reading; never
 * in the past. Null when nothing is due ahead (an overdue vehicle is not reminded again by every new
 * reading).
 */
export function maintenanceReminderPlan(
  dueOn: string | null,
  meterDue: Date | null,
  now: Date,
  timeZone: string,
): { basis: 'DATE' | 'METER'; dueAt: Date; remindAt: Date } | null {
  const byDate = dueOn ? zonedInstant(dueOn, 9 * 60, timeZone) : null; // 09:00 where the workshop is
  const candidates = [
    ...(byDate && byDate > now ? [{ basis: 'DATE' as const, dueAt: byDate }] : []),
    // a due day already passed was reminded of before (or the vehicle is in the shop now)
    ...(meterDue && meterDue > now ? [{ basis: 'METER' as const, dueAt: meterDue }] : []),
  ].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const first = candidates[0];
  if (!first) return null;
  return { ...first, remindAt: new Date(Math.max(first.dueAt.getTime() - 7 * DAY, now.getTime())) };
}
