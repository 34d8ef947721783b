import type { Refusal, Translate } from '$lib/i18n';
import { reasonText, type RefusalOptions } from '$lib/i18n/refusal';

/**
 * A field's own error from a refusal's problems (`input.customerSigned`, `input.lines.0.partNumber`),
 * in the reader's language — for Field's `error`, under the control it is about.
 */
export function fieldError(t: Translate, refusal: Refusal | null | undefined, field: string, opts: RefusalOptions = {}): string | null {
  const problem = refusal?.problems?.find((p) => p.field === field || p.field === `input.${field}` || p.field.endsWith(`.${field}`));
  if (!problem) return null;
  return reasonText(t, problem.reason, problem.params, opts) ?? t('refusal.invalid');
}
