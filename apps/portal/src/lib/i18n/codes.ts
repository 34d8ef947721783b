/**
 * The names of the codes a user sees, in the reader's language (the words are in codes.*.ts):
 * estimate methods, component groups, decision channels, record kinds, audit and timeline actions,
 * who acted, and an audit entry's before / after as labelled, formatted values. A code without a
 * name reads as a translated "other", never as the raw code.
 */
import { DEFAULT_TIME_ZONE } from '@asn/domain';
import { formatDateTime, formatMoney, type Lang, type MessageKey, type Translate } from './index';
import { statusName } from './refusal';

export type CodeKind = 'method' | 'group' | 'channel' | 'entity';

/** The translation of `key`, or null when the dictionaries have none. */
function maybe(t: Translate, key: string, params?: Record<string, string | number>): string | null {
  const text = t(key as MessageKey, params);
  return text === key ? null : text;
}

/** A code as the system writes it (HYDRAULICS, WEAR_PARTS), not words a person typed. */
const looksLikeCode = (v: string) => /^[A-Z]+(_[A-Z]+)*$/.test(v);

/**
 * The name of `code` of `kind` ('' for none). A component group the manufacturer named in its own
 * words (液压系统) is shown as named; any other code without a name is that kind's "other".
 */
export function codeName(t: Translate, kind: CodeKind, code: string | null | undefined): string {
  if (code == null || code === '') return '';
  const own = maybe(t, `codes.${kind}.${code}`);
  if (own) return own;
  if (kind === 'entity') return maybe(t, `doc.${code}`) ?? t('codes.entity.other');
  if (kind === 'group' && !looksLikeCode(code)) return code;
  return t(`codes.${kind}.other` as MessageKey);
}

/** The record kind of an audit action's prefix (`repairOrder.CHECK_IN` is a RepairOrder's). */
const PREFIX_DOCUMENT: Record<string, string> = {
  repairOrder: 'RepairOrder',
  visit: 'Visit',
  warrantyClaim: 'WarrantyClaim',
  settlementBatch: 'SettlementBatch',
  recoveryClaim: 'RecoveryClaim',
  bookingRequest: 'BookingRequest',
  followUp: 'FollowUp',
  user: 'User',
  tenant: 'Tenant',
  relationship: 'Relationship',
  customer: 'Customer',
  vehicle: 'Vehicle',
  attachment: 'Attachment',
  warrantyCatalogue: 'WarrantyCatalogue',
  complaint: 'Complaint',
  serviceContract: 'ServiceContract',
  serviceRequest: 'ServiceRequest',
  workingCalendar: 'WorkingCalendar',
  partsOrder: 'PartsOrder',
  cataloguePart: 'CataloguePart',
  stock: 'StockItem',
};

/**
 * What an audit or timeline entry's action says: `repairOrder.chased` → 客户催单,
 * `warrantyClaim.SUBMIT` → 提交索赔, `followUp.RECORD` → 记录回访; an action without a name is
 * "新建 / 修改 <record>" when its verb is known, else "其他操作".
 */
export function actionName(t: Translate, action: string): string {
  const direct = maybe(t, `action.${action}`) ?? maybe(t, `codes.action.${action}`);
  if (direct) return direct;
  const dot = action.indexOf('.');
  if (dot < 0) return t('codes.action.other');
  const prefix = action.slice(0, dot);
  const step = action.slice(dot + 1);
  const document = PREFIX_DOCUMENT[prefix];
  if (!document) return t('codes.action.other');
  const named = (document === 'WarrantyClaim' ? maybe(t, `claim.action.${step}`) : null) ?? maybe(t, `docEvent.${document}.${step}`);
  if (named) return named;
  const doc = codeName(t, 'entity', document);
  return maybe(t, `codes.verb.${step}`, { doc }) ?? t('codes.verb.other', { doc });
}

/**
 * Who acted, as the record names them: a person's name as is; the words the API writes for
 * the customer, the system, a walk-in visitor or a decision in the shop, translated.
 */
export function actorText(t: Translate, name: string | null | undefined): string {
  if (!name) return t('codes.actor.system');
  if (name === 'customer (tracking link)') return t('codes.actor.customer');
  if (name === 'system') return t('codes.actor.system');
  if (name === 'customer') return t('codes.actor.complainant'); // a complaint's trail: the customer on the tracking page
  if (name === 'staff') return t('codes.actor.staff');
  if (name === 'demo seed') return t('codes.actor.seed');
  const seed = /^(.*) \(demo seed\)$/.exec(name);
  if (seed) return seed[1]!;
  const shop = /^(.*) \(in the shop\)$/.exec(name);
  if (shop) return t('codes.actor.inShop', { name: actorText(t, shop[1]) });
  const visitor = /^visitor \(booking page\): (.*)$/.exec(name);
  if (visitor) return t('codes.actor.visitor', { name: visitor[1]! });
  return name;
}

/** The line a timeline shows for one entry: its action, and who took it. */
export function timelineText(t: Translate, entry: { action: string; actorName?: string | null; automatic?: boolean | null }): string {
  const who = entry.automatic ? t('codes.actor.system') : actorText(t, entry.actorName);
  return `${actionName(t, entry.action)} · ${who}`;
}

/** One field of an audit entry's before / after, labelled and formatted. */
export interface AuditChange {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

interface FormatOptions {
  lang: Lang;
  timeZone?: string;
  /** The record kind the entry is about (its statuses are that record's). */
  entityType?: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Ids, hashes and the browser's self-description mean nothing to a reader: an audit entry's view leaves them out. */
const isIdField = (field: string) => /(^id$|Id$|Ids$)/.test(field) || field === 'sha256' || field === 'userAgent' || field === 'uploadedBy';

/** A value of an audit entry as the reader reads it: statuses and codes by name, money as ¥1,280.00, instants on the tenant's clock. */
export function auditValue(t: Translate, field: string, value: unknown, opts: FormatOptions): string {
  if (value == null || value === '') return t('codes.audit.none');
  const sep = t('refusal.listSeparator');
  if (Array.isArray(value)) return value.length ? value.map((v) => auditValue(t, field, v, opts)).join(sep) : t('codes.audit.none');
  if (typeof value === 'boolean') return t(value ? 'codes.yes' : 'codes.no');
  if (isRecord(value)) {
    if (typeof value.amountMinor === 'string' && typeof value.currency === 'string') return formatMoney(value.amountMinor, value.currency);
    return Object.entries(value)
      .filter(([k]) => !isIdField(k))
      .map(([k, v]) => `${fieldName(t, k)}：${auditValue(t, k, v, opts)}`)
      .join(sep);
  }
  const text = String(value);
  if (field.endsWith('Minor') && /^-?\d+$/.test(text)) return formatMoney(text, 'CNY');
  if (field === 'recoveryShareBp' && /^\d+$/.test(text)) return `${Number(text) / 100}%`;
  if (field === 'status' || field === 'fromState' || field === 'toState') return statusName(t, opts.entityType ?? 'Record', text);
  if (field === 'visitStatus') return statusName(t, 'Visit', text);
  if (field === 'roles' || field === 'role') return maybe(t, `role.${text}`) ?? t('codes.value.other');
  if (field === 'kind') return maybe(t, `kind.${text}`) ?? maybe(t, `relKind.${text}`) ?? (looksLikeCode(text) ? t('codes.value.other') : text);
  if (field === 'payType') return maybe(t, `pay.${text}`) ?? t('codes.value.other');
  // a vehicle counts kilometres or engine hours
  if (field === 'usageUnit') return maybe(t, `claimprint.meter.${text}`) ?? t('codes.value.other');
  if (field === 'method') return codeName(t, 'method', text);
  if (field === 'channel' || field === 'decisionChannel') return codeName(t, 'channel', text);
  if (field === 'componentGroup' || field === 'exclusions') return codeName(t, 'group', text);
  if (field === 'ownerType' || field === 'entityType') return codeName(t, 'entity', text);
  if (field === 'hoursMilli' && /^\d+$/.test(text)) return `${Number(text) / 1000} h`;
  if (field === 'sizeBytes' && /^\d+$/.test(text))
    return Number(text) >= 1024 * 1024 ? `${(Number(text) / 1048576).toFixed(1)} MB` : `${Math.ceil(Number(text) / 1024)} KB`;
  if (field === 'contentType') return text.replace(/^[a-z]+\//, '').toUpperCase();
  if (field === 'evidenceKind') return maybe(t, `claim.evidence.${text}`) ?? t('codes.value.other');
  if (field === 'result' || field === 'inspectionResult') return maybe(t, `stl.inspection.${text}`) ?? t('codes.value.other');
  if (field === 'standardHoursMilli' && /^\d+$/.test(text)) return `${Number(text) / 1000} h`;
  if (typeof value === 'string' && ISO_INSTANT.test(text)) return formatDateTime(text, opts.lang, opts.timeZone ?? DEFAULT_TIME_ZONE);
  if (typeof value === 'string' && looksLikeCode(text) && text.length > 3) return t('codes.value.other');
  return text;
}

/** The facts of a record (a check's evidence): each labelled, formatted, ids left out. */
export function factList(t: Translate, facts: Record<string, unknown>, opts: FormatOptions): { field: string; label: string; value: string }[] {
  return Object.entries(facts)
    .filter(([k]) => !isIdField(k) && k !== 'currency')
    .map(([field, v]) => ({ field, label: fieldName(t, field), value: auditValue(t, field, v, opts) }));
}

export function fieldName(t: Translate, field: string): string {
  return maybe(t, `codes.field.${field}`) ?? maybe(t, `field.${field}`) ?? t('codes.field.other');
}

/**
 * The fields an audit entry changed or recorded, each with its label and its value before and
 * after (ids left out): what the audit log shows instead of the raw JSON.
 */
export function auditChanges(
  t: Translate,
  entry: { before?: unknown; after?: unknown; entityType?: string | null },
  opts: { lang: Lang; timeZone?: string },
): AuditChange[] {
  const before = isRecord(entry.before) ? entry.before : {};
  const after = isRecord(entry.after) ? entry.after : {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => !isIdField(f) && f !== 'currency');
  const format = { ...opts, entityType: entry.entityType ?? undefined };
  const out: AuditChange[] = [];
  for (const field of fields) {
    const b = field in before ? auditValue(t, field, before[field], format) : null;
    const a = field in after ? auditValue(t, field, after[field], format) : null;
    // a field the step did not change is left out when both sides are known
    if (b !== null && a !== null && b === a) continue;
    out.push({ field, label: fieldName(t, field), before: b, after: a });
  }
  return out;
}

/** A time zone by its name in the reader's language (Asia/Shanghai → 中国标准时间), or the zone's code when the runtime has no name for it. */
export function zoneName(timeZone: string, lang: Lang): string {
  try {
    const part = new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: 'long' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName');
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}
