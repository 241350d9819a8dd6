import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPoints } from '../../../src-main/export';
import type { Db } from '../../../src-main/store/db';
import { isoUtc, mixedStreams, storedRows, tempStore } from './fixture';

let db: Db;
let dir: string;
let cleanup: () => void;
beforeAll(() => ({ db, dir, cleanup } = tempStore(mixedStreams)));
afterAll(() => cleanup());

/** A stored value as the text formats must show it: plain decimal, no exponent, exact. */
function expectSameValue(written: unknown, stored: number | string | null, emptyIs: '' | null) {
  if (stored === null) expect(written).toBe(emptyIs);
  else if (typeof stored === 'string') expect(written).toBe(stored);
  else if (typeof written === 'string') {
    expect(written).not.toMatch(/e/i);
    expect(Number(written)).toBe(stored);
  } else expect(written).toBe(stored);
}

describe('long CSV (DESIGN.md contract)', () => {
  it('writes the exact header, every point in stream-then-ts order, exact ts and values', async () => {
    const out = join(dir, 'all.csv');
    const result = await exportPoints(db, { format: 'csv', out });
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe('vendor,stream,ts,value');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const stored = storedRows(db);
    expect(result).toEqual({ rows: stored.length, file: out });
    expect(rows).toHaveLength(stored.length);
    rows.forEach((row, i) => {
      expect(Object.keys(row)).toEqual(['vendor', 'stream', 'ts', 'value']);
      expect([row.vendor, row.stream, row.ts]).toEqual([stored[i].vendor, stored[i].stream, isoUtc(stored[i].ts)]);
      expectSameValue(row.value, stored[i].value, '');
    });
    // Orders by the stream column (the key without vendor), not by the full key.
    expect([...new Set(rows.map((r) => r.stream))]).toEqual(['123', 'ch-7', 'dev1/door', 's1/n2/note']);
  });

  it('writes three fractional digits, six only where the point has sub-millisecond precision', async () => {
    const out = join(dir, 'subms.csv');
    await exportPoints(db, { format: 'csv', out, streams: ['opensense/ch-7'] });
    const ts = (parse(readFileSync(out, 'utf8'), { columns: true }) as { ts: string }[]).map((r) => r.ts);
    expect(ts).toEqual([
      '2026-01-15T12:00:00.000001Z',
      '2026-01-15T12:00:00.000999Z',
      '2026-01-15T12:00:00.001Z',
      '2026-01-15T12:00:00.001001Z',
    ]);
  });

  it('quotes text with commas, quotes and newlines, and leaves formula-like text as it is by default', async () => {
    const out = join(dir, 'text.csv');
    await exportPoints(db, { format: 'csv', out, streams: ['realtime/*'] });
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(',"a, b"\n');
    expect(text).toContain(',"say ""hi"""\n');
    expect(text).toContain(',"line1\nline2\r\nline3"\n');
    const values = (parse(text, { columns: true }) as { value: string }[]).map((r) => r.value);
    expect(values).toEqual(mixedStreams[3].points.map((p) => p.value));
  });
});

describe('JSON Lines', () => {
  it('writes one {vendor, stream, ts, value} object per point, equal to the store', async () => {
    const out = join(dir, 'all.jsonl');
    await exportPoints(db, { format: 'json', out });
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const stored = storedRows(db);
    expect(lines).toHaveLength(stored.length);
    lines.forEach((line, i) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(row)).toEqual(['vendor', 'stream', 'ts', 'value']);
      expect(row).toEqual({
        vendor: stored[i].vendor,
        stream: stored[i].stream,
        ts: isoUtc(stored[i].ts),
        value: stored[i].value,
      });
    });
    expect(lines.filter((l) => /"value":-?[\d.]+e/i.test(l))).toEqual([]);
  });
});

/** Reads a Parquet file with ts as the raw µs count (hyparquet would round it to a Date). */
async function readParquet(file: string) {
  const buffer = await asyncBufferFromFile(file);
  const rows = (await parquetReadObjects({
    file: buffer,
    parsers: { timestampFromMicroseconds: (us: bigint | number) => Number(us) },
  })) as {
    vendor: string;
    stream: string;
    ts: number;
    value: number | string | null;
  }[];
  const metadata = await parquetMetadataAsync(buffer);
  return {
    rows,
    schema: parquetSchema(metadata).children.map((c) => c.element),
    rowGroups: metadata.row_groups.length,
  };
}

describe('Parquet', () => {
  it('holds vendor, stream, ts as TIMESTAMP(MICROS, UTC) and value as DOUBLE, equal to the store', async () => {
    const keys = ['opti/123', 'opensense/ch-7', 'opticloud/dev1/door'];
    const out = join(dir, 'numbers.parquet');
    await exportPoints(db, { format: 'parquet', out, streams: keys });
    const { rows, schema } = await readParquet(out);
    expect(schema.map((e) => [e.name, e.type])).toEqual([
      ['vendor', 'BYTE_ARRAY'],
      ['stream', 'BYTE_ARRAY'],
      ['ts', 'INT64'],
      ['value', 'DOUBLE'],
    ]);
    expect(schema[2].logical_type).toEqual({ type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' });
    expect(rows).toEqual(storedRows(db, keys));
  });

  it('writes value as text when the export holds a text stream, keeping four columns', async () => {
    const out = join(dir, 'all.parquet');
    await exportPoints(db, { format: 'parquet', out });
    const { rows, schema } = await readParquet(out);
    expect(schema.map((e) => [e.name, e.type])).toEqual([
      ['vendor', 'BYTE_ARRAY'],
      ['stream', 'BYTE_ARRAY'],
      ['ts', 'INT64'],
      ['value', 'BYTE_ARRAY'],
    ]);
    const stored = storedRows(db);
    expect(rows).toHaveLength(stored.length);
    rows.forEach((row, i) => {
      expect([row.vendor, row.stream, row.ts]).toEqual([stored[i].vendor, stored[i].stream, stored[i].ts]);
      expectSameValue(row.value, stored[i].value, null);
    });
  });

  it('spans several row groups for larger exports', async () => {
    const many = tempStore([
      {
        key: 'opti/9',
        vendor: 'opti',
        unit: '',
        kind: 'number',
        points: Array.from({ length: 250_001 }, (_, i) => ({
          ts: 1_700_000_000_000_000 + i * 1_000_000,
          value: i / 8,
        })),
      },
    ]);
    try {
      const out = join(many.dir, 'many.parquet');
      expect((await exportPoints(many.db, { format: 'parquet', out })).rows).toBe(250_001);
      const { rows, rowGroups } = await readParquet(out);
      expect(rows).toHaveLength(250_001);
      expect(rows[250_000]).toEqual({
        vendor: 'opti',
        stream: '9',
        ts: 1_700_000_000_000_000 + 250_000 * 1_000_000,
        value: 31_250,
      });
      expect(rowGroups).toBe(3);
    } finally {
      many.cleanup();
    }
  });
});

describe('xlsx', () => {
  it('holds one sheet with the four columns, ts as ISO text, equal to the store', async () => {
    const out = join(dir, 'all.xlsx');
    await exportPoints(db, { format: 'xlsx', out });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets).toHaveLength(1);
    const values: unknown[][] = [];
    workbook.worksheets[0].eachRow({ includeEmpty: true }, (row) => values.push((row.values as unknown[]).slice(1)));
    expect(values[0]).toEqual(['vendor', 'stream', 'ts', 'value', 'ts_excel']);
    const stored = storedRows(db);
    expect(values).toHaveLength(stored.length + 1);
    values.slice(1).forEach((row, i) => {
      expect(row.slice(0, 3)).toEqual([stored[i].vendor, stored[i].stream, isoUtc(stored[i].ts)]);
      // A real date-time cell beside the ISO text: the same instant, to Excel's millisecond (a day fraction).
      expect(row[4]).toBeInstanceOf(Date);
      expect(Math.abs((row[4] as Date).getTime() - stored[i].ts / 1000)).toBeLessThanOrEqual(1);
      // exceljs leaves an empty trailing cell out of row.values; XML reads CR LF back as LF.
      const value = typeof stored[i].value === 'string' ? stored[i].value.replaceAll('\r\n', '\n') : stored[i].value;
      expect(row[3] ?? null).toEqual(value === '' ? null : value);
    });
  });
});

describe('resampled means', () => {
  // Three readings of 5.58 average to 5.580000000000001 in binary; 0.1, 0.2, 0.3 to 0.20000000000000004.
  const noisy = tempStore([
    {
      key: 'opti/level',
      vendor: 'opti',
      unit: 'm',
      kind: 'number',
      points: [
        ...[5.58, 5.58, 5.58].map((value, i) => ({ ts: Date.UTC(2026, 0, 1, 0, i) * 1000, value })),
        ...[0.1, 0.2, 0.3].map((value, i) => ({ ts: Date.UTC(2026, 0, 1, 1, i) * 1000, value })),
      ],
    },
  ]);
  afterAll(() => noisy.cleanup());
  const resample = { interval: 3600e6, aggregate: 'mean' } as const;
  const means = [5.58, 0.2];

  it('writes the shortest exact decimal in CSV, with either decimal separator', async () => {
    for (const [name, csv] of [
      ['dot.csv', {}],
      ['comma.csv', { delimiter: ';', decimalSeparator: ',' }],
    ] as const) {
      const out = join(noisy.dir, name);
      await exportPoints(noisy.db, { format: 'csv', out, resample, csv });
      const text = readFileSync(out, 'utf8');
      const values = (parse(text, { columns: true, delimiter: csv.delimiter ?? ',' }) as { value: string }[]).map(
        (r) => r.value,
      );
      expect(values).toEqual(
        means.map((m) => (csv.decimalSeparator === ',' ? String(m).replace('.', ',') : String(m))),
      );
    }
  });

  it('writes the shortest exact decimal in JSON Lines, Parquet and xlsx', async () => {
    const jsonl = join(noisy.dir, 'means.jsonl');
    await exportPoints(noisy.db, { format: 'json', out: jsonl, resample });
    const jsonText = readFileSync(jsonl, 'utf8');
    expect(jsonText).toContain('"value":5.58}');
    expect(jsonText).toContain('"value":0.2}');

    const parquet = join(noisy.dir, 'means.parquet');
    await exportPoints(noisy.db, { format: 'parquet', out: parquet, resample });
    expect((await readParquet(parquet)).rows.map((r) => r.value)).toEqual(means);

    const xlsx = join(noisy.dir, 'means.xlsx');
    await exportPoints(noisy.db, { format: 'xlsx', out: xlsx, resample });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const values: unknown[] = [];
    workbook.worksheets[0].eachRow((row, n) => n > 1 && values.push(row.getCell(4).value));
    expect(values).toEqual(means);
  });
});

it('leaves no temporary files behind after successful exports', () => {
  expect(readdirSync(dir).filter((f) => f.includes('.part-'))).toEqual([]);
});
