/**
 * What the figures pages share (指标看板, issue 16): a figure's value in words of the reader's
 * language (money from minor units, rates as percentages, minutes as hours or days, 样本不足 for a
 * too-few sample, never a number), the names of figures, judgements and breakdown keys, and the
 * periods a page can show. Units and ids are those of packages/domain figures (docs/figures.md).
 */
import { formatMoney, type MessageKey, type Translate } from '$lib/i18n';
import { percent } from '$lib/percent';
import { addMonths, isDay, isMonth, monthEnd } from '$lib/day';
import { FIGURE_IDS, FIGURES, figuresOf, isFigureId } from '@asn/domain';

/** What a value needs to be said: its unit, the value (null when too few) and whether the sample was too small. */
export interface FigureLike {
  figureId: string;
  unit: string;
  value: number | null;
  tooFew: boolean;
}

/** The translation of `key`, or null when the dictionaries have none. */
function maybe(t: Translate, key: string, params?: Record<string, string | number>): string | null {
  const text = t(key as MessageKey, params);
  return text === key ? null : text;
}

/** A figure's name (维修台次); a figure this portal has no name for is "其他指标", never its id. */
export function figureName(t: Translate, figureId: string): string {
  return maybe(t, `fig.id.${figureId}`) ?? t('fig.id.other');
}

/** MEETS / BELOW / TOO_FEW / NO_TARGET in words. */
export function judgementName(t: Translate, judgement: string): string {
  return maybe(t, `fig.judgement.${judgement}`) ?? t('fig.judgement.NO_TARGET');
}

/** The colour class of a judgement: green MEETS, red BELOW, grey otherwise. */
export function judgementTone(judgement: string): 'meets' | 'below' | 'none' {
  return judgement === 'MEETS' ? 'meets' : judgement === 'BELOW' ? 'below' : 'none';
}

/** The name of a breakdown's key: a pay type (repair volume, revenue) or a claim reason code (rejections). */
export function shareName(t: Translate, figureId: string, key: string): string {
  const own = figureId === 'rejectionsByReason' ? maybe(t, `claim.reason.${key}`) : maybe(t, `pay.${key}`);
  return own ?? t('fig.key.other');
}

function number(lang: string, v: number, digits: number): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);
}

/** Minutes as people say a duration: 45 分钟, 5.5 小时, 3.2 天. */
export function durationText(t: Translate, minutes: number): string {
  if (minutes < 60) return t('fig.minutes', { n: Math.round(minutes) });
  if (minutes < 48 * 60) return t('fig.hours', { n: number(t.lang, minutes / 60, 1) });
  return t('fig.days', { n: number(t.lang, minutes / 1440, 1) });
}

/** A value (never null) in its unit: ¥1,280.00 from minor units, 97.5%, 5.5 小时, 1,234. */
export function unitText(t: Translate, unit: string, v: number, currency = 'CNY'): string {
  switch (unit) {
    case 'MONEY_MINOR':
      return formatMoney(String(Math.round(v)), currency);
    case 'RATIO':
      return percent(Math.round(v * 10000));
    case 'MINUTES':
      return durationText(t, v);
    case 'DAYS':
      return t('fig.days', { n: number(t.lang, v, 1) });
    default:
      return number(t.lang, v, 1);
  }
}

/** A figure's value as shown: 样本不足 when the sample is too small, — when there is nothing. */
export function figureText(t: Translate, f: FigureLike, currency = 'CNY'): string {
  if (f.tooFew) return t('fig.tooFew');
  if (f.value == null) return '—';
  return unitText(t, f.unit, f.value, currency);
}

/** The target in the figure's unit, or 无目标. */
export function targetText(t: Translate, f: { unit: string; target: number | null }, currency = 'CNY'): string {
  return f.target == null ? t('fig.noTarget') : unitText(t, f.unit, f.target, currency);
}

/** A trend point's month ('2026-03-01') as 2026年3月. */
export function monthLabel(t: Translate, period: string): string {
  return t('fig.monthLabel', { y: period.slice(0, 4), m: Number(period.slice(5, 7)) });
}

// ── periods ─────────────────────────────────────────────────────────────────────────────────────

export const PERIOD_PICKS = ['thisMonth', 'lastMonth', 'last3', 'thisYear'] as const;
export type PeriodPick = (typeof PERIOD_PICKS)[number];

export interface Period {
  from: string;
  to: string;
  /** The quick pick the period is, a month (YYYY-MM), or custom. */
  pick: PeriodPick | 'month' | 'custom';
  /** The month shown in the month picker. */
  month: string;
}

/** The quick picks on `today` (the tenant's calendar day): this month so far, last month, the last three months, this year. */
export function quickPeriods(today: string): Record<PeriodPick, { from: string; to: string }> {
  const ym = today.slice(0, 7);
  return {
    thisMonth: { from: `${ym}-01`, to: today },
    lastMonth: { from: `${addMonths(ym, -1)}-01`, to: monthEnd(addMonths(ym, -1)) },
    last3: { from: `${addMonths(ym, -2)}-01`, to: today },
    thisYear: { from: `${today.slice(0, 4)}-01-01`, to: today },
  };
}

/**
 * The period a page shows, from its address: `month=YYYY-MM`, or `from` and `to` (days, inclusive),
 * else the last full month. Nothing ends after today.
 */
export function periodOf(q: URLSearchParams, today: string): Period {
  const picks = quickPeriods(today);
  const clamp = (d: string) => (d > today ? today : d);
  const month = q.get('month');
  if (month && isMonth(month) && `${month}-01` <= today) {
    return { from: `${month}-01`, to: clamp(monthEnd(month)), pick: 'month', month };
  }
  const from = q.get('from');
  const to = q.get('to');
  if (from && to && isDay(from) && isDay(to) && from <= to && from <= today) {
    const span = { from, to: clamp(to) };
    const pick = PERIOD_PICKS.find((p) => picks[p].from === span.from && picks[p].to === span.to) ?? 'custom';
    const wholeMonth = span.from.slice(0, 7) === span.to.slice(0, 7) && span.from.endsWith('-01') && span.to === monthEnd(span.from.slice(0, 7));
    return { ...span, pick: pick === 'custom' && wholeMonth ? 'month' : pick, month: span.from.slice(0, 7) };
  }
  return { ...picks.lastMonth, pick: 'lastMonth', month: picks.lastMonth.from.slice(0, 7) };
}

/** The 12 months of a trend that ends with the period. */
export function trendRange(p: { to: string }): { from: string; to: string } {
  return { from: `${addMonths(p.to.slice(0, 7), -11)}-01`, to: p.to };
}

/** The figure the charts show by default: satisfaction has a target (98 %) to draw. */
export const DEFAULT_FIGURE = 'satisfaction';
/** The figures with a breakdown, in the order the dealer page shows them. */
export const BREAKDOWN_FIGURES = ['repairVolume', 'revenueByPayType', 'rejectionsByReason'] as const;
/** The columns of the network table (every figure stays on the tiles and the scorecard). */
export const TABLE_FIGURES = [
  'repairVolume',
  'revenueByPayType',
  'cycleTime',
  'firstTimeFixRate',
  'rejectionRate',
  'complaintCount',
  'followUpRateInWarranty',
  'satisfaction',
];

/** The figure the page was asked to chart (`figure`), if it is one of the catalogue's; else the default. */
export function figureOf(q: URLSearchParams): string {
  const f = q.get('figure') ?? '';
  return (FIGURE_IDS as readonly string[]).includes(f) ? f : DEFAULT_FIGURE;
}

/** A parts supplier's figures (fill rate, backorder age, emergency promise, shipment accuracy), in the catalogue's order. */
export const SUPPLIER_FIGURES: readonly string[] = figuresOf('SUPPLIER').map((f) => f.id);
/** The supplier figure the charts show by default: shipment accuracy has a target (98 %) to draw. */
export const DEFAULT_SUPPLIER_FIGURE = 'shipmentAccuracy';

/** The supplier figure the page was asked to chart (`figure`); a repair figure or none gives the default. */
export function supplierFigureOf(q: URLSearchParams): string {
  const f = q.get('figure') ?? '';
  return SUPPLIER_FIGURES.includes(f) ? f : DEFAULT_SUPPLIER_FIGURE;
}

/** The figures of a dealer network: the repairer's (a parts supplier's figures are not the dealers'). */
export function repairerFigures<F extends { figureId: string }>(figures: readonly F[]): F[] {
  return figures.filter((f) => !isFigureId(f.figureId) || FIGURES[f.figureId].party === 'REPAIRER');
}

/** The figures of a parts supplier (the seller's rows): never the repair figures, which a supplier has none of. */
export function supplierFigures<F extends { figureId: string }>(figures: readonly F[]): F[] {
  return figures.filter((f) => isFigureId(f.figureId) && FIGURES[f.figureId].party === 'SUPPLIER');
}
