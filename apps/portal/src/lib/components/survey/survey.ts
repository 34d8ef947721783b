/**
 * The customer-satisfaction survey of seed 004 (范文6) on the portal's forms: per indicator what the
 * customer expected (期望) and what they experienced (实际), 1–5. One shape for both pages: the
 * tracking page binds it, the follow-up call's form posts it (`expected.CODE`, `actual.CODE`).
 */
import { CSI_INDICATORS, CSI_SCORE_MAX, CSI_SCORE_MIN } from '@asn/domain';

export interface SurveyAnswerValue {
  indicator: string;
  expected: number;
  actual: number;
}

/** Per indicator code: the two scores given so far (null: not yet). */
export type SurveyScores = Record<string, { expected: number | null; actual: number | null }>;

export const SURVEY_GROUPS = CSI_INDICATORS.map((g) => ({ group: g.group, codes: g.indicators.map((i) => i.code as string) }));
export const SURVEY_POINTS = Array.from({ length: CSI_SCORE_MAX - CSI_SCORE_MIN + 1 }, (_, i) => CSI_SCORE_MIN + i);

export function emptyScores(): SurveyScores {
  return Object.fromEntries(SURVEY_GROUPS.flatMap((g) => g.codes.map((c) => [c, { expected: null, actual: null }])));
}

/**
 * The answers to send: the indicators with both scores, in questionnaire order. `half` lists the
 * indicators with only one of the two (the page asks for the other before sending); a customer may
 * skip an indicator altogether (投诉处理 applies only to those who complained).
 */
export function answersOf(scores: SurveyScores): { answers: SurveyAnswerValue[]; half: string[] } {
  const answers: SurveyAnswerValue[] = [];
  const half: string[] = [];
  for (const g of SURVEY_GROUPS)
    for (const code of g.codes) {
      const s = scores[code];
      if (s?.expected != null && s.actual != null) answers.push({ indicator: code, expected: s.expected, actual: s.actual });
      else if (s?.expected != null || s?.actual != null) half.push(code);
    }
  return { answers, half };
}

/** The scores a posted form carries (`expected.CODE`, `actual.CODE`; anything else is ignored). */
export function scoresFromForm(form: FormData): SurveyScores {
  const scores = emptyScores();
  const score = (v: FormDataEntryValue | null) => {
    const n = Number(v);
    return v !== null && v !== '' && Number.isInteger(n) ? n : null;
  };
  for (const code of Object.keys(scores)) scores[code] = { expected: score(form.get(`expected.${code}`)), actual: score(form.get(`actual.${code}`)) };
  return scores;
}
