import Database from 'better-sqlite3';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate, openStore, type Db } from '../../../src-main/store/db';
import { upsertStream } from '../../../src-main/store/catalog';
import type { Point } from '../../../src-main/model';
import { downsample, insertPoints, rangeStats } from '../../../src-main/store/points';
import { tempDir } from '../../helpers/tmp';

const MIN = 60_000_000;
const HOUR = 60 * MIN;
const T0 = 1_790_000_000_000_000; // 2026-09-21, a whole minute

/** What the chart and legend must show, computed the slow, obvious way. */
function truthStats(points: Point[], from: number, to: number) {
  const inRange = points.filter((p) => p.ts >= from && p.ts < to);
  const numbers = inRange.map((p) => p.value).filter((v): v is number => typeof v === 'number');
  return {
    count: inRange.length,
    min: numbers.length ? Math.min(...numbers) : null,
    max: numbers.length ? Math.max(...numbers) : null,
    mean: numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null,
    firstTs: inRange[0]?.ts ?? null,
    lastTs: inRange.at(-1)?.ts ?? null,
  };
}

let db: Db;
let id: number;
let points: Point[];

beforeEach(() => {
  db = openStore(join(tempDir(), 'r.sqlite'));
  id = upsertStream(
    db,
    { key: 'x/1', vendor: 'opti', accountId: null, sourceId: null, name: 'x', unit: '', kind: 'number' },
    0,
  );
  // Three days at 7 s plus a spike, some text, inserted out of order in uneven batches.
  points = Array.from({ length: 37_000 }, (_, i) => ({
    ts: T0 + i * 7_000_123,
    value: Math.round(Math.sin(i / 300) * 1e4) / 100,
  }));
  points[20_001].value = 9999;
  points[30_000].value = 'FAULT';
  const shuffled = [...points.slice(20_000), ...points.slice(0, 20_000)];
  for (let i = 0; i < shuffled.length; i += 4_999)
    db.transaction(() => insertPoints(db, id, shuffled.slice(i, i + 4_999)))();
});

describe('rollups', () => {
  it('give exactly the statistics of the points, for ranges cut anywhere', () => {
    const ranges = [
      [T0, T0 + 3 * 24 * HOUR],
      [T0 + 17_777, T0 + 2 * HOUR + 5],
      [T0 + 30 * MIN + 3, T0 + 50 * HOUR + 1_234],
      [T0 + 10 * HOUR + 59 * MIN, T0 + 11 * HOUR + 2 * MIN],
      [T0 + 5, T0 + 6],
    ];
    for (const [from, to] of ranges) {
      const got = rangeStats(db, id, from, to);
      const want = truthStats(points, from, to);
      expect({ ...got, mean: got.mean === null ? null : Number(got.mean.toFixed(6)) }).toEqual({
        ...want,
        mean: want.mean === null ? null : Number(want.mean.toFixed(6)),
      });
    }
  });

  it('draw wide views from the rollups with every spike, and narrow ones from the points', () => {
    const wide = downsample(db, id, T0, T0 + 72 * HOUR, 100);
    expect(wide.ts.length).toBeLessThanOrEqual(100);
    expect(Math.max(...wide.max)).toBe(9999);
    expect(Array.from(wide.count).reduce((a, b) => a + b, 0)).toBe(points.filter((p) => p.ts < T0 + 72 * HOUR).length);
    const narrow = downsample(db, id, T0 + HOUR, T0 + HOUR + 10 * MIN, 1000);
    expect(Array.from(narrow.count).reduce((a, b) => a + b, 0)).toBe(
      points.filter((p) => p.ts >= T0 + HOUR && p.ts < T0 + HOUR + 10 * MIN).length,
    );
  });

  it('are built for data stored before migration 2', () => {
    const file = join(tempDir(), 'old.sqlite');
    const old = new Database(file);
    migrate(old, 1);
    old
      .prepare(
        "INSERT INTO streams (id, key, vendor, name, kind, first_seen, last_seen) VALUES (1, 'k', 'opti', 'k', 'number', 0, 0)",
      )
      .run();
    const insert = old.prepare('INSERT INTO points VALUES (1, ?, ?)');
    for (let i = 0; i < 500; i++) insert.run(T0 + i * 30_000_000, i);
    old.close();
    const upgraded = openStore(file);
    expect(rangeStats(upgraded, 1, T0, T0 + 10 * HOUR)).toMatchObject({ count: 500, min: 0, max: 499, mean: 249.5 });
    upgraded.close();
  });
});
