/**
 * Network supervision (网络监督, domain.md §8; seeds 003 and 004): warnings and penalties recorded
 * against a dealer under its dealer agreement (notice → time to cure → appeal), and improvement
 * plans (整改计划) checked daily against the network figures. Pure: the API applies these to rows.
 */
import { DomainError, ErrorCode } from './errors.js';
import { FIGURES, judgeFigure, type FigureId, type FigureResult } from './figures/figures.js';
import { defineMachine, transition, type Machine } from './fsm.js';
import { addDays, startOfLocalDay } from './time-zone.js';

// ── warnings and penalties (整改通知 / 警告 / 处罚) ─────────────────────────────────────────────

/** 警告 (a warning) or 处罚 (a penalty with an amount). */
export const WARNING_KINDS = ['WARNING', 'PENALTY'] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

export const WARNING_STATES = ['ISSUED', 'CURE_REPORTED', 'CURED', 'APPEALED', 'WITHDRAWN', 'LAPSED', 'PENALTY_CONFIRMED'] as const;
export type WarningState = (typeof WARNING_STATES)[number];

export const WARNING_EVENTS = ['REPORT_CURE', 'ACCEPT_CURE', 'REJECT_CURE', 'APPEAL', 'UPHOLD_APPEAL', 'DISMISS_APPEAL', 'CONFIRM_PENALTY', 'LAPSE'] as const;
export type WarningEvent = (typeof WARNING_EVENTS)[number];

/**
 * ```
 * ISSUED ─► CURE_REPORTED ─► CURED
 *   │  ▲          │ └─(rejected)─► ISSUED
 *   │  └──────────┴──► APPEALED ─► WITHDRAWN (upheld)
 *   │                      ├─► ISSUED (dismissed: the cure is still due)
 *   │                      └─► PENALTY_CONFIRMED (a penalty, dismissed and confirmed)
 *   └─► LAPSED (the cure due passed, by the clock)
 * ```
 */
export const warningMachine: Machine<WarningState, WarningEvent> = defineMachine({
  name: 'Warning',
  document: 'Warning',
  initial: 'ISSUED',
  events: WARNING_EVENTS,
  table: {
    ISSUED: { REPORT_CURE: 'CURE_REPORTED', APPEAL: 'APPEALED', LAPSE: 'LAPSED' },
    CURE_REPORTED: { ACCEPT_CURE: 'CURED', REJECT_CURE: 'ISSUED', APPEAL: 'APPEALED' },
    APPEALED: { UPHOLD_APPEAL: 'WITHDRAWN', DISMISS_APPEAL: 'ISSUED', CONFIRM_PENALTY: 'PENALTY_CONFIRMED' },
    CURED: {},
    WITHDRAWN: {},
    LAPSED: {},
    PENALTY_CONFIRMED: {},
  },
});

/** States in which the warning is still open (the dealer's list of what to answer). */
export const WARNING_OPEN: readonly WarningState[] = ['ISSUED', 'CURE_REPORTED', 'APPEALED'];

/** Limits of the days a notice gives (to cure, to appeal). */
export const WARNING_DAY_LIMITS = { min: 1, max: 90 } as const;

/**
 * The end of the local day `days` after the day of issue, in the manufacturer's zone: a notice
 * issued on 3 March with 7 days to cure is due at midnight between 10 and 11 March, local time.
 */
export function dueAfterDays(issuedDay: string, days: number, timeZone: string): Date {
  return startOfLocalDay(addDays(issuedDay, days + 1), timeZone);
}

export interface WarningFacts {
  status: WarningState;
  kind: WarningKind;
  number?: string | null;
  appealedAt: Date | null;
}

/** The warning's guarded step: one appeal per warning; only a penalty is confirmed. */
export function warningTransition(w: WarningFacts, event: WarningEvent): WarningState {
  const to = transition(warningMachine, w.status, event);
  if (event === 'APPEAL' && w.appealedAt) {
    throw DomainError.because(ErrorCode.INVALID_TRANSITION, 'WARNING_SECOND_APPEAL', { number: w.number ?? null }, 'A warning is appealed once.');
  }
  if (event === 'CONFIRM_PENALTY' && w.kind !== 'PENALTY') {
    throw DomainError.because(
      ErrorCode.INVALID_TRANSITION,
      'NOT_A_PENALTY',
      { number: w.number ?? null },
      'Only a penalty is confirmed; dismiss the appeal of a warning.',
    );
  }
  return to;
}

/** Refuses an appeal after its window (the end of the appeal's last local day, `lastDay` in the manufacturer's calendar). */
export function assertAppealWindow(w: { number?: string | null; appealDueAt: Date }, now: Date, lastDay: string): void {
  if (now.getTime() >= w.appealDueAt.getTime()) {
    throw DomainError.because(
      ErrorCode.INVALID_TRANSITION,
      'APPEAL_WINDOW_CLOSED',
      { number: w.number ?? null, until: lastDay },
      'The time to appeal this notice has passed.',
    );
  }
}

/** Whether the lapse planned at the cure due is due now: still ISSUED (no cure reported, no appeal pending). */
export function warningLapses(w: { status: WarningState; cureDueAt: Date }, now: Date): boolean {
  return w.status === 'ISSUED' && now.getTime() >= w.cureDueAt.getTime();
}

// ── improvement plans (整改计划) ────────────────────────────────────────────────────────────────

export const PLAN_STATES = ['DRAFT', 'ACTIVE', 'MET', 'MISSED', 'CLOSED'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

export const PLAN_EVENTS = ['ACTIVATE', 'MEET', 'MISS', 'CLOSE'] as const;
export type PlanEvent = (typeof PLAN_EVENTS)[number];

/** DRAFT ─► ACTIVE ─► MET | MISSED (the daily check) | CLOSED (the manufacturer); a draft may be closed too. */
export const planMachine: Machine<PlanState, PlanEvent> = defineMachine({
  name: 'Improvement plan',
  document: 'ImprovementPlan',
  initial: 'DRAFT',
  events: PLAN_EVENTS,
  table: {
    DRAFT: { ACTIVATE: 'ACTIVE', CLOSE: 'CLOSED' },
    ACTIVE: { MEET: 'MET', MISS: 'MISSED', CLOSE: 'CLOSED' },
    MET: {},
    MISSED: {},
    CLOSED: {},
  },
});

/** A plan's target: a figure (one with a direction) to reach `target` (its unit; ratios 0..1) by the end of day `by`. */
export interface PlanTarget {
  figureId: FigureId;
  target: number;
  by: string;
}

/** An action of a plan: what, who (a name), by when, done when. */
export interface PlanAction {
  text: string;
  owner: string;
  due: string;
  doneAt: string | null;
}

export type TargetJudgement = 'MEETS' | 'BELOW' | 'TOO_FEW';

/** Figures a plan may target: those with a direction (a volume is neither good nor bad). */
export function isPlanFigure(figureId: FigureId): boolean {
  return FIGURES[figureId].better !== null;
}

/** A figure's result against the plan's own target value (the figure's direction and too-few rule). */
export function judgeTarget(result: Pick<FigureResult, 'value' | 'tooFew' | 'better'>, target: number): TargetJudgement {
  const j = judgeFigure({ value: result.value, tooFew: result.tooFew, better: result.better ?? 'HIGHER', target });
  return j === 'MEETS' ? 'MEETS' : j === 'TOO_FEW' ? 'TOO_FEW' : 'BELOW';
}

export interface PlanCheck {
  targets: { figureId: FigureId; target: number; by: string; value: number | null; sample: number; judgement: TargetJudgement }[];
  /** The event the check fires (MEET: every target met; MISS: a target's day passed unmet), or null. */
  event: Extract<PlanEvent, 'MEET' | 'MISS'> | null;
  /** Indexes of actions past their due day and not done. */
  overdueActions: number[];
}

/**
 * The daily check of an ACTIVE plan on `today` (the manufacturer's local day): each target against
 * its figure's result (given per target, same order), MET when every target meets, MISSED when a
 * target's day is over (before today) and it does not meet; actions due before today and not done
 * are overdue.
 */
export function checkPlan(
  plan: { status: PlanState; targets: readonly PlanTarget[]; actions: readonly PlanAction[] },
  results: readonly Pick<FigureResult, 'value' | 'tooFew' | 'better' | 'sample'>[],
  today: string,
): PlanCheck {
  const targets = plan.targets.map((t, i) => {
    const r = results[i] ?? { value: null, tooFew: true, better: FIGURES[t.figureId].better, sample: 0 };
    return { figureId: t.figureId, target: t.target, by: t.by, value: r.value, sample: r.sample, judgement: judgeTarget(r, t.target) };
  });
  let event: PlanCheck['event'] = null;
  if (plan.status === 'ACTIVE' && targets.length > 0) {
    if (targets.every((t) => t.judgement === 'MEETS')) event = 'MEET';
    else if (targets.some((t) => t.judgement !== 'MEETS' && t.by < today)) event = 'MISS';
  }
  const overdueActions = plan.actions.flatMap((a, i) => (!a.doneAt && a.due < today ? [i] : []));
  return { targets, event, overdueActions };
}

/** The first day a plan's figures are summed from: the day it was activated. The last: today, or the latest target day. */
export function planWindow(plan: { activatedOn: string | null; targets: readonly PlanTarget[] }, today: string): { from: string; to: string } | null {
  if (!plan.activatedOn) return null;
  const last = plan.targets.reduce((m, t) => (t.by > m ? t.by : m), plan.activatedOn);
  const to = today < last ? today : last;
  return to < plan.activatedOn ? null : { from: plan.activatedOn, to };
}

/**
 * Who fires each warning event (CASL actions of @asn/authz): the dealer reports its cure ('answer')
 * and appeals ('raise'); the manufacturer decides cure reports and appeals ('review'); the clock
 * lapses it ('update', the system).
 */
export const warningEventActions = {
  REPORT_CURE: 'answer',
  APPEAL: 'raise',
  ACCEPT_CURE: 'review',
  REJECT_CURE: 'review',
  UPHOLD_APPEAL: 'review',
  DISMISS_APPEAL: 'review',
  CONFIRM_PENALTY: 'review',
  LAPSE: 'update',
} as const satisfies Record<WarningEvent, string>;

/** Improvement plans: the manufacturer agrees ('approve') and closes ('cancel') them; the daily check meets or misses ('update', the system). */
export const planEventActions = {
  ACTIVATE: 'approve',
  MEET: 'update',
  MISS: 'update',
  CLOSE: 'cancel',
} as const satisfies Record<PlanEvent, string>;
