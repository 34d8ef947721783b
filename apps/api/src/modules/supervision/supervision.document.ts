import {
  planEventActions,
  planMachine,
  uuidv7,
  warningEventActions,
  warningMachine,
  warningTransition,
  type PlanEvent,
  type PlanState,
  type WarningEvent,
  type WarningState,
} from '@asn/domain';
import type { Tx } from '../../platform/context.js';
import { defineDocument, move, recordChange, type MoveFacts, type TimelineStep, type TimerDeclaration } from '../../platform/documents/index.js';
import {
  ImprovementPlan,
  ImprovementPlanSchema,
  PlanCheckSchema,
  SupervisionStep,
  SupervisionStepSchema,
  Warning,
  WarningSchema,
} from './supervision.entity.js';

export const SUPERVISION_TIMER = { LAPSE: 'supervision.lapse', CHECK_PLAN: 'supervision.checkPlan' } as const;

/** Writes a step of a warning's or a plan's trail (both parties read it). */
function trail(type: 'Warning' | 'ImprovementPlan') {
  return (tx: Tx, doc: Warning | ImprovementPlan, step: TimelineStep): void => {
    const actor = tx.ctx.actor;
    tx.em.persist(
      Object.assign(new SupervisionStep(), {
        id: uuidv7(),
        tenantId: doc.tenantId,
        dealerId: doc.dealerId,
        documentType: type,
        documentId: doc.id,
        actorTenantId: actor.type === 'member' ? actor.tenantId : null,
        actorName: step.automatic ? 'system' : (tx.ctx.principal?.displayName ?? 'system'),
        automatic: step.automatic,
        action: step.action,
        fromState: step.from,
        toState: step.from !== null ? step.to : null,
        note: step.note,
        detail: step.detail,
        occurredAt: tx.ctx.clock.now(),
      }),
    );
  };
}

const steps = { schema: SupervisionStepSchema, access: { insert: ['owner', 'counterparty'], update: ['owner'] } } as const;

/** The lapse clock: planned at the cure due whenever the warning is ISSUED (again); a cure report or an appeal leaves it to re-check. */
const warningTimers: readonly TimerDeclaration<Warning, WarningState>[] = [
  {
    kind: SUPERVISION_TIMER.LAPSE,
    start: ['ISSUED'],
    plan: (w) => [{ runAt: w.cureDueAt, payload: { warningId: w.id } }],
  },
];

export function warningFacts(w: Warning): Record<string, unknown> {
  return { number: w.number, status: w.status, kind: w.kind, dealerId: w.dealerId, region: w.region, cureDueAt: w.cureDueAt.toISOString() };
}

/**
 * A warning or penalty (ADR 0020): the manufacturer owns it (`tenant_id`), the dealer it is
 * against is the counterparty (`dealer_id`); both read it and its trail, both move it (the
 * dealer reports its cure and appeals, the manufacturer decides), the clock lapses it.
 */
export const WarningDocument = defineDocument<Warning, WarningState, WarningEvent>({
  type: 'Warning',
  eventPrefix: 'warning',
  schema: WarningSchema,
  machine: warningMachine,
  guard: (w, event) => warningTransition(w, event),
  counterparty: 'dealerId',
  children: [steps],
  eventActions: warningEventActions,
  numberSeries: 'WN',
  timers: warningTimers,
  subject: (w) => ({ id: w.id, tenantId: w.tenantId, dealerId: w.dealerId, region: w.region, status: w.status }),
  snapshot: warningFacts,
  timeline: trail('Warning'),
  forbidden: (action) =>
    action === 'answer' || action === 'raise'
      ? 'Only the dealer’s service admin reports the cure or appeals.'
      : 'Only the manufacturer’s admin or the region’s network manager decides.',
});

/** The daily check: at the manufacturer's next local midnight while the plan is ACTIVE (each run sets the next and re-plans). */
const planTimers: readonly TimerDeclaration<ImprovementPlan, PlanState>[] = [
  {
    kind: SUPERVISION_TIMER.CHECK_PLAN,
    start: ['ACTIVE'],
    // keyed by its time: a run plans the next while its own job is still running
    plan: (p) => (p.nextCheckAt ? [{ runAt: p.nextCheckAt, payload: { planId: p.id }, key: p.nextCheckAt.toISOString() }] : []),
  },
];

export function planFacts(p: ImprovementPlan): Record<string, unknown> {
  return { number: p.number, status: p.status, dealerId: p.dealerId, region: p.region };
}

/** An improvement plan (整改计划, ADR 0020): owned by the manufacturer, about the dealer; its daily checks are its children. */
export const ImprovementPlanDocument = defineDocument<ImprovementPlan, PlanState, PlanEvent>({
  type: 'ImprovementPlan',
  eventPrefix: 'improvementPlan',
  schema: ImprovementPlanSchema,
  machine: planMachine,
  counterparty: 'dealerId',
  children: [steps, { schema: PlanCheckSchema, access: { update: ['owner'] } }],
  eventActions: planEventActions,
  numberSeries: 'IP',
  timers: planTimers,
  subject: (p) => ({ id: p.id, tenantId: p.tenantId, dealerId: p.dealerId, region: p.region, status: p.status }),
  snapshot: planFacts,
  timeline: trail('ImprovementPlan'),
  forbidden: (action) =>
    action === 'record'
      ? 'Only the dealer’s service admin marks actions of an active plan done.'
      : 'Only the manufacturer’s admin or the region’s network manager writes plans.',
});

export function moveWarning(tx: Tx, w: Warning, event: WarningEvent, facts: MoveFacts = {}): Promise<WarningState> {
  w.updatedAt = tx.ctx.clock.now();
  return move(tx, WarningDocument, w, event, facts);
}

export function movePlan(tx: Tx, p: ImprovementPlan, event: PlanEvent, facts: MoveFacts = {}): Promise<PlanState> {
  p.updatedAt = tx.ctx.clock.now();
  return move(tx, ImprovementPlanDocument, p, event, facts);
}

export function recordPlan(tx: Tx, p: ImprovementPlan, action: string, facts: MoveFacts = {}): void {
  p.updatedAt = tx.ctx.clock.now();
  recordChange(tx, ImprovementPlanDocument, p, action, facts);
}
