/**
 * 业务统计表 (issue 16, reports; domain.md §8 and §10): a dealer's figures of one day, ISO week
 * (Monday–Sunday) or calendar month, in three sections, each row beside the manufacturer's network
 * and the target, in the reader's language (money from minor units, rates as percentages,
 * durations as minutes, hours or days, 样本不足 for a too-small sample). The page, its print view
 * and the XLSX export read the same rows. Figure ids and units: packages/domain figures (docs/figures.md).
 */
import { formatMoney, type MessageKey, type Translate } from '$lib/i18n';
import { percent } from '$lib/percent';
import { addDays, addMonths, isDay, isMonth, monthEnd } from '$lib/day';
import { PAY_TYPES } from '@asn/domain';

// ── periods ─────────────────────────────────────────────────────────────────────────────────────

export const REPORT_KINDS = ['day', 'week', 'month'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportPeriod {
  kind: ReportKind;
  /** The period's address value: YYYY-MM-DD (a day, a week's Monday) or YYYY-MM (a month). */
  key: string;
  from: string;
  to: string;
  /** The period before and after (null: the next one has not begun). */
  previous: string;
  next: string | null;
}

/** The Monday of a day's ISO week. */
export function mondayOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  return addDays(day, -((dow + 6) % 7));
}

/** The ISO week of a day: its year (the year of the week's Thursday) and number (1–53). */
export function isoWeek(day: string): { year: number; week: number } {
  const thursday = addDays(mondayOf(day), 3);
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = (Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86_400_000 + 1;
  return { year, week: Math.floor((dayOfYear - 1) / 7) + 1 };
}

/** The period that starts at a key of a kind (the key already normalised). */
function span(kind: ReportKind, key: string): { from: string; to: string } {
  if (kind === 'day') return { from: key, to: key };
  if (kind === 'week') return { from: key, to: addDays(key, 6) };
  return { from: `${key}-01`, to: monthEnd(key) };
}

/** The default period of a kind on `today` (the tenant's day): yesterday, last week, last month. */
export function defaultKey(kind: ReportKind, today: string): string {
  if (kind === 'day') return addDays(today, -1);
  if (kind === 'week') return addDays(mondayOf(today), -7);
  return addMonths(today.slice(0, 7), -1);
}

/**
 * The period a page shows, from its address (`kind`: day | week | month, 日报 by default; `period`:
 * a day, any day of a week, or a month), else the kind's default. A period that has not begun is
 * the default too.
 */
export function reportPeriodOf(q: URLSearchParams, today: string): ReportPeriod {
  const asked = q.get('kind');
  const kind: ReportKind = (REPORT_KINDS as readonly string[]).includes(asked ?? '') ? (asked as ReportKind) : 'day';
  const raw = (q.get('period') ?? '').trim();
  let key: string | null = null;
  if (kind === 'month') key = isMonth(raw) ? raw : isDay(raw) ? raw.slice(0, 7) : null;
  else if (isDay(raw)) key = kind === 'week' ? mondayOf(raw) : raw;
  if (!key || span(kind, key).from > today) key = defaultKey(kind, today);
  const { from, to } = span(kind, key);
  const step = (n: number) => (kind === 'month' ? addMonths(key, n) : addDays(key, kind === 'week' ? 7 * n : n));
  const next = step(1);
  return { kind, key, from, to, previous: step(-1), next: span(kind, next).from > today ? null : next };
}

/** The report's title: 业务统计表（月报）. */
export function reportTitle(t: Translate, kind: ReportKind): string {
  return t('rpt.titleOf', { kind: t(`rpt.kind.${kind}` as MessageKey) });
}

/** The period in words: 2026年11月 · 2026年第48周（11月23日至11月29日） · 2026年12月1日. */
export function periodLabel(t: Translate, p: { kind: ReportKind; from: string; to: string }): string {
  const y = p.from.slice(0, 4);
  const m = Number(p.from.slice(5, 7));
  const d = Number(p.from.slice(8, 10));
  if (p.kind === 'month') return t('rpt.label.month', { y, m });
  if (p.kind === 'day') return t('rpt.label.day', { y, m, d });
  const w = isoWeek(p.from);
  return t('rpt.label.week', { y: w.year, w: w.week, from: p.from, to: p.to });
}

/** What a file is called: 业务统计表-华东一店（上海）-2026-11.xlsx (a week: 2026-W48). */
export function fileName(t: Translate, p: { kind: ReportKind; from: string }, dealer: string): string {
  const w = isoWeek(p.from);
  const when = p.kind === 'month' ? p.from.slice(0, 7) : p.kind === 'week' ? `${w.year}-W${String(w.week).padStart(2, '0')}` : p.from;
  const safe = dealer.replace(/[\\/:*?"<>|]/g, '_');
  return `${t('rpt.title')}-${safe}-${when}.xlsx`;
}

// ── rows ────────────────────────────────────────────────────────────────────────────────────────

export interface FigureData {
  figureId: string;
  unit: string;
  value: number | null;
  tooFew: boolean;
  target: number | null;
  judgement: string;
  breakdown: ReadonlyArray<{ key: string; value: number }> | null;
}

/** A value of a row: null value and not too few is "nothing" (—). */
export interface Cell {
  value: number | null;
  tooFew: boolean;
}

export interface ReportRow {
  /** The figure's id, or figureId:key for a line of its breakdown. */
  key: string;
  figureId: string;
  label: string;
  /** A line of a breakdown (其中：…), indented under its figure. */
  sub: boolean;
  unit: string;
  own: Cell;
  network: Cell | null;
  previous: Cell | null;
  target: number | null;
  /** MEETS | BELOW | TOO_FEW | NO_TARGET */
  judgement: string;
}

export interface ReportSection {
  id: 'repair' | 'claims' | 'service';
  title: string;
  rows: ReportRow[];
}

export const SECTIONS: ReadonlyArray<{ id: ReportSection['id']; figures: readonly string[] }> = [
  {
    id: 'repair',
    figures: ['repairVolume', 'revenueByPayType', 'cycleTime', 'firstTimeFixRate', 'comebackRate', 'reworkRate', 'recordCompleteness', 'inspectorAccuracy'],
  },
  { id: 'claims', figures: ['claimCount', 'claimAmount', 'claimApprovedAmount', 'rejectionRate', 'rejectionsByReason', 'reviewTime'] },
  {
    id: 'service',
    figures: ['complaintCount', 'timeToAcknowledge', 'timeToResolve', 'escalations', 'followUpRateInWarranty', 'satisfaction', 'csi', 'slaBreaches'],
  },
];

/** The name of a figure (the figures pages' dictionary, 指标看板); never its id. */
export function figureLabel(t: Translate, figureId: string): string {
  const key = `fig.id.${figureId}`;
  const text = t(key as MessageKey);
  return text === key ? t('rpt.otherFigure') : text;
}

/** A pay type (客户付费) or a claim's rejection reason, translated; never the code. */
export function shareLabel(t: Translate, figureId: string, key: string): string {
  const k = figureId === 'rejectionsByReason' ? `claim.reason.${key}` : `pay.${key}`;
  const text = t(k as MessageKey);
  return text === k ? t('rpt.otherKey') : text;
}

/** The keys of a figure's breakdown, in the order the report lists them. */
function shareKeys(f: FigureData): string[] {
  if (f.figureId === 'repairVolume') return [...PAY_TYPES];
  if (f.figureId === 'revenueByPayType') return PAY_TYPES.filter((p) => p !== 'INTERNAL');
  return [...(f.breakdown ?? [])].sort((a, b) => b.value - a.value || a.key.localeCompare(b.key)).map((s) => s.key);
}

const cellOf = (f: FigureData | undefined): Cell | null => (f ? { value: f.value, tooFew: f.tooFew } : null);
const shareOf = (f: FigureData | undefined, key: string): Cell | null =>
  f ? (f.tooFew ? { value: null, tooFew: true } : { value: f.breakdown?.find((s) => s.key === key)?.value ?? 0, tooFew: false }) : null;

/**
 * The report's sections from a scorecard (and the network — the API gives its counts and amounts
 * per dealer — and the day before for a daily report).
 */
export function reportSections(
  t: Translate,
  own: readonly FigureData[],
  network: readonly FigureData[] | null,
  previous: readonly FigureData[] | null,
): ReportSection[] {
  const find = (list: readonly FigureData[] | null, id: string) => list?.find((f) => f.figureId === id);
  return SECTIONS.map(({ id, figures }) => {
    const rows: ReportRow[] = [];
    for (const figureId of figures) {
      const f = find(own, figureId);
      if (!f) continue;
      const n = find(network, figureId);
      const p = find(previous, figureId);
      rows.push({
        key: figureId,
        figureId,
        label: figureLabel(t, figureId),
        sub: false,
        unit: f.unit,
        own: cellOf(f)!,
        network: cellOf(n),
        previous: previous ? cellOf(p) : null,
        target: f.target,
        judgement: f.judgement,
      });
      if (f.tooFew || !['repairVolume', 'revenueByPayType', 'rejectionsByReason'].includes(figureId)) continue;
      for (const key of shareKeys(f)) {
        rows.push({
          key: `${figureId}:${key}`,
          figureId,
          label: t('rpt.ofWhich', { name: shareLabel(t, figureId, key) }),
          sub: true,
          unit: f.unit,
          own: shareOf(f, key)!,
          network: shareOf(n, key),
          previous: previous ? shareOf(p, key) : null,
          target: null,
          judgement: 'NO_TARGET',
        });
      }
    }
    return { id, title: t(`rpt.section.${id}` as MessageKey), rows };
  });
}

// ── values in words ─────────────────────────────────────────────────────────────────────────────

function number(lang: string, v: number, digits: number): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);
}

/** Minutes as people say a duration: 45 分钟, 5.5 小时, 3.2 天. */
export function durationText(t: Translate, minutes: number): string {
  if (minutes < 60) return t('rpt.minutes', { n: Math.round(minutes) });
  if (minutes < 48 * 60) return t('rpt.hours', { n: number(t.lang, minutes / 60, 1) });
  return t('rpt.days', { n: number(t.lang, minutes / 1440, 1) });
}

/** A rate (0..1, or above for the CSI) as a percentage with one decimal: 97.5%. */
export function rateText(v: number): string {
  return percent(Math.round(v * 1000) * 10);
}

/** A value in its unit: ¥1,280.00 from minor units, 97.5%, 5.5 小时, 1,234. */
export function unitText(t: Translate, unit: string, v: number, currency = 'CNY'): string {
  switch (unit) {
    case 'MONEY_MINOR':
      return formatMoney(String(Math.round(v)), currency);
    case 'RATIO':
      return rateText(v);
    case 'MINUTES':
      return durationText(t, v);
    case 'DAYS':
      return t('rpt.days', { n: number(t.lang, v, 1) });
    default:
      return number(t.lang, v, 1);
  }
}

/** A cell as shown: 样本不足 when its sample is too small, — when there is nothing. */
export function cellText(t: Translate, unit: string, c: Cell | null, currency = 'CNY'): string {
  if (!c || (c.value == null && !c.tooFew)) return '—';
  if (c.tooFew) return t('rpt.tooFew');
  return unitText(t, unit, c.value!, currency);
}

export function targetText(t: Translate, row: ReportRow, currency = 'CNY'): string {
  return row.target == null ? '—' : unitText(t, row.unit, row.target, currency);
}

export function judgementText(t: Translate, judgement: string): string {
  return judgement === 'MEETS' || judgement === 'BELOW' ? t(`rpt.judgement.${judgement}` as MessageKey) : '—';
}

/** A day 'YYYY-MM-DD' as 11月3日 (the per-day table of a month). */
export function shortDay(t: Translate, day: string): string {
  return t('rpt.shortDay', { m: Number(day.slice(5, 7)), d: Number(day.slice(8, 10)) });
}

// ── the page's view of a loaded report ──────────────────────────────────────────────────────────

export interface LoadedReport {
  scorecard: { dealerName: string; figures: FigureData[]; network: FigureData[] | null };
  previous: { figures: FigureData[] } | null;
  daily: { points: ReadonlyArray<{ period: string; value: number | null }> } | null;
}

/** The sections, the per-day volume of a month and what the XLSX needs, from what the loader read. */
export function reportView(
  t: Translate,
  period: ReportPeriod,
  report: LoadedReport,
  printedAt: string,
): {
  title: string;
  period: string;
  dealer: string;
  withPrevious: boolean;
  sections: ReportSection[];
  daily: Array<{ day: number; value: number | null }> | null;
  xlsx: import('./xlsx').XlsxReport;
} {
  const withPrevious = period.kind === 'day';
  const sections = reportSections(t, report.scorecard.figures, report.scorecard.network, withPrevious ? (report.previous?.figures ?? []) : null);
  let daily: Array<{ day: number; value: number | null }> | null = null;
  if (period.kind === 'month' && report.daily) {
    const by = new Map(report.daily.points.map((p) => [p.period.slice(0, 10), p.value]));
    daily = [];
    for (let d = period.from; d <= period.to; d = addDays(d, 1)) daily.push({ day: Number(d.slice(8, 10)), value: by.get(d) ?? 0 });
  }
  const title = reportTitle(t, period.kind);
  const label = periodLabel(t, period);
  const dealer = report.scorecard.dealerName;
  return {
    title,
    period: label,
    dealer,
    withPrevious,
    sections,
    daily,
    xlsx: {
      title,
      dealer,
      period: label,
      printedAt,
      fileName: fileName(t, period, dealer),
      withPrevious,
      sections,
      daily: daily?.map((p) => ({ label: shortDay(t, `${period.from.slice(0, 8)}${String(p.day).padStart(2, '0')}`), value: p.value })) ?? null,
    },
  };
}

/** The address of the report (or its print view) for a period and dealer. */
export function reportHref(path: string, p: { kind: ReportKind; key: string }, dealerId: string | null): string {
  const q = new URLSearchParams({ kind: p.kind, period: p.key });
  if (dealerId) q.set('dealer', dealerId);
  return `${path}?${q}`;
}
