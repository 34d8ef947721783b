/** Time source for services; tests replace it to drive timers. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/**
 * The calendar day (YYYY-MM-DD) of an instant in a time zone: pass the tenant's
 * (platform/tenant-time.ts), never a zone written out.
 */
export { localDay } from '@asn/domain';
