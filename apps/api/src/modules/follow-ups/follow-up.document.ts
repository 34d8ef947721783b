import { followUpEventActions, followUpMachine, type FollowUpEvent, type FollowUpState } from '@asn/domain';
import { defineDocument } from '../../platform/documents/index.js';
import { FollowUp, FollowUpSchema } from './follow-up.entity.js';

/** What the audit log keeps before and after each change. */
export function followUpSnapshot(f: FollowUp): Record<string, unknown> {
  return { status: f.status, callNo: f.callNo, assignedTo: f.assignedTo };
}

/**
 * The follow-up call (回访) after a delivery: opened by the order's follow-up timer in a care
 * agent's queue, done once the call is recorded.
 */
export const FollowUpDocument = defineDocument<FollowUp, FollowUpState, FollowUpEvent>({
  type: 'FollowUp',
  eventPrefix: 'followUp',
  schema: FollowUpSchema,
  machine: followUpMachine,
  eventActions: followUpEventActions,
  // care agents read and record the calls assigned to them; the supervisor all of the tenant's
  subject: (f) => ({ id: f.id, tenantId: f.tenantId, assignedTo: f.assignedTo }),
  snapshot: followUpSnapshot,
  forbidden: (action) => (action === 'assign' ? 'Only the service admin reassigns follow-up calls.' : 'This call is in another agent’s queue.'),
});
