import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../../../src-main/store/db';
import { upsertStream } from '../../../src-main/store/catalog';
import { downsample, insertPoints, pointColumns, pointsInRange, rangeStats } from '../../../src-main/store/points';
import { tempDir } from '../../helpers/tmp';

let db: Db;
let stream: number;

beforeEach(() => {
  db = openStore(join(tempDir(), 'p.sqlite'));
  stream = upsertStream(
    db,
    { key: 'opti/1', vendor: 'opti', accountId: null, sourceId: null, name: 'Level', unit: 'mm', kind: 'number' },
    0,
  );
});

describe('points', () => {
  it('ignores duplicates on (stream, ts) and counts only new rows, across batch sizes', () => {
    const pts = Array.from({ length: 1234 }, (_, i) => ({ ts: i * 1000, value: i }));
    expect(insertPoints(db, stream, pts)).toBe(1234);
    expect(insertPoints(db, stream, pts)).toBe(0);
    expect(
      insertPoints(db, stream, [
        { ts: 1234 * 1000, value: 1 },
        { ts: 0, value: 99 },
      ]),
    ).toBe(1);
    // The first value stored for a ts is kept.
    expect([...pointsInRange(db, stream, 0, 1)]).toEqual([{ ts: 0, value: 0 }]);
  });

  it('keeps text values and microsecond times exactly', () => {
    insertPoints(db, stream, [
      { ts: 1_700_000_000_123_456, value: 'ONLINE' },
      { ts: 1_700_000_000_123_457, value: 1.5 },
    ]);
    expect([...pointsInRange(db, stream)]).toEqual([
      { ts: 1_700_000_000_123_456, value: 'ONLINE' },
      { ts: 1_700_000_000_123_457, value: 1.5 },
    ]);
    const cols = pointColumns(db, stream, 0, Number.MAX_SAFE_INTEGER, 10);
    expect(cols.texts).toEqual(['ONLINE', null]);
    expect(Array.from(cols.values)).toEqual([NaN, 1.5]);
  });

  it('downsamples to min and max per bucket so a single spike survives', () => {
    const pts = Array.from({ length: 10_000 }, (_, i) => ({ ts: i, value: i === 5_001 ? 1000 : Math.sin(i / 100) }));
    insertPoints(db, stream, pts);
    const b = downsample(db, stream, 0, 10_000, 10);
    expect(b.ts.length).toBe(10);
    expect(Array.from(b.ts)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
    expect(b.max[5]).toBe(1000);
    expect(Array.from(b.count).reduce((a, c) => a + c, 0)).toBe(10_000);
    const stats = rangeStats(db, stream, 5_000, 5_002);
    expect(stats).toMatchObject({ count: 2, max: 1000, firstTs: 5_000, lastTs: 5_001 });
  });
});
