import { DomainError } from '../errors.js';
import { addDays } from '../time-zone.js';
import { CSI_MIN_SURVEYS, csiOf } from './csi.js';
import { PAY_TYPES, keysWith, measure, measuresRead, type MeasureSums } from './measures.js';
import type { PayType } from '../repair-order.js';

/**
 * The oversight figures (统计报表 KPIs, domain.md §8): each a pure, versioned formula over the sums of
 * a period's measures (measures.ts), for one dealer or pooled over many. Averages are ratios of
 * sums, never averages of averages; rates are fractions 0..1; money is integer minor units. A
 * figure's `version` goes up whenever its formula changes: the rollup keeps measures, not figure
 * values, so the new version re-evaluates all of history. docs/figures.md explains each one.
 */

export const FIGURE_UNITS = ['COUNT', 'MONEY_MINOR', 'MINUTES', 'DAYS', 'RATIO'] as const;
export type FigureUnit = (typeof FIGURE_UNITS)[number];
/** Which way is good: HIGHER, LOWER, or null for a plain volume (neither good nor bad). */
export type FigureBetter = 'HIGHER' | 'LOWER' | null;
/** Whose rows the measures are: a repairer's (dealer, shop) or a parts supplier's (the seller of the parts orders). */
export const FIGURE_PARTIES = ['REPAIRER', 'SUPPLIER'] as const;
export type FigureParty = (typeof FIGURE_PARTIES)[number];

/** What a formula gives: the value (null when nothing was counted), its sample, and the parts of a ratio. */
export interface FigureValue {
  value: number | null;
  /** The size of what the value rests on (the denominator of a ratio, the count of an average). */
  sample: number;
  numerator?: number;
  denominator?: number;
  /** For breakdown figures: the value per dimension (pay type, reason code, CSI indicator). */
  breakdown?: Record<string, number>;
}

export interface Figure<Id extends string = string> {
  id: Id;
  /** Goes up by one whenever the formula changes. */
  version: number;
  /** The figure's Chinese name (documentation; the portal translates `id`). */
  zh: string;
  unit: FigureUnit;
  better: FigureBetter;
  /** The network's target from the seeds, in the figure's unit, or null. */
  target: number | null;
  /** Below this sample the value is not shown (too few). 0 for plain counts and amounts: zero is a value. */
  minSample: number;
  party: FigureParty;
  /**
   * Days after a period's last day during which the value may still change because later events
   * are attributed back to an earlier day (a comeback within 30 days, follow-up calls after delivery); 0 when final.
   */
  settlesAfterDays: number;
  compute(sums: MeasureSums): FigureValue;
}

/** The result shown for a figure: `value` is null when `tooFew` (sample < minSample), and a breakdown is then left out too. */
export interface FigureResult {
  figureId: FigureId;
  version: number;
  unit: FigureUnit;
  value: number | null;
  sample: number;
  tooFew: boolean;
  target: number | null;
  better: FigureBetter;
  numerator?: number;
  denominator?: number;
  breakdown?: Record<string, number>;
}

export type FigureJudgement = 'MEETS' | 'BELOW' | 'TOO_FEW' | 'NO_TARGET';

/** Pay types whose approved amounts are revenue. INTERNAL work (the dealer's own vehicles) counts in volume, not in revenue. */
export const REVENUE_PAY_TYPES: readonly PayType[] = PAY_TYPES.filter((p) => p !== 'INTERNAL');

/** Days after delivery within which a new order for the same VIN and fault is a comeback (ro.comeback, ro.firstTimeFix, qc.passedHeld). */
export const COMEBACK_WINDOW_DAYS = 30;
/** Follow-up calls come 3 and 10 days after delivery (timers.ts followUpsAt); with a few days' grace their answers are in after 14. */
export const FOLLOW_UP_SETTLE_DAYS = 14;

/** a ÷ b with b the sample; null when b is 0. */
function ratio(numerator: number, denominator: number): FigureValue {
  return { value: denominator > 0 ? numerator / denominator : null, sample: denominator, numerator, denominator };
}

/** A plain count: its own sample. */
function count(n: number): FigureValue {
  return { value: n, sample: n };
}

/** A sum of money (minor units) over `sample` documents: kept exact, never rounded. */
function amount(minor: number, sample: number): FigureValue {
  return { value: minor, sample };
}

/** The values of the keys `prefix<dimension>` present in the sums, by dimension. */
function byPrefix(sums: MeasureSums, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keysWith(sums, prefix)) out[k.slice(prefix.length)] = sums[k] ?? 0;
  return out;
}

const m = measure;

export const FIGURE_IDS = [
  'repairVolume',
  'revenueByPayType',
  'cycleTime',
  'firstTimeFixRate',
  'comebackRate',
  'reworkRate',
  'inspectorAccuracy',
  'recordCompleteness',
  'claimCount',
  'claimAmount',
  'claimApprovedAmount',
  'rejectionRate',
  'rejectionsByReason',
  'reviewTime',
  'partsFillRate',
  'backorderAge',
  'emergencyPromiseKept',
  'shipmentAccuracy',
  'complaintCount',
  'timeToAcknowledge',
  'timeToResolve',
  'escalations',
  'escalationRate',
  'followUpRateInWarranty',
  'satisfaction',
  'slaBreaches',
  'slaMetRate',
  'csi',
] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

export function isFigureId(id: string): id is FigureId {
  return (FIGURE_IDS as readonly string[]).includes(id);
}

const repairer = { party: 'REPAIRER', settlesAfterDays: 0 } as const;
const supplier = { party: 'SUPPLIER', settlesAfterDays: 0 } as const;
const volume = { unit: 'COUNT', better: null, target: null, minSample: 0 } as const;

export const FIGURES: { readonly [K in FigureId]: Figure<K> } = {
  // ── repair orders ─────────────────────────────────────────────────────────────────────────────
  repairVolume: {
    id: 'repairVolume',
    version: 1,
    zh: '维修台次',
    ...volume,
    ...repairer,
    compute: (s) => ({
      ...count(m(s, 'ro.delivered')),
      breakdown: Object.fromEntries(PAY_TYPES.map((p) => [p, m(s, `ro.byType:${p}`)])),
    }),
  },
  revenueByPayType: {
    id: 'revenueByPayType',
    version: 1,
    zh: '维修产值(按付费方式)',
    unit: 'MONEY_MINOR',
    better: null,
    target: null,
    minSample: 0,
    ...repairer,
    compute: (s) => {
      const breakdown = Object.fromEntries(REVENUE_PAY_TYPES.map((p) => [p, m(s, `rev:${p}`)]));
      return {
        ...amount(
          Object.values(breakdown).reduce((a, b) => a + b, 0),
          m(s, 'ro.delivered'),
        ),
        breakdown,
      };
    },
  },
  cycleTime: {
    id: 'cycleTime',
    version: 1,
    zh: '平均维修周期',
    unit: 'MINUTES',
    better: 'LOWER',
    target: null,
    minSample: 5,
    ...repairer,
    compute: (s) => ratio(m(s, 'ro.cycleMinutes'), m(s, 'ro.cycleCount')),
  },
  firstTimeFixRate: {
    id: 'firstTimeFixRate',
    version: 1,
    zh: '一次修复率',
    unit: 'RATIO',
    better: 'HIGHER',
    target: null,
    minSample: 20,
    party: 'REPAIRER',
    settlesAfterDays: COMEBACK_WINDOW_DAYS,
    compute: (s) => ratio(m(s, 'ro.firstTimeFix'), m(s, 'ro.delivered')),
  },
  comebackRate: {
    id: 'comebackRate',
    version: 1,
    zh: '返修率',
    unit: 'RATIO',
    better: 'LOWER',
    target: null,
    minSample: 20,
    party: 'REPAIRER',
    settlesAfterDays: COMEBACK_WINDOW_DAYS,
    compute: (s) => ratio(m(s, 'ro.comeback'), m(s, 'ro.delivered')),
  },
  reworkRate: {
    id: 'reworkRate',
    version: 1,
    zh: '返工率',
    unit: 'RATIO',
    better: 'LOWER',
    target: null,
    minSample: 20,
    ...repairer,
    compute: (s) => ratio(m(s, 'ro.reworked'), m(s, 'ro.delivered')),
  },
  inspectorAccuracy: {
    id: 'inspectorAccuracy',
    version: 1,
    zh: '检验准确率',
    unit: 'RATIO',
    better: 'HIGHER',
    target: 0.97, // seed 002: 本公司检验准确率定为97%
    minSample: 20,
    party: 'REPAIRER',
    settlesAfterDays: COMEBACK_WINDOW_DAYS,
    compute: (s) => ratio(m(s, 'qc.passedHeld'), m(s, 'qc.passed')),
  },
  recordCompleteness: {
    id: 'recordCompleteness',
    version: 1,
    zh: '记录完整率',
    unit: 'RATIO',
    better: 'HIGHER',
    target: null,
    minSample: 20,
    ...repairer,
    compute: (s) => ratio(m(s, 'ro.complete'), m(s, 'ro.delivered')),
  },
  // ── warranty claims ───────────────────────────────────────────────────────────────────────────
  claimCount: {
    id: 'claimCount',
    version: 1,
    zh: '索赔单数',
    ...volume,
    ...repairer,
    compute: (s) => count(m(s, 'wc.submitted')),
  },
  claimAmount: {
    id: 'claimAmount',
    version: 1,
    zh: '索赔申请金额',
    unit: 'MONEY_MINOR',
    better: null,
    target: null,
    minSample: 0,
    ...repairer,
    compute: (s) => amount(m(s, 'wc.claimedMinor'), m(s, 'wc.submitted')),
  },
  claimApprovedAmount: {
    id: 'claimApprovedAmount',
    version: 1,
    zh: '索赔核准金额',
    unit: 'MONEY_MINOR',
    better: null,
    target: null,
    minSample: 0,
    ...repairer,
    compute: (s) => amount(m(s, 'wc.approvedMinor'), m(s, 'wc.approved')),
  },
  rejectionRate: {
    id: 'rejectionRate',
    version: 1,
    zh: '索赔拒赔率',
    unit: 'RATIO',
    better: 'LOWER',
    target: null,
    minSample: 10,
    ...repairer,
    compute: (s) => ratio(m(s, 'wc.rejected'), m(s, 'wc.decided')),
  },
  rejectionsByReason: {
    id: 'rejectionsByReason',
    version: 1,
    zh: '拒赔原因分布',
    unit: 'COUNT',
    better: 'LOWER',
    target: null,
    minSample: 0,
    ...repairer,
    compute: (s) => ({ ...count(m(s, 'wc.rejected')), breakdown: byPrefix(s, 'wc.rejected:') }),
  },
  reviewTime: {
    id: 'reviewTime',
    version: 1,
    zh: '索赔审核时长',
    unit: 'MINUTES',
    better: 'LOWER',
    target: null,
    minSample: 5,
    ...repairer,
    compute: (s) => ratio(m(s, 'wc.reviewMinutes'), m(s, 'wc.decided')),
  },
  // ── parts (the supplier's rows) ───────────────────────────────────────────────────────────────
  partsFillRate: {
    id: 'partsFillRate',
    version: 1,
    zh: '备件满足率',
    unit: 'RATIO',
    better: 'HIGHER',
    target: null,
    minSample: 20,
    ...supplier,
    compute: (s) => ratio(m(s, 'po.linesFilled'), m(s, 'po.linesOrdered')),
  },
  backorderAge: {
    id: 'backorderAge',
    version: 1,
    zh: '平均欠货天数',
    unit: 'DAYS',
    better: 'LOWER',
    target: null,
    minSample: 5,
    ...supplier,
    compute: (s) => ratio(m(s, 'po.backorderDays'), m(s, 'po.backorderLines')),
  },
  emergencyPromiseKept: {
    id: 'emergencyPromiseKept',
    version: 1,
    zh: '紧急订单准时发货率',
    unit: 'RATIO',
    better: 'HIGHER',
    target: null,
    minSample: 10,
    ...supplier,
    compute: (s) => ratio(m(s, 'po.emergencyKept'), m(s, 'po.emergencyDue')),
  },
  shipmentAccuracy: {
    id: 'shipmentAccuracy',
    version: 1,
    zh: '配件出货正确率',
    unit: 'RATIO',
    better: 'HIGHER',
    target: 0.98, // seed 003: 配件出货正确率为98%以上 (parts.ts SHIPMENT_ACCURACY_TARGET_BP)
    minSample: 20,
    ...supplier,
    compute: (s) => ratio(m(s, 'po.shipLinesAccurate'), m(s, 'po.shipLines')),
  },
  // ── complaints ────────────────────────────────────────────────────────────────────────────────
  complaintCount: {
    id: 'complaintCount',
    version: 1,
    zh: '投诉数',
    unit: 'COUNT',
    better: 'LOWER',
    target: null,
    minSample: 0,
    ...repairer,
    compute: (s) => count(m(s, 'cp.received')),
  },
  timeToAcknowledge: {
    id: 'timeToAcknowledge',
    version: 1,
    zh: '投诉平均响应时长',
    unit: 'MINUTES',
    better: 'LOWER',
    target: null,
    minSample: 5,
    ...repairer,
    compute: (s) => ratio(m(s, 'cp.ackMinutes'), m(s, 'cp.acknowledged')),
  },
  timeToResolve: {
    id: 'timeToResolve',
    version: 1,
    zh: '投诉平均解决时长',
    unit: 'MINUTES',
    better: 'LOWER',
    target: null,
    minSample: 5,
    ...repairer,
    compute: (s) => ratio(m(s, 'cp.resolveMinutes'), m(s, 'cp.resolved')),
  },
  escalations: {
    id: 'escalations',
    version: 1,
    zh: '投诉升级数',
    unit: 'COUNT',
    better: 'LOWER',
    target: null,
    minSample: 0,
    ...repairer,
    compute: (s) => count(m(s, 'cp.escalated')),
  },
  escalationRate: {
    id: 'escalationRate',
    version: 1,
    zh: '投诉升级率',
    unit: 'RATIO',
    better: 'LOWER',
    target: null,
    minSample: 20,
    ...repairer,
    compute: (s) => ratio(m(s, 'cp.escalated'), m(s, 'cp.received')),
  },
  // ── follow-up and satisfaction ────────────────────────────────────────────────────────────────
  followUpRateInWarranty: {
    id: 'followUpRateInWarranty',
    version: 1,
    zh: '保修期内客户回访率',
    unit: 'RATIO',
    better: 'HIGHER',
    target: 1, // seed 003: 保修期内客户回访率为100%
    minSample: 20,
    party: 'REPAIRER',
    settlesAfterDays: FOLLOW_UP_SETTLE_DAYS,
    compute: (s) => ratio(m(s, 'fu.warrantyDone'), m(s, 'fu.warrantyDue')),
  },
  satisfaction: {
    id: 'satisfaction',
    version: 1,
    zh: '服务满意率',
    unit: 'RATIO',
    better: 'HIGHER',
    target: 0.98, // seed 003: 服务满意率98%以上
    minSample: 20,
    party: 'REPAIRER',
    settlesAfterDays: FOLLOW_UP_SETTLE_DAYS,
    compute: (s) => ratio(m(s, 'sat.satisfied'), m(s, 'sat.answers')),
  },
  // ── service-contract SLA clocks ───────────────────────────────────────────────────────────────
  slaBreaches: {
    id: 'slaBreaches',
    version: 1,
    zh: '服务时效超时数',
    unit: 'COUNT',
    better: 'LOWER',
    target: null,
    minSample: 0,
    ...repairer,
    compute: (s) => count(m(s, 'sla.breached')),
  },
  slaMetRate: {
    id: 'slaMetRate',
    version: 1,
    zh: '服务时效达成率',
    unit: 'RATIO',
    better: 'HIGHER',
    target: null,
    minSample: 20,
    ...repairer,
    compute: (s) => ratio(m(s, 'sla.met'), m(s, 'sla.met') + m(s, 'sla.breached')),
  },
  // ── customer-satisfaction index (seed 004) ────────────────────────────────────────────────────
  csi: {
    id: 'csi',
    version: 1,
    zh: '顾客满意度指数',
    unit: 'RATIO',
    better: 'HIGHER',
    target: null,
    minSample: CSI_MIN_SURVEYS,
    ...repairer,
    compute: (s) => {
      // the index with no sample floor: evaluateFigure applies the too-few rule (minSample = CSI_MIN_SURVEYS);
      // the breakdown (C_i per indicator) keeps only the indicators answered by enough surveys
      const r = csiOf(s, 0);
      const breakdown = Object.fromEntries(r.indicators.filter((i) => i.surveys >= CSI_MIN_SURVEYS).map((i) => [i.code, i.satisfaction]));
      return { value: r.index, sample: r.surveys, breakdown };
    },
  },
};

/** The catalogue in FIGURE_IDS order. */
export const FIGURE_LIST: readonly Figure<FigureId>[] = FIGURE_IDS.map((id) => FIGURES[id]);

/** The figures whose measures a party's rows carry. */
export function figuresOf(party: FigureParty): readonly Figure<FigureId>[] {
  return FIGURE_LIST.filter((f) => f.party === party);
}

/**
 * A figure of the sums of a period (one tenant, or pooled: add the tenants' sums first with
 * addMeasureSums). Too few (sample < minSample): the value and the breakdown are left out.
 */
export function evaluateFigure(figureId: FigureId, sums: MeasureSums): FigureResult {
  if (!isFigureId(figureId)) throw DomainError.notFound(`Figure ${String(figureId)}`);
  const f: Figure<FigureId> = FIGURES[figureId];
  const r = f.compute(sums);
  const tooFew = r.sample < f.minSample;
  const out: FigureResult = {
    figureId,
    version: f.version,
    unit: f.unit,
    value: tooFew ? null : r.value,
    sample: r.sample,
    tooFew,
    target: f.target,
    better: f.better,
  };
  if (r.numerator !== undefined) out.numerator = r.numerator;
  if (r.denominator !== undefined) out.denominator = r.denominator;
  if (r.breakdown && !tooFew) out.breakdown = r.breakdown;
  return out;
}

/**
 * The measures a figure's formula reads (exact keys, and prefixes of a breakdown): a query that
 * evaluates only this figure (a trend) sums those rows only. Versioned with the formula.
 */
export function figureMeasures(figureId: FigureId): { keys: string[]; prefixes: string[] } {
  if (!isFigureId(figureId)) throw DomainError.notFound(`Figure ${String(figureId)}`);
  return measuresRead((s) => FIGURES[figureId].compute(s));
}

/** Every figure (or the ones named) of the same sums. */
export function evaluateFigures(sums: MeasureSums, ids: readonly FigureId[] = FIGURE_IDS): FigureResult[] {
  return ids.map((id) => evaluateFigure(id, sums));
}

/** Floating-point slack when comparing with a target (49/50 against 0.98). */
const EPSILON = 1e-9;

/**
 * A result against its target: TOO_FEW when there is no value to judge, NO_TARGET when the figure
 * has no target (or no direction), else MEETS when at least (HIGHER) / at most (LOWER) the target.
 */
export function judgeFigure(result: Pick<FigureResult, 'value' | 'tooFew' | 'target' | 'better'>): FigureJudgement {
  if (result.tooFew || result.value === null) return 'TOO_FEW';
  if (result.target === null || result.better === null) return 'NO_TARGET';
  const meets = result.better === 'HIGHER' ? result.value >= result.target - EPSILON : result.value <= result.target + EPSILON;
  return meets ? 'MEETS' : 'BELOW';
}

/** Sums of measures added key by key: a week from its days, a region or the network from its dealers. */
export function addMeasureSums(...parts: readonly MeasureSums[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/**
 * The network beside one of its members (a dealer, or a supplier beside its manufacturer's
 * suppliers): a rate or a duration pooled over the network is its average already, but a count or
 * an amount pooled is the network's total — given per member (the value and each share divided by
 * `members`). The sample stays the pooled one (how many records the network counted), so the
 * too-few rule and the judgement are those of the pool.
 */
export function perMember(result: FigureResult, members: number): FigureResult {
  if ((result.unit !== 'COUNT' && result.unit !== 'MONEY_MINOR') || members <= 1) return result;
  const out: FigureResult = { ...result, value: result.value === null ? null : result.value / members };
  if (result.breakdown) out.breakdown = Object.fromEntries(Object.entries(result.breakdown).map(([k, v]) => [k, v / members]));
  return out;
}

/**
 * Whether a figure of a period ending on `lastDay` (YYYY-MM-DD, the tenant's calendar) may still
 * change on `today`: later events are attributed back to their order's delivery day for
 * `settlesAfterDays` days (a comeback within 30 days, follow-up calls). Such a value is provisional.
 */
export function figureIsProvisional(figureId: FigureId, lastDay: string, today: string): boolean {
  const days = FIGURES[figureId].settlesAfterDays;
  return days > 0 && today <= addDays(lastDay, days);
}
