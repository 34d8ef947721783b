/**
 * Any refusal of the API in the reader's language: from its code, `details.reason` and
 * `details.params` (the catalogue in packages/domain reasons.ts), and each of `details.problems`
 * with its field — never from the API's English message. Parameters are formatted by name and
 * shape: amounts as money (¥1,280.00), fields by their labels, statuses and events by the
 * document's status tables, instants in the tenant's time zone.
 */
import { DEFAULT_TIME_ZONE } from '@asn/domain';
import { formatDateTime, formatMoney, type Lang, type MessageKey, type Translate } from './index';
import { codeName } from './codes';

/** What a page knows of a refusal: the form result of `failure()` or a browser GraphqlError. */
export interface Refusal {
  code?: string | null;
  reason?: string | null;
  params?: Record<string, unknown> | null;
  problems?: readonly RefusalProblem[] | null;
  /** Kept at the top of `details` by older refusals (TOO_MANY_ATTEMPTS). */
  retryAfterMinutes?: number | null;
  /** The file a refusal of an upload is about (the portal adds it). */
  fileName?: string | null;
  /** A refusal the portal made itself, in the reader's language already. */
  text?: string | null;
}

export interface RefusalProblem {
  field: string;
  reason?: string | null;
  params?: Record<string, unknown> | null;
}

export interface RefusalOptions {
  /** The tenant's time zone for instants (alternatives, appointment times); Asia/Shanghai by default. */
  timeZone?: string;
}

const CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'INVALID_TRANSITION',
  'RATE_LIMITED',
  'BAD_REQUEST',
  'INTERNAL_SERVER_ERROR',
];

/** The translation of `key`, or null when the dictionary has none. */
function maybe(t: Translate, key: string, params?: Record<string, string | number>): string | null {
  const text = t(key as MessageKey, params);
  return text === key ? null : text;
}

/** Where each document keeps the names of its statuses and events (the pages' own tables first). */
const STATUS_KEY: Record<string, (s: string) => string> = {
  RepairOrder: (s) => `status.${s}`,
  RepairOrderLine: (s) => `lineStatus.${s}`,
  Visit: (s) => `visit.${s}`,
  WarrantyClaim: (s) => `claim.status.${s}`,
  WarrantyClaimLine: (s) => `claim.return.${s}`,
  RecoveryClaim: (s) => `stl.recovery.${s}`,
};
const EVENT_KEY: Record<string, (e: string) => string> = {
  RepairOrder: (e) => `action.repairOrder.${e}`,
  Visit: (e) => `action.visit.${e}`,
  WarrantyClaim: (e) => `claim.action.${e}`,
};

export function statusName(t: Translate, document: string, status: string): string {
  return maybe(t, STATUS_KEY[document]?.(status) ?? '') ?? maybe(t, `docStatus.${document}.${status}`) ?? t('refusal.someStatus');
}

export function eventName(t: Translate, document: string, event: string): string {
  return (
    maybe(t, EVENT_KEY[document]?.(event) ?? '') ?? maybe(t, `docEvent.${document}.${event}`) ?? maybe(t, `caslAction.${event}`) ?? t('refusal.someAction')
  );
}

export function documentName(t: Translate, document: string): string {
  return maybe(t, `doc.${document}`) ?? t('doc.Record');
}

/**
 * The label of an input path: `input.lines.0.partNumber` and `input.lines[0].partNumber` are
 * "第 1 行 配件号"; a name without a label is "填写内容" (never the raw English name).
 */
export function fieldLabel(t: Translate, path: string): string {
  const parts = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p && p !== 'input');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next = parts[i + 1];
    if (next !== undefined && /^\d+$/.test(next)) {
      const n = Number(next) + 1;
      out.push(maybe(t, `field.item.${part}`, { n }) ?? t('field.item', { n }));
      i++;
    } else if (i === parts.length - 1) {
      out.push(maybe(t, `field.${part}`) ?? t('field.unknown'));
    }
  }
  return out.join(' ') || t('field.unknown');
}

const isMoney = (v: unknown): v is { amountMinor: string; currency: string } =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { amountMinor?: unknown }).amountMinor === 'string' &&
  typeof (v as { currency?: unknown }).currency === 'string';

function bytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${Math.ceil(n / 1024)} KB`;
  return `${n} B`;
}

/** The document a reason's status is of, where the reason implies it instead of naming it. */
const IMPLIED_DOCUMENT: Record<string, string> = {
  ONLY_DRAFTS_EDITED: 'WarrantyClaim',
  NO_REPAIR_TO_CLAIM: 'RepairOrder',
  CONTRACT_NOT_ACTIVE: 'ServiceContract',
};

/** Each parameter as the text its template shows. */
function formatParams(t: Translate, reason: string, params: Record<string, unknown>, opts: RefusalOptions): Record<string, string | number> {
  const lang: Lang = (t as Translate & { lang?: Lang }).lang ?? 'zh-CN';
  const tz = opts.timeZone ?? DEFAULT_TIME_ZONE;
  const sep = t('refusal.listSeparator');
  const document = typeof params.document === 'string' ? params.document : (IMPLIED_DOCUMENT[reason] ?? 'Record');
  const list = (v: unknown, one: (s: string) => string) => (Array.isArray(v) && v.length ? v.map((x) => one(String(x))).join(sep) : t('refusal.nothing'));
  const out: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(params)) {
    if (isMoney(v)) out[name] = formatMoney(v.amountMinor, v.currency);
    else if (name.endsWith('Field') && typeof v === 'string') out[name] = fieldLabel(t, v);
    else if (name === 'document') out[name] = documentName(t, String(v));
    else if (name === 'status' && typeof v === 'string') out[name] = statusName(t, document, v);
    else if (name === 'event' && typeof v === 'string') out[name] = eventName(t, document, v);
    else if (name === 'action' && typeof v === 'string') out[name] = eventName(t, document, v);
    else if (name === 'allowed' && reason === 'WRONG_STATUS') out[name] = list(v, (e) => eventName(t, document, e));
    else if (name === 'number' || name === 'order' || name === 'claim' || name === 'recovery')
      out[name] = v == null || v === '' ? '' : t('refusal.number', { number: String(v) });
    else if (name === 'code' && v === '' && (reason === 'NOT_COVERED' || reason === 'ENTITLEMENT_USED_UP'))
      // a contract's visits or inspections have no code: named by their kind (a code-less NOT_COVERED is the inspections')
      out[name] = maybe(t, `refusal.lineKind.${typeof params.kind === 'string' ? params.kind : 'INSPECTION'}`) ?? '';
    else if (name === 'role') out[name] = maybe(t, `role.${String(v)}`) ?? String(v);
    else if (name === 'roles') out[name] = list(v, (r) => maybe(t, `role.${r}`) ?? r);
    else if (name === 'tenantKind') out[name] = maybe(t, `kind.${String(v)}`) ?? String(v);
    else if (name === 'kind' && reason === 'WRONG_PARTY_KIND') out[name] = maybe(t, `relKind.${String(v)}`) ?? String(v);
    else if (name === 'kind') out[name] = maybe(t, `refusal.lineKind.${String(v)}`) ?? String(v);
    else if (name === 'payType') out[name] = maybe(t, `pay.${String(v)}`) ?? String(v);
    else if (name === 'side' || name === 'sheet') out[name] = t(`refusal.${name}.${String(v)}` as MessageKey);
    else if (name === 'unit') out[name] = v ? (maybe(t, `unit.${String(v)}`) ?? '') : '';
    else if (name === 'what') out[name] = maybe(t, `${reason === 'DUPLICATE' ? 'dup' : 'codeWhat'}.${String(v)}`) ?? '';
    else if (name === 'kinds') out[name] = list(v, (k) => maybe(t, `claim.evidence.${k}`) ?? k);
    else if (name === 'alternatives') out[name] = list(v, (iso) => formatDateTime(iso, lang, tz));
    else if (name === 'appointmentAt') out[name] = typeof v === 'string' ? formatDateTime(v, lang, tz) : '';
    else if (name === 'maxBytes' || name === 'limitBytes' || name === 'sizeBytes') out[name] = typeof v === 'number' ? bytes(v) : '';
    else if (name === 'dots') out[name] = v ? t('refusal.dots') : '';
    else if (name === 'componentGroup') out[name] = v == null ? t('refusal.baseTerm') : codeName(t, 'group', String(v));
    else if (name === 'value' && reason === 'DUPLICATE') out[name] = v == null || v === '' ? '' : t('refusal.number', { number: String(v) });
    else if (Array.isArray(v)) out[name] = v.map(String).join(sep);
    else if (typeof v === 'number') out[name] = v;
    else out[name] = v == null ? '' : String(v);
  }
  return out;
}

/** One reason with its parameters, or null when the dictionary has no entry for it. */
export function reasonText(
  t: Translate,
  reason: string | null | undefined,
  params: Record<string, unknown> | null | undefined,
  opts: RefusalOptions = {},
): string | null {
  if (!reason) return null;
  const key = `reason.${reason}`;
  if (maybe(t, key) === null) return null;
  return t(key as MessageKey, formatParams(t, reason, params ?? {}, opts));
}

/** The generic text for a refusal's code (when it names no reason the portal knows). */
export function codeText(t: Translate, code: string | null | undefined): string {
  return t(`refusal.code.${code && CODES.includes(code) ? code : 'OTHER'}` as MessageKey);
}

/**
 * The whole refusal as one text: its reason (or its code's generic text), then each field
 * problem with its field's label ("第 1 行 配件号：必填"); for an upload, the file's name first.
 */
export function refusalText(t: Translate, refusal: Refusal | null | undefined, opts: RefusalOptions = {}): string {
  if (!refusal) return '';
  if (refusal.text) return refusal.fileName ? t('refusal.file', { fileName: refusal.fileName, text: refusal.text }) : refusal.text;
  const params = { ...(refusal.params ?? {}) };
  if (refusal.reason === 'TOO_MANY_ATTEMPTS' && params.retryAfterMinutes == null && refusal.retryAfterMinutes != null)
    params.retryAfterMinutes = refusal.retryAfterMinutes;
  const head = reasonText(t, refusal.reason, params, opts);
  const problems = (refusal.problems ?? [])
    .filter((p) => !head || p.reason !== refusal.reason)
    .map((p) => {
      const text = reasonText(t, p.reason, p.params, opts) ?? t('refusal.invalid');
      // an upload's content needs no label when the file's name leads the text
      return refusal.fileName && p.field === 'input.contentBase64' ? text : t('refusal.problem', { field: fieldLabel(t, p.field), text });
    });
  const parts = head ? [head, ...problems] : problems.length ? problems : [codeText(t, refusal.code)];
  // a number set in spaces (" RO-2026-000001 ") needs none before CJK punctuation or at either end
  const text = parts
    .join(t('refusal.separator'))
    .replace(/ +([。，、；：！？）”])/g, '$1')
    .trim();
  return refusal.fileName ? t('refusal.file', { fileName: refusal.fileName, text }) : text;
}
