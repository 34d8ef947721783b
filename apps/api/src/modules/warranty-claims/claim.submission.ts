/** Submitting a claim: the evidence checklist, then the automatic checks on the manufacturer's behalf. */
import {
  DomainError,
  ErrorCode,
  RelationshipKind,
  checkClaim,
  missingEvidence,
  reviewDueAt,
  sanbaoEligible,
  termFor,
  type ClaimEvent,
  type EvidenceKind,
  type FieldProblem,
} from '@asn/domain';
import { inTx, type Ctx, type Tx } from '../../platform/context.js';
import { tenantDay } from '../../platform/tenant-time.js';
import { Relationship } from '../../platform/db/entities.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { CATALOGUE, coverageIn } from '../warranty-catalogue/catalogue.service.js';
import { LabourOperation, OemPart, WarrantyPolicy, WarrantyRegistration } from '../warranty-catalogue/catalogue.entity.js';
import { WarrantyClaim, WarrantyClaimLine } from './claim.entity.js';

import { expectEvent } from '../../platform/documents/index.js';
import { WarrantyClaimDocument, claimSubject, loadClaim, moveClaim } from './claim.document.js';

// ---------------------------------------------------------------------------------------------
// Submission: the evidence checklist, then the automatic checks (on the manufacturer's behalf).

/** The policy the VIN is registered under with the claim's manufacturer (null: not registered). */
export async function policyOf(tx: Tx, claim: WarrantyClaim): Promise<WarrantyPolicy | null> {
  const m = claim.manufacturerId;
  const registration = await tx.em.findOne(WarrantyRegistration, { tenantId: m, vin: claim.vin }, CATALOGUE);
  return registration ? tx.em.findOne(WarrantyPolicy, { id: registration.policyId, tenantId: m }, CATALOGUE) : null;
}

async function requiredEvidence(
  tx: Tx,
  claim: WarrantyClaim,
  lines: readonly WarrantyClaimLine[],
): Promise<{ required: EvidenceKind[][]; policy: WarrantyPolicy | null }> {
  const m = claim.manufacturerId;
  const policy = await policyOf(tx, claim);
  const codes = lines.filter((l) => l.operationCode).map((l) => l.operationCode!);
  const ops = codes.length ? await tx.em.find(LabourOperation, { tenantId: m, code: { $in: codes } }, CATALOGUE) : [];
  return { required: [policy?.requiredEvidence ?? [], ...ops.map((o) => o.requiredEvidence)], policy };
}

/** What the policy and the operations require and the dealer's files on the claim lack. */
async function evidenceGap(
  tx: Tx,
  claim: WarrantyClaim,
  lines: readonly WarrantyClaimLine[],
): Promise<{ missing: EvidenceKind[]; policy: WarrantyPolicy | null }> {
  const { required, policy } = await requiredEvidence(tx, claim, lines);
  const files = await tx.em.find(
    Attachment,
    { tenantId: claim.tenantId, ownerType: 'WarrantyClaim', ownerId: claim.id },
    { fields: ['id', 'evidenceKind'], filters: false },
  );
  return {
    missing: missingEvidence(
      required,
      files.map((f) => f.evidenceKind),
    ),
    policy,
  };
}

/** The evidence a claim still lacks (empty when it may be submitted). */
export async function claimMissingEvidence(ctx: Ctx, claim: WarrantyClaim): Promise<EvidenceKind[]> {
  return inTx(ctx, async (tx) => (await evidenceGap(tx, claim, await tx.em.find(WarrantyClaimLine, { claimId: claim.id }))).missing);
}

export async function assertEvidence(tx: Tx, claim: WarrantyClaim, lines: readonly WarrantyClaimLine[]): Promise<WarrantyPolicy | null> {
  const { missing, policy } = await evidenceGap(tx, claim, lines);
  if (missing.length) {
    const problems: FieldProblem[] = missing.map((k) => ({ field: 'evidence', message: `missing ${k}` }));
    throw DomainError.because(
      ErrorCode.BAD_USER_INPUT,
      'EVIDENCE_MISSING',
      { kinds: missing, number: claim.number },
      `Claim ${claim.number} cannot be submitted without: ${missing.join(', ')}.`,
      { problems, missingEvidence: missing },
    );
  }
  return policy;
}

export interface CheckOutcome {
  autoApprovable: boolean;
  policy: WarrantyPolicy | null;
}

/**
 * The automatic checks, run as the manufacturer inside the dealer's transaction (they need the
 * VIN's claims at every dealer): findings with evidence, the 三包 count (flagging the claim and the
 * registration, and alerting the manufacturer), and whether the policy lets a clean claim through.
 */
export async function runChecks(tx: Tx, claim: WarrantyClaim, lines: WarrantyClaimLine[]): Promise<CheckOutcome> {
  const m = claim.manufacturerId;
  const today = await tenantDay(tx, tx.ctx.clock.now());
  return tx.actFor(m, async () => {
    const coverage = await coverageIn(tx, m, claim.vin, today);
    const { registration, policy, model } = coverage;
    const [auths, earlier, causal, ops, parts] = await Promise.all([
      tx.em.find(Relationship, { kind: RelationshipKind.DEALER_AUTHORIZATION, fromTenantId: m, toTenantId: claim.tenantId }),
      tx.em.find(WarrantyClaim, { manufacturerId: m, vin: claim.vin, id: { $ne: claim.id }, status: { $nin: ['DRAFT', 'REJECTED', 'APPEALED'] } }),
      tx.em.findOne(OemPart, { tenantId: m, partNumber: claim.causalPartNumber }, CATALOGUE),
      tx.em.find(LabourOperation, { tenantId: m, code: { $in: lines.filter((l) => l.operationCode).map((l) => l.operationCode!) } }, CATALOGUE),
      tx.em.find(OemPart, { tenantId: m, partNumber: { $in: lines.filter((l) => l.partNumber).map((l) => l.partNumber!) } }, CATALOGUE),
    ]);
    for (const l of lines) {
      if (l.operationCode) l.standardHoursMilli = ops.find((o) => o.code === l.operationCode)?.standardHoursMilli ?? null;
      if (l.partNumber) l.listPriceMinor = parts.find((p) => p.partNumber === l.partNumber)?.listPriceMinor ?? null;
    }
    claim.brand = model?.brand ?? claim.brand;
    claim.causalComponentGroup = causal?.componentGroup ?? ops[0]?.componentGroup ?? 'UNKNOWN';
    claim.causalSupplierId = causal?.supplierId ?? null;
    const authorised = auths.some(
      (a) => a.validFrom <= claim.repairDate && (!a.validTo || a.validTo >= claim.repairDate) && (!claim.brand || a.brands.includes(claim.brand)),
    );
    const pre = claim.preAuthorizationId
      ? earlier.find((c) => c.id === claim.preAuthorizationId && (c.status === 'APPROVED' || c.status === 'PARTIALLY_APPROVED'))
      : null;
    const earlierFacts = earlier
      .filter((c) => c.type !== 'PRE_AUTHORIZATION')
      .map((c) => ({ number: c.number, repairDate: c.repairDate, causalPartNumber: c.causalPartNumber, componentGroup: c.causalComponentGroup ?? '' }));
    const policyFacts = policy
      ? { terms: policy.terms, exclusions: policy.exclusions, filingDeadlineDays: policy.filingDeadlineDays, duplicateWindowDays: policy.duplicateWindowDays }
      : null;
    const findings = checkClaim({
      type: claim.type,
      repairDate: claim.repairDate,
      failureDate: claim.failureDate,
      meter: claim.meter,
      submittedOn: today,
      causalPart: { partNumber: claim.causalPartNumber, componentGroup: claim.causalComponentGroup },
      labour: lines
        .filter((l) => l.kind === 'LABOUR')
        .map((l) => ({ operationCode: l.operationCode ?? '', hoursMilli: l.hoursMilli ?? 0, standardHoursMilli: l.standardHoursMilli })),
      parts: lines
        .filter((l) => l.kind === 'PART')
        .map((l) => ({
          partNumber: l.partNumber ?? '',
          unitPriceMinor: BigInt(l.unitPriceMinor ?? '0'),
          listPriceMinor: l.listPriceMinor != null ? BigInt(l.listPriceMinor) : null,
        })),
      registration: registration && policyFacts ? { saleDate: registration.warrantyStart, policy: policyFacts } : null,
      dealerAuthorised: authorised,
      earlierClaims: earlierFacts,
      openCampaign: !!claim.campaignId && coverage.openCampaigns.some((c) => c.id === claim.campaignId),
      preAuthorization: policy?.preAuthorizationLimitMinor
        ? { limitMinor: BigInt(policy.preAuthorizationLimitMinor), claimedMinor: BigInt(claim.claimedMinor), approvedPreAuthorization: pre?.number ?? null }
        : null,
    });
    claim.findings = findings;
    claim.findingCodes = findings.map((f) => f.code);

    // 三包: the Nth repair of the same fault inside the warranty period
    claim.sanbaoEligible = false;
    claim.sanbaoRepairNo = null;
    if (registration && policy && (claim.type === 'STANDARD' || claim.type === 'PARTS_WARRANTY')) {
      const term = termFor(policy, claim.causalComponentGroup);
      if (term) {
        const verdict = sanbaoEligible(
          {
            repairDate: claim.repairDate,
            causalPart: { partNumber: claim.causalPartNumber, componentGroup: claim.causalComponentGroup },
            earlierClaims: earlierFacts,
            warrantyStart: registration.warrantyStart,
            warrantyMonths: term.months,
          },
          policy.sanbaoThreshold,
        );
        claim.sanbaoRepairNo = verdict.repairNo;
        if (verdict.eligible) {
          claim.sanbaoEligible = true;
          if (!registration.sanbaoEligibleAt) {
            registration.sanbaoEligibleAt = tx.ctx.clock.now();
            registration.sanbaoClaimId = claim.id;
          }
          const alert = {
            number: claim.number,
            vin: claim.vin,
            repairNo: verdict.repairNo,
            threshold: policy.sanbaoThreshold,
            earlier: verdict.earlier,
            causalPartNumber: claim.causalPartNumber,
            componentGroup: claim.causalComponentGroup,
          };
          tx.record(
            {
              action: 'warranty.sanbaoEligible',
              entityType: 'WarrantyClaim',
              entityId: claim.id,
              after: alert,
              data: alert,
              alsoTo: [claim.tenantId],
              subject: claimSubject(claim),
            },
            m,
          );
        }
      }
    }
    await tx.em.flush();
    const limit = policy?.autoApproveLimitMinor;
    const autoApprovable =
      findings.length === 0 &&
      !claim.sanbaoEligible &&
      limit != null &&
      BigInt(claim.claimedMinor) <= BigInt(limit) &&
      ['STANDARD', 'CAMPAIGN', 'PARTS_WARRANTY'].includes(claim.type);
    return { autoApprovable, policy };
  });
}

export async function startReview(tx: Tx, claim: WarrantyClaim, policy: WarrantyPolicy | null, event: ClaimEvent, automatic = false): Promise<void> {
  claim.reviewDueAt = reviewDueAt(tx.ctx.clock.now(), policy?.reviewTargetHours ?? 48);
  await moveClaim(tx, claim, event, { data: { findings: claim.findingCodes, sanbaoEligible: claim.sanbaoEligible }, automatic });
}

/** Submits a draft: refused while evidence is missing; then checked, and reviewed or auto-approved. */
export async function submitClaim(ctx: Ctx, input: { id: string; version: number }): Promise<WarrantyClaim> {
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'submit', input.version);
    expectEvent(WarrantyClaimDocument, claim, 'SUBMIT');
    const lines = await tx.em.find(WarrantyClaimLine, { claimId: claim.id }, { orderBy: { position: 'asc' } });
    await assertEvidence(tx, claim, lines);
    claim.submittedAt = ctx.clock.now();
    // the dealer's own audit rows are written (and flushed) under the dealer before the checks switch tenant
    await moveClaim(tx, claim, 'SUBMIT');
    const outcome = await runChecks(tx, claim, lines);
    if (outcome.autoApprovable) {
      for (const l of lines) l.approvedMinor = l.amountMinor;
      claim.approvedMinor = claim.claimedMinor;
      claim.decidedAt = ctx.clock.now();
      await moveClaim(tx, claim, 'AUTO_APPROVE', { automatic: true });
    } else {
      await startReview(tx, claim, outcome.policy, 'START_REVIEW', true);
    }
    await tx.em.flush();
    return claim;
  });
}
