import {
  claimEventActions,
  claimMachine,
  claimTransition,
  partReturnMachine,
  settlementBatchMachine,
  uuidv7,
  type ClaimEvent,
  type ClaimState,
  type PartReturnEvent,
  type PartReturnState,
  type SettlementBatchEvent,
  type SettlementBatchState,
} from '@asn/domain';
import type { Tx } from '../../platform/context.js';
import type { Action } from '@asn/authz';
import { defineDocument, defineItem, load, move, recordChange, type MoveFacts } from '../../platform/documents/index.js';
import {
  SettlementBatch,
  SettlementBatchSchema,
  WarrantyClaim,
  WarrantyClaimEvent,
  WarrantyClaimEventSchema,
  WarrantyClaimLine,
  WarrantyClaimLineSchema,
  WarrantyClaimSchema,
} from './claim.entity.js';

/** The claim's attributes its read permissions look at: each subscriber gets a claim event only if it may read the claim. */
export function claimSubject(claim: WarrantyClaim): Record<string, unknown> {
  return { tenantId: claim.tenantId, manufacturerId: claim.manufacturerId, region: claim.region, status: claim.status };
}

/**
 * The warranty claim (索赔单): filed by a dealer (the owner), reviewed, credited and its parts
 * received by the manufacturer it is filed with (the counterparty). Both parties change it; the
 * dealer creates it and its lines; both write its shared timeline.
 */
export const WarrantyClaimDocument = defineDocument<WarrantyClaim, ClaimState, ClaimEvent>({
  type: 'WarrantyClaim',
  eventPrefix: 'warrantyClaim',
  schema: WarrantyClaimSchema,
  machine: claimMachine,
  // one appeal per rejected claim: the rule the table cannot say
  guard: (claim, event) => claimTransition(claim.status, event, { appeals: claim.appeals, number: claim.number }),
  counterparty: 'manufacturerId',
  children: [
    { schema: WarrantyClaimLineSchema, access: { delete: ['owner'] } },
    { schema: WarrantyClaimEventSchema, access: { insert: ['owner', 'counterparty'], update: [] } },
  ],
  eventActions: claimEventActions,
  numberSeries: 'WC',
  subject: claimSubject,
  snapshot: (c) => ({ number: c.number, status: c.status, approvedMinor: c.approvedMinor }),
  timeline: (tx, claim, step) => {
    const actor = tx.ctx.actor;
    tx.em.persist(
      Object.assign(new WarrantyClaimEvent(), {
        id: uuidv7(),
        tenantId: claim.tenantId,
        manufacturerId: claim.manufacturerId,
        claimId: claim.id,
        actorTenantId: actor.type === 'member' ? actor.tenantId : claim.tenantId,
        actorName: tx.ctx.principal?.displayName ?? 'system',
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
    action === 'review' || action === 'receive' || action === 'credit'
      ? 'Only the warranty reviewers of the manufacturer the claim is filed with do this.'
      : 'Only the warranty clerk or the service admin of the filing dealer do this.',
});

/** A returned part (旧件) of a claim line: asked back, shipped, received, inspected. */
export const ReturnedPart = defineItem<WarrantyClaimLine, PartReturnState, PartReturnEvent>({ machine: partReturnMachine, statusField: 'returnStatus' });

/** Loads a claim for a change (locked), with the layer's NOT_FOUND / FORBIDDEN / CONFLICT. */
export function loadClaim(tx: Tx, id: string, action: Action, version?: number): Promise<WarrantyClaim> {
  return load(tx, WarrantyClaimDocument, id, action, version);
}

/** Moves a claim, with the approved amount in the event (the review queue and the dealer's list show it live). */
export function moveClaim(tx: Tx, claim: WarrantyClaim, event: ClaimEvent, facts: MoveFacts = {}): Promise<ClaimState> {
  return move(tx, WarrantyClaimDocument, claim, event, { ...facts, data: { approvedMinor: claim.approvedMinor, ...(facts.data ?? {}) } });
}

/** Records a step of a claim that is not a move (edited, a part shipped or received, a charge-back). */
export function recordClaim(tx: Tx, claim: WarrantyClaim, action: string, facts: MoveFacts = {}): void {
  recordChange(tx, WarrantyClaimDocument, claim, action, { ...facts, data: { approvedMinor: claim.approvedMinor, ...(facts.data ?? {}) } });
}

/** The settlement batch (结算单): issued by the manufacturer (owner) to a dealer (counterparty), read by both. */
export const SettlementBatchDocument = defineDocument<SettlementBatch, SettlementBatchState, SettlementBatchEvent>({
  type: 'SettlementBatch',
  eventPrefix: 'settlementBatch',
  schema: SettlementBatchSchema,
  machine: settlementBatchMachine,
  counterparty: 'dealerId',
  access: { update: [] },
  eventActions: {},
  numberSeries: 'SB',
  subject: (b) => ({ tenantId: b.tenantId, dealerId: b.dealerId }),
  snapshot: (b) => ({
    number: b.number,
    dealerId: b.dealerId,
    periodFrom: b.periodFrom,
    periodTo: b.periodTo,
    totalMinor: b.totalMinor,
    currency: b.currency,
    claimCount: b.claimCount,
  }),
});
