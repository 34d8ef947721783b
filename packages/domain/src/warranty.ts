import { DomainError, ErrorCode } from './errors.js';
import { defineMachine, transition, type Machine } from './fsm.js';
import { moneyParam } from './reasons.js';

/**
 * Warranty claims (索赔单, domain.md §4): the dealer files, the manufacturer's reviewers decide,
 * failed parts may come back for inspection, approved claims are credited in settlement batches.
 */
export const CLAIM_TYPES = ['STANDARD', 'CAMPAIGN', 'GOODWILL', 'PARTS_WARRANTY', 'PRE_AUTHORIZATION'] as const;
export type ClaimType = (typeof CLAIM_TYPES)[number];

export const CLAIM_STATES = [
  'DRAFT',
  'SUBMITTED',
  'UNDER_REVIEW',
  'NEEDS_INFO',
  'APPROVED',
  'PARTIALLY_APPROVED',
  'REJECTED',
  'APPEALED',
  'PARTS_RETURN_REQUESTED',
  'PARTS_RECEIVED',
  'PARTS_INSPECTED',
  'CREDITED',
] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];

export const CLAIM_EVENTS = [
  'SUBMIT',
  'START_REVIEW',
  'AUTO_APPROVE',
  'REQUEST_INFO',
  'PROVIDE_INFO',
  'APPROVE',
  'PARTIALLY_APPROVE',
  'REJECT',
  'APPEAL',
  'REOPEN',
  'REQUEST_PARTS',
  'RECEIVE_PARTS',
  'INSPECT_PARTS',
  'CREDIT',
] as const;
export type ClaimEvent = (typeof CLAIM_EVENTS)[number];

export const claimMachine: Machine<ClaimState, ClaimEvent> = defineMachine({
  name: 'Warranty claim',
  document: 'WarrantyClaim',
  initial: 'DRAFT',
  events: CLAIM_EVENTS,
  table: {
    DRAFT: { SUBMIT: 'SUBMITTED' },
    // the automatic checks run on submit: a clean claim may be approved at once (policy setting)
    SUBMITTED: { START_REVIEW: 'UNDER_REVIEW', AUTO_APPROVE: 'APPROVED' },
    UNDER_REVIEW: { REQUEST_INFO: 'NEEDS_INFO', APPROVE: 'APPROVED', PARTIALLY_APPROVE: 'PARTIALLY_APPROVED', REJECT: 'REJECTED' },
    NEEDS_INFO: { PROVIDE_INFO: 'UNDER_REVIEW' },
    APPROVED: { REQUEST_PARTS: 'PARTS_RETURN_REQUESTED', CREDIT: 'CREDITED' },
    PARTIALLY_APPROVED: { REQUEST_PARTS: 'PARTS_RETURN_REQUESTED', CREDIT: 'CREDITED' },
    REJECTED: { APPEAL: 'APPEALED' },
    APPEALED: { REOPEN: 'UNDER_REVIEW' },
    PARTS_RETURN_REQUESTED: { RECEIVE_PARTS: 'PARTS_RECEIVED' },
    PARTS_RECEIVED: { INSPECT_PARTS: 'PARTS_INSPECTED' },
    PARTS_INSPECTED: { CREDIT: 'CREDITED' },
    CREDITED: {},
  },
});

/** The claim machine plus the rule the table cannot say: one appeal per rejected claim. */
export function claimTransition(from: ClaimState, event: ClaimEvent, history: { appeals: number; number?: string | null }): ClaimState {
  if (event === 'APPEAL' && history.appeals >= 1) {
    throw DomainError.because(
      ErrorCode.INVALID_TRANSITION,
      'SECOND_APPEAL',
      { number: history.number ?? null },
      'This claim was appealed once already; a second appeal is not possible.',
      {
        machine: claimMachine.name,
        from,
        event,
      },
    );
  }
  return transition(claimMachine, from, event);
}

// ---------------------------------------------------------------------------------------------
// Automatic checks on submit: each a named finding with its evidence.

export const FINDING_CODES = [
  'NO_REGISTRATION',
  'OUTSIDE_WARRANTY_PERIOD',
  'COMPONENT_NOT_COVERED',
  'DEALER_NOT_AUTHORISED',
  'LABOUR_OVER_STANDARD',
  'PART_OVER_LIST_PRICE',
  'DUPLICATE_CLAIM',
  'FILED_AFTER_DEADLINE',
  'NO_OPEN_CAMPAIGN',
  'NO_PRE_AUTHORIZATION',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  code: FindingCode;
  /** What the reviewer reads (English; the portal translates the code). */
  message: string;
  /** The facts behind it, for the reviewer. */
  evidence: Record<string, unknown>;
}

export interface CoverageTerm {
  /** null: the whole vehicle (base warranty); else a component group with its own term. */
  componentGroup: string | null;
  months: number;
  /** Kilometres or hours (the model's usage unit). */
  meterLimit: number;
}

export interface PolicyFacts {
  terms: readonly CoverageTerm[];
  /** Component groups the policy never covers (wear parts, accident damage…). */
  exclusions: readonly string[];
  filingDeadlineDays: number;
  duplicateWindowDays: number;
}

export interface ClaimFacts {
  type: ClaimType;
  /** Repair and failure days (YYYY-MM-DD, the dealer's calendar). */
  repairDate: string;
  failureDate: string;
  /** Meter at the repair (km or hours). */
  meter: number;
  submittedOn: string;
  causalPart: { partNumber: string; componentGroup: string };
  labour: readonly { operationCode: string; hoursMilli: number; standardHoursMilli: number | null }[];
  parts: readonly { partNumber: string; unitPriceMinor: bigint; listPriceMinor: bigint | null }[];
  /** The manufacturer's registration of the VIN (sale date and its policy), or none. */
  registration: { saleDate: string; policy: PolicyFacts } | null;
  /** Whether the dealer held an authorisation for the brand on the repair date. */
  dealerAuthorised: boolean;
  /** Earlier claims on the same VIN (not this one, not rejected ones). */
  earlierClaims: readonly { number: string; repairDate: string; causalPartNumber: string; componentGroup: string }[];
  /** For campaign claims: whether an open campaign lists the VIN. */
  openCampaign: boolean;
  /**
   * Large repairs (claimed total over the policy's limit) need an approved PRE_AUTHORIZATION
   * claim first; `null` when the policy sets no limit or the claim is one.
   */
  preAuthorization?: { limitMinor: bigint; claimedMinor: bigint; approvedPreAuthorization: string | null } | null;
}

const DAY = 86_400_000;
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** The calendar day `months` after `day` (clamped to the month's end: 31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The term that covers a component group: its own, else the base warranty; none when excluded. */
export function termFor(policy: PolicyFacts, componentGroup: string): CoverageTerm | null {
  if (policy.exclusions.includes(componentGroup)) return null;
  return policy.terms.find((t) => t.componentGroup === componentGroup) ?? policy.terms.find((t) => t.componentGroup === null) ?? null;
}

/** Runs every automatic check; an empty list is a clean claim. Goodwill claims skip coverage. */
export function checkClaim(f: ClaimFacts): Finding[] {
  const out: Finding[] = [];
  const add = (code: FindingCode, message: string, evidence: Record<string, unknown>) => out.push({ code, message, evidence });
  const coverageApplies = f.type !== 'GOODWILL';

  if (!f.registration) {
    if (coverageApplies) add('NO_REGISTRATION', 'The VIN has no warranty registration with the manufacturer.', {});
  } else if (coverageApplies) {
    const { policy, saleDate } = f.registration;
    const term = termFor(policy, f.causalPart.componentGroup);
    if (!term) {
      add('COMPONENT_NOT_COVERED', `Component group ${f.causalPart.componentGroup} is not covered by the policy.`, {
        componentGroup: f.causalPart.componentGroup,
        exclusions: policy.exclusions,
      });
    } else {
      const until = addMonths(saleDate, term.months);
      const byTime = dayMs(f.repairDate) > dayMs(until);
      const byMeter = f.meter > term.meterLimit;
      if (byTime || byMeter) {
        add('OUTSIDE_WARRANTY_PERIOD', `Outside the warranty (${term.months} months or ${term.meterLimit}, whichever comes first).`, {
          saleDate,
          coveredUntil: until,
          repairDate: f.repairDate,
          meter: f.meter,
          meterLimit: term.meterLimit,
          by: byTime && byMeter ? 'TIME_AND_METER' : byTime ? 'TIME' : 'METER',
        });
      }
    }
    const deadline = new Date(dayMs(f.repairDate) + policy.filingDeadlineDays * DAY).toISOString().slice(0, 10);
    if (dayMs(f.submittedOn) > dayMs(deadline)) {
      add('FILED_AFTER_DEADLINE', `Filed after the deadline of ${policy.filingDeadlineDays} days from the repair.`, {
        repairDate: f.repairDate,
        deadline,
        submittedOn: f.submittedOn,
      });
    }
    const windowStart = dayMs(f.repairDate) - policy.duplicateWindowDays * DAY;
    const dup = f.earlierClaims.find(
      (c) => c.causalPartNumber === f.causalPart.partNumber && dayMs(c.repairDate) >= windowStart && dayMs(c.repairDate) <= dayMs(f.repairDate),
    );
    if (dup) {
      add('DUPLICATE_CLAIM', `Claim ${dup.number} already covers ${f.causalPart.partNumber} on this VIN within ${policy.duplicateWindowDays} days.`, {
        claim: dup.number,
        repairDate: dup.repairDate,
        partNumber: f.causalPart.partNumber,
      });
    }
  }
  if (!f.dealerAuthorised) add('DEALER_NOT_AUTHORISED', 'The dealer was not authorised for this brand on the repair date.', { repairDate: f.repairDate });
  for (const l of f.labour) {
    if (l.standardHoursMilli != null && l.hoursMilli > l.standardHoursMilli) {
      add('LABOUR_OVER_STANDARD', `Operation ${l.operationCode}: ${l.hoursMilli / 1000} h claimed, ${l.standardHoursMilli / 1000} h standard.`, {
        operationCode: l.operationCode,
        hoursMilli: l.hoursMilli,
        standardHoursMilli: l.standardHoursMilli,
      });
    }
  }
  for (const p of f.parts) {
    if (p.listPriceMinor != null && p.unitPriceMinor > p.listPriceMinor) {
      add('PART_OVER_LIST_PRICE', `Part ${p.partNumber}: ${p.unitPriceMinor} claimed, ${p.listPriceMinor} list (minor units).`, {
        partNumber: p.partNumber,
        unitPriceMinor: p.unitPriceMinor.toString(),
        listPriceMinor: p.listPriceMinor.toString(),
      });
    }
  }
  if (f.type === 'CAMPAIGN' && !f.openCampaign) add('NO_OPEN_CAMPAIGN', 'No open campaign lists this VIN.', {});
  const pre = f.preAuthorization;
  if (pre && f.type !== 'PRE_AUTHORIZATION' && pre.claimedMinor > pre.limitMinor && !pre.approvedPreAuthorization) {
    add('NO_PRE_AUTHORIZATION', `Claims over ${pre.limitMinor} (minor units) need an approved pre-authorisation first.`, {
      claimedMinor: pre.claimedMinor.toString(),
      limitMinor: pre.limitMinor.toString(),
    });
  }
  return out;
}

/**
 * 三包 (repair–replace–refund): this repair is the Nth of the same fault (same causal part or
 * component group) on the VIN inside the warranty period, N from the policy (the seed: three).
 */
export function sanbaoEligible(
  f: Pick<ClaimFacts, 'repairDate' | 'causalPart' | 'earlierClaims'> & { warrantyStart: string; warrantyMonths: number },
  threshold: number,
): { eligible: boolean; repairNo: number; earlier: string[] } {
  const until = dayMs(addMonths(f.warrantyStart, f.warrantyMonths));
  const inPeriod = (d: string) => dayMs(d) >= dayMs(f.warrantyStart) && dayMs(d) <= until;
  const same = f.earlierClaims.filter(
    (c) =>
      inPeriod(c.repairDate) &&
      dayMs(c.repairDate) <= dayMs(f.repairDate) &&
      (c.causalPartNumber === f.causalPart.partNumber || c.componentGroup === f.causalPart.componentGroup),
  );
  const repairNo = same.length + 1;
  return { eligible: inPeriod(f.repairDate) && repairNo >= threshold, repairNo, earlier: same.map((c) => c.number) };
}

/** Approved amount of a line: all of it, part of it (with a reason), or nothing (with a reason). */
export function approvedLineAmount(claimedMinor: bigint, decision: { approvedMinor: bigint; reasonCode: string | null }, currency = 'CNY'): bigint {
  if (decision.approvedMinor < 0n || decision.approvedMinor > claimedMinor) {
    throw DomainError.because(
      ErrorCode.BAD_USER_INPUT,
      'APPROVED_AMOUNT_OUT_OF_RANGE',
      { claimed: moneyParam(claimedMinor, currency) },
      `An approved amount must be between 0 and the claimed ${claimedMinor}.`,
    );
  }
  if (decision.approvedMinor < claimedMinor && !decision.reasonCode) {
    throw DomainError.because(ErrorCode.BAD_USER_INPUT, 'REASON_CODE_REQUIRED', {}, 'A reduced or refused line needs a reason code.');
  }
  return decision.approvedMinor;
}

/** Recovery from the supplier: its agreed share (basis points) of the approved amount, rounded half up. */
export function recoveryAmount(approvedMinor: bigint, shareBasisPoints: number): bigint {
  if (!Number.isInteger(shareBasisPoints) || shareBasisPoints < 0 || shareBasisPoints > 10_000) {
    throw DomainError.because(
      ErrorCode.BAD_USER_INPUT,
      'OUT_OF_RANGE',
      { min: 0, max: 10_000, unit: 'BASIS_POINTS' },
      'A recovery share is 0–10000 basis points.',
    );
  }
  return (approvedMinor * BigInt(shareBasisPoints) + 5_000n) / 10_000n;
}

// ---------------------------------------------------------------------------------------------
// Evidence checklist: the policy and the labour operations name what a claim must carry.

export const EVIDENCE_KINDS = ['FAILURE_PHOTO', 'METER_PHOTO', 'DIAGNOSIS_REPORT', 'PART_TAG_PHOTO'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** The evidence still missing: required by the policy or any labour operation, not yet attached. */
export function missingEvidence(required: readonly (readonly EvidenceKind[])[], attached: readonly (EvidenceKind | null)[]): EvidenceKind[] {
  const need = new Set(required.flat());
  const have = new Set(attached.filter((k): k is EvidenceKind => !!k));
  return EVIDENCE_KINDS.filter((k) => need.has(k) && !have.has(k));
}

/** Reason codes a reviewer gives for a reduced or refused line (or a rejected claim). */
export const CLAIM_REASON_CODES = [
  'NOT_COVERED',
  'OUTSIDE_WARRANTY',
  'LABOUR_OVER_STANDARD',
  'PRICE_OVER_LIST',
  'DUPLICATE',
  'INSUFFICIENT_EVIDENCE',
  'MISUSE',
  'NON_OEM_PART',
  'LATE_FILING',
  /** The returned part showed no failure (set by the inspection, not chosen by a reviewer). */
  'FAILURE_NOT_CONFIRMED',
  'OTHER',
] as const;
export type ClaimReasonCode = (typeof CLAIM_REASON_CODES)[number];
/** The reason codes a reviewer may give by hand (FAILURE_NOT_CONFIRMED comes only from an inspection). */
export const REVIEWER_REASON_CODES: readonly ClaimReasonCode[] = CLAIM_REASON_CODES.filter((c) => c !== 'FAILURE_NOT_CONFIRMED');

/** The decision a set of line decisions amounts to: all approved, some, or none. */
export function decisionOf(lines: readonly { claimedMinor: bigint; approvedMinor: bigint }[]): 'APPROVE' | 'PARTIALLY_APPROVE' | 'REJECT' {
  const claimed = lines.reduce((s, l) => s + l.claimedMinor, 0n);
  const approved = lines.reduce((s, l) => s + l.approvedMinor, 0n);
  if (approved === 0n) return 'REJECT';
  return approved === claimed ? 'APPROVE' : 'PARTIALLY_APPROVE';
}

/** When a review is due: the manufacturer's review target (hours) from submission. */
export function reviewDueAt(submittedAt: Date, targetHours: number): Date {
  return new Date(submittedAt.getTime() + targetHours * 3_600_000);
}

// ---------------------------------------------------------------------------------------------
// Parts return (逆向物流): each removed part has a tag; the dealer ships, the manufacturer receives and inspects.

export const PART_RETURN_STATES = ['NOT_REQUESTED', 'REQUESTED', 'SHIPPED', 'RECEIVED', 'INSPECTED'] as const;
export type PartReturnState = (typeof PART_RETURN_STATES)[number];
export const PART_RETURN_EVENTS = ['REQUEST', 'SHIP', 'RECEIVE', 'INSPECT'] as const;
export type PartReturnEvent = (typeof PART_RETURN_EVENTS)[number];

export const partReturnMachine: Machine<PartReturnState, PartReturnEvent> = defineMachine({
  name: 'Returned part',
  document: 'WarrantyClaimLine',
  initial: 'NOT_REQUESTED',
  events: PART_RETURN_EVENTS,
  table: {
    NOT_REQUESTED: { REQUEST: 'REQUESTED' },
    REQUESTED: { SHIP: 'SHIPPED', RECEIVE: 'RECEIVED' },
    SHIPPED: { RECEIVE: 'RECEIVED' },
    RECEIVED: { INSPECT: 'INSPECTED' },
    INSPECTED: {},
  },
});

export const INSPECTION_RESULTS = ['CONFIRMED', 'NOT_CONFIRMED', 'SUPPLIER_CAUSED'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

/** A claim line as the inspection rule sees it. */
export interface InspectedLine {
  id: string;
  kind: 'LABOUR' | 'PART' | 'SUBLET';
  partNumber: string | null;
  approvedMinor: bigint;
}

/**
 * What the inspection of a returned part does to the approved amounts (鉴定结果): a confirmed or
 * supplier-caused failure changes nothing. A failure not confirmed on the causal part (主因件)
 * means the repair was not a warranty failure: every line is charged back to 0. Not confirmed on
 * another part charges back that part's line only. Returns the lines whose amount changes, with
 * the new amount (always 0) and the reason FAILURE_NOT_CONFIRMED.
 */
export function inspectionChargeBack(
  lines: readonly InspectedLine[],
  inspected: { lineId: string; result: InspectionResult },
  causalPartNumber: string,
): { lineId: string; approvedMinor: bigint; reasonCode: 'FAILURE_NOT_CONFIRMED' }[] {
  if (inspected.result !== 'NOT_CONFIRMED') return [];
  const line = lines.find((l) => l.id === inspected.lineId);
  if (!line) throw DomainError.because(ErrorCode.BAD_USER_INPUT, 'INSPECTED_PART_NOT_ON_CLAIM', {}, 'The inspected part is not a line of this claim.');
  const causal = line.kind === 'PART' && line.partNumber === causalPartNumber;
  return (causal ? lines : [line])
    .filter((l) => l.approvedMinor > 0n)
    .map((l) => ({ lineId: l.id, approvedMinor: 0n, reasonCode: 'FAILURE_NOT_CONFIRMED' as const }));
}

/**
 * The old-part tag code printed on the removed part (旧件标签): the dealer's code in the
 * manufacturer's network, the claim number, the line position and a check character, so a
 * mistyped scan is caught: `HY-E001-WC-2026-000012-02-K` (unique across the manufacturer's dealers).
 */
export function partTagCode(dealerCode: string, claimNumber: string, position: number): string {
  const body = `${dealerCode}-${claimNumber}-${String(position).padStart(2, '0')}`.toUpperCase();
  return `${body}-${tagCheckChar(body)}`;
}

const CHECK_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
function tagCheckChar(body: string): string {
  let sum = 0;
  for (const [i, ch] of [...body].entries()) sum += ch.charCodeAt(0) * (i + 1);
  return CHECK_ALPHABET[sum % CHECK_ALPHABET.length]!;
}

/** Whether a scanned tag code is well formed (its check character matches). */
export function isPartTagCode(code: string): boolean {
  const m = /^(.+)-([0-9A-Z])$/.exec(code.trim().toUpperCase());
  return !!m && tagCheckChar(m[1]!) === m[2];
}

// ---------------------------------------------------------------------------------------------
// Supplier recovery (供应商追偿).

export const RECOVERY_STATES = ['RAISED', 'ACCEPTED', 'DISPUTED', 'SETTLED', 'WITHDRAWN'] as const;
export type RecoveryState = (typeof RECOVERY_STATES)[number];
export const RECOVERY_EVENTS = ['ACCEPT', 'DISPUTE', 'WITHDRAW', 'SETTLE'] as const;
export type RecoveryEvent = (typeof RECOVERY_EVENTS)[number];

/** The supplier accepts or disputes (with evidence); a disputed recovery may still be accepted, or withdrawn by the manufacturer. */
export const recoveryMachine: Machine<RecoveryState, RecoveryEvent> = defineMachine({
  name: 'Supplier recovery',
  document: 'RecoveryClaim',
  initial: 'RAISED',
  events: RECOVERY_EVENTS,
  table: {
    RAISED: { ACCEPT: 'ACCEPTED', DISPUTE: 'DISPUTED', WITHDRAW: 'WITHDRAWN' },
    DISPUTED: { ACCEPT: 'ACCEPTED', WITHDRAW: 'WITHDRAWN' },
    ACCEPTED: { SETTLE: 'SETTLED' },
    SETTLED: {},
    WITHDRAWN: {},
  },
});
