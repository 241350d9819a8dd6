import type { Aggregate, StreamKind } from '../model';
import { openStore, type Db } from './db';

/** What an export needs to know of a stream. */
export interface ExportStreamRow {
  id: number;
  key: string;
  vendor: string;
  unit: string;
  kind: StreamKind;
}

/** A stored point as better-sqlite3 returns it in raw mode: [ts µs, value]. */
export type PointTuple = [number, number | string | null];

/**
 * Every stream, in export order: by the key without its `vendor/` prefix (the `stream` column of
 * the DESIGN.md long CSV), then by vendor. BINARY collation = UTF-8 byte order = code point order.
 */
export function streamsInExportOrder(db: Db): ExportStreamRow[] {
  return db
    .prepare(
      `SELECT id, key, vendor, unit, kind FROM streams
        ORDER BY CASE WHEN substr(key, 1, length(vendor) + 1) = vendor || '/'
                      THEN substr(key, length(vendor) + 2) ELSE key END, vendor`,
    )
    .all() as ExportStreamRow[];
}

/**
 * A second, read-only connection to the same file: its read transaction is a snapshot for the whole
 * export, and the caller's connection stays free for writers (better-sqlite3 refuses any other
 * statement on a connection while one of its iterators is open). In-memory databases have no second
 * connection; they are read in place.
 */
export function openExportReader(db: Db): { reader: Db; close: () => void } {
  if (db.memory) return { reader: db, close: () => {} };
  const reader = openStore(db.name, { readonly: true });
  reader.pragma('cache_size = -8192'); // a one-pass scan gains nothing from the usual 64 MB page cache
  reader.exec('BEGIN'); // one read transaction: the row count and the rows see the same data
  return { reader, close: () => reader.close() };
}

/**
 * Points of one stream with from <= ts < to, ascending, in pages of [ts, value] tuples: keyset
 * pagination on the primary key. `.all()` per page is two to three times faster than a row-by-row
 * iterator, and no statement stays open between pages.
 */
export function* pointPages(
  db: Db,
  streamId: number,
  from: number,
  to: number,
  pageRows: number,
): Generator<PointTuple[]> {
  const page = db
    .prepare('SELECT ts, value FROM points WHERE stream_id = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?')
    .raw();
  for (let after = from; ;) {
    const rows = page.all(streamId, after, to, pageRows) as PointTuple[];
    if (rows.length > 0) yield rows;
    if (rows.length < pageRows) return;
    after = rows[rows.length - 1][0] + 1;
  }
}

/** Start of the interval-wide bucket holding ts, buckets aligned on the epoch (floor, also below 0). */
const BUCKET_START = 'ts - ((ts % @interval) + @interval) % @interval';

/** Per-bucket SQL; first/last use SQLite's bare-column rule (the value comes from the min/max ts row). */
const aggregateSql: Record<Aggregate, { select: string; inner?: string }> = {
  mean: { select: 'avg(value)' },
  min: { select: 'min(value)' },
  max: { select: 'max(value)' },
  sum: { select: 'sum(value)' },
  count: { select: 'count(*)' },
  first: { select: 'value', inner: 'min(ts)' },
  last: { select: 'value', inner: 'max(ts)' },
};

/**
 * One [bucket start, aggregate] tuple per non-empty bucket of `interval` µs, ascending.
 * Buckets are aligned on the epoch (UTC), so an hour or a day bucket starts on a UTC hour or day.
 */
export function resampledTuples(
  db: Db,
  streamId: number,
  from: number,
  to: number,
  interval: number,
  aggregate: Aggregate,
): IterableIterator<PointTuple> {
  const { select, inner } = aggregateSql[aggregate];
  const grouped = `SELECT ${BUCKET_START} AS b, ${inner ? `${inner}, value` : `${select} AS value`}
                     FROM points WHERE stream_id = @stream AND ts >= @from AND ts < @to GROUP BY b`;
  const sql = inner ? `SELECT b, value FROM (${grouped}) ORDER BY b` : `${grouped} ORDER BY b`;
  return db.prepare(sql).raw().iterate({ stream: streamId, interval, from, to }) as IterableIterator<PointTuple>;
}

export function countPointsInRange(db: Db, streamId: number, from: number, to: number): number {
  return (
    db
      .prepare('SELECT count(*) AS n FROM points WHERE stream_id = ? AND ts >= ? AND ts < ?')
      .get(streamId, from, to) as {
      n: number;
    }
  ).n;
}

/** Non-empty buckets of one stream (what a resampled long export writes when it omits gaps). */
export function countBucketsInRange(db: Db, streamId: number, from: number, to: number, interval: number): number {
  return (
    db
      .prepare(
        `SELECT count(DISTINCT ${BUCKET_START}) AS n FROM points WHERE stream_id = @stream AND ts >= @from AND ts < @to`,
      )
      .get({ stream: streamId, interval, from, to }) as { n: number }
  ).n;
}

/**
 * Distinct times (interval 1) or non-empty buckets across several streams: the row count of a wide
 * export. Stream ids travel as one JSON array so one statement serves any number of streams.
 */
export function countDistinctTimes(
  db: Db,
  streamIds: readonly number[],
  from: number,
  to: number,
  interval: number,
): number {
  return (
    db
      .prepare(
        `SELECT count(DISTINCT ${BUCKET_START}) AS n FROM points
          WHERE stream_id IN (SELECT value FROM json_each(@ids)) AND ts >= @from AND ts < @to`,
      )
      .get({ ids: JSON.stringify(streamIds), interval, from, to }) as { n: number }
  ).n;
}

/** Oldest and newest ts of the given streams within [from, to), or null when there is none. */
export function timeSpan(
  db: Db,
  streamIds: readonly number[],
  from: number,
  to: number,
): { first: number; last: number } | null {
  // Separate min and max statements: each is one index seek; a combined one would scan.
  const oldest = db.prepare('SELECT min(ts) AS ts FROM points WHERE stream_id = ? AND ts >= ? AND ts < ?');
  const newest = db.prepare('SELECT max(ts) AS ts FROM points WHERE stream_id = ? AND ts >= ? AND ts < ?');
  let first = Infinity;
  let last = -Infinity;
  for (const id of streamIds) {
    const lo = (oldest.get(id, from, to) as { ts: number | null }).ts;
    const hi = (newest.get(id, from, to) as { ts: number | null }).ts;
    if (lo !== null) first = Math.min(first, lo);
    if (hi !== null) last = Math.max(last, hi);
  }
  return first <= last ? { first, last } : null;
}
