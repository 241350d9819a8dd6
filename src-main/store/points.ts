import type { Db } from './db';

/** One observation: ts in microseconds since the epoch (UTC); value a number, or text for text streams. */
export interface Point {
  ts: number;
  value: number | string | null;
}

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
  return added;
}

/** Points of one stream with from <= ts < to, ascending, as an iterator (nothing held in memory). */
export function* pointsInRange(
  db: Db,
  streamId: number,
  from = Number.MIN_SAFE_INTEGER,
  to = Number.MAX_SAFE_INTEGER,
): Generator<Point> {
  const stmt = db.prepare('SELECT ts, value FROM points WHERE stream_id = ? AND ts >= ? AND ts < ? ORDER BY ts');
  for (const row of stmt.iterate(streamId, from, to) as Iterable<Point>) yield row;
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

export function downsample(db: Db, streamId: number, from: number, to: number, buckets: number): Buckets {
  const width = Math.max(1, Math.ceil((to - from) / Math.max(1, buckets)));
  const rows = db
    .prepare(
      `SELECT (ts - CAST(@from AS INTEGER)) / CAST(@width AS INTEGER) AS b, min(value), max(value), count(*)
         FROM points WHERE stream_id = @stream AND ts >= @from AND ts < @to
         GROUP BY b ORDER BY b`,
    )
    .raw()
    .all({ from, width, stream: streamId, to }) as [number, number, number, number][];
  const out: Buckets = {
    ts: new Float64Array(rows.length),
    min: new Float64Array(rows.length),
    max: new Float64Array(rows.length),
    count: new Float64Array(rows.length),
  };
  rows.forEach(([b, mn, mx, c], i) => {
    out.ts[i] = from + b * width;
    out.min[i] = typeof mn === 'number' ? mn : NaN;
    out.max[i] = typeof mx === 'number' ? mx : NaN;
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
  const row = db
    .prepare(
      `SELECT count(*) AS count, min(value) AS min, max(value) AS max, avg(value) AS mean,
              min(ts) AS firstTs, max(ts) AS lastTs
         FROM points WHERE stream_id = ? AND ts >= ? AND ts < ?`,
    )
    .get(streamId, from, to) as RangeStats;
  return row;
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
}
