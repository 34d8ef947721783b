import { DomainError, ErrorCode } from './errors.js';
import { defineMachine, transition, type Machine } from './fsm.js';

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
export function claimTransition(from: ClaimState, event: ClaimEvent, history: { appeals: number }): ClaimState {
  if (event === 'APPEAL' && history.appeals >= 1) {
    throw new DomainError(ErrorCode.INVALID_TRANSITION, 'This claim was appealed once already; a second appeal is not possible.', {
      machine: claimMachine.name,
      from,
      event,
    });
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
      add('FILED_AFTER_DEADLINE', `Filed after the deadline of ${policy.filingDeadlineDays} days from the repair.`, { repairDate: f.repairDate, deadline, submittedOn: f.submittedOn });
    }
    const windowStart = dayMs(f.repairDate) - policy.duplicateWindowDays * DAY;
    const dup = f.earlierClaims.find((c) => c.causalPartNumber === f.causalPart.partNumber && dayMs(c.repairDate) >= windowStart && dayMs(c.repairDate) <= dayMs(f.repairDate));
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
    (c) => inPeriod(c.repairDate) && dayMs(c.repairDate) <= dayMs(f.repairDate) && (c.causalPartNumber === f.causalPart.partNumber || c.componentGroup === f.causalPart.componentGroup),
  );
  const repairNo = same.length + 1;
  return { eligible: inPeriod(f.repairDate) && repairNo >= threshold, repairNo, earlier: same.map((c) => c.number) };
}

/** Approved amount of a line: all of it, part of it (with a reason), or nothing (with a reason). */
export function approvedLineAmount(claimedMinor: bigint, decision: { approvedMinor: bigint; reasonCode: string | null }): bigint {
  if (decision.approvedMinor < 0n || decision.approvedMinor > claimedMinor) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `An approved amount must be between 0 and the claimed ${claimedMinor}.`);
  }
  if (decision.approvedMinor < claimedMinor && !decision.reasonCode) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, 'A reduced or refused line needs a reason code.');
  }
  return decision.approvedMinor;
}

/** Recovery from the supplier: its agreed share (basis points) of the approved amount, rounded half up. */
export function recoveryAmount(approvedMinor: bigint, shareBasisPoints: number): bigint {
  if (!Number.isInteger(shareBasisPoints) || shareBasisPoints < 0 || shareBasisPoints > 10_000) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, 'A recovery share is 0–10000 basis points.');
  }
  return (approvedMinor * BigInt(shareBasisPoints) + 5_000n) / 10_000n;
}
