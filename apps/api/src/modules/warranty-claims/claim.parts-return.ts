/** Parts return (逆向物流): the dealer ships the parts asked back, the manufacturer receives and inspects them. */
import { LockMode } from '@mikro-orm/core';
import { DomainError, ErrorCode, InputCheck, isPartTagCode, inspectionChargeBack } from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { WarrantyClaim, WarrantyClaimLine } from './claim.entity.js';

import { advance, expectEvent } from '../../platform/documents/index.js';
import { ReturnedPart, WarrantyClaimDocument, loadClaim, moveClaim, recordClaim } from './claim.document.js';

// ---------------------------------------------------------------------------------------------
// Parts return (逆向物流)

/** The dealer ships every requested part (one parcel, one tracking number). */
export async function shipParts(ctx: Ctx, input: { id: string; version: number; carrier: string; trackingNumber: string }): Promise<WarrantyClaim> {
  const check = new InputCheck();
  const carrier = check.required('input.carrier', input.carrier, 60);
  const trackingNumber = check.required('input.trackingNumber', input.trackingNumber, 60);
  check.done();
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'ship', input.version);
    expectEvent(WarrantyClaimDocument, claim, 'RECEIVE_PARTS');
    const lines = await tx.em.find(WarrantyClaimLine, { claimId: claim.id, returnStatus: 'REQUESTED' });
    if (!lines.length)
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'PARTS_ALREADY_SHIPPED',
        { number: claim.number },
        `The parts of claim ${claim.number} were shipped already.`,
      );
    const now = ctx.clock.now();
    for (const l of lines) {
      advance(ReturnedPart, l, 'SHIP');
      Object.assign(l, { carrier, trackingNumber, shippedAt: now });
    }
    await tx.em.flush();
    recordClaim(tx, claim, 'partsShipped', { note: `${carrier} ${trackingNumber}`, data: { tags: lines.map((l) => l.tagCode), carrier, trackingNumber } });
    return claim;
  });
}

async function lineByTag(tx: Tx, tagCode: string): Promise<{ line: WarrantyClaimLine; claim: WarrantyClaim }> {
  const code = (tagCode ?? '').trim().toUpperCase();
  if (!isPartTagCode(code))
    throw DomainError.badInput([
      { field: 'input.tagCode', message: `"${tagCode}" is not an old-part tag code (check the scan)`, reason: 'NOT_A_TAG_CODE', params: { value: tagCode } },
    ]);
  const actor = memberOf(tx.ctx);
  const line = await tx.em.findOne(WarrantyClaimLine, { manufacturerId: actor.tenantId, tagCode: code }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!line) throw DomainError.notFound('Old-part tag');
  const claim = await loadClaim(tx, line.claimId, 'receive');
  return { line, claim };
}

/** The manufacturer scans a tag on receipt; when every asked-back part is in, the claim moves on. */
export async function receivePart(ctx: Ctx, input: { tagCode: string }): Promise<WarrantyClaim> {
  return inTx(ctx, async (tx) => {
    const { line, claim } = await lineByTag(tx, input.tagCode);
    expectEvent(WarrantyClaimDocument, claim, 'RECEIVE_PARTS');
    advance(ReturnedPart, line, 'RECEIVE');
    line.receivedAt = ctx.clock.now();
    const waiting = await tx.em.count(WarrantyClaimLine, { claimId: claim.id, returnStatus: { $in: ['REQUESTED', 'SHIPPED'] }, id: { $ne: line.id } });
    recordClaim(tx, claim, 'partReceived', { data: { tag: line.tagCode }, detail: { tag: line.tagCode } });
    if (waiting === 0) await moveClaim(tx, claim, 'RECEIVE_PARTS');
    await tx.em.flush();
    return claim;
  });
}

/** The inspection of a received part: confirmed, not confirmed, or caused by the supplier that made it. */
export async function inspectPart(
  ctx: Ctx,
  input: { tagCode: string; result: 'CONFIRMED' | 'NOT_CONFIRMED' | 'SUPPLIER_CAUSED'; note?: string | null },
): Promise<WarrantyClaim> {
  const note = input.note?.trim() || null;
  if (note && note.length > 1000)
    throw DomainError.badInput([{ field: 'input.note', message: 'must be at most 1000 characters', reason: 'TOO_LONG', params: { max: 1000 } }]);
  return inTx(ctx, async (tx) => {
    const { line, claim } = await lineByTag(tx, input.tagCode);
    // a part is inspected after it was received (the part's machine refuses otherwise)
    advance(ReturnedPart, line, 'INSPECT');
    if (input.result === 'SUPPLIER_CAUSED' && !line.supplierId) {
      throw DomainError.badInput([
        {
          field: 'input.result',
          message: `no supplier is recorded for part ${line.partNumber} in the catalogue`,
          reason: 'NO_SUPPLIER_FOR_PART',
          params: { partNumber: line.partNumber },
        },
      ]);
    }
    line.inspectedAt = ctx.clock.now();
    line.inspectionResult = input.result;
    line.inspectionNote = note;
    const inspected = { tag: line.tagCode, result: input.result };
    recordClaim(tx, claim, 'partInspected', { note, data: inspected, detail: inspected });
    const lines = await tx.em.find(WarrantyClaimLine, { claimId: claim.id }, { orderBy: { position: 'asc' } });
    const pending = lines.filter((l) => l.returnStatus === 'REQUESTED' || l.returnStatus === 'SHIPPED' || l.returnStatus === 'RECEIVED').length;
    // a failure not confirmed is charged back (the causal part: the whole claim; another part: its line)
    const changes = inspectionChargeBack(
      lines.map((l) => ({ id: l.id, kind: l.kind, partNumber: l.partNumber, approvedMinor: BigInt(l.approvedMinor ?? '0') })),
      { lineId: line.id, result: input.result },
      claim.causalPartNumber,
    );
    if (changes.length) {
      const before = BigInt(claim.approvedMinor ?? '0');
      for (const c of changes) {
        const l = lines.find((x) => x.id === c.lineId)!;
        l.approvedMinor = c.approvedMinor.toString();
        l.reasonCode = c.reasonCode;
      }
      const after = lines.reduce((s, l) => s + BigInt(l.approvedMinor ?? '0'), 0n);
      claim.approvedMinor = after.toString();
      recordClaim(tx, claim, 'chargedBack', {
        detail: { tag: line.tagCode, amountMinor: (after - before).toString(), currency: claim.currency },
        data: {
          tag: line.tagCode,
          approvedBeforeMinor: before.toString(),
          approvedMinor: after.toString(),
          lines: changes.map((c) => lines.find((x) => x.id === c.lineId)!.position),
        },
      });
    }
    if (pending === 0 && claim.status === 'PARTS_RECEIVED') await moveClaim(tx, claim, 'INSPECT_PARTS');
    await tx.em.flush();
    return claim;
  });
}
