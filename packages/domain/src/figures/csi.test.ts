import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import {
  CSI_INDICATORS,
  CSI_INDICATOR_CODES,
  CSI_MIN_SURVEYS,
  csiGroupOf,
  csiOf,
  isCsiIndicator,
  surveyMeasures,
  validateSurvey,
  type CsiIndicatorCode,
  type SurveyAnswer,
} from './csi.js';
import { addMeasureSums, evaluateFigure } from './figures.js';

const A = 'STAFF_ATTITUDE';
const F = 'REPAIR_FIRST_TIME';
const E = 'COMPLAINT_EFFICIENCY';
const answer = (indicator: string, expected: number, actual: number): SurveyAnswer => ({ indicator, expected, actual });

/**
 * Four surveys, three indicators (expected / actual); survey 3 skipped the complaint indicator.
 *
 *            STAFF_ATTITUDE (A)   REPAIR_FIRST_TIME (F)   COMPLAINT_EFFICIENCY (E)
 *   S1            5 / 5                 5 / 4                    4 / 3
 *   S2            4 / 5                 5 / 3                    3 / 3
 *   S3            4 / 4                 4 / 4                      —
 *   S4            3 / 4                 5 / 5                    5 / 3
 *
 *   n_i             4                     4                        3
 *   Σ expected     16                    19                       12
 *   Σ actual       18                    16                        9
 *   Y'_i = Σe/n  16/4 = 4            19/4 = 4.75              12/3 = 4
 *   Y_i  = Σa/n  18/4 = 4.5          16/4 = 4                  9/3 = 3
 *   Σ Y'_k = 4 + 4.75 + 4 = 12.75
 *   W_i = Y'_i / 12.75   4/12.75 = 16/51 ≈ 0.3137   4.75/12.75 = 19/51 ≈ 0.3725   16/51 ≈ 0.3137   (Σ = 1)
 *   C_i = Y_i / Y'_i     4.5/4 = 1.125              4/4.75 = 16/19 ≈ 0.8421      3/4 = 0.75
 *   CSI = Σ W_i·C_i = 16/51·9/8 + 19/51·16/19 + 16/51·3/4 = 18/51 + 16/51 + 12/51 = 46/51 ≈ 0.90196
 *   (check: Σ Y_i / Σ Y'_k = (4.5 + 4 + 3) / 12.75 = 11.5 / 12.75 = 46/51)
 */
const surveys: SurveyAnswer[][] = [
  [answer(A, 5, 5), answer(F, 5, 4), answer(E, 4, 3)],
  [answer(A, 4, 5), answer(F, 5, 3), answer(E, 3, 3)],
  [answer(A, 4, 4), answer(F, 4, 4)],
  [answer(A, 3, 4), answer(F, 5, 5), answer(E, 5, 3)],
];
const fourSums = addMeasureSums(...surveys.map(surveyMeasures));

describe('the indicator list (seed 004)', () => {
  it('has the six groups and twenty indicators, codes unique and upper snake case, each with its Chinese label', () => {
    expect(CSI_INDICATORS.map((g) => g.zh)).toEqual(['员工素质', '维修业务', '交车结账', '投诉处理', '增值业务', '创新服务']);
    expect(CSI_INDICATOR_CODES).toHaveLength(20);
    expect(new Set(CSI_INDICATOR_CODES).size).toBe(20);
    for (const g of CSI_INDICATORS)
      for (const i of g.indicators) {
        expect(i.code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
        expect(i.zh.length).toBeGreaterThan(0);
        expect(csiGroupOf(i.code)).toBe(g.group);
      }
    // the three the seed names in its method
    const zh = CSI_INDICATORS.flatMap((g) => g.indicators.map((i) => i.zh));
    expect(zh).toEqual(expect.arrayContaining(['员工服务态度', '保养维修设备及配件', '投诉解决效率']));
    expect(isCsiIndicator('STAFF_ATTITUDE')).toBe(true);
    expect(isCsiIndicator('staff_attitude')).toBe(false);
    expect(csiGroupOf('NOPE')).toBeUndefined();
  });
});

const reasons = (ps: { field: string; reason?: string }[]) => ps.map((p) => [p.field, p.reason]);

describe('validateSurvey', () => {
  it('accepts a survey of known indicators, each once, scored 1..5', () => {
    expect(validateSurvey(surveys[0]!)).toEqual([]);
    expect(validateSurvey([answer(A, 1, 5)])).toEqual([]);
  });

  it('refuses an empty survey', () => {
    expect(reasons(validateSurvey([]))).toEqual([['answers', 'REQUIRED']]);
    expect(reasons(validateSurvey([], 'input.answers'))).toEqual([['input.answers', 'REQUIRED']]);
  });

  it('names each problem by its path, with the catalogue reason', () => {
    const found = validateSurvey([answer(A, 5, 5), answer('NOPE', 3, 3), answer(A, 4, 4), answer(F, 0, 6), answer(E, 2.5, Number.NaN)]);
    expect(reasons(found)).toEqual([
      ['answers[1].indicator', 'NOT_ONE_OF'],
      ['answers[2].indicator', 'DUPLICATE'],
      ['answers[3].expected', 'OUT_OF_RANGE'],
      ['answers[3].actual', 'OUT_OF_RANGE'],
      ['answers[4].expected', 'OUT_OF_RANGE'],
      ['answers[4].actual', 'OUT_OF_RANGE'],
    ]);
    expect(found[0]!.params).toEqual({ value: 'NOPE', allowed: CSI_INDICATOR_CODES });
    expect(found[1]!.params).toEqual({ what: 'RECORD', value: A });
    expect(found[2]!.params).toEqual({ min: 1, max: 5, unit: 'STARS' });
  });

  it('refuses a score that is not a number at all', () => {
    expect(reasons(validateSurvey([{ indicator: A, expected: '5' as unknown as number, actual: 5 }]))).toEqual([['answers[0].expected', 'OUT_OF_RANGE']]);
  });
});

describe('surveyMeasures', () => {
  it('turns one survey into its increments', () => {
    expect(surveyMeasures([answer(A, 5, 4), answer(E, 3, 2)])).toEqual({
      'csi.n:STAFF_ATTITUDE': 1,
      'csi.expected:STAFF_ATTITUDE': 5,
      'csi.actual:STAFF_ATTITUDE': 4,
      'csi.n:COMPLAINT_EFFICIENCY': 1,
      'csi.expected:COMPLAINT_EFFICIENCY': 3,
      'csi.actual:COMPLAINT_EFFICIENCY': 2,
    });
  });

  it('refuses a survey with problems', () => {
    expect(() => surveyMeasures([])).toThrow(DomainError);
    expect(() => surveyMeasures([answer(A, 6, 1)])).toThrow(/answers\[0\]\.expected: a score from 1 to 5/);
    try {
      surveyMeasures([answer(A, 6, 1)]);
    } catch (e) {
      expect((e as DomainError).details?.problems).toEqual([expect.objectContaining({ field: 'answers[0].expected', reason: 'OUT_OF_RANGE' })]);
    }
  });

  it('adds four surveys into the sums of the table above', () => {
    expect(fourSums).toEqual({
      'csi.n:STAFF_ATTITUDE': 4,
      'csi.expected:STAFF_ATTITUDE': 16,
      'csi.actual:STAFF_ATTITUDE': 18,
      'csi.n:REPAIR_FIRST_TIME': 4,
      'csi.expected:REPAIR_FIRST_TIME': 19,
      'csi.actual:REPAIR_FIRST_TIME': 16,
      'csi.n:COMPLAINT_EFFICIENCY': 3,
      'csi.expected:COMPLAINT_EFFICIENCY': 12,
      'csi.actual:COMPLAINT_EFFICIENCY': 9,
    });
  });
});

describe('csiOf: the seed’s method by hand', () => {
  it('gives the means, weights, C_i and index of the table (with the sample floor lowered to 1)', () => {
    const r = csiOf(fourSums, 1);
    expect(r.surveys).toBe(4);
    expect(r.tooFew).toBe(false);
    expect(r.indicators.map((i) => i.code)).toEqual([A, F, E]); // questionnaire order
    const [a, f, e] = r.indicators;
    expect(a).toMatchObject({ surveys: 4, meanExpected: 4, meanActual: 4.5, satisfaction: 1.125 });
    expect(f).toMatchObject({ surveys: 4, meanExpected: 4.75, meanActual: 4 });
    expect(e).toMatchObject({ surveys: 3, meanExpected: 4, meanActual: 3, satisfaction: 0.75 });
    expect(a!.weight).toBeCloseTo(16 / 51, 12);
    expect(f!.weight).toBeCloseTo(19 / 51, 12);
    expect(e!.weight).toBeCloseTo(16 / 51, 12);
    expect(f!.satisfaction).toBeCloseTo(16 / 19, 12);
    expect(r.index).toBeCloseTo(46 / 51, 12); // ≈ 0.90196
  });

  it('is too few with four surveys (minimum 5): no index, every indicator flagged', () => {
    expect(CSI_MIN_SURVEYS).toBe(5);
    const r = csiOf(fourSums);
    expect(r).toMatchObject({ index: null, surveys: 4, tooFew: true });
    expect(r.indicators.every((i) => i.tooFew)).toBe(true);
    expect(evaluateFigure('csi', fourSums)).toMatchObject({ value: null, sample: 4, tooFew: true });
  });

  it('shows the index with a fifth survey, and C_i only for the indicator five surveys answered', () => {
    // S5 answers A only, 5 / 5: A n = 5, Σe = 21 (Y' = 4.2), Σa = 23 (Y = 4.6); F and E as before.
    // Σ Y' = 4.2 + 4.75 + 4 = 12.95; Σ Y = 4.6 + 4 + 3 = 11.6; CSI = 11.6 / 12.95 = 232/259 ≈ 0.8958
    // C_A = 4.6 / 4.2 = 23/21 ≈ 1.0952 (shown); F (4 surveys) and E (3) are left out of the breakdown
    const five = addMeasureSums(fourSums, surveyMeasures([answer(A, 5, 5)]));
    const r = evaluateFigure('csi', five);
    expect(r).toMatchObject({ tooFew: false, sample: 5 });
    expect(r.value).toBeCloseTo(232 / 259, 12);
    expect(Object.keys(r.breakdown!)).toEqual([A]);
    expect(r.breakdown![A]).toBeCloseTo(23 / 21, 12);
  });

  it('leaves out indicators nobody answered and keeps a retired code after the questionnaire', () => {
    const sums = { ...fourSums, 'csi.n:INNOVATION_ONLINE': 0, 'csi.n:OLD_CODE': 1, 'csi.expected:OLD_CODE': 2, 'csi.actual:OLD_CODE': 2 };
    expect(csiOf(sums, 1).indicators.map((i) => i.code)).toEqual([A, F, E, 'OLD_CODE']);
    expect(csiOf({})).toEqual({ index: null, surveys: 0, tooFew: true, indicators: [] });
  });

  it('property: weights sum to 1 and the index is Σ Y_i / Σ Y′_k', () => {
    const score = fc.integer({ min: 1, max: 5 });
    const survey = fc
      .subarray([...CSI_INDICATOR_CODES], { minLength: 1 })
      .chain((codes) => fc.tuple(...codes.map((c: CsiIndicatorCode) => fc.tuple(score, score).map(([e, a]) => answer(c, e, a)))));
    fc.assert(
      fc.property(fc.array(survey, { minLength: CSI_MIN_SURVEYS, maxLength: 12 }), (all) => {
        const r = csiOf(addMeasureSums(...all.map((s) => surveyMeasures(s))));
        if (r.tooFew) return; // fewer than five surveys on the best-answered indicator
        expect(r.indicators.reduce((s, i) => s + i.weight, 0)).toBeCloseTo(1, 9);
        const y = r.indicators.reduce((s, i) => s + i.meanActual, 0);
        const yExpected = r.indicators.reduce((s, i) => s + i.meanExpected, 0);
        expect(r.index!).toBeCloseTo(y / yExpected, 9);
        expect(r.index!).toBeGreaterThanOrEqual(0.2 - 1e-9); // actual 1 against expected 5
        expect(r.index!).toBeLessThanOrEqual(5 + 1e-9); // actual 5 against expected 1
      }),
    );
  });
});
