import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPoints } from '../../../src-main/export';
import { exportToFile } from '../../../src-main/cli/export';
import type { ExportProgress } from '../../../src-main/export/options';
import { UsageError } from '../../../src-main/cli/args';
import { streamByKey } from '../../../src-main/store/catalog';
import type { Db } from '../../../src-main/store/db';
import { insertPoints } from '../../../src-main/store/points';
import { tempStore } from './fixture';

const POINTS = 120_000;
const START = Date.UTC(2026, 0, 1) * 1000;

let db: Db;
let dir: string;
let cleanup: () => void;
beforeAll(
  () =>
    ({ db, dir, cleanup } = tempStore([
      {
        key: 'opti/7',
        vendor: 'opti',
        unit: 'mm',
        kind: 'number',
        points: Array.from({ length: POINTS }, (_, i) => ({ ts: START + i * 1_000_000, value: i % 1000 })),
      },
    ])),
);
afterAll(() => cleanup());

const leftovers = () => readdirSync(dir).filter((f) => f.includes('.part-'));

describe('cancel and failure', () => {
  it.each(['csv', 'json', 'parquet', 'xlsx'] as const)(
    'cancelling a %s export leaves the old file and no partial file',
    async (format) => {
      const out = join(dir, `cancel.${format}`);
      writeFileSync(out, 'previous export');
      const controller = new AbortController();
      const progress: ExportProgress[] = [];
      const running = exportPoints(
        db,
        { format, out },
        {
          signal: controller.signal,
          onProgress: (p) => {
            progress.push(p);
            controller.abort();
          },
        },
      );
      await expect(running).rejects.toMatchObject({ name: 'AbortError' });
      expect(progress.length).toBe(1);
      expect(progress[0].rows).toBeLessThan(POINTS);
      expect(readFileSync(out, 'utf8')).toBe('previous export');
      expect(leftovers()).toEqual([]);
    },
  );

  it('an error in the middle deletes the temporary file', async () => {
    const out = join(dir, 'boom.csv');
    await expect(
      exportPoints(
        db,
        { format: 'csv', out },
        {
          onProgress: () => {
            throw new Error('boom');
          },
        },
      ),
    ).rejects.toThrow('boom');
    expect(readdirSync(dir)).not.toContain('boom.csv');
    expect(leftovers()).toEqual([]);
  });

  it('an already aborted signal writes nothing', async () => {
    const out = join(dir, 'never.csv');
    await expect(exportPoints(db, { format: 'csv', out }, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(readdirSync(dir)).not.toContain('never.csv');
  });
});

describe('progress and snapshot', () => {
  it('reports rows, rate and ETA against the counted total, ending at 100 %', async () => {
    const progress: ExportProgress[] = [];
    const result = await exportPoints(
      db,
      { format: 'csv', out: join(dir, 'progress.csv') },
      { onProgress: (p) => progress.push(p) },
    );
    expect(result.rows).toBe(POINTS);
    expect(progress[0].totalRows).toBe(POINTS);
    expect(progress[0].rows).toBeGreaterThan(0);
    expect(progress[0].rowsPerSecond).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ rows: POINTS, totalRows: POINTS, etaSeconds: 0 });
    for (let i = 1; i < progress.length; i++) expect(progress[i].rows).toBeGreaterThanOrEqual(progress[i - 1].rows);
  });

  it('lets the caller keep writing to the store meanwhile, and exports the snapshot it started with', async () => {
    const stream = streamByKey(db, 'opti/7')!;
    let inserted = 0;
    const result = await exportPoints(
      db,
      { format: 'json', out: join(dir, 'snapshot.jsonl') },
      {
        onProgress: () => {
          if (inserted > 0) return;
          // A sync writing through the app's connection while the export reads.
          inserted = db.transaction(() => insertPoints(db, stream.id, [{ ts: START - 1_000_000, value: -1 }]))();
        },
      },
    );
    expect(inserted).toBe(1);
    expect(result.rows).toBe(POINTS);
    expect(readFileSync(join(dir, 'snapshot.jsonl'), 'utf8')).not.toContain('"value":-1}');
  });
});

describe('exportCommand (CLI)', () => {
  it('exports with ISO bounds and prints one summary line', async () => {
    const lines: string[] = [];
    const out = join(dir, 'cli.csv');
    const result = await exportToFile(
      db,
      { format: 'csv', out, stream: ['opti/*'], from: '2026-01-01T00:00:10Z', to: '2026-01-01T00:00:13Z' },
      (line) => lines.push(line),
    );
    expect(result.rows).toBe(3);
    expect(readFileSync(out, 'utf8')).toBe(
      'vendor,stream,ts,value\nopti,7,2026-01-01T00:00:10.000Z,10\nopti,7,2026-01-01T00:00:11.000Z,11\nopti,7,2026-01-01T00:00:12.000Z,12\n',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Exported 3 rows to .*cli\.csv in \d+\.\d s\.$/);
  });

  it('reports bad flags as usage errors and unknown streams as failures', async () => {
    const out = join(dir, 'bad.csv');
    await expect(exportToFile(db, { format: 'tsv', out }, () => {})).rejects.toThrow(UsageError);
    await expect(exportToFile(db, { format: 'csv' }, () => {})).rejects.toThrow(UsageError);
    await expect(exportToFile(db, { format: 'csv', out, from: 'soon' }, () => {})).rejects.toThrow(UsageError);
    await expect(exportToFile(db, { format: 'csv', out, stream: ['opti/nope'] }, () => {})).rejects.toThrow(
      'No stream matches "opti/nope".',
    );
    expect(readdirSync(dir)).not.toContain('bad.csv');
  });

  it('passes the extra flags through: wide layout, zone, resampling, dialect', async () => {
    const out = join(dir, 'cli-wide.csv');
    await exportToFile(
      db,
      {
        format: 'csv',
        out,
        layout: 'wide',
        'time-zone': 'Europe/Berlin',
        resample: '1m',
        aggregate: 'mean',
        from: '2026-01-01T00:00:00Z',
        to: '2026-01-01T00:02:00Z',
        delimiter: ';',
        'decimal-comma': true,
        bom: true,
      },
      () => {},
    );
    expect(readFileSync(out, 'utf8')).toBe(
      '\uFEFFts;opti/7 [mm]\n2026-01-01T01:00:00.000+01:00;29,5\n2026-01-01T01:01:00.000+01:00;89,5\n',
    );
  });
});
