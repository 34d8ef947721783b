import {
  complaintEventActions,
  complaintMachine,
  complaintTransition,
  COMPLAINT_OPEN,
  ESCALATION_LEVELS,
  type ComplaintEvent,
  type ComplaintState,
} from '@asn/domain';
import { uuidv7 } from '@asn/domain';
import type { Tx } from '../../platform/context.js';
import { defineDocument, move, recordChange, type MoveFacts, type TimerDeclaration } from '../../platform/documents/index.js';
import { Complaint, ComplaintSchema, ComplaintStep, ComplaintStepSchema } from './complaint.entity.js';

export const COMPLAINT_TIMER = { ESCALATE: 'complaint.escalate' } as const;

/**
 * The escalation clock: each step still ahead of the complaint — the supervisor at `resolveDueAt`,
 * the manufacturer at `escalate2At`, both set from the provider's settings when the clock started
 * (received, or reopened). Kept while the complaint waits for an answer; a resolution cancels it,
 * a reopening starts it again.
 */
const complaintTimers: readonly TimerDeclaration<Complaint, ComplaintState>[] = [
  {
    kind: COMPLAINT_TIMER.ESCALATE,
    start: ['RECEIVED', 'REOPENED'],
    keep: COMPLAINT_OPEN,
    plan: (c) =>
      [
        { level: ESCALATION_LEVELS.SUPERVISOR, at: c.resolveDueAt },
        { level: ESCALATION_LEVELS.MANUFACTURER, at: c.escalate2At },
      ]
        .filter((s) => s.level > c.escalationLevel)
        .map((s) => ({ runAt: s.at, key: String(s.level), payload: { complaintId: c.id, level: s.level } })),
  },
];

/** What the audit log keeps, and every event carries (the customer's page follows its repair's complaints). */
export function complaintFacts(c: Complaint): Record<string, unknown> {
  return {
    number: c.number,
    status: c.status,
    category: c.category,
    severity: c.severity,
    escalationLevel: c.escalationLevel,
    repairOrderId: c.repairOrderId,
    manufacturerId: c.manufacturerId,
  };
}

/**
 * The complaint (客户投诉, domain.md §7): the provider complained about owns it and handles the
 * customer; the authorising manufacturer becomes its counterparty when the complaint reaches it
 * (product quality, or escalated to it) and records root cause and responsibility. Its trail
 * (`complaint_steps`) is written by both and read by both; the customer reads the complaints of
 * the repair its tracking link is for.
 */
export const ComplaintDocument = defineDocument<Complaint, ComplaintState, ComplaintEvent>({
  type: 'Complaint',
  eventPrefix: 'complaint',
  schema: ComplaintSchema,
  machine: complaintMachine,
  guard: (c, event) => complaintTransition(c, event),
  counterparty: 'manufacturerId',
  children: [{ schema: ComplaintStepSchema, access: { insert: ['owner', 'counterparty'], update: ['owner'] } }],
  eventActions: complaintEventActions,
  numberSeries: 'CP',
  timers: complaintTimers,
  subject: (c) => ({ id: c.id, tenantId: c.tenantId, manufacturerId: c.manufacturerId, region: c.region, repairOrderId: c.repairOrderId, status: c.status }),
  snapshot: complaintFacts,
  timeline: (tx, c, step) => {
    const actor = tx.ctx.actor;
    tx.em.persist(
      Object.assign(new ComplaintStep(), {
        id: uuidv7(),
        tenantId: c.tenantId,
        manufacturerId: c.manufacturerId,
        complaintId: c.id,
        actorTenantId: actor.type === 'member' ? actor.tenantId : null,
        actorName: step.automatic ? 'system' : actor.type === 'customer' ? 'customer' : (tx.ctx.principal?.displayName ?? 'system'),
        automatic: step.automatic,
        action: step.action,
        fromState: step.from,
        toState: step.from !== null ? step.to : null,
        note: step.note,
        detail: step.detail,
        occurredAt: tx.ctx.clock.now(),
      }),
    );
  },
  forbidden: (action) =>
    action === 'review'
      ? 'Only the manufacturer’s quality engineers record root cause and responsibility.'
      : 'Only customer care and the service admin handle complaints.',
});

/** Moves a complaint; its facts travel with every event (both parties' lists and the customer's page follow them). */
export function moveComplaint(tx: Tx, c: Complaint, event: ComplaintEvent, facts: MoveFacts = {}): Promise<ComplaintState> {
  c.updatedAt = tx.ctx.clock.now();
  return move(tx, ComplaintDocument, c, event, { ...facts, data: { ...complaintFacts(c), ...(facts.data ?? {}) } });
}

/** Records a change that is not a move (a root cause, a promise, a customer's message) with the complaint's facts. */
export function recordComplaint(tx: Tx, c: Complaint, action: string, facts: MoveFacts = {}): void {
  c.updatedAt = tx.ctx.clock.now();
  recordChange(tx, ComplaintDocument, c, action, { ...facts, data: { ...complaintFacts(c), ...(facts.data ?? {}) } });
}
