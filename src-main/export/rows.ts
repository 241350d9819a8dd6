/**
 * Where export rows come from: stored points, or resampled buckets with gaps filled as asked,
 * per stream (long layout) or merged on time across streams (wide layout). Rows travel in batches
 * of a few thousand: the export loop checks cancel and drains output once per batch, not per row.
 */
import { UserError } from '../model';
import type { Db } from '../store/db';
import {
  countBucketsInRange,
  countDistinctTimes,
  countPointsInRange,
  pointPages,
  resampledTuples,
  timeSpan,
  type PointTuple,
} from '../store/export-queries';
import type { ExportOptions } from './options';
import type { ExportStream } from './select';

/** A bucket or cell without data; writers render it as the `gaps` option says. */
export const GAP: unique symbol = Symbol('gap');
export type Cell = number | string | null | typeof GAP;
export type Row = [ts: number, value: Cell];
export type WideRow = [ts: number, cells: Cell[]];

export const BATCH_ROWS = 8192;

export interface TimeRange {
  from: number;
  to: number;
}

/** Bucket starts every `interval` µs in [start, end): the time axis of a resampled export with gaps kept. */
interface BucketAxis {
  start: number;
  end: number;
  interval: number;
}

const bucketStart = (ts: number, interval: number) => ts - (((ts % interval) + interval) % interval);

/** The export's time range; omitted bounds cover everything stored. */
export function exportRange(options: ExportOptions): TimeRange {
  return { from: options.from ?? Number.MIN_SAFE_INTEGER, to: options.to ?? Number.MAX_SAFE_INTEGER };
}

/** Buckets from the one holding `from` (or the oldest point) up to `to` (or past the newest point). */
function bucketAxis(
  db: Db,
  streams: readonly ExportStream[],
  range: TimeRange,
  options: ExportOptions,
): BucketAxis | null {
  if (!options.resample || options.gaps === 'omit') return null;
  const { interval } = options.resample;
  const ids = streams.map((s) => s.id);
  const span = timeSpan(db, ids, range.from, range.to);
  const start = options.from ?? span?.first;
  const end = options.to ?? (span ? span.last + 1 : undefined);
  if (start === undefined || end === undefined) return { start: 0, end: 0, interval };
  return { start: bucketStart(start, interval), end, interval };
}

const axisLength = (axis: BucketAxis) => Math.max(0, Math.ceil((axis.end - axis.start) / axis.interval));

function* inBatches<T>(items: Iterable<T>): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function* fillGaps(rows: Iterable<Row>, axis: BucketAxis): Generator<Row> {
  let next = axis.start;
  for (const row of rows) {
    for (; next < row[0]; next += axis.interval) yield [next, GAP];
    yield row;
    next = row[0] + axis.interval;
  }
  for (; next < axis.end; next += axis.interval) yield [next, GAP];
}

const numericAggregates = new Set(['mean', 'min', 'max', 'sum']);

/** Aggregates that compute new numbers (min, max, first and last pick a stored one). */
const arithmeticAggregates = new Set(['mean', 'sum']);

/**
 * A mean or sum of decimals carries binary noise (5.58 + 5.58 + 5.58 over 3 is 5.580000000000001).
 * A double holds 15 significant decimal digits exactly, so rounding there drops the noise and the
 * writers' shortest round-trip text is the decimal the data had.
 */
export function withoutBinaryNoise(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(15)) : value;
}

function* roundedBuckets(buckets: Iterable<PointTuple>): Generator<PointTuple> {
  for (const [ts, value] of buckets) yield [ts, typeof value === 'number' ? withoutBinaryNoise(value) : value];
}

/** Arithmetic on text is meaningless; say so instead of letting SQLite treat the text as 0. */
function refuseTextArithmetic(streams: readonly ExportStream[], options: ExportOptions): void {
  const aggregate = options.resample?.aggregate;
  if (!aggregate || !numericAggregates.has(aggregate)) return;
  const text = streams.find((s) => s.kind === 'text');
  if (text) throw new UserError('export.textArithmetic', { key: text.key, aggregate });
}

/** One stream's rows, ascending: its points, or its buckets (gaps filled when there is an axis). */
function rowsOfStream(
  db: Db,
  stream: ExportStream,
  range: TimeRange,
  options: ExportOptions,
  axis: BucketAxis | null,
): Iterable<Row[]> {
  const resample = options.resample;
  if (!resample) return pointPages(db, stream.id, range.from, range.to, BATCH_ROWS);
  const tuples = resampledTuples(db, stream.id, range.from, range.to, resample.interval, resample.aggregate);
  const buckets = arithmeticAggregates.has(resample.aggregate) ? roundedBuckets(tuples) : tuples;
  return inBatches(axis ? fillGaps(buckets, axis) : buckets);
}

/**
 * Batches of rows per stream for a long export, and how to count them beforehand (a scan of the
 * range, so only done when someone watches progress).
 */
export function planLongRows(db: Db, streams: readonly ExportStream[], options: ExportOptions) {
  refuseTextArithmetic(streams, options);
  const range = exportRange(options);
  const resample = options.resample;
  const axis = bucketAxis(db, streams, range, options);
  const countRows = () => {
    let rows = 0;
    for (const s of streams) {
      if (axis) rows += axisLength(axis);
      else if (resample) rows += countBucketsInRange(db, s.id, range.from, range.to, resample.interval);
      else rows += countPointsInRange(db, s.id, range.from, range.to);
    }
    return rows;
  };
  return { countRows, batchesOf: (stream: ExportStream) => rowsOfStream(db, stream, range, options, axis) };
}

function* flatten<T>(batches: Iterable<T[]>): Generator<T> {
  for (const batch of batches) yield* batch;
}

/**
 * Merges per-stream rows (each ascending in ts) into one row per distinct time, a cell per stream;
 * with an axis, one row per bucket whether or not any stream has data in it.
 */
function* mergeOnTime(sources: Iterator<Row>[], axis: BucketAxis | null): Generator<WideRow> {
  const heads = sources.map((s) => s.next());
  let nextBucket = axis?.start ?? 0;
  try {
    for (;;) {
      let ts = Infinity;
      if (axis) {
        if (nextBucket >= axis.end) return;
        ts = nextBucket;
        nextBucket += axis.interval;
      } else {
        for (const head of heads) if (!head.done && head.value[0] < ts) ts = head.value[0];
        if (ts === Infinity) return;
      }
      const cells = heads.map((head, i): Cell => {
        if (head.done || head.value[0] !== ts) return GAP;
        heads[i] = sources[i].next();
        return head.value[1];
      });
      yield [ts, cells];
    }
  } finally {
    for (const s of sources) s.return?.();
  }
}

/** Batches of rows of a wide export (ts, one cell per stream), and how to count them beforehand. */
export function planWideRows(db: Db, streams: readonly ExportStream[], options: ExportOptions) {
  refuseTextArithmetic(streams, options);
  const range = exportRange(options);
  const axis = bucketAxis(db, streams, range, options);
  const ids = streams.map((s) => s.id);
  const countRows = () =>
    axis ? axisLength(axis) : countDistinctTimes(db, ids, range.from, range.to, options.resample?.interval ?? 1);
  // Each stream's rows without gap filling: the merge fills the axis itself.
  const perStream = (s: ExportStream) => flatten<PointTuple | Row>(rowsOfStream(db, s, range, options, null));
  const batches = () => inBatches(mergeOnTime(streams.map(perStream), axis));
  return { countRows, batches };
}
