/** The manufacturer's review: information requests, decisions per line, appeals. */
import { REVIEWER_REASON_CODES, DomainError, InputCheck, approvedLineAmount, decisionOf, reviewDueAt } from '@asn/domain';
import { inTx, memberOf, type Ctx } from '../../platform/context.js';
import { CATALOGUE } from '../warranty-catalogue/catalogue.service.js';
import { CampaignVehicle } from '../warranty-catalogue/catalogue.entity.js';
import { WarrantyClaim, WarrantyClaimLine } from './claim.entity.js';

import { advance, expectEvent } from '../../platform/documents/index.js';
import { assertEvidence, policyOf, runChecks, startReview } from './claim.submission.js';
import { ReturnedPart, WarrantyClaimDocument, loadClaim, moveClaim } from './claim.document.js';

// ---------------------------------------------------------------------------------------------
// Review (the manufacturer's reviewers)

export async function requestInfo(ctx: Ctx, input: { id: string; version: number; question: string }): Promise<WarrantyClaim> {
  const check = new InputCheck();
  const question = check.required('input.question', input.question, 1000);
  check.done();
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'review', input.version);
    claim.infoRequest = question;
    await moveClaim(tx, claim, 'REQUEST_INFO', { note: question });
    await tx.em.flush();
    return claim;
  });
}

/** The dealer answers (and may have edited lines or added evidence); the checks run again. */
export async function provideInfo(ctx: Ctx, input: { id: string; version: number; answer: string }): Promise<WarrantyClaim> {
  const check = new InputCheck();
  const answer = check.required('input.answer', input.answer, 1000);
  check.done();
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'submit', input.version);
    expectEvent(WarrantyClaimDocument, claim, 'PROVIDE_INFO');
    const lines = await tx.em.find(WarrantyClaimLine, { claimId: claim.id }, { orderBy: { position: 'asc' } });
    await assertEvidence(tx, claim, lines);
    claim.dealerNote = answer;
    await tx.em.flush();
    const outcome = await runChecks(tx, claim, lines);
    claim.reviewDueAt = reviewDueAt(ctx.clock.now(), outcome.policy?.reviewTargetHours ?? 48);
    await moveClaim(tx, claim, 'PROVIDE_INFO', { note: answer, data: { findings: claim.findingCodes } });
    await tx.em.flush();
    return claim;
  });
}

export interface DecisionData {
  id: string;
  version: number;
  lines: { lineId: string; approvedMinor: string; reasonCode?: string | null }[];
  /** For a rejection: why (one of the reason codes). */
  reasonCode?: string | null;
  note?: string | null;
  /** Ask for the failed parts back (default: the policy's setting). */
  requirePartsReturn?: boolean | null;
}

/** Approves, partially approves (per line, with reason codes) or rejects a claim under review. */
export async function decideClaim(ctx: Ctx, input: DecisionData): Promise<WarrantyClaim> {
  const check = new InputCheck();
  const note = input.note?.trim() || null;
  if (note && note.length > 1000) check.because('input.note', 'TOO_LONG', { max: 1000 }, 'must be at most 1000 characters');
  if (input.reasonCode) check.oneOf('input.reasonCode', input.reasonCode, REVIEWER_REASON_CODES);
  check.done();
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'review', input.version);
    expectEvent(WarrantyClaimDocument, claim, 'APPROVE', 'PARTIALLY_APPROVE', 'REJECT');
    const lines = await tx.em.find(WarrantyClaimLine, { claimId: claim.id }, { orderBy: { position: 'asc' } });
    const given = new Map(input.lines.map((l, i) => [l.lineId.toLowerCase(), { ...l, i }]));
    for (const l of lines) {
      const d = given.get(l.id);
      if (!d) {
        check.because('input.lines', 'LINE_UNDECIDED', { position: l.position }, `decide line ${l.position} (${l.description}) too`);
        continue;
      }
      given.delete(l.id);
      const f = `input.lines[${d.i}]`;
      const approved = check.minor(`${f}.approvedMinor`, d.approvedMinor);
      if (d.reasonCode) check.oneOf(`${f}.reasonCode`, d.reasonCode, REVIEWER_REASON_CODES);
      if (approved == null) continue;
      try {
        l.approvedMinor = approvedLineAmount(BigInt(l.amountMinor), { approvedMinor: approved, reasonCode: d.reasonCode ?? null }).toString();
        l.reasonCode = approved < BigInt(l.amountMinor) ? d.reasonCode! : null;
      } catch (e) {
        check.addError(`${f}.approvedMinor`, e);
      }
    }
    for (const [id] of given) check.because('input.lines', 'LINE_NOT_ON_CLAIM', { lineId: id }, `line ${id} is not on this claim`);
    check.done();
    const decision = decisionOf(lines.map((l) => ({ claimedMinor: BigInt(l.amountMinor), approvedMinor: BigInt(l.approvedMinor!) })));
    if (decision === 'REJECT' && !input.reasonCode)
      throw DomainError.badInput([{ field: 'input.reasonCode', message: 'a rejection needs a reason code', reason: 'REASON_CODE_REQUIRED', params: {} }]);
    claim.approvedMinor = lines.reduce((s, l) => s + BigInt(l.approvedMinor!), 0n).toString();
    claim.decidedAt = ctx.clock.now();
    claim.decidedBy = memberOf(ctx).userId;
    claim.decisionNote = note;
    claim.reasonCode = decision === 'REJECT' ? input.reasonCode! : (input.reasonCode ?? null);
    await moveClaim(tx, claim, decision, { note, data: { claimedMinor: claim.claimedMinor, reasonCode: claim.reasonCode } });
    if (decision !== 'REJECT' && claim.campaignId) {
      // the campaign is done for this VIN
      await tx.em.nativeUpdate(
        CampaignVehicle,
        { tenantId: claim.manufacturerId, campaignId: claim.campaignId, vin: claim.vin, claimId: null },
        { claimId: claim.id },
        CATALOGUE,
      );
    }
    // a pre-authorisation approves the repair before it is done: no parts to return, nothing to credit
    if (decision !== 'REJECT' && claim.type !== 'PRE_AUTHORIZATION') {
      const policy = await policyOf(tx, claim);
      const wanted = input.requirePartsReturn ?? policy?.partsReturnRequired ?? false;
      const returned = lines.filter((l) => l.kind === 'PART' && BigInt(l.approvedMinor!) > 0n && l.tagCode);
      if (wanted && returned.length) {
        for (const l of returned) advance(ReturnedPart, l, 'REQUEST');
        claim.partsReturnRequired = true;
        await moveClaim(tx, claim, 'REQUEST_PARTS', { data: { tags: returned.map((l) => l.tagCode) } });
      }
    }
    await tx.em.flush();
    return claim;
  });
}

/** The dealer appeals a rejection, once. */
export async function appealClaim(ctx: Ctx, input: { id: string; version: number; reason: string }): Promise<WarrantyClaim> {
  const check = new InputCheck();
  const reason = check.required('input.reason', input.reason, 1000);
  check.done();
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'submit', input.version);
    await moveClaim(tx, claim, 'APPEAL', { note: reason });
    claim.appeals += 1;
    claim.dealerNote = reason;
    await tx.em.flush();
    return claim;
  });
}

/** A reviewer takes up an appeal: the claim is under review again, with a new due time. */
export async function reopenClaim(ctx: Ctx, input: { id: string; version: number }): Promise<WarrantyClaim> {
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'review', input.version);
    const policy = await policyOf(tx, claim);
    for (const l of await tx.em.find(WarrantyClaimLine, { claimId: claim.id })) {
      l.approvedMinor = null;
      l.reasonCode = null;
    }
    claim.approvedMinor = null;
    await startReview(tx, claim, policy, 'REOPEN');
    await tx.em.flush();
    return claim;
  });
}
