/**
 * Complaints (客户投诉, domain.md §7): the lifecycle, escalation by age, the split of a
 * resolution's cost, and the rule of a customer's rating. Pure: the API applies these to rows,
 * the portal shows what they give.
 */
import { DomainError, ErrorCode } from './errors.js';
import { defineMachine, transition, type Machine } from './fsm.js';

export const COMPLAINT_CHANNELS = ['PHONE', 'WALK_IN', 'TRACKING_PAGE', 'FOLLOW_UP_CALL', 'LETTER', 'WEB'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export const COMPLAINT_CATEGORIES = ['PRODUCT_QUALITY', 'SERVICE_QUALITY', 'PARTS', 'PRICE', 'DELAY', 'ATTITUDE', 'OTHER'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/** 一般 / 严重 / 重大: how much is at stake (a safety issue, the media, a lawyer are CRITICAL). */
export const COMPLAINT_SEVERITIES = ['MINOR', 'MAJOR', 'CRITICAL'] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];

export const COMPLAINT_STATES = ['RECEIVED', 'ACKNOWLEDGED', 'INVESTIGATING', 'ESCALATED', 'RESOLVED', 'REOPENED', 'CLOSED'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

export const COMPLAINT_EVENTS = ['ACKNOWLEDGE', 'INVESTIGATE', 'ESCALATE', 'RESOLVE', 'CLOSE', 'REOPEN'] as const;
export type ComplaintEvent = (typeof COMPLAINT_EVENTS)[number];

/**
 * ```
 * RECEIVED ─► ACKNOWLEDGED ─► INVESTIGATING ─► RESOLVED ─► CLOSED (customer satisfied)
 *     │             │               │              └─► REOPENED ─► INVESTIGATING
 *     └─────────────┴──► ESCALATED ◄┘ (by age, or by the dealer)    └─► ESCALATED
 * ```
 * ESCALATE on an escalated complaint is the next step up (the supervisor, then the manufacturer);
 * `complaintTransition` refuses it past the last step.
 */
export const complaintMachine: Machine<ComplaintState, ComplaintEvent> = defineMachine({
  name: 'Complaint',
  document: 'Complaint',
  initial: 'RECEIVED',
  events: COMPLAINT_EVENTS,
  table: {
    RECEIVED: { ACKNOWLEDGE: 'ACKNOWLEDGED', ESCALATE: 'ESCALATED' },
    ACKNOWLEDGED: { INVESTIGATE: 'INVESTIGATING', ESCALATE: 'ESCALATED' },
    INVESTIGATING: { RESOLVE: 'RESOLVED', ESCALATE: 'ESCALATED' },
    ESCALATED: { INVESTIGATE: 'INVESTIGATING', RESOLVE: 'RESOLVED', ESCALATE: 'ESCALATED' },
    RESOLVED: { CLOSE: 'CLOSED', REOPEN: 'REOPENED' },
    REOPENED: { INVESTIGATE: 'INVESTIGATING', ESCALATE: 'ESCALATED' },
    CLOSED: {},
  },
});

/** States in which the complaint waits for an answer (escalation runs; the inbox ages it). */
export const COMPLAINT_OPEN: readonly ComplaintState[] = ['RECEIVED', 'ACKNOWLEDGED', 'INVESTIGATING', 'ESCALATED', 'REOPENED'];

/** Escalation steps: 1 the provider's supervisor (service admin), 2 the authorising manufacturer. */
export const ESCALATION_LEVELS = { SUPERVISOR: 1, MANUFACTURER: 2 } as const;
export const MAX_ESCALATION_LEVEL = 2;

/**
 * The complaint's guarded step: the machine's table, and no escalation past the last step, and no
 * resolution before the investigation recorded its root cause.
 */
export function complaintTransition(
  c: { status: ComplaintState; escalationLevel: number; rootCause: string | null; number?: string | null },
  event: ComplaintEvent,
): ComplaintState {
  const to = transition(complaintMachine, c.status, event);
  if (event === 'ESCALATE' && c.escalationLevel >= MAX_ESCALATION_LEVEL) {
    throw DomainError.because(
      ErrorCode.INVALID_TRANSITION,
      'ESCALATED_TO_THE_TOP',
      { number: c.number ?? null },
      'This complaint is escalated as far as it goes (to the manufacturer).',
    );
  }
  if (event === 'RESOLVE' && !c.rootCause?.trim()) {
    throw DomainError.because(ErrorCode.INVALID_TRANSITION, 'ROOT_CAUSE_FIRST', { number: c.number ?? null }, 'Record the root cause before the resolution.');
  }
  return to;
}

/** Tenant settings of complaint handling (hours since the complaint was received). */
export interface ComplaintSettings {
  /** Acknowledge within (the inbox marks it overdue after). */
  ackHours: number;
  /** Unresolved this long → escalated to the supervisor. */
  escalateHours: number;
  /** Unresolved this long → escalated to the manufacturer (must be later than the first step). */
  escalate2Hours: number;
}

export const DEFAULT_COMPLAINT_SETTINGS: ComplaintSettings = { ackHours: 24, escalateHours: 48, escalate2Hours: 96 };
export const COMPLAINT_SETTING_LIMITS = { min: 1, max: 24 * 30 } as const;

const HOUR = 3_600_000;

/**
 * When the complaint's clock asks for each escalation step still ahead of it: counted from when it
 * was received (or reopened: a reopened complaint gets the same time again), for each level above
 * the one it has.
 */
export function escalationPlan(
  c: { clockFrom: Date; escalationLevel: number },
  s: Pick<ComplaintSettings, 'escalateHours' | 'escalate2Hours'>,
): { level: number; at: Date }[] {
  const steps = [
    { level: ESCALATION_LEVELS.SUPERVISOR, at: new Date(c.clockFrom.getTime() + s.escalateHours * HOUR) },
    { level: ESCALATION_LEVELS.MANUFACTURER, at: new Date(c.clockFrom.getTime() + s.escalate2Hours * HOUR) },
  ];
  return steps.filter((x) => x.level > c.escalationLevel);
}

/** Whether an escalation step planned for `level` is due now (and still ahead of the complaint). */
export function escalationDue(c: { status: ComplaintState; escalationLevel: number }, level: number, at: Date, now: Date): boolean {
  return COMPLAINT_OPEN.includes(c.status) && c.escalationLevel < level && now.getTime() >= at.getTime();
}

/** Who bears a resolution's cost, in whole percent. */
export const COST_BEARERS = ['DEALER', 'MANUFACTURER', 'SUPPLIER', 'CUSTOMER', 'GOODWILL'] as const;
export type CostBearer = (typeof COST_BEARERS)[number];
export type CostSplit = Record<CostBearer, number>;

/**
 * A cost split is whole percentages 0–100 per bearer adding up to exactly 100. Returns the
 * problems (field suffix and reason) for the caller's InputCheck; empty when the split holds.
 */
export function costSplitProblems(
  split: Partial<Record<CostBearer, number | null>>,
): { field: string; reason: 'OUT_OF_RANGE' | 'COST_SPLIT_NOT_100'; total?: number }[] {
  const problems: { field: string; reason: 'OUT_OF_RANGE' | 'COST_SPLIT_NOT_100'; total?: number }[] = [];
  let total = 0;
  for (const b of COST_BEARERS) {
    const v = split[b] ?? 0;
    if (!Number.isInteger(v) || v < 0 || v > 100) problems.push({ field: b.toLowerCase(), reason: 'OUT_OF_RANGE' });
    else total += v;
  }
  if (problems.length === 0 && total !== 100) problems.push({ field: '', reason: 'COST_SPLIT_NOT_100', total });
  return problems;
}

/**
 * Each bearer's share of a cost in minor units: the percentages of the total, rounded down, the
 * remainder (a few minor units at most) to the bearers with the largest fractions — the shares
 * always add up to the cost.
 */
export function costShares(costMinor: bigint, split: CostSplit): Record<CostBearer, bigint> {
  const exact = COST_BEARERS.map((b) => ({ b, num: costMinor * BigInt(split[b]) }));
  const out = Object.fromEntries(exact.map(({ b, num }) => [b, num / 100n])) as Record<CostBearer, bigint>;
  let left = costMinor - Object.values(out).reduce((s, v) => s + v, 0n);
  const byFraction = [...exact].sort((x, y) => Number((y.num % 100n) - (x.num % 100n)));
  for (const { b } of byFraction) {
    if (left <= 0n) break;
    if (split[b] > 0) {
      out[b] += 1n;
      left -= 1n;
    }
  }
  return out;
}

/** A rating of 1–5 stars at or below this one gives the shop a recovery task (挽回). */
export const LOW_RATING = 2;

/**
 * The customer's answer to a resolution: satisfied closes it, unsatisfied reopens it; a low rating
 * asks the shop to win the customer back either way.
 */
export function ratingOutcome(stars: number, satisfied: boolean): { event: Extract<ComplaintEvent, 'CLOSE' | 'REOPEN'>; recoveryTask: boolean } {
  return { event: satisfied ? 'CLOSE' : 'REOPEN', recoveryTask: stars <= LOW_RATING };
}

/**
 * Where a complaint is handled: a product-quality complaint (or one escalated to the manufacturer)
 * reaches the authorising manufacturer's quality engineers; everything else stays with the provider.
 */
export function goesToManufacturer(c: { category: ComplaintCategory; escalationLevel: number }): boolean {
  return c.category === 'PRODUCT_QUALITY' || c.escalationLevel >= ESCALATION_LEVELS.MANUFACTURER;
}

/** The inbox's ageing of an open complaint at `now`. */
export function complaintAgeing(
  c: { status: ComplaintState; receivedAt: Date; ackDueAt: Date; resolveDueAt: Date; escalationLevel: number },
  now: Date,
): { overdueToAcknowledge: boolean; overdueToResolve: boolean; escalated: boolean } {
  const open = COMPLAINT_OPEN.includes(c.status);
  return {
    overdueToAcknowledge: c.status === 'RECEIVED' && now.getTime() > c.ackDueAt.getTime(),
    overdueToResolve: open && now.getTime() > c.resolveDueAt.getTime(),
    escalated: open && c.escalationLevel > 0,
  };
}
