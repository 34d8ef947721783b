import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import {
  FIGURES,
  FIGURE_IDS,
  FIGURE_LIST,
  addMeasureSums,
  evaluateFigure,
  evaluateFigures,
  figureMeasures,
  figureIsProvisional,
  figuresOf,
  judgeFigure,
  perMember,
  type FigureId,
  type FigureResult,
} from './figures.js';
import { measuresRead, type MeasureSums } from './measures.js';

/**
 * Dealer A, one month (every repairer figure above its minimum sample). The expected values below
 * are computed by hand from these numbers.
 */
const dealerA: MeasureSums = {
  'ro.delivered': 40,
  'ro.onSite': 4,
  'ro.cycleMinutes': 36_000,
  'ro.cycleCount': 30,
  'ro.byType:CUSTOMER': 25,
  'ro.byType:WARRANTY': 10,
  'ro.byType:CONTRACT': 2,
  'ro.byType:GOODWILL': 1,
  'ro.byType:INTERNAL': 2,
  'rev:CUSTOMER': 1_250_000,
  'rev:WARRANTY': 480_000,
  'rev:CONTRACT': 60_000,
  'rev:GOODWILL': 15_000,
  'rev:INTERNAL': 30_000,
  'ro.reworked': 2,
  'ro.comeback': 3,
  'ro.firstTimeFix': 36, // 40 − 2 reworked − 3 comebacks + 1 order that was both
  'ro.complete': 38,
  'qc.passed': 40,
  'qc.passedHeld': 39,
  'wc.submitted': 12,
  'wc.claimedMinor': 960_000,
  'wc.decided': 10,
  'wc.approved': 8,
  'wc.approvedMinor': 610_000,
  'wc.rejected': 2,
  'wc.rejected:LATE_FILING': 1,
  'wc.rejected:NOT_COVERED': 1,
  'wc.reviewMinutes': 14_400,
  'cp.received': 25,
  'cp.acknowledged': 24,
  'cp.ackMinutes': 720,
  'cp.resolved': 20,
  'cp.resolveMinutes': 57_600,
  'cp.escalated': 2,
  'fu.warrantyDue': 20,
  'fu.warrantyDone': 19,
  'sat.answers': 50,
  'sat.satisfied': 49,
  'sla.met': 18,
  'sla.breached': 2,
  // five surveys on one indicator: Σ expected 20 (Y' = 4), Σ actual 22 (Y = 4.4)
  'csi.n:STAFF_ATTITUDE': 5,
  'csi.expected:STAFF_ATTITUDE': 20,
  'csi.actual:STAFF_ATTITUDE': 22,
};

/** Supplier S, one month of parts orders it sold. */
const supplierS: MeasureSums = {
  'po.linesOrdered': 200,
  'po.linesFilled': 184,
  'po.backorderLines': 16,
  'po.backorderDays': 72,
  'po.emergencyDue': 12,
  'po.emergencyKept': 11,
  'po.shipLines': 250,
  'po.shipLinesAccurate': 246,
};

const value = (id: FigureId, sums: MeasureSums) => evaluateFigure(id, sums).value;

describe('the catalogue', () => {
  it('lists every figure once, each under its own id, at version 1', () => {
    expect(new Set(FIGURE_IDS).size).toBe(FIGURE_IDS.length);
    expect(FIGURE_IDS).toHaveLength(28);
    for (const id of FIGURE_IDS) {
      expect(FIGURES[id].id).toBe(id);
      expect(FIGURES[id].version).toBe(1);
      expect(Number.isInteger(FIGURES[id].minSample) && FIGURES[id].minSample >= 0).toBe(true);
    }
    expect(FIGURE_LIST.map((f) => f.id)).toEqual([...FIGURE_IDS]);
  });

  it("takes the seeds' targets and no others", () => {
    const targets = Object.fromEntries(FIGURE_LIST.filter((f) => f.target !== null).map((f) => [f.id, f.target]));
    expect(targets).toEqual({ followUpRateInWarranty: 1, satisfaction: 0.98, inspectorAccuracy: 0.97, shipmentAccuracy: 0.98 });
    for (const f of FIGURE_LIST) if (f.target !== null) expect(f.better).not.toBeNull();
  });

  it('has the parts figures on the supplier and the rest on the repairer', () => {
    expect(figuresOf('SUPPLIER').map((f) => f.id)).toEqual(['partsFillRate', 'backorderAge', 'emergencyPromiseKept', 'shipmentAccuracy']);
    expect(figuresOf('REPAIRER')).toHaveLength(24);
  });

  it('refuses an unknown figure', () => {
    expect(() => evaluateFigure('nope' as FigureId, {})).toThrow(DomainError);
  });
});

describe('every figure by hand (dealer A, supplier S)', () => {
  it('repair volume: Σ delivered orders, by main pay type (INTERNAL included)', () => {
    // 25 + 10 + 2 + 1 + 2 = 40 = ro.delivered
    expect(evaluateFigure('repairVolume', dealerA)).toMatchObject({
      value: 40,
      sample: 40,
      tooFew: false,
      breakdown: { CUSTOMER: 25, WARRANTY: 10, CONTRACT: 2, GOODWILL: 1, INTERNAL: 2 },
    });
    // a pay type with no key is 0
    expect(evaluateFigure('repairVolume', { 'ro.delivered': 1, 'ro.byType:CUSTOMER': 1 }).breakdown).toEqual({
      CUSTOMER: 1,
      WARRANTY: 0,
      CONTRACT: 0,
      GOODWILL: 0,
      INTERNAL: 0,
    });
  });

  it('revenue: Σ approved amounts by pay type, INTERNAL not revenue, exact minor units', () => {
    // 1 250 000 + 480 000 + 60 000 + 15 000 = 1 805 000 (the 30 000 INTERNAL left out)
    const r = evaluateFigure('revenueByPayType', dealerA);
    expect(r.value).toBe(1_805_000);
    expect(r.unit).toBe('MONEY_MINOR');
    expect(r.breakdown).toEqual({ CUSTOMER: 1_250_000, WARRANTY: 480_000, CONTRACT: 60_000, GOODWILL: 15_000 });
  });

  it('cycle time: Σ minutes / orders with a check-in', () => {
    // 36 000 / 30 = 1 200 minutes (20 h)
    expect(evaluateFigure('cycleTime', dealerA)).toMatchObject({ value: 1200, sample: 30, numerator: 36_000, denominator: 30 });
  });

  it('workshop quality rates over delivered orders', () => {
    expect(value('firstTimeFixRate', dealerA)).toBe(0.9); // 36 / 40
    expect(value('comebackRate', dealerA)).toBe(0.075); // 3 / 40
    expect(value('reworkRate', dealerA)).toBe(0.05); // 2 / 40
    expect(value('recordCompleteness', dealerA)).toBe(0.95); // 38 / 40
    expect(value('inspectorAccuracy', dealerA)).toBe(0.975); // 39 / 40
  });

  it('warranty claims', () => {
    expect(value('claimCount', dealerA)).toBe(12);
    expect(evaluateFigure('claimAmount', dealerA)).toMatchObject({ value: 960_000, sample: 12 });
    expect(evaluateFigure('claimApprovedAmount', dealerA)).toMatchObject({ value: 610_000, sample: 8 });
    expect(evaluateFigure('rejectionRate', dealerA)).toMatchObject({ value: 0.2, sample: 10 }); // 2 / 10 decided
    expect(evaluateFigure('rejectionsByReason', dealerA)).toMatchObject({ value: 2, breakdown: { LATE_FILING: 1, NOT_COVERED: 1 } });
    expect(value('reviewTime', dealerA)).toBe(1440); // 14 400 / 10 = 1 440 minutes (one day)
  });

  it('parts (the supplier)', () => {
    expect(value('partsFillRate', supplierS)).toBe(0.92); // 184 / 200
    expect(value('backorderAge', supplierS)).toBe(4.5); // 72 days / 16 lines
    expect(value('emergencyPromiseKept', supplierS)).toBeCloseTo(11 / 12, 12); // 0.91666…
    expect(value('shipmentAccuracy', supplierS)).toBe(0.984); // 246 / 250
  });

  it('complaints', () => {
    expect(value('complaintCount', dealerA)).toBe(25);
    expect(value('timeToAcknowledge', dealerA)).toBe(30); // 720 / 24
    expect(value('timeToResolve', dealerA)).toBe(2880); // 57 600 / 20 = 48 h
    expect(value('escalations', dealerA)).toBe(2);
    expect(value('escalationRate', dealerA)).toBe(0.08); // 2 / 25
  });

  it('follow-up, satisfaction and SLA', () => {
    expect(value('followUpRateInWarranty', dealerA)).toBe(0.95); // 19 / 20
    expect(value('satisfaction', dealerA)).toBe(0.98); // 49 / 50
    expect(value('slaBreaches', dealerA)).toBe(2);
    expect(evaluateFigure('slaMetRate', dealerA)).toMatchObject({ value: 0.9, sample: 20 }); // 18 / (18 + 2)
  });

  it('csi: one indicator answered by five surveys is C = Y / Y′', () => {
    // Y' = 20 / 5 = 4, Y = 22 / 5 = 4.4, W = 1, C = 4.4 / 4 = 1.1, index = 1 · 1.1
    const r = evaluateFigure('csi', dealerA);
    expect(r.value).toBeCloseTo(1.1, 12);
    expect(r.sample).toBe(5);
    expect(r.breakdown!.STAFF_ATTITUDE).toBeCloseTo(1.1, 12);
  });

  it('evaluates every figure of one set of sums', () => {
    const all = evaluateFigures(addMeasureSums(dealerA, supplierS));
    expect(all.map((r) => r.figureId)).toEqual([...FIGURE_IDS]);
    expect(all.every((r) => !r.tooFew && r.value !== null)).toBe(true);
  });
});

/** For each figure with a minimum sample: sums whose sample is exactly n. */
const withSample: Partial<Record<FigureId, (n: number) => MeasureSums>> = {
  cycleTime: (n) => ({ 'ro.cycleCount': n, 'ro.cycleMinutes': 90 * n }),
  firstTimeFixRate: (n) => ({ 'ro.delivered': n, 'ro.firstTimeFix': n }),
  comebackRate: (n) => ({ 'ro.delivered': n, 'ro.comeback': 1 }),
  reworkRate: (n) => ({ 'ro.delivered': n, 'ro.reworked': 1 }),
  inspectorAccuracy: (n) => ({ 'qc.passed': n, 'qc.passedHeld': n }),
  recordCompleteness: (n) => ({ 'ro.delivered': n, 'ro.complete': n }),
  rejectionRate: (n) => ({ 'wc.decided': n, 'wc.rejected': 1 }),
  reviewTime: (n) => ({ 'wc.decided': n, 'wc.reviewMinutes': 600 * n }),
  partsFillRate: (n) => ({ 'po.linesOrdered': n, 'po.linesFilled': n }),
  backorderAge: (n) => ({ 'po.backorderLines': n, 'po.backorderDays': 3 * n }),
  emergencyPromiseKept: (n) => ({ 'po.emergencyDue': n, 'po.emergencyKept': n }),
  shipmentAccuracy: (n) => ({ 'po.shipLines': n, 'po.shipLinesAccurate': n }),
  timeToAcknowledge: (n) => ({ 'cp.acknowledged': n, 'cp.ackMinutes': 15 * n }),
  timeToResolve: (n) => ({ 'cp.resolved': n, 'cp.resolveMinutes': 600 * n }),
  escalationRate: (n) => ({ 'cp.received': n, 'cp.escalated': 1 }),
  followUpRateInWarranty: (n) => ({ 'fu.warrantyDue': n, 'fu.warrantyDone': n }),
  satisfaction: (n) => ({ 'sat.answers': n, 'sat.satisfied': n }),
  slaMetRate: (n) => ({ 'sla.met': n - 1, 'sla.breached': 1 }),
  csi: (n) => ({ 'csi.n:STAFF_ATTITUDE': n, 'csi.expected:STAFF_ATTITUDE': 4 * n, 'csi.actual:STAFF_ATTITUDE': 4 * n }),
};

describe('the too-few rule', () => {
  it('has a boundary case for every figure with a minimum sample', () => {
    expect(Object.keys(withSample).sort()).toEqual(
      FIGURE_LIST.filter((f) => f.minSample > 0)
        .map((f) => f.id)
        .sort(),
    );
  });

  it('chose the documented minimum samples', () => {
    expect(FIGURES.cycleTime.minSample).toBe(5);
    expect(FIGURES.firstTimeFixRate.minSample).toBe(20);
    expect(FIGURES.rejectionRate.minSample).toBe(10);
    expect(FIGURES.csi.minSample).toBe(5);
  });

  for (const [id, sums] of Object.entries(withSample) as [FigureId, (n: number) => MeasureSums][]) {
    it(`${id}: minSample − 1 is too few, minSample shows the value`, () => {
      const min = FIGURES[id].minSample;
      const below = evaluateFigure(id, sums(min - 1));
      expect(below).toMatchObject({ tooFew: true, value: null, sample: min - 1 });
      expect(below.breakdown).toBeUndefined();
      expect(judgeFigure(below)).toBe('TOO_FEW');
      const at = evaluateFigure(id, sums(min));
      expect(at).toMatchObject({ tooFew: false, sample: min });
      expect(at.value).not.toBeNull();
    });
  }

  it('keeps the numerator and denominator of a too-few ratio (3 of 4 is a fact; 75 % is not shown)', () => {
    expect(evaluateFigure('satisfaction', { 'sat.answers': 4, 'sat.satisfied': 3 })).toMatchObject({ value: null, numerator: 3, denominator: 4 });
  });

  it('shows zero for a count or an amount with nothing counted', () => {
    for (const id of [
      'repairVolume',
      'revenueByPayType',
      'claimCount',
      'claimAmount',
      'claimApprovedAmount',
      'complaintCount',
      'escalations',
      'slaBreaches',
    ] as const) {
      expect(evaluateFigure(id, {})).toMatchObject({ value: 0, tooFew: false });
    }
    expect(evaluateFigure('rejectionsByReason', {})).toMatchObject({ value: 0, breakdown: {} });
  });

  it('says too few for a ratio with nothing counted', () => {
    expect(evaluateFigure('cycleTime', {})).toMatchObject({ value: null, sample: 0, tooFew: true });
    expect(evaluateFigure('csi', {})).toMatchObject({ value: null, sample: 0, tooFew: true });
  });
});

describe('pooled sums (a region, the network)', () => {
  /** Dealer B: a small dealer, 10 orders, 5 fixed the first time, 5 cycle times totalling 3 000 minutes. */
  const dealerB: MeasureSums = { 'ro.delivered': 10, 'ro.firstTimeFix': 5, 'ro.cycleCount': 5, 'ro.cycleMinutes': 3_000, 'rev:CUSTOMER': 100_001 };

  it('gives the ratio of the pooled sums, not the mean of the ratios', () => {
    const network = addMeasureSums(dealerA, dealerB);
    // first-time fix: A 36/40 = 0.9, B 5/10 = 0.5 (too few alone); pooled (36 + 5)/(40 + 10) = 41/50 = 0.82 (the mean of ratios would be 0.7)
    expect(evaluateFigure('firstTimeFixRate', dealerB).tooFew).toBe(true);
    expect(value('firstTimeFixRate', network)).toBe(0.82);
    // cycle time: A 36 000/30 = 1 200, B 3 000/5 = 600; pooled 39 000/35 = 1 114.285… (the mean of averages would be 900)
    expect(value('cycleTime', network)).toBeCloseTo(39_000 / 35, 12);
    // money stays exact: 1 805 000 + 100 001
    expect(value('revenueByPayType', network)).toBe(1_905_001);
  });

  it('gives the network beside one dealer per dealer for counts and amounts, pooled for rates and durations', () => {
    const network = evaluateFigures(addMeasureSums(dealerA, dealerB));
    const of = (id: FigureId) =>
      perMember(
        network.find((f) => f.figureId === id)!,
        2,
      );
    // deliveries: A 40 + B 10 = 50 orders, 25 a dealer; the sample stays the pool's 50
    expect(of('repairVolume')).toMatchObject({ value: 25, sample: 50 });
    // revenue: (1 805 000 + 100 001) / 2 = 952 500.5 minor units a dealer, each pay type's share likewise
    const revenue = of('revenueByPayType');
    expect(revenue.value).toBe(952_500.5);
    expect(revenue.breakdown?.['CUSTOMER']).toBe((network.find((f) => f.figureId === 'revenueByPayType')!.breakdown!['CUSTOMER'] ?? 0) / 2);
    // a rate and a duration are the pool's own: 41/50 and 39 000/35 minutes
    expect(of('firstTimeFixRate').value).toBe(0.82);
    expect(of('cycleTime').value).toBeCloseTo(39_000 / 35, 12);
    // one member, or none: unchanged
    const volume = network.find((f) => f.figureId === 'repairVolume')!;
    expect(perMember(volume, 1)).toBe(volume);
    expect(perMember(volume, 0)).toBe(volume);
  });

  it('adds sums key by key', () => {
    expect(addMeasureSums({ a: 1, b: 2 }, { b: 3, c: 4 }, {})).toEqual({ a: 1, b: 5, c: 4 });
    expect(addMeasureSums()).toEqual({});
  });

  /** One tenant's coherent sums: every part at most its whole. */
  const tenant = fc.array(fc.nat(500), { minLength: 24, maxLength: 24 }).map((r) => {
    const at = (i: number) => r[i]!;
    const part = (i: number, whole: number) => at(i) % (whole + 1);
    const delivered = at(0);
    const decided = at(5);
    const received = at(10);
    const answers = at(14);
    const due = at(16);
    const ordered = at(18);
    const shipped = at(20);
    const emergency = at(22);
    const backorders = part(23, ordered);
    return {
      'ro.delivered': delivered,
      'ro.firstTimeFix': part(1, delivered),
      'ro.comeback': part(2, delivered),
      'ro.reworked': part(3, delivered),
      'ro.complete': part(4, delivered),
      'qc.passed': delivered,
      'qc.passedHeld': part(1, delivered),
      'ro.cycleCount': part(6, delivered),
      'ro.cycleMinutes': at(7) * 60,
      'wc.decided': decided,
      'wc.rejected': part(8, decided),
      'wc.reviewMinutes': at(9) * 30,
      'cp.received': received,
      'cp.escalated': part(11, received),
      'cp.acknowledged': part(12, received),
      'cp.ackMinutes': at(13) * 10,
      'sat.answers': answers,
      'sat.satisfied': part(15, answers),
      'fu.warrantyDue': due,
      'fu.warrantyDone': part(17, due),
      'po.linesOrdered': ordered,
      'po.linesFilled': ordered - backorders,
      'po.backorderLines': backorders,
      'po.backorderDays': backorders * (at(19) % 30),
      'po.shipLines': shipped,
      'po.shipLinesAccurate': part(21, shipped),
      'po.emergencyDue': emergency,
      'po.emergencyKept': part(3, emergency),
      'sla.met': part(9, 100),
      'sla.breached': part(13, 100),
    } satisfies MeasureSums;
  });

  const ratioIds = FIGURE_LIST.filter((f) => f.unit === 'RATIO' && f.id !== 'csi').map((f) => f.id);

  it('property: a pooled ratio is Σ numerators / Σ denominators and lies between the tenants’ ratios; rates stay in 0..1', () => {
    fc.assert(
      fc.property(tenant, tenant, (a, b) => {
        const pooled = addMeasureSums(a, b);
        for (const id of [...ratioIds, 'cycleTime', 'reviewTime', 'timeToAcknowledge', 'backorderAge'] as FigureId[]) {
          const [ra, rb, rp] = [a, b, pooled].map((s) => FIGURES[id].compute(s));
          if (rp!.denominator! > 0) expect(rp!.value).toBeCloseTo((ra!.numerator! + rb!.numerator!) / (ra!.denominator! + rb!.denominator!), 9);
          if (ra!.value !== null && rb!.value !== null) {
            expect(rp!.value!).toBeGreaterThanOrEqual(Math.min(ra!.value, rb!.value) - 1e-9);
            expect(rp!.value!).toBeLessThanOrEqual(Math.max(ra!.value, rb!.value) + 1e-9);
          }
          if (ratioIds.includes(id) && rp!.value !== null) expect(rp!.value >= 0 && rp!.value <= 1).toBe(true);
          expect(rp!.sample).toBe(ra!.sample + rb!.sample);
        }
      }),
    );
  });

  it('property: counts and amounts add up', () => {
    fc.assert(
      fc.property(tenant, tenant, (a, b) => {
        const pooled = addMeasureSums(a, b);
        for (const f of FIGURE_LIST.filter((x) => x.unit === 'COUNT' || x.unit === 'MONEY_MINOR')) {
          expect(value(f.id, pooled)).toBe(value(f.id, a)! + value(f.id, b)!);
        }
      }),
    );
  });
});

describe('judgeFigure', () => {
  const result = (over: Partial<FigureResult>): FigureResult => ({
    figureId: 'satisfaction',
    version: 1,
    unit: 'RATIO',
    value: 0.99,
    sample: 100,
    tooFew: false,
    target: 0.98,
    better: 'HIGHER',
    ...over,
  });

  it('meets a HIGHER target at or above it, exactly at it included', () => {
    // 49 / 50 = 0.98 = target; 48 / 50 = 0.96 < 0.98
    expect(judgeFigure(evaluateFigure('satisfaction', { 'sat.answers': 50, 'sat.satisfied': 49 }))).toBe('MEETS');
    expect(judgeFigure(evaluateFigure('satisfaction', { 'sat.answers': 50, 'sat.satisfied': 48 }))).toBe('BELOW');
    // 97 / 100 = 0.97 = the inspector target; 96 / 100 below
    expect(judgeFigure(evaluateFigure('inspectorAccuracy', { 'qc.passed': 100, 'qc.passedHeld': 97 }))).toBe('MEETS');
    expect(judgeFigure(evaluateFigure('inspectorAccuracy', { 'qc.passed': 100, 'qc.passedHeld': 96 }))).toBe('BELOW');
    // follow-up in warranty: 100 % or nothing (20/20 meets, 19/20 = 0.95 does not)
    expect(judgeFigure(evaluateFigure('followUpRateInWarranty', { 'fu.warrantyDue': 20, 'fu.warrantyDone': 20 }))).toBe('MEETS');
    expect(judgeFigure(evaluateFigure('followUpRateInWarranty', dealerA))).toBe('BELOW');
    // shipment accuracy 246 / 250 = 0.984 ≥ 0.98
    expect(judgeFigure(evaluateFigure('shipmentAccuracy', supplierS))).toBe('MEETS');
  });

  it('meets a LOWER target at or below it', () => {
    expect(judgeFigure(result({ better: 'LOWER', target: 0.05, value: 0.05 }))).toBe('MEETS');
    expect(judgeFigure(result({ better: 'LOWER', target: 0.05, value: 0.04 }))).toBe('MEETS');
    expect(judgeFigure(result({ better: 'LOWER', target: 0.05, value: 0.051 }))).toBe('BELOW');
  });

  it('says NO_TARGET without a target or a direction, TOO_FEW before anything else', () => {
    expect(judgeFigure(evaluateFigure('firstTimeFixRate', dealerA))).toBe('NO_TARGET');
    expect(judgeFigure(evaluateFigure('repairVolume', dealerA))).toBe('NO_TARGET');
    expect(judgeFigure(result({ better: null }))).toBe('NO_TARGET');
    expect(judgeFigure(result({ tooFew: true, value: null }))).toBe('TOO_FEW');
    expect(judgeFigure(result({ target: null, tooFew: true, value: null }))).toBe('TOO_FEW');
  });
});

describe('figureIsProvisional', () => {
  it('keeps comeback-based figures provisional for 30 days after the period', () => {
    // March's first-time-fix rate: a comeback on 30 April (30 days after 31 March) still counts
    expect(figureIsProvisional('firstTimeFixRate', '2026-03-31', '2026-04-30')).toBe(true);
    expect(figureIsProvisional('firstTimeFixRate', '2026-03-31', '2026-05-01')).toBe(false);
    expect(figureIsProvisional('inspectorAccuracy', '2026-03-31', '2026-04-15')).toBe(true);
    expect(figureIsProvisional('comebackRate', '2026-03-31', '2026-05-01')).toBe(false);
  });

  it('keeps follow-up figures provisional for 14 days, the others final', () => {
    expect(figureIsProvisional('satisfaction', '2026-03-31', '2026-04-14')).toBe(true);
    expect(figureIsProvisional('followUpRateInWarranty', '2026-03-31', '2026-04-15')).toBe(false);
    expect(figureIsProvisional('cycleTime', '2026-03-31', '2026-03-31')).toBe(false);
    expect(FIGURE_LIST.filter((f) => f.settlesAfterDays > 0).map((f) => f.id)).toEqual([
      'firstTimeFixRate',
      'comebackRate',
      'inspectorAccuracy',
      'followUpRateInWarranty',
      'satisfaction',
    ]);
  });
});

describe('the measures a figure reads (a trend sums those rows only)', () => {
  const only = (sums: MeasureSums, need: { keys: string[]; prefixes: string[] }): MeasureSums =>
    Object.fromEntries(Object.entries(sums).filter(([k]) => need.keys.includes(k) || need.prefixes.some((p) => k.startsWith(p))));

  it('names the keys and the prefixes of a breakdown', () => {
    expect(figureMeasures('firstTimeFixRate')).toEqual({ keys: ['ro.delivered', 'ro.firstTimeFix'], prefixes: [] });
    expect(figureMeasures('rejectionRate')).toEqual({ keys: ['wc.decided', 'wc.rejected'], prefixes: [] });
    expect(figureMeasures('rejectionsByReason')).toEqual({ keys: ['wc.rejected'], prefixes: ['wc.rejected:'] });
    expect(figureMeasures('csi')).toEqual({ keys: [], prefixes: ['csi.'] });
    expect(figureMeasures('shipmentAccuracy')).toEqual({ keys: ['po.shipLines', 'po.shipLinesAccurate'], prefixes: [] });
  });

  it('gives every figure the same result from those rows alone', () => {
    for (const id of FIGURE_IDS) {
      const need = figureMeasures(id);
      for (const sums of [dealerA, supplierS, addMeasureSums(dealerA, supplierS)])
        expect(evaluateFigure(id, only(sums, need)), id).toEqual(evaluateFigure(id, sums));
    }
  });

  it('refuses to record a formula that reads its sums another way', () => {
    expect(() => measuresRead((s) => s['ro.delivered'])).toThrow(/without measure/);
    expect(() => measuresRead((s) => Object.keys(s))).toThrow(/without keysWith/);
  });
});
