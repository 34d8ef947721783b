/** Service timers from domain.md §3, as pure date arithmetic. */
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
