import type { PartsOrderType } from './parts.js';

/**
 * How long a repair's stock reservation holds when its parts are not issued (a tenant's
 * `parts_reservation_hours`; this when the tenant set nothing).
 */
export const RESERVATION_HOURS_DEFAULT = 72;
/** The range a tenant may set: an hour to 90 days. */
export const RESERVATION_HOURS_RANGE = { min: 1, max: 2160 } as const;

/** When a reservation made at `at` lapses, held `hours` (an out-of-range setting falls back to the default). */
export function reservationExpiresAt(at: Date, hours: number | null | undefined): Date {
  const h = Number.isInteger(hours) && hours! >= RESERVATION_HOURS_RANGE.min && hours! <= RESERVATION_HOURS_RANGE.max ? hours! : RESERVATION_HOURS_DEFAULT;
  return new Date(at.getTime() + h * 3_600_000);
}

/** A parts order line a repair waits for, as far as its expected day goes. */
export interface AwaitedPartsLine {
  type: PartsOrderType;
  ordered: number;
  refused: number;
  shortClosed: number;
  shipped: number;
  backordered: number;
  /** The seller's expected day of a backorder (YYYY-MM-DD). */
  expectedOn: string | null;
  /** An emergency order's 24 h promise, as the workshop's calendar day (YYYY-MM-DD); null once broken or for other types. */
  promiseDay: string | null;
}

/** What is still to ship of a line (neither shipped, refused nor short-closed). */
function outstanding(l: AwaitedPartsLine): number {
  return Math.max(0, l.ordered - l.refused - l.shortClosed - l.shipped);
}

/**
 * The day a repair waiting for parts can expect them: the latest expected day of the lines still
 * to ship — a backorder's day as the seller confirmed it, otherwise an emergency order's promise
 * day. A line with neither (a stock or warranty order not yet answered) makes the day unknown
 * (null): the repair waits for every line, so a day that left one out would be a promise nobody
 * made. Nothing left to ship (all on the way) is null too: no seller's day applies any more.
 */
export function partsExpectedOn(lines: readonly AwaitedPartsLine[]): string | null {
  const waiting = lines.filter((l) => outstanding(l) > 0);
  if (!waiting.length) return null;
  let latest = '';
  for (const l of waiting) {
    const day = l.backordered > 0 && l.expectedOn ? l.expectedOn : l.promiseDay;
    if (!day) return null;
    if (day > latest) latest = day;
  }
  return latest;
}
