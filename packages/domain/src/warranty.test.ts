import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { allowedEvents, transition } from './fsm.js';
import {
  CLAIM_EVENTS,
  CLAIM_STATES,
  addMonths,
  approvedLineAmount,
  checkClaim,
  claimMachine,
  claimTransition,
  recoveryAmount,
  inspectionChargeBack,
  sanbaoEligible,
  missingEvidence,
  decisionOf,
  partTagCode,
  isPartTagCode,
  partReturnMachine,
  recoveryMachine,
  PART_RETURN_EVENTS,
  RECOVERY_EVENTS,
  type ClaimEvent,
  type ClaimFacts,
  type ClaimState,
} from './warranty.js';

const TABLE: Record<ClaimState, Partial<Record<ClaimEvent, ClaimState>>> = {
  DRAFT: { SUBMIT: 'SUBMITTED' },
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
};

describe('warranty claim state machine (domain.md §4)', () => {
  it('allows exactly the moves of the table, for every state and event', () => {
    for (const s of CLAIM_STATES) {
      for (const e of CLAIM_EVENTS) {
        const to = TABLE[s][e];
        if (to) expect(claimTransition(s, e, { appeals: 0 })).toBe(to);
        else expect(() => claimTransition(s, e, { appeals: 0 }), `${s} ${e}`).toThrow(DomainError);
      }
    }
    expect(claimMachine.terminal).toEqual(['CREDITED']);
  });

  it('one appeal per rejected claim', () => {
    expect(claimTransition('REJECTED', 'APPEAL', { appeals: 0 })).toBe('APPEALED');
    expect(() => claimTransition('REJECTED', 'APPEAL', { appeals: 1 })).toThrow(/appealed once already/);
  });

  it('no sequence of events reaches an illegal state, credits an unapproved claim or appeals twice', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CLAIM_EVENTS), { maxLength: 40 }), (events) => {
        let state: ClaimState = claimMachine.initial;
        let appeals = 0;
        let decided = false;
        for (const event of events) {
          const before = state;
          try {
            state = claimTransition(state, event, { appeals });
          } catch (e) {
            expect((e as DomainError).code).toBe('INVALID_TRANSITION');
            continue;
          }
          expect(allowedEvents(claimMachine, before)).toContain(event);
          if (event === 'APPEAL') appeals += 1;
          if (state === 'APPROVED' || state === 'PARTIALLY_APPROVED') decided = true;
          if (state === 'CREDITED') expect(decided).toBe(true);
          expect(appeals).toBeLessThanOrEqual(1);
          expect(CLAIM_STATES).toContain(state);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

/** A clean standard claim: each test changes one fact to trip exactly one finding. */
const clean = (over: Partial<ClaimFacts> = {}): ClaimFacts => ({
  type: 'STANDARD',
  repairDate: '2026-11-20',
  failureDate: '2026-11-19',
  meter: 1200,
  submittedOn: '2026-11-22',
  causalPart: { partNumber: 'HP-200', componentGroup: 'HYDRAULICS' },
  labour: [{ operationCode: 'HY-010', hoursMilli: 2000, standardHoursMilli: 2500 }],
  parts: [{ partNumber: 'HP-200', unitPriceMinor: 680000n, listPriceMinor: 680000n }],
  registration: {
    saleDate: '2026-03-01',
    policy: {
      terms: [
        { componentGroup: null, months: 12, meterLimit: 2000 },
        { componentGroup: 'HYDRAULICS', months: 24, meterLimit: 4000 },
      ],
      exclusions: ['WEAR_PARTS'],
      filingDeadlineDays: 30,
      duplicateWindowDays: 90,
    },
  },
  dealerAuthorised: true,
  earlierClaims: [],
  openCampaign: false,
  ...over,
});
const codes = (f: ClaimFacts) => checkClaim(f).map((x) => x.code);

describe('automatic checks on submit: one rule, one finding', () => {
  it('a clean claim has no findings', () => {
    expect(checkClaim(clean())).toEqual([]);
  });

  it('names each problem with its evidence', () => {
    expect(codes(clean({ registration: null }))).toEqual(['NO_REGISTRATION']);
    // the component group's own term (24 months / 4000 h) applies, whichever limit comes first
    expect(codes(clean({ repairDate: '2028-03-02', submittedOn: '2028-03-05' }))).toEqual(['OUTSIDE_WARRANTY_PERIOD']);
    const byMeter = checkClaim(clean({ meter: 4001 }));
    expect(byMeter).toEqual([
      expect.objectContaining({ code: 'OUTSIDE_WARRANTY_PERIOD', evidence: expect.objectContaining({ by: 'METER', meterLimit: 4000 }) }),
    ]);
    expect(codes(clean({ causalPart: { partNumber: 'T-1', componentGroup: 'WEAR_PARTS' } }))).toEqual(['COMPONENT_NOT_COVERED']);
    expect(codes(clean({ dealerAuthorised: false }))).toEqual(['DEALER_NOT_AUTHORISED']);
    expect(codes(clean({ labour: [{ operationCode: 'HY-010', hoursMilli: 3000, standardHoursMilli: 2500 }] }))).toEqual(['LABOUR_OVER_STANDARD']);
    expect(codes(clean({ parts: [{ partNumber: 'HP-200', unitPriceMinor: 700000n, listPriceMinor: 680000n }] }))).toEqual(['PART_OVER_LIST_PRICE']);
    expect(codes(clean({ earlierClaims: [{ number: 'WC-1', repairDate: '2026-09-01', causalPartNumber: 'HP-200', componentGroup: 'HYDRAULICS' }] }))).toEqual([
      'DUPLICATE_CLAIM',
    ]);
    expect(codes(clean({ submittedOn: '2026-12-21' }))).toEqual(['FILED_AFTER_DEADLINE']);
    expect(codes(clean({ type: 'CAMPAIGN' }))).toEqual(['NO_OPEN_CAMPAIGN']);
    const pre = { limitMinor: 1_000_000n, claimedMinor: 1_500_000n, approvedPreAuthorization: null };
    expect(codes(clean({ preAuthorization: pre }))).toEqual(['NO_PRE_AUTHORIZATION']);
    expect(codes(clean({ preAuthorization: { ...pre, approvedPreAuthorization: 'WC-PA-1' } }))).toEqual([]);
    expect(codes(clean({ preAuthorization: { ...pre, claimedMinor: 1_000_000n } }))).toEqual([]);
    expect(codes(clean({ type: 'PRE_AUTHORIZATION', preAuthorization: pre }))).toEqual([]);
  });

  it('the base term covers other groups; a duplicate outside the window is not one', () => {
    expect(codes(clean({ causalPart: { partNumber: 'E-1', componentGroup: 'ELECTRICAL' }, meter: 2100 }))).toEqual(['OUTSIDE_WARRANTY_PERIOD']);
    expect(codes(clean({ earlierClaims: [{ number: 'WC-1', repairDate: '2026-08-01', causalPartNumber: 'HP-200', componentGroup: 'HYDRAULICS' }] }))).toEqual(
      [],
    );
    expect(codes(clean({ type: 'GOODWILL', registration: null }))).toEqual([]); // goodwill is outside coverage by nature
  });

  it('adds months on the calendar', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-03-01', 24)).toBe('2028-03-01');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
  });
});

describe('三包: the Nth repair of the same fault', () => {
  const earlier = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      number: `WC-${i + 1}`,
      repairDate: `2026-0${i + 4}-10`,
      causalPartNumber: i % 2 ? 'HP-201' : 'HP-200',
      componentGroup: 'HYDRAULICS',
    }));
  const facts = (n: number) => ({
    repairDate: '2026-11-20',
    causalPart: { partNumber: 'HP-200', componentGroup: 'HYDRAULICS' },
    earlierClaims: earlier(n),
    warrantyStart: '2026-03-01',
    warrantyMonths: 24,
  });

  it('flags the third repair of the same component group, not the second', () => {
    expect(sanbaoEligible(facts(1), 3)).toEqual({ eligible: false, repairNo: 2, earlier: ['WC-1'] });
    expect(sanbaoEligible(facts(2), 3)).toEqual({ eligible: true, repairNo: 3, earlier: ['WC-1', 'WC-2'] });
  });

  it('counts only repairs inside the warranty period', () => {
    expect(sanbaoEligible({ ...facts(2), warrantyStart: '2026-05-01' }, 3).repairNo).toBe(2);
    expect(sanbaoEligible({ ...facts(2), repairDate: '2028-04-01' }, 3).eligible).toBe(false);
  });
});

describe('amounts', () => {
  it('partial approval needs a reason and stays within the claimed amount', () => {
    expect(approvedLineAmount(50000n, { approvedMinor: 50000n, reasonCode: null })).toBe(50000n);
    expect(approvedLineAmount(50000n, { approvedMinor: 30000n, reasonCode: 'LABOUR_CAPPED' })).toBe(30000n);
    expect(() => approvedLineAmount(50000n, { approvedMinor: 30000n, reasonCode: null })).toThrow(/reason code/);
    expect(() => approvedLineAmount(50000n, { approvedMinor: 60000n, reasonCode: 'X' })).toThrow(DomainError);
  });

  it('recovery shares are exact in minor units, rounded half up', () => {
    expect(recoveryAmount(680000n, 10_000)).toBe(680000n);
    expect(recoveryAmount(680001n, 5_000)).toBe(340001n); // 340000.5 → 340001
    expect(recoveryAmount(99n, 3_333)).toBe(33n);
    expect(() => recoveryAmount(1n, 10_001)).toThrow(DomainError);
  });
});

describe('evidence, decisions, tags, returns and recovery', () => {
  it('lists the evidence still missing, in a fixed order', () => {
    expect(missingEvidence([['FAILURE_PHOTO', 'METER_PHOTO'], ['DIAGNOSIS_REPORT']], ['METER_PHOTO', null])).toEqual(['FAILURE_PHOTO', 'DIAGNOSIS_REPORT']);
    expect(missingEvidence([['FAILURE_PHOTO']], ['FAILURE_PHOTO'])).toEqual([]);
    expect(missingEvidence([], [])).toEqual([]);
  });

  it('line decisions add up to approve, partially approve or reject', () => {
    expect(
      decisionOf([
        { claimedMinor: 100n, approvedMinor: 100n },
        { claimedMinor: 50n, approvedMinor: 50n },
      ]),
    ).toBe('APPROVE');
    expect(
      decisionOf([
        { claimedMinor: 100n, approvedMinor: 100n },
        { claimedMinor: 50n, approvedMinor: 0n },
      ]),
    ).toBe('PARTIALLY_APPROVE');
    expect(decisionOf([{ claimedMinor: 100n, approvedMinor: 0n }])).toBe('REJECT');
  });

  it('old-part tags carry a check character that catches a mistyped scan', () => {
    const code = partTagCode('HY-E001', 'WC-2026-000012', 2);
    expect(code).toMatch(/^HY-E001-WC-2026-000012-02-[0-9A-Z]$/);
    expect(partTagCode('HY-E002', 'WC-2026-000012', 2)).not.toBe(code);
    expect(isPartTagCode(code)).toBe(true);
    expect(isPartTagCode(code.toLowerCase())).toBe(true);
    expect(isPartTagCode(code.replace('-02-', '-03-'))).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 99 }), (n, pos) => {
        const c = partTagCode('HY-E001', `WC-2026-${String(n).padStart(6, '0')}`, pos);
        return isPartTagCode(c) && !isPartTagCode(c.slice(0, -1) + (c.endsWith('0') ? '1' : '0'));
      }),
    );
  });

  it('a returned part goes requested → shipped → received → inspected, never back', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PART_RETURN_EVENTS), { maxLength: 12 }), (events) => {
        const order = ['NOT_REQUESTED', 'REQUESTED', 'SHIPPED', 'RECEIVED', 'INSPECTED'];
        let s = partReturnMachine.initial;
        for (const e of events) {
          try {
            const next = transition(partReturnMachine, s, e);
            if (order.indexOf(next) <= order.indexOf(s)) return false;
            s = next;
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
          }
        }
        return true;
      }),
    );
  });

  it('a recovery is settled only after the supplier accepted it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...RECOVERY_EVENTS), { maxLength: 12 }), (events) => {
        let s = recoveryMachine.initial;
        let accepted = false;
        for (const e of events) {
          try {
            s = transition(recoveryMachine, s, e);
            if (s === 'ACCEPTED') accepted = true;
            if (s === 'SETTLED' && !accepted) return false;
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
          }
        }
        return true;
      }),
    );
    expect(recoveryMachine.terminal).toEqual(['SETTLED', 'WITHDRAWN']);
  });
});

describe('the inspection of a returned part (鉴定)', () => {
  const lines = [
    { id: 'l1', kind: 'LABOUR' as const, partNumber: null, approvedMinor: 42000n },
    { id: 'l2', kind: 'PART' as const, partNumber: 'HP-200', approvedMinor: 680000n },
    { id: 'l3', kind: 'PART' as const, partNumber: 'SEAL-9', approvedMinor: 3500n },
    { id: 'l4', kind: 'SUBLET' as const, partNumber: null, approvedMinor: 0n },
  ];
  it('confirmed or supplier-caused changes nothing', () => {
    expect(inspectionChargeBack(lines, { lineId: 'l2', result: 'CONFIRMED' }, 'HP-200')).toEqual([]);
    expect(inspectionChargeBack(lines, { lineId: 'l2', result: 'SUPPLIER_CAUSED' }, 'HP-200')).toEqual([]);
  });
  it('not confirmed on the causal part charges back every line still paid', () => {
    expect(inspectionChargeBack(lines, { lineId: 'l2', result: 'NOT_CONFIRMED' }, 'HP-200')).toEqual([
      { lineId: 'l1', approvedMinor: 0n, reasonCode: 'FAILURE_NOT_CONFIRMED' },
      { lineId: 'l2', approvedMinor: 0n, reasonCode: 'FAILURE_NOT_CONFIRMED' },
      { lineId: 'l3', approvedMinor: 0n, reasonCode: 'FAILURE_NOT_CONFIRMED' },
    ]);
  });
  it('not confirmed on another part charges back that line only', () => {
    expect(inspectionChargeBack(lines, { lineId: 'l3', result: 'NOT_CONFIRMED' }, 'HP-200')).toEqual([
      { lineId: 'l3', approvedMinor: 0n, reasonCode: 'FAILURE_NOT_CONFIRMED' },
    ]);
  });
  it('a part that is not a line of the claim is refused', () => {
    expect(() => inspectionChargeBack(lines, { lineId: 'x', result: 'NOT_CONFIRMED' }, 'HP-200')).toThrow(DomainError);
  });
  it('never raises an amount, and charges back only to zero', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom('LABOUR' as const, 'PART' as const, 'SUBLET' as const),
            partNumber: fc.constantFrom('A', 'B', null),
            approvedMinor: fc.bigInt({ min: 0n, max: 10n ** 9n }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.nat(),
        fc.constantFrom('CONFIRMED' as const, 'NOT_CONFIRMED' as const, 'SUPPLIER_CAUSED' as const),
        (raw, pick, result) => {
          const ls = raw.map((l, i) => ({ ...l, id: `l${i}` }));
          const target = ls[pick % ls.length]!;
          const changes = inspectionChargeBack(ls, { lineId: target.id, result }, 'A');
          if (result !== 'NOT_CONFIRMED') return changes.length === 0;
          return (
            changes.every((c) => c.approvedMinor === 0n && ls.find((l) => l.id === c.lineId)!.approvedMinor > 0n) &&
            (target.approvedMinor === 0n || changes.some((c) => c.lineId === target.id))
          );
        },
      ),
    );
  });
});
