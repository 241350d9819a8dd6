import { describe, expect, it } from 'vitest';
import type { SeriesData } from '../../../src-main/api/contract';
import { alignRows, alignSeries, rowsToTsv } from '../../../src-renderer/viewer/align';
import { formatTime } from '../../../src-renderer/ui/format';
import {
  extentOf,
  formatInterval,
  fromInputValue,
  presetRange,
  toInputValue,
  zonedDate,
} from '../../../src-renderer/viewer/time';

const S = 1_000_000;
const series = (streamId: number, seconds: number[], values: number[]): SeriesData => ({
  streamId,
  raw: true,
  ts: new Float64Array(seconds.map((s) => s * S)),
  min: new Float64Array(values),
  max: new Float64Array(values),
});

describe('alignSeries', () => {
  it('puts streams on one x axis: missing samples are spanned (undefined), not breaks', () => {
    const [xs, maxA, minA, maxB] = alignSeries(
      [series(1, [0, 10, 20], [1, 2, 3]), series(2, [5, 10], [7, 8])],
      new Map(),
      { from: 0, to: 30 * S },
    );
    expect(xs).toEqual([0, 5, 10, 20]);
    expect(maxA).toEqual([1, undefined, 2, 3]);
    expect(minA).toEqual([1, undefined, 2, 3]);
    expect(maxB).toEqual([undefined, 7, 8, undefined]);
  });

  it('breaks the line where points are farther apart than 5× the median spacing, across other streams’ samples', () => {
    const a = series(1, [0, 10, 20, 30, 100, 110, 120], [1, 2, 3, 4, 5, 6, 7]);
    const b = series(2, [50, 90], [0, 0]);
    const [xs, maxA] = alignSeries([a, b], new Map(), { from: 0, to: 130 * S });
    expect(xs).toEqual([0, 10, 20, 30, 50, 65, 90, 100, 110, 120]);
    // Every cell between 30 s and 100 s is null, so uPlot clips the whole stretch.
    expect(maxA).toEqual([1, 2, 3, 4, null, null, null, 5, 6, 7]);
  });

  it('breaks the line inside a recorded gap even when the spacing looks regular', () => {
    const a = series(1, [0, 10, 20, 30], [1, 2, 3, 4]);
    const [xs, maxA] = alignSeries([a], new Map([[1, [{ from: 12 * S, to: 18 * S }]]]), { from: 0, to: 40 * S });
    expect(xs).toEqual([0, 10, 15, 20, 30]);
    expect(maxA).toEqual([1, 2, null, 3, 4]);
  });

  it('treats NaN (a text point) as a break', () => {
    const [, maxA] = alignSeries([series(1, [0, 1, 2], [1, NaN, 3])], new Map(), { from: 0, to: 3 * S });
    expect(maxA).toEqual([1, null, 3]);
  });
});

describe('alignRows and rowsToTsv', () => {
  it('gives one row per distinct time and one column per stream, and tab-separated text', () => {
    const rows = alignRows([
      { streamId: 1, ts: new Float64Array([1, 2]), values: new Float64Array([10, 20]), texts: null, truncated: false },
      {
        streamId: 2,
        ts: new Float64Array([2, 3]),
        values: new Float64Array([NaN, 5]),
        texts: ['on\tline', null],
        truncated: true,
      },
    ]);
    expect(rows).toEqual({
      ts: [1, 2, 3],
      columns: [
        [10, 20, null],
        [null, 'on\tline', 5],
      ],
      truncated: true,
    });
    expect(rowsToTsv(rows, ['a (°C)', 'b'], String)).toBe('time\ta (°C)\tb\n1\t10\t\n2\t20\ton line\n3\t\t5\n');
  });
});

describe('time', () => {
  it('reads datetime-local values as wall-clock time in the chosen zone, across daylight saving', () => {
    expect(fromInputValue('2024-03-31T01:30', 'UTC')).toBe(Date.UTC(2024, 2, 31, 1, 30) * 1000);
    // Berlin: CET (UTC+1) before 2024-03-31 02:00, CEST (UTC+2) after.
    expect(fromInputValue('2024-03-31T01:30', 'Europe/Berlin')).toBe(Date.UTC(2024, 2, 31, 0, 30) * 1000);
    expect(fromInputValue('2024-03-31T03:30', 'Europe/Berlin')).toBe(Date.UTC(2024, 2, 31, 1, 30) * 1000);
    expect(fromInputValue('2024-03-31', 'UTC')).toBeNull();
    const us = Date.UTC(2024, 6, 1, 10, 5) * 1000;
    expect(toInputValue(us, 'Europe/Berlin')).toBe('2024-07-01T12:05');
    expect(fromInputValue(toInputValue(us, 'America/New_York'), 'America/New_York')).toBe(us);
  });

  it('formats with sub-second digits only when the time has them', () => {
    const base = Date.UTC(2024, 0, 2, 3, 4, 5) * 1000;
    expect(formatTime(base, 'UTC', true)).toBe('2024-01-02 03:04:05');
    expect(formatTime(base + 250_000, 'UTC', true)).toBe('2024-01-02 03:04:05.250');
    expect(formatTime(base + 250_001, 'UTC', true)).toBe('2024-01-02 03:04:05.250001');
    expect(formatTime(base + 250_001, 'Asia/Kolkata')).toBe('2024-01-02 08:34:05');
  });

  it('gives uPlot a Date whose local fields show the zone’s wall clock', () => {
    const d = zonedDate(Date.UTC(2024, 0, 2, 23, 30), 'Asia/Tokyo');
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2024, 0, 3, 8, 30]);
  });

  it('turns presets into ranges ending now, and "all" into the streams’ extent', () => {
    const now = Date.UTC(2024, 0, 8);
    expect(presetRange('7d', now, null)).toEqual({ from: (now - 7 * 86_400_000) * 1000, to: now * 1000 });
    const extent = extentOf([
      { firstTs: 5, lastTs: 9 },
      { firstTs: null, lastTs: null },
      { firstTs: 2, lastTs: 7 },
    ]);
    expect(extent).toEqual({ from: 2, to: 10 });
    expect(presetRange('all', now, extent)).toEqual(extent);
    expect(extentOf([{ firstTs: null, lastTs: null }])).toBeNull();
  });
});

describe('formatInterval', () => {
  const s = 1e6;
  it('rounds a learned interval to what people say', () => {
    expect(formatInterval(599.2 * s)).toBe('10 min');
    expect(formatInterval(3603 * s)).toBe('1 h');
    expect(formatInterval(698 * s)).toBe('12 min');
    expect(formatInterval(94 * 60 * s)).toBe('1 h 35 min');
    expect(formatInterval(14.6 * s)).toBe('15 s');
    expect(formatInterval(0.999 * s)).toBe('1 s');
    expect(formatInterval(26.2 * 3600 * s)).toBe('1 d 2 h');
  });
});
