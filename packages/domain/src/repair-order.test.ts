import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { allowedEvents, nextState, transition } from './fsm.js';
import {
  PAY_TYPES,
  lineAmountMinor,
  orderTotals,
  type PayType,
  REPAIR_ORDER_EVENTS,
  REPAIR_ORDER_STATES,
  repairOrderMachine as ro,
  visitMachine,
  type RepairOrderEvent,
  type RepairOrderState,
} from './repair-order.js';

const run = (events: RepairOrderEvent[], from: RepairOrderState = 'APPOINTED') => events.reduce<RepairOrderState>((s, e) => transition(ro, s, e), from);

describe('repair order state machine (domain.md §3)', () => {
  it('has exactly the states of the spec, with DELIVERED and CANCELLED terminal', () => {
    expect([...ro.states].sort()).toEqual([...REPAIR_ORDER_STATES].sort());
    expect([...ro.terminal].sort()).toEqual(['CANCELLED', 'DELIVERED']);
  });

  it('walks the happy path from appointment to delivery', () => {
    expect(run(['CHECK_IN', 'DIAGNOSE', 'ESTIMATE', 'APPROVE', 'START_WORK', 'FINISH_WORK', 'PASS_QC', 'SETTLE', 'DELIVER'])).toBe('DELIVERED');
  });

  it('pauses for additional work and parts, and sends a failed QC back to the workshop', () => {
    const path: RepairOrderEvent[] = [
      'CHECK_IN',
      'DIAGNOSE',
      'ESTIMATE',
      'APPROVE',
      'START_WORK',
      'PROPOSE_ADDITIONAL_WORK',
      'DECIDE_ADDITIONAL_WORK',
      'WAIT_FOR_PARTS',
      'PARTS_ARRIVED',
      'FINISH_WORK',
      'FAIL_QC',
      'FINISH_WORK',
      'PASS_QC',
    ];
    expect(run(path)).toBe('READY');
  });

  it('allows cancelling only before the estimate is approved', () => {
    for (const s of ['APPOINTED', 'CHECKED_IN', 'DIAGNOSED', 'ESTIMATED'] as const) expect(nextState(ro, s, 'CANCEL')).toBe('CANCELLED');
    for (const s of ['APPROVED', 'IN_PROGRESS', 'QC', 'READY', 'SETTLED', 'DELIVERED'] as const) {
      expect(() => transition(ro, s, 'CANCEL')).toThrow(DomainError);
    }
  });

  it('refuses to settle an order that is still in progress, naming what is allowed', () => {
    try {
      transition(ro, 'IN_PROGRESS', 'SETTLE');
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).code).toBe('INVALID_TRANSITION');
      expect((e as DomainError).message).toBe(
        'Repair order cannot SETTLE while IN_PROGRESS; allowed now: PROPOSE_ADDITIONAL_WORK, WAIT_FOR_PARTS, FINISH_WORK.',
      );
    }
  });

  it('exhaustively: exactly these 19 moves exist; every other (state, event) pair is refused', () => {
    const spec = [
      'APPOINTED --CHECK_IN--> CHECKED_IN',
      'APPOINTED --CANCEL--> CANCELLED',
      'CHECKED_IN --DIAGNOSE--> DIAGNOSED',
      'CHECKED_IN --CANCEL--> CANCELLED',
      'DIAGNOSED --ESTIMATE--> ESTIMATED',
      'DIAGNOSED --CANCEL--> CANCELLED',
      'ESTIMATED --APPROVE--> APPROVED',
      'ESTIMATED --DECLINE_ESTIMATE--> ESTIMATED',
      'ESTIMATED --ESTIMATE--> ESTIMATED',
      'ESTIMATED --CANCEL--> CANCELLED',
      'APPROVED --START_WORK--> IN_PROGRESS',
      'IN_PROGRESS --PROPOSE_ADDITIONAL_WORK--> AWAITING_APPROVAL',
      'IN_PROGRESS --WAIT_FOR_PARTS--> AWAITING_PARTS',
      'IN_PROGRESS --FINISH_WORK--> QC',
      'AWAITING_APPROVAL --DECIDE_ADDITIONAL_WORK--> IN_PROGRESS',
      'AWAITING_PARTS --PARTS_ARRIVED--> IN_PROGRESS',
      'QC --PASS_QC--> READY',
      'QC --FAIL_QC--> IN_PROGRESS',
      'READY --SETTLE--> SETTLED',
      'SETTLED --DELIVER--> DELIVERED',
    ];
    const actual: string[] = [];
    for (const s of REPAIR_ORDER_STATES) {
      for (const e of REPAIR_ORDER_EVENTS) {
        const to = nextState(ro, s, e);
        if (to) {
          actual.push(`${s} --${e}--> ${to}`);
          expect(transition(ro, s, e)).toBe(to);
        } else {
          expect(() => transition(ro, s, e)).toThrow(/cannot/);
        }
      }
    }
    expect(actual.sort()).toEqual([...spec].sort());
  });

  it('property: no event sequence reaches a state outside the spec, settles before QC passed, or leaves a terminal state', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...REPAIR_ORDER_EVENTS), { maxLength: 60 }), (events) => {
        let state: RepairOrderState = 'APPOINTED';
        let passedQc = false;
        for (const event of events) {
          const before = state;
          try {
            state = transition(ro, state, event);
          } catch (e) {
            expect((e as DomainError).code).toBe('INVALID_TRANSITION');
            continue;
          }
          expect(ro.terminal).not.toContain(before);
          if (event === 'PASS_QC') passedQc = true;
          if (state === 'SETTLED' || state === 'DELIVERED') expect(passedQc).toBe(true);
          expect(REPAIR_ORDER_STATES).toContain(state);
          expect(allowedEvents(ro, before)).toContain(event);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('on-site visit: scheduled → en route (ETA may be revised) → arrived → finished', () => {
    const s = ['DEPART', 'REVISE_ETA', 'REVISE_ETA', 'ARRIVE', 'FINISH'].reduce((st, e) => transition(visitMachine, st, e as never), visitMachine.initial);
    expect(s).toBe('FINISHED');
    expect(() => transition(visitMachine, 'SCHEDULED', 'ARRIVE')).toThrow(/cannot ARRIVE while SCHEDULED/);
    expect(() => transition(visitMachine, 'ARRIVED', 'CANCEL')).toThrow(DomainError);
  });
});

describe('settlement totals', () => {
  const line = (kind: 'LABOUR' | 'PART', payType: PayType, amount: bigint, status: 'APPROVED' | 'DECLINED' | 'PROPOSED' = 'APPROVED') => ({
    kind,
    payType,
    amountMinor: amount,
    status,
  });

  it('prices labour as hours × rate and parts as quantity × unit price, in minor units', () => {
    expect(lineAmountMinor({ kind: 'LABOUR', hoursMilli: 1500, rateMinor: 12000n })).toBe(18000n);
    expect(lineAmountMinor({ kind: 'PART', quantityMilli: 3000, unitPriceMinor: 4550n })).toBe(13650n);
  });

  it('totals approved lines per pay type; declined and proposed lines do not count', () => {
    const t = orderTotals(
      [
        line('LABOUR', 'CUSTOMER', 18000n),
        line('PART', 'CUSTOMER', 13650n),
        line('PART', 'WARRANTY', 99900n),
        line('LABOUR', 'CUSTOMER', 5000n, 'DECLINED'),
        line('PART', 'CUSTOMER', 7000n, 'PROPOSED'),
      ],
      1650n,
    );
    expect(t.byPayType).toMatchObject({ CUSTOMER: 31650n, WARRANTY: 99900n, CONTRACT: 0n });
    expect(t).toMatchObject({ labour: 18000n, parts: 113550n, gross: 131550n, discount: 1650n, customerPays: 30000n });
  });

  it('refuses a discount larger than the customer share', () => {
    expect(() => orderTotals([line('PART', 'WARRANTY', 1000n)], 1n)).toThrow(/between 0 and the customer's share \(0/);
  });

  it('property: the pay-type totals always add up to the gross, and the customer never pays below zero', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom('LABOUR' as const, 'PART' as const),
            payType: fc.constantFrom(...PAY_TYPES),
            amountMinor: fc.bigInt({ min: 0n, max: 10n ** 12n }),
            status: fc.constantFrom('APPROVED' as const, 'DECLINED' as const),
          }),
        ),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        (lines, wish) => {
          const customer = lines.filter((l) => l.status === 'APPROVED' && l.payType === 'CUSTOMER').reduce((a, l) => a + l.amountMinor, 0n);
          const discount = wish > customer ? customer : wish;
          const t = orderTotals(lines, discount);
          expect(Object.values(t.byPayType).reduce((a, b) => a + b, 0n)).toBe(t.gross);
          expect(t.customerPays >= 0n).toBe(true);
        },
      ),
    );
  });
});
