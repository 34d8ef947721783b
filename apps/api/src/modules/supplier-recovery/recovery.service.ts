import type { FilterQuery } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { accessibleWhere, asSubject } from '@asn/authz';
import { CLAIM_RECOVERABLE, DomainError, ErrorCode, InputCheck, RelationshipKind, assertId, recoveryAmount } from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { Relationship } from '../../platform/db/entities.js';
import { emptyConnection, paginate, type Connection } from '../../platform/graphql/common.js';
import { loader } from '../../platform/loaders.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { WarrantyClaim, WarrantyClaimLine } from '../warranty-claims/claim.entity.js';
import { RecoveryClaim } from './recovery.entity.js';
import { RecoveryClaimDocument, insertRecovery, moveRecovery } from './recovery.document.js';
import { draft, load } from '../../platform/documents/index.js';

/** Loads a recovery claim for a change (locked; NOT_FOUND / FORBIDDEN / CONFLICT like every document). */
function loadRecovery(tx: Tx, id: string, action: 'answer' | 'raise' | 'settle', version: number): Promise<RecoveryClaim> {
  return load(tx, RecoveryClaimDocument, id, action, version);
}

/**
 * Raises a recovery claim from a warranty claim whose returned causal part was inspected as
 * supplier-caused: the supplier's agreed share (basis points, from the supply agreement) of the
 * approved amount, exact in minor units.
 */
export async function raiseRecovery(ctx: Ctx, input: { claimId: string; note?: string | null }): Promise<RecoveryClaim> {
  const actor = memberOf(ctx);
  if (!ctx.ability.can('raise', asSubject('RecoveryClaim', { tenantId: actor.tenantId })))
    throw DomainError.because(
      ErrorCode.FORBIDDEN,
      'ACTION_NOT_ALLOWED',
      { document: 'RecoveryClaim', action: 'raise' },
      'Only the manufacturer’s warranty reviewers and quality engineers raise recovery claims.',
    );
  const claimId = assertId('input.claimId', input.claimId);
  const note = input.note?.trim() || null;
  if (note && note.length > 1000)
    throw DomainError.badInput([{ field: 'input.note', message: 'must be at most 1000 characters', reason: 'TOO_LONG', params: { max: 1000 } }]);
  return inTx(ctx, async (tx) => {
    const claim = await tx.em.findOne(WarrantyClaim, { id: claimId, manufacturerId: actor.tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!claim || !ctx.ability.can('read', asSubject('WarrantyClaim', claim))) throw DomainError.notFound('Warranty claim');
    if (!CLAIM_RECOVERABLE.includes(claim.status)) {
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'WRONG_STATUS',
        { document: 'WarrantyClaim', number: claim.number, status: claim.status, event: 'RAISE_RECOVERY', allowed: [] },
        `Claim ${claim.number} is ${claim.status}: a recovery follows the inspection of the returned part.`,
        { from: claim.status },
      );
    }
    const causal = await tx.em.findOne(WarrantyClaimLine, {
      claimId: claim.id,
      kind: 'PART',
      partNumber: claim.causalPartNumber,
      inspectionResult: 'SUPPLIER_CAUSED',
    });
    if (!causal || !causal.supplierId)
      throw DomainError.badInput([
        {
          field: 'input.claimId',
          message: `the causal part ${claim.causalPartNumber} of claim ${claim.number} was not inspected as supplier-caused`,
          reason: 'NOT_SUPPLIER_CAUSED',
          params: { partNumber: claim.causalPartNumber, claim: claim.number },
        },
      ]);
    const agreement = await tx.em.findOne(Relationship, {
      kind: RelationshipKind.SUPPLY_AGREEMENT,
      fromTenantId: actor.tenantId,
      toTenantId: causal.supplierId,
    });
    if (!agreement || agreement.recoveryShareBp == null)
      throw DomainError.badInput([
        { field: 'input.claimId', message: 'no recovery share is agreed with the supplier of this part', reason: 'NO_RECOVERY_SHARE', params: {} },
      ]);
    const open = await tx.em.findOne(RecoveryClaim, { tenantId: actor.tenantId, claimId: claim.id, status: { $ne: 'WITHDRAWN' } });
    if (open)
      throw DomainError.because(
        ErrorCode.CONFLICT,
        'ALREADY_RECOVERED',
        { claim: claim.number, recovery: open.number },
        `Claim ${claim.number} has recovery claim ${open.number} already.`,
      );
    const base = BigInt(claim.approvedMinor ?? '0');
    const r = await draft(tx, RecoveryClaimDocument, {
      tenantId: actor.tenantId,
      supplierId: causal.supplierId,
      claimId: claim.id,
      claimNumber: claim.number,
      partNumber: claim.causalPartNumber,
      componentGroup: claim.causalComponentGroup,
      failure: {
        vin: claim.vin,
        brand: claim.brand,
        meter: claim.meter,
        failureDate: claim.failureDate,
        repairDate: claim.repairDate,
        complaint: claim.complaint,
        cause: claim.cause,
        correction: claim.correction,
        tagCode: causal.tagCode,
        inspectionResult: causal.inspectionResult,
        inspectionNote: causal.inspectionNote,
        inspectedAt: causal.inspectedAt?.toISOString() ?? null,
      },
      baseMinor: base.toString(),
      shareBp: agreement.recoveryShareBp,
      amountMinor: recoveryAmount(base, agreement.recoveryShareBp).toString(),
      currency: claim.currency,
      note,
      raisedAt: ctx.clock.now(),
      createdBy: actor.userId,
    });
    return insertRecovery(tx, r, { shareBp: r.shareBp, baseMinor: r.baseMinor });
  });
}

export async function acceptRecovery(ctx: Ctx, input: { id: string; version: number; note?: string | null }): Promise<RecoveryClaim> {
  return inTx(ctx, async (tx) => {
    const r = await loadRecovery(tx, input.id, 'answer', input.version);
    r.answeredAt = ctx.clock.now();
    if (input.note?.trim()) r.note = input.note.trim().slice(0, 1000);
    await moveRecovery(tx, r, 'ACCEPT');
    return r;
  });
}

/** The supplier disputes, with a reason and at least one evidence file attached to the recovery claim. */
export async function disputeRecovery(ctx: Ctx, input: { id: string; version: number; reason: string }): Promise<RecoveryClaim> {
  const check = new InputCheck();
  const reason = check.required('input.reason', input.reason, 1000);
  check.done();
  return inTx(ctx, async (tx) => {
    const r = await loadRecovery(tx, input.id, 'answer', input.version);
    const evidence = await tx.em.count(Attachment, { ownerType: 'RecoveryClaim', ownerId: r.id });
    if (evidence === 0)
      throw DomainError.badInput([
        { field: 'evidence', message: 'attach your evidence (inspection report, photos) before disputing', reason: 'DISPUTE_NEEDS_EVIDENCE', params: {} },
      ]);
    r.disputeReason = reason;
    r.answeredAt = ctx.clock.now();
    await moveRecovery(tx, r, 'DISPUTE', { note: reason, data: { reason, evidence } });
    return r;
  });
}

export async function withdrawRecovery(ctx: Ctx, input: { id: string; version: number; note?: string | null }): Promise<RecoveryClaim> {
  return inTx(ctx, async (tx) => {
    const r = await loadRecovery(tx, input.id, 'raise', input.version);
    if (input.note?.trim()) r.note = input.note.trim().slice(0, 1000);
    await moveRecovery(tx, r, 'WITHDRAW');
    return r;
  });
}

/** The accepted amount was paid (or set off against the supplier's invoices). */
export async function settleRecovery(ctx: Ctx, input: { id: string; version: number }): Promise<RecoveryClaim> {
  return inTx(ctx, async (tx) => {
    const r = await loadRecovery(tx, input.id, 'settle', input.version);
    r.settledAt = ctx.clock.now();
    await moveRecovery(tx, r, 'SETTLE');
    return r;
  });
}

export async function listRecoveries(
  ctx: Ctx,
  filter: { status?: string[] | null },
  page: { first?: number | null; after?: string | null },
): Promise<Connection<RecoveryClaim>> {
  const where = accessibleWhere(ctx.ability, 'read', 'RecoveryClaim');
  if (!where) return emptyConnection();
  const and: FilterQuery<RecoveryClaim>[] = [where];
  if (filter.status?.length) and.push({ status: { $in: filter.status as RecoveryClaim['status'][] } });
  return inTx(ctx, (tx) => paginate<RecoveryClaim, RecoveryClaim>(tx.em, RecoveryClaim, { $and: and }, { ...page, newestFirst: true }, (r) => r));
}

export async function getRecovery(ctx: Ctx, id: string): Promise<RecoveryClaim> {
  assertId('id', id);
  return inTx(ctx, async (tx) => {
    const r = await tx.em.findOne(RecoveryClaim, { id: id.toLowerCase() });
    if (!r || !ctx.ability.can('read', asSubject('RecoveryClaim', r))) throw DomainError.notFound('Recovery claim');
    return r;
  });
}

/** Recovery claims raised from each warranty claim, oldest first — those the actor may read (never the dealer's). */
export function recoveriesOfClaim(ctx: Ctx) {
  return loader<string, RecoveryClaim[]>(ctx, 'recoveriesOfClaim', async (claimIds) => {
    const where = accessibleWhere(ctx.ability, 'read', 'RecoveryClaim');
    if (!where) return claimIds.map(() => []);
    const rows = await inTx(ctx, (tx) => tx.em.find(RecoveryClaim, { $and: [where, { claimId: { $in: [...claimIds] } }] }, { orderBy: { id: 'asc' } }));
    return claimIds.map((id) => rows.filter((r) => r.claimId === id));
  });
}
