/**
 * uPlot options for one chart: two series per stream (bucket max and min, with a band between them so
 * spikes survive thinning), one y axis per unit alternating left and right, enumerated streams as
 * steps with their labels on their own axis. The x range is the viewer's, never uPlot's own.
 */
import uPlot from 'uplot';
import type { StreamView } from '../../src-main/api/contract';
import { translate } from '../i18n';
import { dateNames, formatNumber, monthDayTemplate } from '../ui/format';
import { enumKeys } from './format';
import { withAlpha, type ChartTheme } from './theme';
import { fromSeconds, toSeconds, zonedDate, type Range } from './time';

export interface ChartCallbacks {
  /** The current visible range (read at draw time). */
  range(): Range;
  onZoom(range: Range): void;
  onPanStart(e: MouseEvent): void;
  onReset(): void;
  onCursor(u: uPlot): void;
}

export interface YAxisPlan {
  scale: string;
  label: string;
  streams: StreamView[];
}

/** One axis per unit for numbers; one per enumerated stream (each has its own labels). */
export function planAxes(streams: readonly StreamView[]): YAxisPlan[] {
  const plans: YAxisPlan[] = [];
  // Text streams draw as state timelines below the plot, not on an axis.
  for (const s of streams.filter((x) => x.kind !== 'text')) {
    const scale = scaleKey(s);
    const plan = plans.find((p) => p.scale === scale);
    if (plan) plan.streams.push(s);
    else plans.push({ scale, label: s.kind === 'enum' ? s.name : s.unit || translate('common.noUnit'), streams: [s] });
  }
  return plans;
}

export function scaleKey(s: StreamView): string {
  return s.kind === 'enum' ? `enum:${s.id}` : `unit:${s.unit}`;
}

export const seriesColor = (theme: ChartTheme, index: number): string => theme.series[index % theme.series.length];

const stepped = uPlot.paths.stepped?.({ align: 1 });

const NL = '\n';
const [SEC, MIN, HOUR, DAY] = [1, 60, 3600, 86400];
/**
 * Time axis labels, 24-hour and ISO-like for field work, day and month in the locale's order
 * (`monthDay`): [tick step, label, label when the year, month, day, hour, minute, second changes,
 * mode] (uPlot's axis values table).
 */
const timeLabels = (monthDay: string): uPlot.Axis.TimeValuesConfig => [
  [365 * DAY, '{YYYY}', null, null, null, null, null, null, 1],
  [28 * DAY, '{MMM}', NL + '{YYYY}', null, null, null, null, null, 1],
  [DAY, monthDay, NL + '{YYYY}', null, null, null, null, null, 1],
  [HOUR, '{HH}:{mm}', NL + '{YYYY}-{MM}-{DD}', null, NL + monthDay, null, null, null, 1],
  [MIN, '{HH}:{mm}', NL + '{YYYY}-{MM}-{DD}', null, NL + monthDay, null, null, null, 1],
  [
    SEC,
    '{HH}:{mm}:{ss}',
    NL + '{YYYY}-{MM}-{DD} {HH}:{mm}',
    null,
    NL + monthDay + ' {HH}:{mm}',
    null,
    NL + '{HH}:{mm}',
    null,
    1,
  ],
  [
    0.001,
    '{HH}:{mm}:{ss}.{fff}',
    NL + '{YYYY}-{MM}-{DD} {HH}:{mm}',
    null,
    NL + monthDay + ' {HH}:{mm}',
    null,
    NL + '{HH}:{mm}',
    null,
    1,
  ],
];

export function chartOptions(
  streams: readonly StreamView[],
  size: { width: number; height: number },
  theme: ChartTheme,
  zone: string | undefined,
  syncKey: string,
  cb: ChartCallbacks,
): uPlot.Options {
  const plans = planAxes(streams);
  const series: uPlot.Series[] = [{}];
  const bands: uPlot.Band[] = [];
  streams.forEach((s, i) => {
    const color = seriesColor(theme, i);
    const paths = s.kind === 'enum' ? stepped : undefined;
    // A text stream has no line: it is drawn as a state timeline below the plot.
    const common = {
      scale: scaleKey(s),
      stroke: color,
      width: 1.25,
      paths,
      points: { show: false },
      show: s.kind !== 'text',
    };
    series.push({ ...common, label: s.name }, { ...common, label: `${s.name} (min)` });
    bands.push({ series: [series.length - 2, series.length - 1], fill: withAlpha(color, 0.18) });
  });

  const scales: uPlot.Scales = {
    x: { time: true, range: () => [toSeconds(cb.range().from), toSeconds(cb.range().to)] },
  };
  for (const p of plans) {
    const keys = p.streams[0].kind === 'enum' ? enumKeys(p.streams[0]) : [];
    scales[p.scale] = keys.length > 0 ? { range: () => [keys[0] - 0.5, keys[keys.length - 1] + 0.5] } : { auto: true };
  }

  const axisBase = {
    stroke: theme.axis,
    font: theme.font,
    labelFont: theme.font,
    ticks: { stroke: theme.grid, width: 1 },
  };
  const axes: uPlot.Axis[] = [
    { ...axisBase, values: timeLabels(monthDayTemplate()), grid: { stroke: theme.grid, width: 1 } },
  ];
  plans.forEach((p, i) => {
    const enumStream = p.streams[0].kind === 'enum' ? p.streams[0] : null;
    const keys = enumStream ? enumKeys(enumStream) : [];
    axes.push({
      ...axisBase,
      scale: p.scale,
      side: i % 2 === 0 ? 3 : 1,
      label: p.label,
      labelSize: 18,
      grid: { show: i === 0, stroke: theme.grid, width: 1 },
      // Room for the widest tick label plus the rotated unit title beside it, so they never overlap.
      size: (_u, values) => Math.max(44, 26 + 7.5 * Math.max(0, ...(values ?? []).map((v) => String(v).length))),
      ...(enumStream
        ? {
            splits: (_u: uPlot, _axis: number, min: number, max: number) => keys.filter((k) => k >= min && k <= max),
            values: (_u: uPlot, splits: number[]) => splits.map((v) => enumStream.enumLabels?.[String(v)] ?? String(v)),
          }
        : { values: (_u: uPlot, splits: number[]) => splits.map((v) => formatNumber(v)) }),
    });
  });

  return {
    width: size.width,
    height: size.height,
    series,
    bands,
    scales,
    axes,
    legend: { show: false },
    tzDate: (s) => zonedDate(s * 1000, zone),
    // Month names on the time axis in the app's language.
    fmtDate: (template) => uPlot.fmtDate(template, dateNames()),
    // Room at both ends for the first and last time label, which centre on the plot's edges.
    padding: [8, plans.length > 1 ? 8 : 32, 0, plans.length > 0 ? 8 : 32],
    cursor: {
      sync: { key: syncKey, setSeries: false },
      drag: { x: true, y: false, setScale: false },
      points: { show: false },
      bind: {
        mousedown: (_u, _targ, handler) => (e) => {
          if (!e.shiftKey) return handler(e);
          cb.onPanStart(e);
          return null;
        },
        dblclick: () => () => {
          cb.onReset();
          return null;
        },
      },
    },
    hooks: {
      setSelect: [
        (u) => {
          if (u.select.width < 3) return;
          const from = fromSeconds(u.posToVal(u.select.left, 'x'));
          const to = fromSeconds(u.posToVal(u.select.left + u.select.width, 'x'));
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          if (to > from) cb.onZoom({ from, to });
        },
      ],
      setCursor: [(u) => cb.onCursor(u)],
    },
  };
}
