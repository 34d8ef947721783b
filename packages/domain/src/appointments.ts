import { DomainError, ErrorCode } from './errors.js';
import { DEFAULT_TIME_ZONE, addDays, localDay, minuteOfDay, zonedInstant } from './time-zone.js';
import { moneyParam } from './reasons.js';

/** Workshop hours and capacity used to book appointment slots (tenant settings). */
export interface SlotRules {
  /** Minutes per slot. */
  slotMinutes: number;
  /** Appointments one slot takes (bays). */
  capacity: number;
  /** Opening and closing, minutes after local midnight. */
  opensAt: number;
  closesAt: number;
  /** The tenant's time zone (IANA): opening hours are its wall clock, daylight saving included. */
  timeZone: string;
}

export const DEFAULT_SLOT_RULES: SlotRules = { slotMinutes: 60, capacity: 3, opensAt: 8 * 60, closesAt: 18 * 60, timeZone: DEFAULT_TIME_ZONE };

/** The default opening hours and capacity on a tenant's own wall clock. */
export function slotRulesIn(timeZone: string): SlotRules {
  return { ...DEFAULT_SLOT_RULES, timeZone };
}

const MIN = 60_000;

/** Whether `start` is the beginning of a slot inside opening hours. */
export function isSlotStart(start: Date, rules: SlotRules): boolean {
  if (start.getTime() % MIN !== 0) return false;
  const local = minuteOfDay(start, rules.timeZone);
  // the slot must be the start the day's wall clock gives it (not a time skipped by a clock change)
  if (zonedInstant(localDay(start, rules.timeZone), local, rules.timeZone).getTime() !== start.getTime()) return false;
  return local >= rules.opensAt && local + rules.slotMinutes <= rules.closesAt && (local - rules.opensAt) % rules.slotMinutes === 0;
}

/** Slot starts after `from` (exclusive), in order, for up to `days` days. */
export function* slotsAfter(from: Date, rules: SlotRules, days = 14): Generator<Date> {
  const first = localDay(from, rules.timeZone);
  for (let d = 0; d <= days; d++) {
    for (const start of daySlots(addDays(first, d), rules)) if (start > from) yield start;
  }
}

/** The slot starts of a local day (YYYY-MM-DD). */
export function daySlots(day: string, rules: SlotRules): Date[] {
  const out: Date[] = [];
  for (let m = rules.opensAt; m + rules.slotMinutes <= rules.closesAt; m += rules.slotMinutes) {
    const start = zonedInstant(day, m, rules.timeZone);
    if (minuteOfDay(start, rules.timeZone) === m) out.push(start); // a time skipped by a clock change is no slot
  }
  return out;
}

/**
 * When the wanted slot is full, offer the nearest free slots after it (three by default, so the
 * customer has at least two alternatives), rolling over to the next days' opening hours.
 */
export function alternativeSlots(wanted: Date, booked: (slot: Date) => number, rules: SlotRules, count = 3): Date[] {
  const out: Date[] = [];
  for (const s of slotsAfter(wanted, rules)) {
    if (booked(s) < rules.capacity) out.push(s);
    if (out.length >= count) return out;
  }
  return out;
}

export interface ReservedPart {
  unitPriceMinor: bigint;
  quantity: number;
}

/** Reserving high-value parts needs a deposit of at least half their price (预交定金 ≥ 1/2), rounded up. */
export function minimumDeposit(parts: readonly ReservedPart[]): bigint {
  const total = parts.reduce((sum, p) => sum + p.unitPriceMinor * BigInt(p.quantity), 0n);
  return (total + 1n) / 2n;
}

/** Refuses a deposit below minimumDeposit: DEPOSIT_TOO_LOW with the minimum as money. */
export function checkDeposit(parts: readonly ReservedPart[], depositMinor: bigint, currency = 'CNY'): void {
  const min = minimumDeposit(parts);
  if (depositMinor < min) {
    throw DomainError.because(
      ErrorCode.BAD_USER_INPUT,
      'DEPOSIT_TOO_LOW',
      { minimum: moneyParam(min, currency) },
      `Reserving these parts needs a deposit of at least ${min} minor units (half their price).`,
      { minimumDepositMinor: min.toString() },
    );
  }
}

/** Appointment reminder: a day before the slot (within the "half a day to one day" the seed asks). */
export function appointmentReminderAt(slot: Date, now: Date): Date | null {
  const at = new Date(slot.getTime() - 24 * 60 * MIN);
  if (at > now) return at;
  const half = new Date(slot.getTime() - 12 * 60 * MIN);
  return half > now ? now : null;
}
