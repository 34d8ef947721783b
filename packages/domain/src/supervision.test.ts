import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { evaluateFigure } from './figures/figures.js';
import {
  assertAppealWindow,
  checkPlan,
  dueAfterDays,
  isPlanFigure,
  judgeTarget,
  planMachine,
  planWindow,
  warningLapses,
  warningMachine,
  warningTransition,
  type PlanTarget,
} from './supervision.js';

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).reason;
  }
  throw new Error('expected a refusal');
}

describe('warnings', () => {
  it('the cure is due at the end of the local day, in the manufacturer’s zone', () => {
    // issued on 3 March in Shanghai with 7 days: due at 11 March 00:00 Shanghai = 10 March 16:00 UTC
    expect(dueAfterDays('2026-03-03', 7, 'Asia/Shanghai').toISOString()).toBe('2026-03-10T16:00:00.000Z');
    expect(dueAfterDays('2026-03-03', 1, 'UTC').toISOString()).toBe('2026-03-05T00:00:00.000Z');
  });

  it('notice → cure reported → rejected → appeal → dismissed → lapsed; final states accept nothing', () => {
    const w = { status: 'ISSUED' as const, kind: 'WARNING' as const, appealedAt: null, number: 'WN-2026-000001' };
    expect(warningTransition(w, 'REPORT_CURE')).toBe('CURE_REPORTED');
    expect(warningTransition({ ...w, status: 'CURE_REPORTED' }, 'REJECT_CURE')).toBe('ISSUED');
    expect(warningTransition({ ...w, status: 'CURE_REPORTED' }, 'ACCEPT_CURE')).toBe('CURED');
    expect(warningTransition(w, 'APPEAL')).toBe('APPEALED');
    expect(warningTransition({ ...w, status: 'APPEALED' }, 'DISMISS_APPEAL')).toBe('ISSUED');
    expect(warningTransition({ ...w, status: 'APPEALED' }, 'UPHOLD_APPEAL')).toBe('WITHDRAWN');
    expect(warningTransition(w, 'LAPSE')).toBe('LAPSED');
    expect([...warningMachine.terminal].sort()).toEqual(['CURED', 'LAPSED', 'PENALTY_CONFIRMED', 'WITHDRAWN']);
    expect(reasonOf(() => warningTransition({ ...w, status: 'CURE_REPORTED' }, 'LAPSE'))).toBe('WRONG_STATUS');
  });

  it('one appeal; only a penalty is confirmed; the appeal window closes at its instant', () => {
    const w = { status: 'ISSUED' as const, kind: 'WARNING' as const, appealedAt: new Date(), number: 'WN-2026-000001' };
    expect(reasonOf(() => warningTransition(w, 'APPEAL'))).toBe('WARNING_SECOND_APPEAL');
    expect(reasonOf(() => warningTransition({ ...w, status: 'APPEALED' }, 'CONFIRM_PENALTY'))).toBe('NOT_A_PENALTY');
    expect(warningTransition({ ...w, kind: 'PENALTY', status: 'APPEALED' }, 'CONFIRM_PENALTY')).toBe('PENALTY_CONFIRMED');
    const appealDueAt = new Date('2026-03-10T16:00:00Z');
    expect(() => assertAppealWindow({ appealDueAt }, new Date('2026-03-10T15:59:00Z'), '2026-03-10')).not.toThrow();
    expect(reasonOf(() => assertAppealWindow({ appealDueAt }, appealDueAt, '2026-03-10'))).toBe('APPEAL_WINDOW_CLOSED');
  });

  it('lapses only while ISSUED, from the due instant', () => {
    const cureDueAt = new Date('2026-03-10T16:00:00Z');
    expect(warningLapses({ status: 'ISSUED', cureDueAt }, new Date('2026-03-10T15:59:00Z'))).toBe(false);
    expect(warningLapses({ status: 'ISSUED', cureDueAt }, cureDueAt)).toBe(true);
    expect(warningLapses({ status: 'CURE_REPORTED', cureDueAt }, cureDueAt)).toBe(false);
  });
});

describe('improvement plans', () => {
  const targets: PlanTarget[] = [{ figureId: 'satisfaction', target: 0.9, by: '2026-03-10' }];
  const plan = { status: 'ACTIVE' as const, targets, actions: [{ text: '培训', owner: '王经理', due: '2026-03-05', doneAt: null }] };
  const sat = (yes: number, all: number) => evaluateFigure('satisfaction', { 'sat.satisfied': yes, 'sat.answers': all });

  it('a rate below its target stays ACTIVE; meeting every target is MET; a target day passed unmet is MISSED', () => {
    const below = checkPlan(plan, [sat(17, 20)], '2026-03-02');
    expect(below.targets[0]).toMatchObject({ judgement: 'BELOW', value: 0.85, sample: 20 });
    expect(below.event).toBeNull();
    expect(checkPlan(plan, [sat(19, 20)], '2026-03-03').event).toBe('MEET');
    expect(checkPlan(plan, [sat(17, 20)], '2026-03-10').event).toBeNull();
    expect(checkPlan(plan, [sat(17, 20)], '2026-03-11').event).toBe('MISS');
  });

  it('too few answers is TOO_FEW (never met), and misses after its day', () => {
    const few = checkPlan(plan, [sat(5, 5)], '2026-03-02');
    expect(few.targets[0]!.judgement).toBe('TOO_FEW');
    expect(few.event).toBeNull();
    expect(checkPlan(plan, [sat(5, 5)], '2026-03-11').event).toBe('MISS');
  });

  it('overdue actions: due before today and not done; a plan not ACTIVE fires nothing', () => {
    expect(checkPlan(plan, [sat(17, 20)], '2026-03-05').overdueActions).toEqual([]);
    expect(checkPlan(plan, [sat(17, 20)], '2026-03-06').overdueActions).toEqual([0]);
    expect(checkPlan({ ...plan, actions: [{ ...plan.actions[0]!, doneAt: '2026-03-04' }] }, [sat(17, 20)], '2026-03-06').overdueActions).toEqual([]);
    expect(checkPlan({ ...plan, status: 'MET' }, [sat(19, 20)], '2026-03-03').event).toBeNull();
  });

  it('a LOWER figure meets at or below its target; volumes are not targets', () => {
    expect(judgeTarget({ value: 0.02, tooFew: false, better: 'LOWER' }, 0.03)).toBe('MEETS');
    expect(judgeTarget({ value: 0.04, tooFew: false, better: 'LOWER' }, 0.03)).toBe('BELOW');
    expect(isPlanFigure('repairVolume')).toBe(false);
    expect(isPlanFigure('satisfaction')).toBe(true);
  });

  it('the window runs from activation to today, or the last target day', () => {
    expect(planWindow({ activatedOn: null, targets }, '2026-03-02')).toBeNull();
    expect(planWindow({ activatedOn: '2026-03-01', targets }, '2026-03-04')).toEqual({ from: '2026-03-01', to: '2026-03-04' });
    expect(planWindow({ activatedOn: '2026-03-01', targets }, '2026-03-20')).toEqual({ from: '2026-03-01', to: '2026-03-10' });
    expect([...planMachine.terminal].sort()).toEqual(['CLOSED', 'MET', 'MISSED']);
  });
});
