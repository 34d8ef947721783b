import type { MessageKey, Translate } from '$lib/i18n';

/** A step's facts as the page shows them: `detail` arrives as a JSON object (or its text). */
export function detailOf(detail: unknown): Record<string, unknown> {
  if (detail && typeof detail === 'object' && !Array.isArray(detail)) return detail as Record<string, unknown>;
  if (typeof detail === 'string') {
    try {
      const d = JSON.parse(detail) as unknown;
      return d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return {};
}

const STEP_ACTIONS = [
  'created',
  'REPLY',
  'ASK_CUSTOMER',
  'CUSTOMER_ANSWERED',
  'RESOLVE',
  'REOPEN',
  'CLOSE',
  'CANCEL',
  'onSite',
  'partsOnSite',
  'severityChanged',
  'slaWarning',
  'slaBreached',
  'repairOrderOpened',
];

export const severityName = (t: Translate, severity: number) => t(`requests.severity.${severity}` as MessageKey);
export const statusText = (t: Translate, status: string) => t(`requests.status.${status}` as MessageKey);

/** What a step of a request's trail is called (an unknown one is "other", never its code). */
export function stepName(t: Translate, action: string): string {
  return STEP_ACTIONS.includes(action) ? t(`requests.step.${action}` as MessageKey) : t('requests.step.other');
}

/** The facts of a step in words: severity from → to, the clock warned or breached and when, the repair order's number. */
export function stepFacts(t: Translate, action: string, detail: unknown, when: (iso: string) => string): string[] {
  const d = detailOf(detail);
  const out: string[] = [];
  if (action === 'severityChanged' && typeof d.from === 'number' && typeof d.to === 'number')
    out.push(t('requests.step.severityFromTo', { from: severityName(t, d.from), to: severityName(t, d.to) }));
  if ((action === 'slaWarning' || action === 'slaBreached') && typeof d.metric === 'string') {
    const metric = t(`requests.metric.${d.metric}` as MessageKey);
    out.push(typeof d.at === 'string' ? t('requests.step.metricAt', { metric, at: when(d.at) }) : metric);
  }
  if (action === 'repairOrderOpened' && typeof d.number === 'string') out.push(t('requests.step.orderNumber', { number: d.number }));
  return out;
}
