import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import {
  COMPLAINT_EVENTS,
  COMPLAINT_OPEN,
  COST_BEARERS,
  MAX_ESCALATION_LEVEL,
  complaintAgeing,
  complaintMachine,
  complaintTransition,
  costShares,
  costSplitProblems,
  escalationDue,
  escalationPlan,
  goesToManufacturer,
  ratingOutcome,
  type ComplaintEvent,
  type ComplaintState,
  type CostSplit,
} from './complaint.js';

const reasonOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as DomainError).details?.reason as string | undefined;
  }
};

/** Plays events against the guarded machine as the API would: refused events change nothing. */
function play(events: ComplaintEvent[], rootCause: string | null) {
  const c = { status: 'RECEIVED' as ComplaintState, escalationLevel: 0, rootCause, number: 'CP-1' };
  const trail: ComplaintState[] = [c.status];
  for (const e of events) {
    try {
      c.status = complaintTransition(c, e);
      if (e === 'ESCALATE') c.escalationLevel += 1;
      trail.push(c.status);
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('INVALID_TRANSITION');
    }
  }
  return { c, trail };
}

describe('the complaint lifecycle (domain.md §7)', () => {
  it('walks the happy path and the reopening loop', () => {
    const { trail } = play(['ACKNOWLEDGE', 'INVESTIGATE', 'RESOLVE', 'REOPEN', 'INVESTIGATE', 'RESOLVE', 'CLOSE'], 'hose clamp loose');
    expect(trail).toEqual(['RECEIVED', 'ACKNOWLEDGED', 'INVESTIGATING', 'RESOLVED', 'REOPENED', 'INVESTIGATING', 'RESOLVED', 'CLOSED']);
  });

  it('refuses what the diagram does not draw with INVALID_TRANSITION', () => {
    expect(reasonOf(() => complaintTransition({ status: 'RECEIVED', escalationLevel: 0, rootCause: null }, 'RESOLVE'))).toBe('WRONG_STATUS');
    expect(reasonOf(() => complaintTransition({ status: 'CLOSED', escalationLevel: 0, rootCause: 'x' }, 'REOPEN'))).toBe('WRONG_STATUS');
    expect(reasonOf(() => complaintTransition({ status: 'RESOLVED', escalationLevel: 0, rootCause: 'x' }, 'ESCALATE'))).toBe('WRONG_STATUS');
  });

  it('resolves only after the root cause is recorded', () => {
    expect(reasonOf(() => complaintTransition({ status: 'INVESTIGATING', escalationLevel: 0, rootCause: '  ' }, 'RESOLVE'))).toBe('ROOT_CAUSE_FIRST');
    expect(complaintTransition({ status: 'INVESTIGATING', escalationLevel: 0, rootCause: 'wrong torque' }, 'RESOLVE')).toBe('RESOLVED');
  });

  it('escalates two steps and no further', () => {
    const c = { status: 'INVESTIGATING' as ComplaintState, escalationLevel: 0, rootCause: null };
    c.status = complaintTransition(c, 'ESCALATE');
    c.escalationLevel = 1;
    c.status = complaintTransition(c, 'ESCALATE');
    c.escalationLevel = 2;
    expect(c.status).toBe('ESCALATED');
    expect(reasonOf(() => complaintTransition(c, 'ESCALATE'))).toBe('ESCALATED_TO_THE_TOP');
  });

  it('property: any sequence of events keeps to the machine — escalation ≤ 2, CLOSED is final, RESOLVED only with a root cause', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...COMPLAINT_EVENTS), { maxLength: 40 }),
        fc.option(fc.constantFrom('worn seal', ''), { nil: null }),
        (events, rootCause) => {
          const { c, trail } = play(events, rootCause);
          expect(c.escalationLevel).toBeLessThanOrEqual(MAX_ESCALATION_LEVEL);
          for (let i = 1; i < trail.length; i++) {
            // every step taken is an edge of the machine
            expect(Object.values(complaintMachine.table[trail[i - 1]!])).toContain(trail[i]);
          }
          const closedAt = trail.indexOf('CLOSED');
          if (closedAt >= 0) expect(closedAt).toBe(trail.length - 1);
          if (!rootCause) expect(trail).not.toContain('RESOLVED');
        },
      ),
    );
  });

  it('property: every open state can still reach CLOSED', () => {
    for (const s of COMPLAINT_OPEN) {
      const seen = new Set<string>([s]);
      const todo: string[] = [s];
      while (todo.length)
        for (const to of Object.values(complaintMachine.table[todo.pop() as ComplaintState])) if (!seen.has(to)) (seen.add(to), todo.push(to));
      expect(seen.has('CLOSED')).toBe(true);
    }
  });
});

describe('escalation by age', () => {
  const from = new Date('2026-12-01T02:00:00Z');
  const s = { escalateHours: 48, escalate2Hours: 96 };

  it('plans each step ahead of the complaint from when it was received', () => {
    expect(escalationPlan({ clockFrom: from, escalationLevel: 0 }, s)).toEqual([
      { level: 1, at: new Date('2026-12-03T02:00:00Z') },
      { level: 2, at: new Date('2026-12-05T02:00:00Z') },
    ]);
    expect(escalationPlan({ clockFrom: from, escalationLevel: 1 }, s)).toEqual([{ level: 2, at: new Date('2026-12-05T02:00:00Z') }]);
    expect(escalationPlan({ clockFrom: from, escalationLevel: 2 }, s)).toEqual([]);
  });

  it('is due exactly at its time, not a minute before, and only while the complaint is open and below the level', () => {
    const at = new Date('2026-12-03T02:00:00Z');
    const open = { status: 'ACKNOWLEDGED' as ComplaintState, escalationLevel: 0 };
    expect(escalationDue(open, 1, at, new Date(at.getTime() - 60_000))).toBe(false);
    expect(escalationDue(open, 1, at, at)).toBe(true);
    expect(escalationDue({ ...open, status: 'RESOLVED' }, 1, at, at)).toBe(false);
    expect(escalationDue({ ...open, escalationLevel: 1 }, 1, at, at)).toBe(false);
  });

  it('ages the inbox: overdue to acknowledge, to resolve, escalated', () => {
    const c = {
      status: 'RECEIVED' as ComplaintState,
      receivedAt: from,
      ackDueAt: new Date('2026-12-02T02:00:00Z'),
      resolveDueAt: new Date('2026-12-03T02:00:00Z'),
      escalationLevel: 0,
    };
    expect(complaintAgeing(c, new Date('2026-12-02T01:59:00Z'))).toEqual({ overdueToAcknowledge: false, overdueToResolve: false, escalated: false });
    expect(complaintAgeing(c, new Date('2026-12-03T03:00:00Z'))).toEqual({ overdueToAcknowledge: true, overdueToResolve: true, escalated: false });
    expect(complaintAgeing({ ...c, status: 'CLOSED' }, new Date('2026-12-09T00:00:00Z')).overdueToResolve).toBe(false);
  });
});

describe('the cost of a resolution', () => {
  it('must add up to 100 %', () => {
    expect(costSplitProblems({ DEALER: 50, MANUFACTURER: 30, GOODWILL: 20 })).toEqual([]);
    expect(costSplitProblems({ DEALER: 50, MANUFACTURER: 30 })).toEqual([{ field: '', reason: 'COST_SPLIT_NOT_100', total: 80 }]);
    expect(costSplitProblems({ DEALER: 101 })).toEqual([{ field: 'dealer', reason: 'OUT_OF_RANGE' }]);
    expect(costSplitProblems({ DEALER: 50.5, CUSTOMER: 49.5 })).toHaveLength(2);
  });

  it('property: the shares add up to the cost, each within a minor unit of its percentage', () => {
    const split = fc
      .array(fc.nat(100), { minLength: 4, maxLength: 4 })
      .filter((a) => a.reduce((s, x) => s + x, 0) <= 100)
      .map((a) => Object.fromEntries(COST_BEARERS.map((b, i) => [b, i < 4 ? a[i]! : 100 - a.reduce((s, x) => s + x, 0)])) as CostSplit);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10_000_000_00n }), split, (cost, sp) => {
        const shares = costShares(cost, sp);
        expect(Object.values(shares).reduce((s, v) => s + v, 0n)).toBe(cost);
        for (const b of COST_BEARERS) {
          const exact = (cost * BigInt(sp[b])) / 100n;
          expect(shares[b] - exact).toBeGreaterThanOrEqual(0n);
          expect(shares[b] - exact).toBeLessThanOrEqual(1n);
          if (sp[b] === 0) expect(shares[b]).toBe(0n);
        }
      }),
    );
  });

  it('splits ¥1,000.01 by 1/3 each without losing a fen', () => {
    const shares = costShares(100_001n, { DEALER: 34, MANUFACTURER: 33, SUPPLIER: 33, CUSTOMER: 0, GOODWILL: 0 });
    expect(shares.DEALER + shares.MANUFACTURER + shares.SUPPLIER).toBe(100_001n);
  });
});

describe('the customer’s answer and where a complaint goes', () => {
  it('closes when satisfied, reopens when not; a low rating asks for a recovery task', () => {
    expect(ratingOutcome(5, true)).toEqual({ event: 'CLOSE', recoveryTask: false });
    expect(ratingOutcome(2, true)).toEqual({ event: 'CLOSE', recoveryTask: true });
    expect(ratingOutcome(1, false)).toEqual({ event: 'REOPEN', recoveryTask: true });
    expect(ratingOutcome(3, false)).toEqual({ event: 'REOPEN', recoveryTask: false });
  });

  it('sends product quality and the second escalation to the manufacturer, the rest stays with the provider', () => {
    expect(goesToManufacturer({ category: 'PRODUCT_QUALITY', escalationLevel: 0 })).toBe(true);
    expect(goesToManufacturer({ category: 'ATTITUDE', escalationLevel: 1 })).toBe(false);
    expect(goesToManufacturer({ category: 'ATTITUDE', escalationLevel: 2 })).toBe(true);
  });
});
