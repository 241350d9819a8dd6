import type { ValueRange } from '../model';
import type { Db } from './db';

/** Where a stream's range comes from: its vendor (OpenSense ok_min/ok_max) or the user. */
export type RangeOrigin = 'vendor' | 'user';

/** Sets (or, with both ends null, clears) one origin's range of a stream. */
export function setRange(db: Db, streamId: number, origin: RangeOrigin, range: ValueRange): void {
  if (range.min === null && range.max === null)
    db.prepare('DELETE FROM stream_ranges WHERE stream_id = ? AND origin = ?').run(streamId, origin);
  else
    db.prepare(
      `INSERT INTO stream_ranges (stream_id, origin, min, max) VALUES (?, ?, ?, ?)
       ON CONFLICT (stream_id, origin) DO UPDATE SET min = excluded.min, max = excluded.max`,
    ).run(streamId, origin, range.min, range.max);
}

export type StreamRanges = Record<RangeOrigin, ValueRange | null>;

export function rangesOf(db: Db, streamId: number): StreamRanges {
  const rows = db.prepare('SELECT origin, min, max FROM stream_ranges WHERE stream_id = ?').all(streamId) as ({
    origin: RangeOrigin;
  } & ValueRange)[];
  const of = (origin: RangeOrigin) => {
    const r = rows.find((x) => x.origin === origin);
    return r ? { min: r.min, max: r.max } : null;
  };
  return { vendor: of('vendor'), user: of('user') };
}

/** The range that counts: the user's where set, else the vendor's. */
export function effectiveRange(r: StreamRanges): ValueRange | null {
  return r.user ?? r.vendor;
}

/** Numeric values of a stream in [from, to) µs outside a range. */
export function countOutside(db: Db, streamId: number, from: number, to: number, range: ValueRange): number {
  const r = db
    .prepare(
      `SELECT count(*) AS n FROM points WHERE stream_id = @id AND ts >= @from AND ts < @to
         AND typeof(value) IN ('integer', 'real')
         AND ((@min IS NOT NULL AND value < @min) OR (@max IS NOT NULL AND value > @max))`,
    )
    .get({ id: streamId, from, to, min: range.min, max: range.max }) as { n: number };
  return r.n;
}
