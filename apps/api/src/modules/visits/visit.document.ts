import { visitEventActions, visitMachine, type VisitEvent, type VisitState } from '@asn/domain';
import { defineDocument } from '../../platform/documents/index.js';
import { Visit, VisitSchema } from './visit.entity.js';

/** What a step keeps of the visit itself (the audit's before and after, beside the order's facts). */
export function visitSnapshot(v: Visit): Record<string, unknown> {
  return { visitId: v.id, visitStatus: v.status, eta: v.eta?.toISOString() ?? null };
}

/**
 * The on-site visit (上门服务): one engineer trip of an on-site repair order. Its steps are filed
 * under that order — the order's timeline and the customer's tracking page follow them — so the
 * audit entries and events of a visit name the repair order; the service adds the ORDER's number
 * and status to each step (the tracking page reads an entry's `status` as the order's).
 */
export const VisitDocument = defineDocument<Visit, VisitState, VisitEvent>({
  type: 'Visit',
  eventPrefix: 'visit',
  schema: VisitSchema,
  machine: visitMachine,
  eventActions: visitEventActions,
  // an engineer works on their own trips; everyone of the workshop reads them
  subject: (v) => ({ id: v.id, tenantId: v.tenantId, engineerId: v.engineerId }),
  snapshot: visitSnapshot,
  // the order's read permissions look at its tenant and, for a customer's tracking link, its id
  filedUnder: (v) => ({ type: 'RepairOrder', id: v.repairOrderId, subject: { id: v.repairOrderId, tenantId: v.tenantId } }),
  forbidden: (action) => (action === 'work' ? 'This visit belongs to another engineer.' : `Your roles do not allow you to ${action} this visit.`),
});
