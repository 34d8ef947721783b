/**
 * The ECharts options of the figures pages: a figure's monthly trend (with the network beside it
 * and the target as a mark line) and a bar chart comparing regions or dealers. Values are drawn in
 * a readable scale (percent, yuan, hours) and said in the tooltip as the tables say them.
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components';
import type { Translate } from '$lib/i18n';
import { figureText, monthLabel, unitText } from './figures';

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | MarkLineComponentOption
>;

const COLORS = { own: '#1d5fd1', network: '#8a96a3', target: '#b42318', meets: '#127a4b', below: '#b42318', none: '#9aa5b1' };

/** The drawing scale of a unit: a ratio as percent, minor units as yuan, minutes as hours. */
function scaleOf(unit: string): number {
  return unit === 'RATIO' ? 100 : unit === 'MONEY_MINOR' ? 0.01 : unit === 'MINUTES' ? 1 / 60 : 1;
}

const round = (v: number) => Math.round(v * 100) / 100;

function axisLabel(t: Translate, unit: string, v: number, currency: string): string {
  if (unit === 'RATIO') return `${round(v)}%`;
  if (unit === 'MONEY_MINOR') return `${currency === 'CNY' ? '¥' : `${currency} `}${new Intl.NumberFormat(t.lang, { maximumFractionDigits: 0 }).format(v)}`;
  if (unit === 'MINUTES') return t('fig.hours', { n: round(v) });
  if (unit === 'DAYS') return t('fig.days', { n: round(v) });
  return new Intl.NumberFormat(t.lang, { maximumFractionDigits: 1 }).format(v);
}

interface Common {
  t: Translate;
  unit: string;
  currency: string;
  target: number | null;
}

function axes({ t, unit, currency }: Common) {
  const scale = scaleOf(unit);
  return {
    scale,
    yAxis: { type: 'value' as const, axisLabel: { formatter: (v: number) => axisLabel(t, unit, v, currency) } },
    valueFormatter: (v: unknown) => (typeof v === 'number' ? unitText(t, unit, v / scale, currency) : t('fig.tooFew')),
  };
}

function targetLine({ t, unit, currency, target }: Common, scale: number): LineSeriesOption['markLine'] | undefined {
  if (target == null) return undefined;
  return {
    symbol: 'none',
    silent: true,
    lineStyle: { type: 'dashed', color: COLORS.target, width: 1.5 },
    label: { formatter: t('fig.targetValue', { v: unitText(t, unit, target, currency) }), position: 'insideEndTop', color: COLORS.target },
    data: [{ yAxis: round(target * scale) }],
  };
}

export interface TrendPointLike {
  period: string;
  value: number | null;
  tooFew: boolean;
}

/** A figure month by month: the asked-for line (a dealer, a region, the visible network), the network dashed beside it, the target as a mark line. */
export function trendOption(
  c: Common & { points: readonly TrendPointLike[]; network: readonly TrendPointLike[] | null; name: string; networkName: string; compact?: boolean },
): ChartOption {
  const { scale, yAxis, valueFormatter } = axes(c);
  const draw = (ps: readonly TrendPointLike[]) => ps.map((p) => (p.tooFew || p.value == null ? null : round(p.value * scale)));
  const months = c.points.map((p) => monthLabel(c.t, p.period));
  const series: LineSeriesOption[] = [
    {
      type: 'line',
      name: c.name,
      data: draw(c.points),
      color: COLORS.own,
      symbolSize: 6,
      connectNulls: false,
      markLine: targetLine(c, scale),
    },
  ];
  if (c.network) {
    const byPeriod = new Map(c.network.map((p) => [p.period, p]));
    series.push({
      type: 'line',
      name: c.networkName,
      data: draw(c.points.map((p) => byPeriod.get(p.period) ?? { period: p.period, value: null, tooFew: true })),
      color: COLORS.network,
      lineStyle: { type: 'dashed' },
      symbolSize: 4,
    });
  }
  return {
    animation: false,
    color: [COLORS.own, COLORS.network],
    legend: { top: 0, data: series.map((s) => String(s.name)) },
    tooltip: { trigger: 'axis', valueFormatter },
    grid: { left: 8, right: c.compact ? 8 : 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months, axisLabel: { hideOverlap: true } },
    yAxis,
    series,
  };
}

export interface CompareRow {
  label: string;
  value: number | null;
  tooFew: boolean;
  judgement: string;
}

/** One figure across regions or dealers: a bar each (green meeting the target, red below, grey else), the target and the network average as lines. */
export function compareOption(
  c: Common & { rows: readonly CompareRow[]; network: { value: number | null; tooFew: boolean } | null; networkName: string },
): ChartOption {
  const { scale, yAxis, valueFormatter } = axes(c);
  const lines: NonNullable<BarSeriesOption['markLine']>['data'] = [];
  if (c.target != null) {
    lines.push({ yAxis: round(c.target * scale), name: c.t('fig.series.target'), lineStyle: { color: COLORS.target }, label: { position: 'insideEndTop' } });
  }
  if (c.network && !c.network.tooFew && c.network.value != null) {
    // its label at the other end from the target's: the two lines are often close
    lines.push({ yAxis: round(c.network.value * scale), name: c.networkName, lineStyle: { color: COLORS.network }, label: { position: 'insideStartTop' } });
  }
  return {
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter },
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: c.rows.map((r) => r.label), axisLabel: { interval: 0, width: 90, overflow: 'truncate' } },
    yAxis,
    series: [
      {
        type: 'bar',
        barMaxWidth: 48,
        data: c.rows.map((r) => ({
          value: r.tooFew || r.value == null ? null : round(r.value * scale),
          itemStyle: { color: r.judgement === 'BELOW' ? COLORS.below : r.judgement === 'MEETS' ? COLORS.meets : COLORS.own },
        })),
        label: {
          show: true,
          position: 'top',
          formatter: (p: { dataIndex: number }) => {
            const r = c.rows[p.dataIndex];
            return r ? figureText(c.t, { figureId: '', unit: c.unit, value: r.value, tooFew: r.tooFew }, c.currency) : '';
          },
        },
        markLine: lines.length
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { type: 'dashed', width: 1.5 },
              label: { formatter: (p: { name?: string }) => p.name ?? '', position: 'insideEndTop' },
              data: lines,
            }
          : undefined,
      },
    ],
  };
}
