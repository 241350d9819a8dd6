import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/store/db';
import { tempDir } from '../../helpers/tmp';

/**
 * The hot queries must walk the (stream, ts) primary key, never scan the table.
 * The SQL here is the same text as in store/points.ts; if either changes, this test must be updated with it.
 */
const HOT_QUERIES: Record<string, string> = {
  range: 'SELECT ts, value FROM points WHERE stream_id = ? AND ts >= ? AND ts < ? ORDER BY ts',
  downsample: `SELECT (ts - CAST(@from AS INTEGER)) / CAST(@width AS INTEGER) AS b, min(value), max(value), count(*)
         FROM points WHERE stream_id = @stream AND ts >= @from AND ts < @to
         GROUP BY b ORDER BY b`,
  stats: `SELECT count(*) AS count, min(value) AS min, max(value) AS max, avg(value) AS mean,
              min(ts) AS firstTs, max(ts) AS lastTs
         FROM points WHERE stream_id = ? AND ts >= ? AND ts < ?`,
};

describe('query plans', () => {
  const db = openStore(join(tempDir(), 'plan.sqlite'));
  for (const [name, sql] of Object.entries(HOT_QUERIES)) {
    it(`${name} searches the points primary key on (stream_id, ts)`, () => {
      const plan = (
        db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...(sql.includes('@') ? [{ stream: 1, from: 0, to: 100, width: 10 }] : [1, 0, 100])) as {
          detail: string;
        }[]
      ).map((r) => r.detail);
      expect(plan.join('\n')).toMatch(/SEARCH points USING PRIMARY KEY \(stream_id=\? AND ts>\? AND ts<\?\)/);
      expect(plan.join('\n')).not.toMatch(/SCAN points/);
    });
  }

  it('the SQL pinned here is the SQL the store runs', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(join(__dirname, '../../../src-main/store/points.ts'), 'utf8');
    for (const sql of Object.values(HOT_QUERIES)) expect(source).toContain(sql);
  });
});
