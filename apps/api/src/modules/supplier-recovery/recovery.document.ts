import { recoveryEventActions, recoveryMachine, type RecoveryEvent, type RecoveryState } from '@asn/domain';
import type { Tx } from '../../platform/context.js';
import { defineDocument, insert, move, type MoveFacts } from '../../platform/documents/index.js';
import { RecoveryClaim, RecoveryClaimSchema } from './recovery.entity.js';

const summary = (r: RecoveryClaim) => ({ number: r.number, claimNumber: r.claimNumber, status: r.status, amountMinor: r.amountMinor, currency: r.currency });

/**
 * The supplier recovery claim (供应商追偿): raised by the manufacturer (owner) against the supplier
 * whose part failed (counterparty), answered by the supplier, settled or withdrawn by the manufacturer.
 */
export const RecoveryClaimDocument = defineDocument<RecoveryClaim, RecoveryState, RecoveryEvent>({
  type: 'RecoveryClaim',
  eventPrefix: 'recoveryClaim',
  schema: RecoveryClaimSchema,
  machine: recoveryMachine,
  counterparty: 'supplierId',
  eventActions: recoveryEventActions,
  numberSeries: 'RC',
  subject: (r) => ({ tenantId: r.tenantId, supplierId: r.supplierId }),
  snapshot: summary,
  forbidden: (action) =>
    action === 'answer' ? 'Only the supplier’s admin or quality staff answer a recovery claim.' : 'Only the manufacturer’s warranty or quality staff do this.',
});

/** Moves a recovery claim; its amount and claim travel with every event (both parties' lists show them live). */
export function moveRecovery(tx: Tx, r: RecoveryClaim, event: RecoveryEvent, facts: MoveFacts = {}): Promise<RecoveryState> {
  return move(tx, RecoveryClaimDocument, r, event, { ...facts, data: { ...summary(r), ...(facts.data ?? {}) } });
}

export function insertRecovery(tx: Tx, r: RecoveryClaim, data: Record<string, unknown>): Promise<RecoveryClaim> {
  return insert(tx, RecoveryClaimDocument, r, { action: 'raised', facts: { data: { ...summary(r), ...data } } });
}
