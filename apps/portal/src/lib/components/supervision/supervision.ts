import { FIGURES, formatInZone, isPlanFigure, type FigureId } from '@asn/domain';
import type { MessageKey, Translate } from '$lib/i18n';

/** The figures a plan's target may name (those with a direction), in the catalogue's order. */
export const PLAN_FIGURES: FigureId[] = (Object.keys(FIGURES) as FigureId[]).filter((id) => isPlanFigure(id));

/** A figure's name in the reader's language (the figures pages' fig.id.* names). */
export const figureName = (t: Translate, id: string): string => t(`fig.id.${id in FIGURES ? id : 'other'}` as MessageKey);

/** Whether the figure is a rate (0..1, typed and shown as a percentage). */
export const isRatio = (id: string): boolean => id in FIGURES && FIGURES[id as FigureId].unit === 'RATIO';

/** A target or value in the figure's unit, as the reader reads it (rates as a percentage). */
export function figureValue(t: Translate, id: string, v: number | null | undefined): string {
  if (v == null) return '—';
  if (isRatio(id)) return `${Math.round(v * 1000) / 10}%`;
  const unit = id in FIGURES ? FIGURES[id as FigureId].unit : 'COUNT';
  const n = Math.round(v * 10) / 10;
  if (unit === 'MINUTES') return t('sup.unit.minutes', { n });
  if (unit === 'DAYS') return t('sup.unit.days', { n });
  return String(n);
}

/** "≥ 90%" or "≤ 2" by the figure's direction. */
export function targetText(t: Translate, id: string, v: number): string {
  const better = id in FIGURES ? FIGURES[id as FigureId].better : null;
  return `${better === 'LOWER' ? '≤' : '≥'} ${figureValue(t, id, v)}`;
}

/** A step of a warning's or a plan's trail in words. */
export function stepText(t: Translate, document: 'warning' | 'improvementPlan', action: string): string {
  const key = `codes.action.${document}.${action}` as MessageKey;
  const s = t(key);
  return s === key ? t('codes.action.other') : s;
}

/** A calendar day (YYYY-MM-DD) in words: 2026年12月3日, Dec 3, 2026. */
export const dayText = (day: string | null | undefined, lang: string): string =>
  day ? formatInZone(new Date(`${day}T12:00:00Z`), 'UTC', lang, { year: 'numeric', month: 'long', day: 'numeric' }) : '—';

/** A dealer with its region: 华东一店（上海） · 华东. */
export const dealerText = (name: string | null | undefined, region: string | null | undefined): string => `${name ?? '—'}${region ? ` · ${region}` : ''}`;
