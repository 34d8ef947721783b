/** Time source for services; tests replace it to drive timers. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
