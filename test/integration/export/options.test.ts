import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPoints } from '../../../src-main/export';
import type { ExportOptionsInput } from '../../../src-main/export/options';
import type { Db } from '../../../src-main/store/db';
import { isoToMicros, mixedStreams, tempStore, type FixtureStream } from './fixture';

const T = Date.UTC(2026, 0, 15) * 1000;
const s = (seconds: number) => T + seconds * 1_000_000;
const MINUTE = 60_000_000;

const hourly = (key: string, fromIso: string, hours: number): FixtureStream => ({
  key,
  vendor: 'opti',
  unit: '',
  kind: 'number',
  points: Array.from({ length: hours * 4 }, (_, i) => ({ ts: Date.parse(fromIso) * 1000 + i * 15 * MINUTE, value: i })),
});

const streams: FixtureStream[] = [
  {
    key: 'opti/1',
    vendor: 'opti',
    unit: 'mm',
    kind: 'number',
    // Minute buckets: [0..60) 1, 2, 6; [60..120) 4; [120..180) empty; [180..240) 10, -2.
    points: [
      { ts: s(0), value: 1 },
      { ts: s(10), value: 2 },
      { ts: s(20), value: 6 },
      { ts: s(70), value: 4 },
      { ts: s(190), value: 10 },
      { ts: s(200), value: -2 },
    ],
  },
  {
    key: 'opti/2',
    vendor: 'opti',
    unit: '',
    kind: 'number',
    points: [
      { ts: s(30), value: 100.5 },
      { ts: s(130), value: 200 },
    ],
  },
  hourly('opti/spring', '2026-03-28T22:00:00Z', 6),
  hourly('opti/autumn', '2026-10-24T22:00:00Z', 6),
  mixedStreams[3], // realtime text
];

let db: Db;
let dir: string;
let cleanup: () => void;
beforeAll(() => ({ db, dir, cleanup } = tempStore(streams)));
afterAll(() => cleanup());

let n = 0;
async function csvRows(
  options: Omit<ExportOptionsInput, 'out'>,
  parseOptions: { delimiter?: string; bom?: boolean } = {},
) {
  const out = join(dir, `out-${++n}.csv`);
  await exportPoints(db, { ...options, out });
  const text = readFileSync(out, 'utf8');
  return { text, rows: parse(text, { ...parseOptions }) as string[][] };
}

describe('time zone of the ts text', () => {
  it('writes Europe/Berlin wall clock with the offset of each instant across the spring change', async () => {
    const { rows } = await csvRows({ format: 'csv', streams: ['opti/spring'], timeZone: 'Europe/Berlin' });
    const ts = rows.slice(1).map((r) => r[2]);
    expect(ts.slice(0, 3)).toEqual([
      '2026-03-28T23:00:00.000+01:00',
      '2026-03-28T23:15:00.000+01:00',
      '2026-03-28T23:30:00.000+01:00',
    ]);
    // 01:00 UTC: 02:00 local does not exist; the clock jumps from 01:45+01:00 to 03:00+02:00.
    const jump = ts.indexOf('2026-03-29T03:00:00.000+02:00');
    expect(ts[jump - 1]).toBe('2026-03-29T01:45:00.000+01:00');
    expect(ts.map(isoToMicros)).toEqual(streams[2].points.map((p) => p.ts));
  });

  it('writes the repeated autumn hour twice, first +02:00 then +01:00, instants intact', async () => {
    const { rows } = await csvRows({ format: 'csv', streams: ['opti/autumn'], timeZone: 'Europe/Berlin' });
    const ts = rows.slice(1).map((r) => r[2]);
    const repeated = ts.filter((t) => t.startsWith('2026-10-25T02:'));
    expect(repeated).toEqual([
      '2026-10-25T02:00:00.000+02:00',
      '2026-10-25T02:15:00.000+02:00',
      '2026-10-25T02:30:00.000+02:00',
      '2026-10-25T02:45:00.000+02:00',
      '2026-10-25T02:00:00.000+01:00',
      '2026-10-25T02:15:00.000+01:00',
      '2026-10-25T02:30:00.000+01:00',
      '2026-10-25T02:45:00.000+01:00',
    ]);
    expect(ts.map(isoToMicros)).toEqual(streams[3].points.map((p) => p.ts));
  });

  it('uses the same zone in JSON Lines', async () => {
    const out = join(dir, 'zone.jsonl');
    await exportPoints(db, { format: 'json', out, streams: ['opti/1'], timeZone: 'America/New_York' });
    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]) as { ts: string };
    expect(first.ts).toBe('2026-01-14T19:00:00.000-05:00');
  });
});

describe('resampling', () => {
  it.each([
    ['mean', ['3', '4', '4']],
    ['min', ['1', '4', '-2']],
    ['max', ['6', '4', '10']],
    ['first', ['1', '4', '10']],
    ['last', ['6', '4', '-2']],
    ['sum', ['9', '4', '8']],
    ['count', ['3', '1', '2']],
  ] as const)('%s per minute, empty buckets omitted', async (aggregate, values) => {
    const { rows } = await csvRows({ format: 'csv', streams: ['opti/1'], resample: { interval: MINUTE, aggregate } });
    expect(rows.slice(1)).toEqual([
      ['opti', '1', '2026-01-15T00:00:00.000Z', values[0]],
      ['opti', '1', '2026-01-15T00:01:00.000Z', values[1]],
      ['opti', '1', '2026-01-15T00:03:00.000Z', values[2]],
    ]);
  });

  it('keeps empty buckets empty or marks them, and honours from/to', async () => {
    const base = {
      format: 'csv' as const,
      streams: ['opti/1'],
      resample: { interval: MINUTE, aggregate: 'mean' as const },
    };
    const empty = await csvRows({ ...base, gaps: 'empty' });
    expect(empty.rows.slice(1).map((r) => r[3])).toEqual(['3', '4', '', '4']);
    const marked = await csvRows({ ...base, gaps: 'mark', from: s(30), to: s(200) });
    expect(marked.rows.slice(1).map((r) => [r[2], r[3]])).toEqual([
      ['2026-01-15T00:00:00.000Z', 'gap'],
      ['2026-01-15T00:01:00.000Z', '4'],
      ['2026-01-15T00:02:00.000Z', 'gap'],
      ['2026-01-15T00:03:00.000Z', '10'],
    ]);
  });

  it('writes empty buckets as null in JSON Lines', async () => {
    const out = join(dir, 'gaps.jsonl');
    const result = await exportPoints(db, {
      format: 'json',
      out,
      streams: ['opti/1'],
      resample: { interval: MINUTE, aggregate: 'max' },
      gaps: 'empty',
    });
    const values = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { value: unknown }).value);
    expect(values).toEqual([6, 4, null, 10]);
    expect(result.rows).toBe(4);
  });

  it('resamples text streams by first, last or count only', async () => {
    const { rows } = await csvRows({
      format: 'csv',
      streams: ['realtime/*'],
      resample: { interval: 5_000, aggregate: 'last' },
    });
    // Points 1 ms apart: buckets of 5 ms hold points 0-4, 5-9, 10-11.
    expect(rows.slice(1).map((r) => r[3])).toEqual(['=SUM(A1:A2)', 'semi;colon|pipe', '']);
    await expect(
      exportPoints(db, {
        format: 'csv',
        out: join(dir, 'never.csv'),
        streams: ['realtime/*'],
        resample: { interval: MINUTE, aggregate: 'mean' },
      }),
    ).rejects.toThrow('realtime/s1/n2/note is a text stream: resample it with first, last or count, not mean.');
  });
});

describe('wide CSV', () => {
  it('writes ts then a column per stream with units, rows aligned on time, missing cells empty', async () => {
    const { rows } = await csvRows({ format: 'csv', layout: 'wide', streams: ['opti/1', 'opti/2'] });
    expect(rows).toEqual([
      ['ts', 'opti/1 [mm]', 'opti/2'],
      ['2026-01-15T00:00:00.000Z', '1', ''],
      ['2026-01-15T00:00:10.000Z', '2', ''],
      ['2026-01-15T00:00:20.000Z', '6', ''],
      ['2026-01-15T00:00:30.000Z', '', '100.5'],
      ['2026-01-15T00:01:10.000Z', '4', ''],
      ['2026-01-15T00:02:10.000Z', '', '200'],
      ['2026-01-15T00:03:10.000Z', '10', ''],
      ['2026-01-15T00:03:20.000Z', '-2', ''],
    ]);
  });

  it('resampled, writes one row per bucket, marking buckets without data', async () => {
    const { rows } = await csvRows({
      format: 'csv',
      layout: 'wide',
      streams: ['opti/1', 'opti/2'],
      resample: { interval: MINUTE, aggregate: 'mean' },
      gaps: 'mark',
      timeZone: 'Europe/Berlin',
    });
    expect(rows).toEqual([
      ['ts', 'opti/1 [mm]', 'opti/2'],
      ['2026-01-15T01:00:00.000+01:00', '3', '100.5'],
      ['2026-01-15T01:01:00.000+01:00', '4', 'gap'],
      ['2026-01-15T01:02:00.000+01:00', 'gap', '200'],
      ['2026-01-15T01:03:00.000+01:00', '4', 'gap'],
    ]);
  });

  it('resampled with gaps omitted, skips buckets where no stream has data', async () => {
    const { rows } = await csvRows({
      format: 'csv',
      layout: 'wide',
      streams: ['opti/1'],
      resample: { interval: MINUTE, aggregate: 'count' },
    });
    expect(rows.slice(1).map((r) => r[0].slice(11, 16))).toEqual(['00:00', '00:01', '00:03']);
  });
});

describe('CSV dialect', () => {
  it("writes ';' fields, decimal commas and a BOM for European Excel", async () => {
    const { text, rows } = await csvRows(
      { format: 'csv', streams: ['opti/2'], csv: { delimiter: ';', decimalSeparator: ',', bom: true } },
      { delimiter: ';', bom: true },
    );
    expect(text.startsWith('\uFEFFvendor;stream;ts;value\n')).toBe(true);
    expect(rows.slice(1).map((r) => r[3])).toEqual(['100,5', '200']);
  });

  it('protects formula-like text with a quote when asked, leaving numbers alone', async () => {
    const { rows } = await csvRows({
      format: 'csv',
      streams: ['realtime/*', 'opti/1'],
      csv: { protectFormulas: true },
    });
    const values = rows.slice(1).map((r) => r[3]);
    expect(values).toEqual(expect.arrayContaining(["'=SUM(A1:A2)", "'+1", "'-x", "'@cmd", "'\tindent", 'plain', '-2']));
    expect(values).not.toContain('=SUM(A1:A2)');
  });

  it('quotes fields holding a tab when tab is the delimiter', async () => {
    const { rows } = await csvRows(
      { format: 'csv', streams: ['realtime/*'], csv: { delimiter: '\t' } },
      { delimiter: '\t' },
    );
    expect(rows.slice(1).map((r) => r[3])).toEqual(mixedStreams[3].points.map((p) => p.value));
  });
});
