import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertStream } from '../../../src-main/store/catalog';
import { openStore, type Db } from '../../../src-main/store/db';
import {
  countBucketsInRange,
  countDistinctTimes,
  openExportReader,
  pointPages,
  resampledTuples,
  streamsInExportOrder,
  timeSpan,
} from '../../../src-main/store/export-queries';
import { insertPoints } from '../../../src-main/store/points';

let db: Db;
let dir: string;
let a: number;
let b: number;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-export-queries-'));
  db = openStore(join(dir, 'store.sqlite'));
  const stream = (key: string, vendor: 'opti' | 'opensense') =>
    upsertStream(db, { key, vendor, accountId: null, sourceId: null, name: key, unit: '', kind: 'number' }, 0);
  a = stream('opti/b', 'opti');
  b = stream('opensense/a', 'opensense');
  stream('opti/c', 'opti');
  insertPoints(
    db,
    a,
    [-1500, -500, 0, 500, 1500, 2500].map((ts, i) => ({ ts, value: i })),
  );
  insertPoints(
    db,
    b,
    [0, 700, 2100].map((ts) => ({ ts, value: 1 })),
  );
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const plan = (sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');

describe('export queries', () => {
  it('orders streams by the key without vendor, then vendor', () => {
    expect(streamsInExportOrder(db).map((s) => s.key)).toEqual(['opensense/a', 'opti/b', 'opti/c']);
  });

  it('pages points by primary key, ascending, without gaps or repeats at page edges', () => {
    const pages = [...pointPages(db, a, -1000, 2000, 2)];
    expect(pages).toEqual([
      [
        [-500, 1],
        [0, 2],
      ],
      [
        [500, 3],
        [1500, 4],
      ],
    ]);
  });

  it('buckets on the epoch, also below zero (floor, not truncation)', () => {
    expect([...resampledTuples(db, a, -10_000, 10_000, 1000, 'count')]).toEqual([
      [-2000, 1],
      [-1000, 1],
      [0, 2],
      [1000, 1],
      [2000, 1],
    ]);
    expect([...resampledTuples(db, a, -10_000, 10_000, 1000, 'first')].map((r) => r[1])).toEqual([0, 1, 2, 4, 5]);
    expect([...resampledTuples(db, a, -10_000, 10_000, 1000, 'last')].map((r) => r[1])).toEqual([0, 1, 3, 4, 5]);
    expect(countBucketsInRange(db, a, -10_000, 10_000, 1000)).toBe(5);
  });

  it('counts distinct times across streams and finds the span', () => {
    expect(countDistinctTimes(db, [a, b], -10_000, 10_000, 1)).toBe(8);
    expect(countDistinctTimes(db, [a, b], 0, 10_000, 1000)).toBe(3);
    expect(timeSpan(db, [a, b], -1000, 2200)).toEqual({ first: -500, last: 2100 });
    expect(timeSpan(db, [a, b], 5000, 6000)).toBeNull();
  });

  it('reads points and counts through the (stream_id, ts) primary key', () => {
    const search = /SEARCH points USING PRIMARY KEY \(stream_id=\? AND ts>\? AND ts<\?\)/;
    expect(
      plan('SELECT ts, value FROM points WHERE stream_id = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?', a, 0, 1, 5),
    ).toMatch(search);
    expect(
      plan('SELECT ts, value FROM points WHERE stream_id = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?', a, 0, 1, 5),
    ).not.toMatch(/TEMP B-TREE/);
    expect(plan('SELECT count(*) AS n FROM points WHERE stream_id = ? AND ts >= ? AND ts < ?', a, 0, 1)).toMatch(
      search,
    );
  });

  it('gives a read-only snapshot connection that does not block writers', () => {
    const { reader, close } = openExportReader(db);
    try {
      const before = [...pointPages(reader, b, -10_000, 10_000, 100)].flat().length;
      insertPoints(db, b, [{ ts: 9000, value: 2 }]);
      expect([...pointPages(reader, b, -10_000, 10_000, 100)].flat().length).toBe(before);
      expect(() => reader.prepare('DELETE FROM points').run()).toThrow(/readonly/);
    } finally {
      close();
    }
  });
});
