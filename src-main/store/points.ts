import type { Point } from '../model';
import type { Db } from './db';

const ROWS_PER_STATEMENT = 500;
const insertCache = new WeakMap<Db, Map<number, ReturnType<Db['prepare']>>>();

function insertStatement(db: Db, rows: number) {
  let byRows = insertCache.get(db);
  if (!byRows) insertCache.set(db, (byRows = new Map()));
  let stmt = byRows.get(rows);
  if (!stmt) {
    const values = Array.from({ length: rows }, () => '(?,?,?)').join(',');
    stmt = db.prepare(`INSERT OR IGNORE INTO points (stream_id, ts, value) VALUES ${values}`);
    byRows.set(rows, stmt);
  }
  return stmt;
}

function sqlValue(value: Point['value']): number | string | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * Inserts points, ignoring any (stream, ts) already stored; returns how many were new.
 * The caller owns the transaction (a page and its cursor commit together, DESIGN.md convention 4).
 * Multi-row statements: one round through SQLite's VM per 500 rows instead of per row.
 */
export function insertPoints(db: Db, streamId: number, points: readonly Point[]): number {
  let added = 0;
  let i = 0;
  const full = insertStatement(db, ROWS_PER_STATEMENT);
  const args: (number | string | null)[] = new Array(ROWS_PER_STATEMENT * 3);
  for (; i + ROWS_PER_STATEMENT <= points.length; i += ROWS_PER_STATEMENT) {
    for (let j = 0; j < ROWS_PER_STATEMENT; j++) {
      const p = points[i + j];
      args[j * 3] = streamId;
      args[j * 3 + 1] = p.ts;
      args[j * 3 + 2] = sqlValue(p.value);
    }
    added += full.run(args).changes;
  }
  const rest = points.length - i;
  if (rest > 0) {
    const tail: (number | string | null)[] = [];
    for (; i < points.length; i++) tail.push(streamId, points[i].ts, sqlValue(points[i].value));
    added += insertStatement(db, rest).run(tail).changes;
  }
  if (added > 0) {
    let first = Infinity;
    let last = -Infinity;
    for (const p of points) {
      if (p.ts < first) first = p.ts;
      if (p.ts > last) last = p.ts;
    }
    refreshRollups(db, streamId, first, last);
  }
  return added;
}

/* ---------- rollups: min/max/sum/count per minute and per hour ---------- */

const MINUTE = 60_000_000;
const HOUR = 3_600_000_000;
/** Rollup levels, finest first: level number and bucket width in µs. */
const LEVELS = [
  { level: 0, width: MINUTE },
  { level: 1, width: HOUR },
] as const;

/** A point's value where it is a number: text values count, but have no min, max or sum. */
const NUMBER = "CASE WHEN typeof(value) IN ('integer', 'real') THEN value END";

/** The hot read queries, named so a test can pin their plans to the primary keys. */
export const HOT_SQL = {
  range: 'SELECT ts, value FROM points WHERE stream_id = @stream AND ts >= @from AND ts < @to ORDER BY ts',
  rawBuckets: `SELECT (ts - CAST(@from AS INTEGER)) / CAST(@width AS INTEGER) AS b, min(${NUMBER}), max(${NUMBER}), count(*)
         FROM points WHERE stream_id = @stream AND ts >= @from AND ts < @to GROUP BY b ORDER BY b`,
  rollupBuckets: `SELECT (bucket * CAST(@size AS INTEGER) - CAST(@origin AS INTEGER)) / CAST(@width AS INTEGER) AS b,
           min(min), max(max), sum(count)
         FROM rollups WHERE stream_id = @stream AND level = @level AND bucket >= @first AND bucket < @end
         GROUP BY b ORDER BY b`,
  rawAggregate: `SELECT count(*) AS count, count(${NUMBER}) AS numbers, min(${NUMBER}) AS min, max(${NUMBER}) AS max,
           sum(${NUMBER}) AS sum
         FROM points WHERE stream_id = @stream AND ts >= @from AND ts < @to`,
  rollupAggregate: `SELECT ifnull(sum(count), 0) AS count, ifnull(sum(numbers), 0) AS numbers, min(min) AS min, max(max) AS max,
           sum(sum) AS sum
         FROM rollups WHERE stream_id = @stream AND level = @level AND bucket >= @first AND bucket < @end`,
} as const;

/**
 * Recomputes the rollups of the minutes and hours that [first, last] touches (the caller's transaction).
 * Times before 1970 are not rolled up; ranges reaching before 1970 are read from the points themselves.
 */
export function refreshRollups(db: Db, streamId: number, first: number, last: number): void {
  if (last < 0) return;
  const lo = Math.max(0, first);
  db.prepare(
    `INSERT OR REPLACE INTO rollups
       SELECT stream_id, 0, ts / ${MINUTE}, count(*), count(${NUMBER}), min(${NUMBER}), max(${NUMBER}), sum(${NUMBER})
         FROM points WHERE stream_id = @stream AND ts >= @from AND ts < @to GROUP BY ts / ${MINUTE}`,
  ).run({ stream: streamId, from: Math.floor(lo / MINUTE) * MINUTE, to: (Math.floor(last / MINUTE) + 1) * MINUTE });
  db.prepare(
    `INSERT OR REPLACE INTO rollups
       SELECT stream_id, 1, bucket / 60, sum(count), sum(numbers), min(min), max(max), sum(sum)
         FROM rollups WHERE stream_id = @stream AND level = 0 AND bucket >= @from AND bucket < @to GROUP BY bucket / 60`,
  ).run({ stream: streamId, from: Math.floor(lo / HOUR) * 60, to: (Math.floor(last / HOUR) + 1) * 60 });
}

interface Aggregate {
  count: number;
  numbers: number;
  min: number | null;
  max: number | null;
  sum: number | null;
}

function rawAggregate(db: Db, streamId: number, from: number, to: number): Aggregate {
  return db.prepare(HOT_SQL.rawAggregate).get({ stream: streamId, from, to }) as Aggregate;
}

function rollupAggregate(db: Db, streamId: number, level: number, width: number, from: number, to: number): Aggregate {
  return db
    .prepare(HOT_SQL.rollupAggregate)
    .get({ stream: streamId, level, first: from / width, end: to / width }) as Aggregate;
}

function combine(parts: Aggregate[]): Aggregate {
  const out: Aggregate = { count: 0, numbers: 0, min: null, max: null, sum: null };
  for (const p of parts) {
    out.count += p.count;
    out.numbers += p.numbers;
    if (p.min !== null) out.min = out.min === null ? p.min : Math.min(out.min, p.min);
    if (p.max !== null) out.max = out.max === null ? p.max : Math.max(out.max, p.max);
    if (p.sum !== null) out.sum = (out.sum ?? 0) + p.sum;
  }
  return out;
}

/**
 * Exact count/min/max/sum over [from, to): whole hours from the hour rollups, whole minutes at the
 * ends from the minute rollups, and the few points before the first and after the last whole minute.
 */
function aggregate(db: Db, streamId: number, from: number, to: number): Aggregate {
  const m1 = Math.ceil(from / MINUTE) * MINUTE;
  const m2 = Math.floor(to / MINUTE) * MINUTE;
  if (from < 0 || m1 >= m2) return rawAggregate(db, streamId, from, to);
  const h1 = Math.ceil(m1 / HOUR) * HOUR;
  const h2 = Math.floor(m2 / HOUR) * HOUR;
  const middle =
    h1 < h2
      ? [
          rollupAggregate(db, streamId, 0, MINUTE, m1, h1),
          rollupAggregate(db, streamId, 1, HOUR, h1, h2),
          rollupAggregate(db, streamId, 0, MINUTE, h2, m2),
        ]
      : [rollupAggregate(db, streamId, 0, MINUTE, m1, m2)];
  return combine([rawAggregate(db, streamId, from, m1), ...middle, rawAggregate(db, streamId, m2, to)]);
}

/** Points of one stream with from <= ts < to, ascending, as an iterator (nothing held in memory). */
export function* pointsInRange(
  db: Db,
  streamId: number,
  from = Number.MIN_SAFE_INTEGER,
  to = Number.MAX_SAFE_INTEGER,
): Generator<Point> {
  const stmt = db.prepare(HOT_SQL.range);
  for (const row of stmt.iterate({ stream: streamId, from, to }) as Iterable<Point>) yield row;
}

/** The same rows as columns, for the table view and raw zoom: at most `limit` points. */
export function pointColumns(
  db: Db,
  streamId: number,
  from: number,
  to: number,
  limit: number,
): { ts: Float64Array; values: Float64Array; texts: (string | null)[] | null; truncated: boolean } {
  const rows = db
    .prepare('SELECT ts, value FROM points WHERE stream_id = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?')
    .raw()
    .all(streamId, from, to, limit + 1) as [number, number | string | null][];
  const truncated = rows.length > limit;
  const n = Math.min(rows.length, limit);
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  let texts: (string | null)[] | null = null;
  for (let i = 0; i < n; i++) {
    const [t, v] = rows[i];
    ts[i] = t;
    if (typeof v === 'string') {
      texts ??= new Array<string | null>(n).fill(null);
      texts[i] = v;
      values[i] = NaN;
    } else values[i] = v ?? NaN;
  }
  return { ts, values, texts, truncated };
}

/** Min and max per time bucket of `width` µs: what a chart needs, spikes included. */
export interface Buckets {
  /** Start of each non-empty bucket, µs. */
  ts: Float64Array;
  min: Float64Array;
  max: Float64Array;
  count: Float64Array;
}

/**
 * Min and max per bucket of about (to − from) / buckets. Wide buckets are read from the coarsest
 * rollup that fits (buckets then widen to whole rollup buckets, so the reply may have a few fewer);
 * narrow ones from the points themselves.
 */
export function downsample(db: Db, streamId: number, from: number, to: number, buckets: number): Buckets {
  const wanted = Math.max(1, Math.ceil((to - from) / Math.max(1, buckets)));
  const level = from >= 0 ? [...LEVELS].reverse().find((l) => l.width <= wanted) : undefined;
  let rows: [number, number | null, number | null, number][];
  let origin = from;
  let width = wanted;
  if (level) {
    width = Math.ceil(wanted / level.width) * level.width;
    origin = Math.floor(from / level.width) * level.width;
    rows = db
      .prepare(HOT_SQL.rollupBuckets)
      .raw()
      .all({
        size: level.width,
        origin,
        width,
        stream: streamId,
        level: level.level,
        first: origin / level.width,
        end: Math.ceil(to / level.width),
      }) as typeof rows;
  } else {
    rows = db.prepare(HOT_SQL.rawBuckets).raw().all({ from, width, stream: streamId, to }) as typeof rows;
  }
  const out: Buckets = {
    ts: new Float64Array(rows.length),
    min: new Float64Array(rows.length),
    max: new Float64Array(rows.length),
    count: new Float64Array(rows.length),
  };
  rows.forEach(([b, mn, mx, c], i) => {
    out.ts[i] = origin + b * width;
    out.min[i] = mn ?? NaN;
    out.max[i] = mx ?? NaN;
    out.count[i] = c;
  });
  return out;
}

export interface RangeStats {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  firstTs: number | null;
  lastTs: number | null;
}

export function rangeStats(db: Db, streamId: number, from: number, to: number): RangeStats {
  const agg = aggregate(db, streamId, from, to);
  const edge = (order: 'ASC' | 'DESC') =>
    (
      db
        .prepare(`SELECT ts FROM points WHERE stream_id = ? AND ts >= ? AND ts < ? ORDER BY ts ${order} LIMIT 1`)
        .get(streamId, from, to) as { ts: number } | undefined
    )?.ts ?? null;
  return {
    count: agg.count,
    min: agg.min,
    max: agg.max,
    mean: agg.numbers > 0 && agg.sum !== null ? agg.sum / agg.numbers : null,
    firstTs: edge('ASC'),
    lastTs: edge('DESC'),
  };
}

/** Newest stored ts of a stream, or null when it has none. */
export function newestTs(db: Db, streamId: number): number | null {
  const row = db.prepare('SELECT max(ts) AS ts FROM points WHERE stream_id = ?').get(streamId) as {
    ts: number | null;
  };
  return row.ts;
}

export function countPoints(db: Db, streamId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM points WHERE stream_id = ?').get(streamId) as { n: number }).n;
}

export function deleteStreamPoints(db: Db, streamId: number): void {
  db.prepare('DELETE FROM points WHERE stream_id = ?').run(streamId);
  db.prepare('DELETE FROM rollups WHERE stream_id = ?').run(streamId);
}
