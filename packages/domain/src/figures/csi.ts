import { DomainError, problem, type FieldProblem } from '../errors.js';
import { keysWith, measure, type MeasureKey, type MeasureSums } from './measures.js';

/**
 * Customer-satisfaction index (顾客满意度指数) after seed 004 (范文6): each surveyed customer j gives,
 * per indicator Q_i, an expected score Y'_ij ("how important / what I expect", 1–5 Likert) and an
 * actual score Y_ij (what they experienced, 1–5). Over the n_i customers who answered Q_i:
 *
 *   Y'_i = Σ_j Y'_ij / n_i        mean expected                     (1)
 *   W_i  = Y'_i / Σ_k Y'_k        weight, Σ W_i = 1                 (2)
 *   Y_i  = Σ_j Y_ij / n_i         mean actual                       (3)
 *   C_i  = Y_i / Y'_i             the indicator's satisfaction       (4)
 *   CSI  = Σ_i W_i · C_i          the overall index (= Σ Y_i / Σ Y'_k)
 *
 * C_i and the index can exceed 1 (the seed reports 服务态度 at 113.60 %): the experience beat the
 * expectation. The sums come from the measures `csi.n:<code>`, `csi.expected:<code>` and
 * `csi.actual:<code>` (surveyMeasures below), so a period, a region or the network pools surveys.
 */

/**
 * The seed's six second-level indicators (二级指标) and twenty third-level indicators (三级指标). The
 * seed names the groups and a few indicators (员工服务态度, 保养维修设备及配件, 投诉解决效率, and in its
 * results 问题回复效率, 专业保养建议, 修复及时性, 一次修复准确性, 保养效率, 保养维修价格, 维修档案,
 * 投诉解决成功率); the rest complete each group. Codes are stable (stored in measure keys); the
 * portal translates them, `zh` is the seed's wording for documentation.
 */
export const CSI_INDICATORS = [
  {
    group: 'STAFF',
    zh: '员工素质',
    indicators: [
      { code: 'STAFF_ATTITUDE', zh: '员工服务态度' },
      { code: 'STAFF_REPLY_SPEED', zh: '对顾客提出问题回复的效率' },
      { code: 'STAFF_ADVICE', zh: '提供专业的保养建议和指南' },
    ],
  },
  {
    group: 'REPAIR',
    zh: '维修业务',
    indicators: [
      { code: 'REPAIR_EQUIPMENT', zh: '保养维修设备及配件' },
      { code: 'REPAIR_TIMELINESS', zh: '维修及时性' },
      { code: 'REPAIR_FIRST_TIME', zh: '一次修复准确性' },
      { code: 'REPAIR_EFFICIENCY', zh: '保养效率' },
    ],
  },
  {
    group: 'DELIVERY',
    zh: '交车结账',
    indicators: [
      { code: 'DELIVERY_PRICE', zh: '保养维修价格' },
      { code: 'DELIVERY_EXPLANATION', zh: '交车时项目与费用说明' },
      { code: 'DELIVERY_ON_TIME', zh: '按约定时间交车' },
      { code: 'DELIVERY_RECORDS', zh: '保养维修档案的存储' },
    ],
  },
  {
    group: 'COMPLAINT',
    zh: '投诉处理',
    indicators: [
      { code: 'COMPLAINT_EASE', zh: '投诉渠道畅通' },
      { code: 'COMPLAINT_EFFICIENCY', zh: '投诉解决效率' },
      { code: 'COMPLAINT_SUCCESS', zh: '投诉解决成功率' },
    ],
  },
  {
    group: 'VALUE_ADDED',
    zh: '增值业务',
    indicators: [
      { code: 'VALUE_REMINDER', zh: '保养提醒与回访' },
      { code: 'VALUE_AMENITIES', zh: '客户休息区与便利服务' },
      { code: 'VALUE_RESCUE', zh: '道路救援' },
    ],
  },
  {
    group: 'INNOVATION',
    zh: '创新服务',
    indicators: [
      { code: 'INNOVATION_ONLINE', zh: '在线预约与进度查询' },
      { code: 'INNOVATION_ON_SITE', zh: '上门服务' },
      { code: 'INNOVATION_PERSONAL', zh: '个性化服务' },
    ],
  },
] as const;

export type CsiGroup = (typeof CSI_INDICATORS)[number]['group'];
export type CsiIndicatorCode = (typeof CSI_INDICATORS)[number]['indicators'][number]['code'];

/** The twenty indicator codes in questionnaire order. */
export const CSI_INDICATOR_CODES: readonly CsiIndicatorCode[] = CSI_INDICATORS.flatMap((g) => g.indicators.map((i) => i.code));

export function isCsiIndicator(code: string): code is CsiIndicatorCode {
  return (CSI_INDICATOR_CODES as readonly string[]).includes(code);
}

/** The group of an indicator code (undefined for an unknown code). */
export function csiGroupOf(code: string): CsiGroup | undefined {
  return CSI_INDICATORS.find((g) => g.indicators.some((i) => i.code === code))?.group;
}

/** Fewer surveys than this and the index is not shown (the too-few rule); the same per indicator. */
export const CSI_MIN_SURVEYS = 5;

/** Scores are whole points on the seed's five-point Likert scale. */
export const CSI_SCORE_MIN = 1;
export const CSI_SCORE_MAX = 5;

/** One answered indicator of a survey: what the customer expected and what they experienced. */
export interface SurveyAnswer {
  indicator: string;
  expected: number;
  actual: number;
}

const isScore = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= CSI_SCORE_MIN && v <= CSI_SCORE_MAX;

/**
 * The problems of one survey (empty when it is valid), each a catalogue reason on the path of the
 * offending input (`answers[2].expected`): at least one answer (REQUIRED); each indicator a known
 * code (NOT_ONE_OF) and answered at most once (DUPLICATE, the second answer is the one reported);
 * each score an integer 1–5 (OUT_OF_RANGE, in stars). `path` is the base of the reported paths (the
 * API prefixes its input name). The API refuses with these as they are; the portal translates them.
 */
export function validateSurvey(answers: readonly SurveyAnswer[], path = 'answers'): FieldProblem[] {
  if (answers.length === 0) return [problem(path, 'REQUIRED', {}, 'answer at least one indicator')];
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    const at = `${path}[${i}]`;
    if (!isCsiIndicator(a.indicator))
      problems.push(problem(`${at}.indicator`, 'NOT_ONE_OF', { value: String(a.indicator ?? ''), allowed: CSI_INDICATOR_CODES }, 'no such indicator'));
    else if (seen.has(a.indicator)) problems.push(problem(`${at}.indicator`, 'DUPLICATE', { what: 'RECORD', value: a.indicator }, 'each indicator once'));
    seen.add(a.indicator);
    const score = problem(`${at}.expected`, 'OUT_OF_RANGE', { min: CSI_SCORE_MIN, max: CSI_SCORE_MAX, unit: 'STARS' }, 'a score from 1 to 5');
    if (!isScore(a.expected)) problems.push(score);
    if (!isScore(a.actual)) problems.push({ ...score, field: `${at}.actual` });
  });
  return problems;
}

/**
 * One survey's measure increments, to be added to the row of the day it was answered:
 * per answered indicator X, `csi.n:X` +1, `csi.expected:X` + expected, `csi.actual:X` + actual.
 * A survey with problems is refused (BAD_USER_INPUT listing them; validate first to show them).
 */
export function surveyMeasures(answers: readonly SurveyAnswer[]): Record<string, number> {
  const problems = validateSurvey(answers);
  if (problems.length > 0) throw DomainError.badInput(problems);
  const out: Record<string, number> = {};
  const put = (key: MeasureKey, n: number) => (out[key] = n);
  for (const a of answers) {
    put(`csi.n:${a.indicator}`, 1);
    put(`csi.expected:${a.indicator}`, a.expected);
    put(`csi.actual:${a.indicator}`, a.actual);
  }
  return out;
}

/** One indicator's part of the index. */
export interface CsiIndicatorResult {
  code: string;
  /** n_i: surveys that answered the indicator. */
  surveys: number;
  /** Y'_i */
  meanExpected: number;
  /** Y_i */
  meanActual: number;
  /** W_i = Y'_i / Σ_k Y'_k */
  weight: number;
  /** C_i = Y_i / Y'_i */
  satisfaction: number;
  /** n_i < CSI_MIN_SURVEYS: the indicator's C_i is not to be shown on its own (it still counts in the index). */
  tooFew: boolean;
}

export interface CsiResult {
  /** Σ W_i · C_i; null when too few surveys (or none). */
  index: number | null;
  /** The sample: surveys of the best-answered indicator, max_i n_i (the number of surveys when one indicator is on every survey). */
  surveys: number;
  tooFew: boolean;
  /** The answered indicators, questionnaire order first, then any code no longer in the questionnaire (alphabetical). */
  indicators: CsiIndicatorResult[];
}

const N_PREFIX = 'csi.n:';

/** The codes with answers in the sums, in questionnaire order, then unknown (retired) codes alphabetically. */
function answeredCodes(sums: MeasureSums): string[] {
  // listed under 'csi.' (not 'csi.n:'): the index reads the expected and actual sums of each code too
  const present = keysWith(sums, 'csi.')
    .filter((k) => k.startsWith(N_PREFIX) && measure(sums, k as MeasureKey) > 0)
    .map((k) => k.slice(N_PREFIX.length));
  const order = (c: string) => {
    const i = (CSI_INDICATOR_CODES as readonly string[]).indexOf(c);
    return i < 0 ? CSI_INDICATOR_CODES.length : i;
  };
  return present.sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The index of the pooled surveys behind `sums`, with every intermediate value of the seed's method.
 * Indicators nobody answered are left out (no mean); an indicator whose expected sum is 0 (not a
 * valid survey) is left out too, since its weight and C_i would be undefined.
 */
export function csiOf(sums: MeasureSums, minSurveys = CSI_MIN_SURVEYS): CsiResult {
  const rows = answeredCodes(sums)
    .map((code) => {
      const n = measure(sums, `csi.n:${code}`);
      return { code, n, meanExpected: measure(sums, `csi.expected:${code}`) / n, meanActual: measure(sums, `csi.actual:${code}`) / n };
    })
    .filter((r) => r.meanExpected > 0);
  const totalExpected = rows.reduce((s, r) => s + r.meanExpected, 0);
  const indicators = rows.map((r) => ({
    code: r.code,
    surveys: r.n,
    meanExpected: r.meanExpected,
    meanActual: r.meanActual,
    weight: r.meanExpected / totalExpected,
    satisfaction: r.meanActual / r.meanExpected,
    tooFew: r.n < minSurveys,
  }));
  const surveys = indicators.reduce((m, i) => Math.max(m, i.surveys), 0);
  const tooFew = surveys < minSurveys;
  const index = tooFew || indicators.length === 0 ? null : indicators.reduce((s, i) => s + i.weight * i.satisfaction, 0);
  return { index, surveys, tooFew, indicators };
}
