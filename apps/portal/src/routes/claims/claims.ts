/** What the claim pages share: the codes of the warranty domain and how their values are shown. */
import { formatMoney, type MessageKey, type Translate } from '$lib/i18n';
import { codeName } from '$lib/i18n/codes';
import type { ClaimReasonCode, ClaimStatus, ClaimType, EvidenceKind, FindingCode } from '$lib/graphql/generated';
import {
  CLAIM_STATES,
  CLAIM_TYPES as DOMAIN_CLAIM_TYPES,
  EVIDENCE_KINDS as DOMAIN_EVIDENCE_KINDS,
  FINDING_CODES as DOMAIN_FINDING_CODES,
  REVIEWER_REASON_CODES,
} from '@asn/domain';
import type { decisionOf } from '@asn/domain';

// the codes come from the domain, where the API takes them from too
export const CLAIM_STATUSES: readonly ClaimStatus[] = CLAIM_STATES;
/** The events the decision form fires (decisionOf picks one from the approved amounts). */
export const DECISION_EVENTS = ['APPROVE', 'PARTIALLY_APPROVE', 'REJECT'] as const satisfies readonly ReturnType<typeof decisionOf>[];
export const CLAIM_TYPES: readonly ClaimType[] = DOMAIN_CLAIM_TYPES;
export const FINDING_CODES: readonly FindingCode[] = DOMAIN_FINDING_CODES;
/** Reason codes the decision form offers (the inspection's own is not chosen by hand). */
export const REASON_CODES: readonly ClaimReasonCode[] = REVIEWER_REASON_CODES;
export const EVIDENCE_KINDS: readonly EvidenceKind[] = DOMAIN_EVIDENCE_KINDS;

export const isOneOf = <T extends string>(list: readonly T[], v: string | null | undefined): v is T => !!v && (list as readonly string[]).includes(v);

type Money = { amountMinor: string; currency: string };
export const money = (m: Money | null | undefined): string => (m ? formatMoney(m.amountMinor, m.currency) : '—');

/** 1500 (thousandths) → "1.5", without floating point. */
export function milli(v: number | null | undefined): string {
  if (v == null) return '—';
  const whole = Math.trunc(v / 1000);
  const frac = String(Math.abs(v % 1000))
    .padStart(3, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** Minor units → the yuan text a money input shows ("36050" → "360.50"), by string arithmetic. */
export function minorToDecimal(amountMinor: string): string {
  const negative = amountMinor.startsWith('-');
  const digits = (negative ? amountMinor.slice(1) : amountMinor).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2).replace(/^0+(?=\d)/, '')}.${digits.slice(-2)}`;
}

/** Sum of yuan inputs in minor units (null when one is not a valid amount). */
export function sumDecimals(values: readonly string[]): bigint | null {
  let sum = 0n;
  for (const v of values) {
    const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(v.trim());
    if (!m) return null;
    sum += BigInt(m[1]!) * 100n + BigInt((m[2] ?? '0').padEnd(2, '0'));
  }
  return sum;
}

/** How long since `fromIso`, as the translated "2 d 3 h" / "3 h 5 min" / "12 min". */
export function age(t: Translate, fromIso: string | null, nowIso: string): string {
  if (!fromIso) return '—';
  const minutes = Math.max(0, Math.floor((Date.parse(nowIso) - Date.parse(fromIso)) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d) return t('claim.ageDays', { d, h });
  if (h) return t('claim.ageHours', { h, m });
  return t('claim.ageMinutes', { m });
}

/** The values a finding's translated sentence needs, from the evidence the check recorded. */
export function findingParams(evidence: Record<string, unknown>, currency: string, claimed?: Money, t?: Translate): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  // component groups (the evidence's componentGroup and exclusions) by name, in the reader's language
  const group = (k: string, v: unknown) => (t && (k === 'componentGroup' || k === 'exclusions') ? codeName(t, 'group', String(v)) : String(v));
  for (const [k, v] of Object.entries(evidence)) {
    if (Array.isArray(v)) out[k] = v.map((x) => group(k, x)).join('、') || '—';
    else if (v != null && typeof v !== 'object') out[k] = group(k, v);
  }
  const minor = (key: string) =>
    typeof evidence[key] === 'string' && /^-?\d+$/.test(evidence[key] as string) ? formatMoney(evidence[key] as string, currency) : '—';
  if ('hoursMilli' in evidence) out.hours = milli(Number(evidence.hoursMilli));
  if ('standardHoursMilli' in evidence) out.standardHours = milli(Number(evidence.standardHoursMilli));
  if ('unitPriceMinor' in evidence) out.unitPrice = minor('unitPriceMinor');
  if ('listPriceMinor' in evidence) out.listPrice = minor('listPriceMinor');
  if ('limitMinor' in evidence) out.limit = minor('limitMinor');
  if ('claimedMinor' in evidence) out.claimed = minor('claimedMinor');
  else if (claimed) out.claimed = money(claimed);
  return out;
}

/** A translated label for a code; a code the dictionaries do not name yet reads as a translated "other", never raw. */
export function label(t: Translate, prefix: string, code: string | null | undefined): string {
  if (!code) return '—';
  const key = `${prefix}.${code}` as MessageKey;
  const s = t(key);
  return s === key ? t('codes.value.other') : s;
}

/** Badge colour of a claim status (CSS class suffix). */
export function tone(status: ClaimStatus): string {
  if (status === 'REJECTED') return 'bad';
  if (status === 'APPROVED' || status === 'CREDITED' || status === 'PARTS_INSPECTED') return 'good';
  if (status === 'PARTIALLY_APPROVED' || status === 'PARTS_RETURN_REQUESTED' || status === 'PARTS_RECEIVED') return 'part';
  if (status === 'NEEDS_INFO' || status === 'APPEALED') return 'wait';
  if (status === 'DRAFT') return 'draft';
  return 'review';
}

/** One row of the claim line editor: the form's text, not yet checked. */
/** One row of the line editor; `roLine` links it to the repair-order line it claims (kept while the kind stays `roKind`). */
export type LineRow = { kind: 'LABOUR' | 'PART' | 'SUBLET'; code: string; qty: string; price: string; desc: string; roLine?: string | null; roKind?: string };
