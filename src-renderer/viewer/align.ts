/**
 * Shapes API replies for display: per-stream series onto one shared x axis for uPlot, and raw points
 * into time-aligned table rows. Pure functions of their inputs.
 */
import type uPlot from 'uplot';
import type { RawPoints, SeriesData } from '../../src-main/api/contract';
import { toSeconds, type Range } from './time';

/** Consecutive points farther apart than this many median spacings are drawn as a break. */
export const GAP_FACTOR = 5;

type Cell = number | null | undefined;

interface Track {
  xs: number[];
  min: (number | null)[];
  max: (number | null)[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Interior points of one stream's reply, with a null (a line break) inside every gap. */
function trackOf(series: SeriesData, recordedGaps: readonly Range[], range: Range): Track {
  const { ts, min, max } = series;
  const spacings: number[] = [];
  for (let i = 1; i < ts.length; i++) spacings.push(ts[i] - ts[i - 1]);
  const limit = spacings.length >= 2 ? median(spacings) * GAP_FACTOR : Infinity;
  const breaks = recordedGaps
    .filter((g) => g.to > range.from && g.from < range.to)
    .map((g) => (Math.max(g.from, range.from) + Math.min(g.to, range.to)) / 2);
  breaks.sort((a, b) => a - b);

  const track: Track = { xs: [], min: [], max: [] };
  const pushBreak = (at: number) => {
    track.xs.push(toSeconds(at));
    track.min.push(null);
    track.max.push(null);
  };
  let b = 0;
  for (let i = 0; i < ts.length; i++) {
    while (b < breaks.length && breaks[b] < ts[i]) pushBreak(breaks[b++]);
    if (i > 0 && ts[i] - ts[i - 1] > limit && (track.xs.length === 0 || track.max[track.max.length - 1] !== null))
      pushBreak((ts[i] + ts[i - 1]) / 2);
    track.xs.push(toSeconds(ts[i]));
    track.min.push(Number.isNaN(min[i]) ? null : min[i]);
    track.max.push(Number.isNaN(max[i]) ? null : max[i]);
  }
  while (b < breaks.length) pushBreak(breaks[b++]);
  return track;
}

/**
 * uPlot's aligned data for several streams: [x (s), max₁, min₁, max₂, min₂, …]. Where a stream has no
 * sample at another stream's x the cell is `undefined` (uPlot spans it); a `null` is a break.
 */
export function alignSeries(
  replies: readonly SeriesData[],
  gapsByStream: ReadonlyMap<number, readonly Range[]>,
  range: Range,
): uPlot.AlignedData {
  const tracks = replies.map((r) => trackOf(r, gapsByStream.get(r.streamId) ?? [], range));
  const xs = [...new Set(tracks.flatMap((t) => t.xs))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const columns: Cell[][] = [];
  for (const t of tracks) {
    const max: Cell[] = new Array<Cell>(xs.length).fill(undefined);
    const min: Cell[] = new Array<Cell>(xs.length).fill(undefined);
    t.xs.forEach((x, i) => {
      const at = index.get(x) as number;
      // A break and a sample at the same x: the sample wins.
      if (max[at] === undefined || max[at] === null) {
        max[at] = t.max[i];
        min[at] = t.min[i];
      }
    });
    widenBreaks(max);
    widenBreaks(min);
    columns.push(max, min);
  }
  return [xs, ...columns];
}

/**
 * uPlot clips a break between the x neighbours of its null, which on a shared x axis may be another
 * stream's samples inside the gap: so every empty cell between the samples around a break becomes null.
 */
function widenBreaks(column: Cell[]): void {
  let runStart = 0;
  let hasBreak = false;
  for (let i = 0; i <= column.length; i++) {
    const cell = i < column.length ? column[i] : 0;
    if (cell === undefined || cell === null) {
      hasBreak ||= cell === null;
      continue;
    }
    if (hasBreak) column.fill(null, runStart, i);
    runStart = i + 1;
    hasBreak = false;
  }
}

export interface TableRows {
  /** One row per distinct ts over all streams, ascending, µs. */
  ts: number[];
  /** Per stream (in the given order), the cell of each row: number, text, or null for no point. */
  columns: (number | string | null)[][];
  truncated: boolean;
}

/** Raw points of several streams aligned by time: one row per distinct ts, one column per stream. */
export function alignRows(raws: readonly RawPoints[]): TableRows {
  const all = new Set<number>();
  for (const r of raws) for (const t of r.ts) all.add(t);
  const ts = [...all].sort((a, b) => a - b);
  const index = new Map(ts.map((t, i) => [t, i]));
  const columns = raws.map((r) => {
    const col = new Array<number | string | null>(ts.length).fill(null);
    for (let i = 0; i < r.ts.length; i++) {
      const text = r.texts?.[i] ?? null;
      col[index.get(r.ts[i]) as number] = text ?? (Number.isNaN(r.values[i]) ? null : r.values[i]);
    }
    return col;
  });
  return { ts, columns, truncated: raws.some((r) => r.truncated) };
}

/** Tab-separated text of the rows: a header, then one line per row; empty cells where no point. */
export function rowsToTsv(rows: TableRows, header: readonly string[], formatTs: (us: number) => string): string {
  const clean = (v: string) => v.replace(/[\t\r\n]+/g, ' ');
  const lines = [['time', ...header].map(clean).join('\t')];
  rows.ts.forEach((t, r) =>
    lines.push([formatTs(t), ...rows.columns.map((c) => (c[r] === null ? '' : clean(String(c[r]))))].join('\t')),
  );
  return lines.join('\n') + '\n';
}
