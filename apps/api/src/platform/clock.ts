/** Time source for services; tests replace it to drive timers. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

const workshopDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day (YYYY-MM-DD) of an instant in the workshops' zone (Asia/Shanghai). */
export function localDay(at: Date): string {
  return workshopDay.format(at);
}
