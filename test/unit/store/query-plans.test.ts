import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/store/db';
import { HOT_SQL } from '../../../src-main/store/points';
import { tempDir } from '../../helpers/tmp';

/** The hot queries must search their table's primary key, never scan the table. */
const EXPECTED: Record<keyof typeof HOT_SQL, RegExp> = {
  range: /SEARCH points USING PRIMARY KEY \(stream_id=\? AND ts>\? AND ts<\?\)/,
  rawBuckets: /SEARCH points USING PRIMARY KEY \(stream_id=\? AND ts>\? AND ts<\?\)/,
  rawAggregate: /SEARCH points USING PRIMARY KEY \(stream_id=\? AND ts>\? AND ts<\?\)/,
  rollupBuckets: /SEARCH rollups USING PRIMARY KEY \(stream_id=\? AND level=\? AND bucket>\? AND bucket<\?\)/,
  rollupAggregate: /SEARCH rollups USING PRIMARY KEY \(stream_id=\? AND level=\? AND bucket>\? AND bucket<\?\)/,
};

const PARAMS = { stream: 1, from: 0, to: 100, width: 10, size: 60, origin: 0, level: 0, first: 0, end: 10 };

describe('query plans', () => {
  const db = openStore(join(tempDir(), 'plan.sqlite'));
  for (const [name, sql] of Object.entries(HOT_SQL) as [keyof typeof HOT_SQL, string][]) {
    it(`${name} searches the primary key`, () => {
      const stmt = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
      const used = Object.fromEntries(Object.entries(PARAMS).filter(([k]) => sql.includes(`@${k}`)));
      const plan = (stmt.all(used) as { detail: string }[]).map((r) => r.detail).join('\n');
      expect(plan).toMatch(EXPECTED[name]);
      expect(plan).not.toMatch(/SCAN (points|rollups)/);
    });
  }
});
