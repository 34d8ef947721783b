import { yuanToFen } from '$lib/money';

/** The contract's states, types and entitlement kinds (the API's enums), in the order pages list them. */
export const CONTRACT_STATES = ['DRAFT', 'ACTIVE', 'SUSPENDED', 'EXPIRED', 'TERMINATED'] as const;
export const CONTRACT_TYPES = ['FULL_SERVICE', 'MAINTENANCE_PLAN', 'EXTENDED_WARRANTY'] as const;
export const ENTITLEMENT_KINDS = ['OPERATION', 'PART', 'COMPONENT_GROUP', 'VISIT', 'INSPECTION', 'TRAINING'] as const;
/** The kinds that name an operation, a part or a component group by its code (the API keeps no code for the others). */
export const CODED: readonly string[] = ['OPERATION', 'PART', 'COMPONENT_GROUP'];
export const SLA_BASES = ['WORKING_TIME', 'ROUND_THE_CLOCK'] as const;
export const INSPECTION_RESULTS = ['OK', 'ATTENTION', 'FAULT'] as const;
/** 1 重大故障, 2 主要故障, 3 次要故障. */
export const SEVERITIES = [1, 2, 3] as const;
/** The events a user may press (EXPIRE is the clock's). */
export const USER_EVENTS = ['ACTIVATE', 'SUSPEND', 'RESUME', 'TERMINATE'] as const;
/** Events that need a reason. */
export const NEEDS_REASON = ['SUSPEND', 'TERMINATE'];

export interface SlaRow {
  severity: number;
  firstReplyMinutes: number | null;
  onSiteMinutes: number | null;
  partsMinutes: number | null;
  resolutionMinutes: number | null;
}

/** The promise a new contract starts from (the demo's): 1: reply 10 min, on site 12 h, parts 4 h; 2: 10 min, 24 h; 3: 30 min, next visit. */
export const DEFAULT_SLA: SlaRow[] = [
  { severity: 1, firstReplyMinutes: 10, onSiteMinutes: 12 * 60, partsMinutes: 4 * 60, resolutionMinutes: null },
  { severity: 2, firstReplyMinutes: 10, onSiteMinutes: 24 * 60, partsMinutes: null, resolutionMinutes: null },
  { severity: 3, firstReplyMinutes: 30, onSiteMinutes: null, partsMinutes: null, resolutionMinutes: null },
];

/** What the contract form shows (as typed, so a refusal keeps it). */
export interface ContractValues {
  customerId: string;
  type: string;
  title: string;
  startsOn: string;
  endsOn: string;
  price: string;
  slaBasis: string;
  /** per severity: reply (minutes), on site / parts / resolution (hours), as typed */
  sla: Record<string, { firstReply: string; onSite: string; parts: string; resolution: string }>;
  vins: string;
  entitlements: { kind: string; code: string; label: string; quantity: string; reportDays: string }[];
  notes: string;
}

const hours = (minutes: number | null | undefined) => (minutes == null ? '' : String(Math.round((minutes / 60) * 100) / 100));

/** A contract (or the defaults) as the form's values. */
export function valuesOf(c?: {
  customerId: string;
  type: string;
  title: string;
  startsOn: string;
  endsOn: string;
  price: { amountMinor: string };
  slaBasis: string;
  sla: readonly SlaRow[];
  vehicles: readonly { vin: string }[];
  entitlements: readonly { kind: string; code?: string | null; label?: string | null; quantity?: number | null; reportDays?: number | null }[];
  notes?: string | null;
}): ContractValues {
  const sla = c?.sla?.length ? c.sla : DEFAULT_SLA;
  const minor = c?.price.amountMinor ?? '';
  return {
    customerId: c?.customerId ?? '',
    type: c?.type ?? 'FULL_SERVICE',
    title: c?.title ?? '',
    startsOn: c?.startsOn ?? '',
    endsOn: c?.endsOn ?? '',
    price: minor ? `${minor.slice(0, -2) || '0'}.${minor.padStart(3, '0').slice(-2)}`.replace(/\.00$/, '') : '',
    slaBasis: c?.slaBasis ?? 'WORKING_TIME',
    sla: Object.fromEntries(
      SEVERITIES.map((s) => {
        const r = sla.find((x) => x.severity === s);
        return [
          String(s),
          {
            firstReply: r?.firstReplyMinutes == null ? '' : String(r.firstReplyMinutes),
            onSite: hours(r?.onSiteMinutes),
            parts: hours(r?.partsMinutes),
            resolution: hours(r?.resolutionMinutes),
          },
        ];
      }),
    ),
    vins: (c?.vehicles ?? []).map((v) => v.vin).join('\n'),
    entitlements: (c?.entitlements ?? []).map((e) => ({
      kind: e.kind,
      code: e.code ?? '',
      label: e.label ?? '',
      quantity: e.quantity == null ? '' : String(e.quantity),
      reportDays: e.reportDays == null ? '' : String(e.reportDays),
    })),
    notes: c?.notes ?? '',
  };
}

/** Trimmed, or null when empty (as the server's `text`; this module also runs in the browser). */
const text = (v: string): string | null => v.trim() || null;

const num = (v: string): number | null => {
  if (v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : NaN;
};
/** Minutes from a typed count of minutes or hours ('' = no promise); what is no number goes on as -1 for the API to refuse. */
const minutesFrom = (v: string, perUnit: number): number | null => {
  const n = num(v);
  if (n === null) return null;
  return Number.isNaN(n) ? -1 : Math.round(n * perUnit);
};
const intOrNull = (v: string): number | null => {
  const n = num(v);
  if (n === null) return null;
  return Number.isNaN(n) ? -1 : Math.trunc(n);
};

/** The posted contract form: what was typed, and the API's input built from it. */
export function readContractForm(f: FormData, currency: string) {
  const s = (name: string) => String(f.get(name) ?? '');
  const all = (name: string) => f.getAll(name).map(String);
  const kinds = all('ent.kind');
  const codes = all('ent.code');
  const labels = all('ent.label');
  const quantities = all('ent.quantity');
  const reportDays = all('ent.reportDays');
  const values: ContractValues = {
    customerId: s('customerId'),
    type: s('type') || 'FULL_SERVICE',
    title: s('title'),
    startsOn: s('startsOn'),
    endsOn: s('endsOn'),
    price: s('price'),
    slaBasis: s('slaBasis') || 'WORKING_TIME',
    sla: Object.fromEntries(
      SEVERITIES.map((n) => [
        String(n),
        { firstReply: s(`sla.${n}.firstReply`), onSite: s(`sla.${n}.onSite`), parts: s(`sla.${n}.parts`), resolution: s(`sla.${n}.resolution`) },
      ]),
    ),
    vins: s('vins'),
    entitlements: kinds.map((kind, i) => ({
      kind,
      code: codes[i] ?? '',
      label: labels[i] ?? '',
      quantity: quantities[i] ?? '',
      reportDays: reportDays[i] ?? '',
    })),
    notes: s('notes'),
  };
  const priceText = values.price.trim() || '0';
  const input = {
    type: values.type,
    title: values.title.trim(),
    startsOn: values.startsOn,
    endsOn: values.endsOn,
    price: { amountMinor: yuanToFen(priceText) ?? priceText, currency },
    slaBasis: values.slaBasis,
    sla: SEVERITIES.map((n) => {
      const r = values.sla[String(n)]!;
      return {
        severity: n,
        firstReplyMinutes: minutesFrom(r.firstReply, 1),
        onSiteMinutes: minutesFrom(r.onSite, 60),
        partsMinutes: minutesFrom(r.parts, 60),
        resolutionMinutes: minutesFrom(r.resolution, 60),
      };
    }),
    vins: values.vins
      .split(/[\s,，;；]+/)
      .map((v) => v.trim().toUpperCase())
      .filter(Boolean),
    entitlements: values.entitlements
      .filter((e) => e.code.trim() || e.label.trim())
      .map((e) => ({
        kind: e.kind,
        code: CODED.includes(e.kind) ? text(e.code) : null,
        label: e.label.trim(),
        quantity: intOrNull(e.quantity),
        reportDays: e.kind === 'INSPECTION' ? intOrNull(e.reportDays) : null,
      })),
    notes: text(values.notes),
  };
  return { values, input };
}
