/**
 * SLA clocks of a service request (domain.md §6): one per metric, counting the provider's working
 * time (or every minute under a 7×24 contract). A clock keeps what it has counted (`elapsedMs`)
 * up to the instant it last started running (`runningSince`); what it counts now is that plus the
 * working time since. Pure: the API stores the fields and schedules the warning and breach jobs
 * at `plan(...)`'s instants; the portal counts down from the same fields.
 */
import { addWorkingTime, workingTimeBetween, type WorkingCalendar } from './working-time.js';
import type { SlaMetric } from './service-contract.js';

export const SLA_CLOCK_STATES = ['RUNNING', 'PAUSED', 'MET', 'BREACHED'] as const;
export type SlaClockState = (typeof SLA_CLOCK_STATES)[number];

/** The share of a target at which the provider is warned. */
export const SLA_WARN_SHARE = 0.75;

export interface SlaClock {
  metric: SlaMetric;
  /** The promise in working ms; null: none (the clock counts, nothing is due). */
  targetMs: number | null;
  state: SlaClockState;
  /** Working time counted before `runningSince`. */
  elapsedMs: number;
  /** Working time it was paused (the provider waited for the customer). */
  pausedMs: number;
  runningSince: Date | null;
  pausedSince: Date | null;
  startedAt: Date;
  metAt: Date | null;
  breachedAt: Date | null;
  warnedAt: Date | null;
}

/** A clock started at `at` (a request reported, or a metric its severity now promises). */
export function startClock(metric: SlaMetric, targetMs: number | null, at: Date, elapsedMs = 0): SlaClock {
  return {
    metric,
    targetMs,
    state: 'RUNNING',
    elapsedMs,
    pausedMs: 0,
    runningSince: at,
    pausedSince: null,
    startedAt: at,
    metAt: null,
    breachedAt: null,
    warnedAt: null,
  };
}

/** Whether the clock is counting (running, or breached and not yet met). */
export function counting(c: SlaClock): boolean {
  return c.runningSince !== null;
}

/** Working time counted up to `now`. */
export function elapsedAt(c: SlaClock, cal: WorkingCalendar, now: Date): number {
  return c.elapsedMs + (c.runningSince ? workingTimeBetween(cal, c.runningSince, now) : 0);
}

/** Working time paused up to `now` (a pause still under way counts up to now). */
export function pausedAt(c: SlaClock, cal: WorkingCalendar, now: Date): number {
  return c.pausedMs + (c.pausedSince ? workingTimeBetween(cal, c.pausedSince, now) : 0);
}

/** When the target is reached, if the clock keeps counting; null when nothing is due (no target, not counting, breached already). */
export function dueAt(c: SlaClock, cal: WorkingCalendar): Date | null {
  if (c.targetMs === null || !c.runningSince || c.state !== 'RUNNING') return null;
  return addWorkingTime(cal, c.runningSince, Math.max(0, c.targetMs - c.elapsedMs));
}

/** When the provider is warned (75 % of the target), if not yet warned and still ahead. */
export function warnAt(c: SlaClock, cal: WorkingCalendar): Date | null {
  if (c.targetMs === null || !c.runningSince || c.state !== 'RUNNING' || c.warnedAt) return null;
  const at = Math.round(c.targetMs * SLA_WARN_SHARE) - c.elapsedMs;
  return at > 0 ? addWorkingTime(cal, c.runningSince, at) : null;
}

/** Folds the time counted since `runningSince` into `elapsedMs` (the clock keeps counting from `now`). */
function settle(c: SlaClock, cal: WorkingCalendar, now: Date): SlaClock {
  if (!c.runningSince) return c;
  return { ...c, elapsedMs: elapsedAt(c, cal, now), runningSince: now };
}

/**
 * The provider waits for the customer: a running clock stops counting. A breached clock is lost
 * already and keeps counting (its elapsed time tells by how much); a met one is done.
 */
export function pauseClock(c: SlaClock, cal: WorkingCalendar, now: Date): SlaClock {
  if (c.state !== 'RUNNING') return c;
  const s = settle(c, cal, now);
  return { ...s, state: 'PAUSED', runningSince: null, pausedSince: now };
}

/** The customer answered: a paused clock counts again; the pause is added to its paused time. */
export function resumeClock(c: SlaClock, cal: WorkingCalendar, now: Date): SlaClock {
  if (c.state !== 'PAUSED') return c;
  return { ...c, state: 'RUNNING', pausedMs: pausedAt(c, cal, now), pausedSince: null, runningSince: now };
}

/**
 * What the clock measures happened at `now`: it stops. A late one is BREACHED (at the instant its
 * target passed, even when the breach job has not run yet); a breached clock stays BREACHED.
 */
export function meetClock(c: SlaClock, cal: WorkingCalendar, now: Date): SlaClock {
  if (c.state === 'MET' || c.metAt) return c;
  const s = breachIfDue(c.state === 'PAUSED' ? resumeClock(c, cal, now) : c, cal, now);
  const settled = settle(s, cal, now);
  return { ...settled, state: s.state === 'BREACHED' ? 'BREACHED' : 'MET', runningSince: null, pausedSince: null, metAt: now };
}

/** A met clock counts again (a resolved request reopened), keeping what it counted. */
export function reopenClock(c: SlaClock, now: Date): SlaClock {
  if (!c.metAt) return c;
  return { ...c, state: c.breachedAt ? 'BREACHED' : 'RUNNING', metAt: null, runningSince: now };
}

/**
 * The severity changed: the clock takes the new target and keeps what it counted. A running
 * clock already past its new target is due at once (the breach job records it at `now`).
 */
export function retarget(c: SlaClock, targetMs: number | null, cal: WorkingCalendar, now: Date): SlaClock {
  const s = settle(c, cal, now);
  const warnedAt = targetMs !== null && s.elapsedMs < Math.round(targetMs * SLA_WARN_SHARE) ? null : s.warnedAt;
  return { ...s, targetMs, warnedAt };
}

/**
 * The breach job at `now`: a running clock whose target passed is BREACHED at the instant the
 * target was reached (not when the job happened to run); anything else is unchanged.
 */
export function breachIfDue(c: SlaClock, cal: WorkingCalendar, now: Date): SlaClock {
  const due = dueAt(c, cal);
  if (!due || due > now) return c;
  return { ...c, state: 'BREACHED', breachedAt: due };
}

/** The warning job at `now`: a running clock past 75 % of its target is marked warned. */
export function warnIfDue(c: SlaClock, cal: WorkingCalendar, now: Date): SlaClock {
  const at = warnAt(c, cal);
  if (!at || at > now) return c;
  return { ...c, warnedAt: at };
}
