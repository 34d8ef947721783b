/**
 * 《服务质量周报》 (issue 16 item 5; domain.md §8, seeds 003 and 004): a dealer's week, Monday to
 * Sunday on the tenant's calendar — its complaints, what the follow-up calls found, the week's
 * service figures against their targets and the notices and plans still open. The page and its A4
 * print view read the same view. The figures' rows are the 业务统计表's (components/reports).
 */
import { FIGURES, isFigureId } from '@asn/domain';
import type { MessageKey, Translate } from '$lib/i18n';
import { addDays } from '$lib/day';
import { isoWeek, mondayOf, reportSections, type FigureData, type ReportSection } from '$lib/components/reports/report';
import { dayText } from './supervision';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export interface WeekPeriod {
  /** Monday and Sunday (YYYY-MM-DD). */
  from: string;
  to: string;
  /** The Monday before, and after (null: it has not begun). */
  previous: string;
  next: string | null;
  /** The week of today. */
  current: string;
}

/** The week the address asks for (`week`: any day of it), else this week; a week not begun yet is this week. */
export function weekOf(q: URLSearchParams, today: string): WeekPeriod {
  const raw = (q.get('week') ?? '').trim();
  const current = mondayOf(today);
  const valid = DAY.test(raw) && new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) === raw;
  let from = valid ? mondayOf(raw) : current;
  if (from > current) from = current;
  const next = addDays(from, 7);
  return { from, to: addDays(from, 6), previous: addDays(from, -7), next: next > current ? null : next, current };
}

/** The week in words: 2026年第49周. */
export function weekLabel(t: Translate, monday: string): string {
  const w = isoWeek(monday);
  return t('sqw.week', { y: w.year, w: w.week });
}

/** Its days in words: 2026年11月30日至2026年12月6日. */
export function weekRange(t: Translate, w: { from: string; to: string }): string {
  return t('sqw.range', { from: dayText(w.from, t.lang), to: dayText(w.to, t.lang) });
}

/** The address of the page (or its print view) for a week and a dealer. */
export function weekHref(path: string, monday: string, dealerId: string | null): string {
  const q = new URLSearchParams({ week: monday });
  if (dealerId) q.set('dealer', dealerId);
  return `${path}?${q}`;
}

/** The week's figures as the 业务统计表's rows (value, target, judgement; no network), in one section without a heading of its own. */
export function figureSections(
  t: Translate,
  figures: ReadonlyArray<{ figureId: string; value: number | null; tooFew: boolean; target: number | null; judgement: string }>,
): ReportSection[] {
  const own: FigureData[] = figures
    .filter((f) => isFigureId(f.figureId))
    .map((f) => ({ ...f, unit: FIGURES[f.figureId as keyof typeof FIGURES].unit, breakdown: null }));
  const rows = reportSections(t, own, null, null).flatMap((s) => s.rows);
  return rows.length ? [{ id: 'service', title: '', rows }] : [];
}

/** What the week's measures say of the follow-up calls: warranty orders due a call, reached, and the answers unsatisfied. */
export function followUpCounts(measures: ReadonlyArray<{ measure: string; value: number }>) {
  const m = (k: string) => measures.find((x) => x.measure === k)?.value ?? 0;
  const due = m('fu.warrantyDue');
  const done = m('fu.warrantyDone');
  const answers = m('sat.answers');
  return { due, done, missed: Math.max(0, due - done), answers, unsatisfied: Math.max(0, answers - m('sat.satisfied')) };
}

/** What a call found, in words: 未联系上客户 · 不满意（2 分） · 提出投诉 CP-…. */
export function findingText(t: Translate, f: { reached: boolean; satisfaction: number | null; complaintNumber: string | null }): string {
  const parts: string[] = [];
  if (!f.reached) parts.push(t('sqw.finding.notReached'));
  else if (f.satisfaction != null && f.satisfaction < 4) parts.push(t('sqw.finding.unsatisfied', { n: f.satisfaction }));
  if (f.complaintNumber) parts.push(t('sqw.finding.complaint', { number: f.complaintNumber }));
  return parts.join(' · ') || '—';
}

/** A code's name from a dictionary family (cmp.category.PRICE), or 其他 — never the code. */
export function codeName(t: Translate, family: string, code: string): string {
  const key = `${family}.${code}`;
  const s = t(key as MessageKey);
  return s === key ? t('cmp.category.OTHER') : s;
}
