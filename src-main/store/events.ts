import type { DeviceEvent } from '../model';
import type { Db } from './db';

/** Saves a device's events; one already held (same time, type and details) is ignored. Returns how many were new. */
export function insertEvents(db: Db, sourceId: number, events: readonly DeviceEvent[]): number {
  const insert = db.prepare('INSERT OR IGNORE INTO events (source_id, ts, type, details) VALUES (?, ?, ?, ?)');
  let added = 0;
  for (const e of events) added += insert.run(sourceId, e.ts, e.type, e.details).changes;
  return added;
}

export interface EventRow extends DeviceEvent {
  sourceId: number;
}

/** Events of the given sources in [from, to) µs, newest first. */
export function eventsOf(
  db: Db,
  sourceIds: readonly number[],
  range: { from?: number; to?: number; limit?: number } = {},
): EventRow[] {
  const stmt = db.prepare(
    `SELECT source_id AS sourceId, ts, type, details FROM events
      WHERE source_id = ? AND ts >= ? AND ts < ? ORDER BY ts DESC LIMIT ?`,
  );
  const rows = sourceIds.flatMap(
    (id) =>
      stmt.all(
        id,
        range.from ?? Number.MIN_SAFE_INTEGER,
        range.to ?? Number.MAX_SAFE_INTEGER,
        range.limit ?? -1,
      ) as EventRow[],
  );
  return sourceIds.length > 1 ? rows.sort((a, b) => b.ts - a.ts) : rows;
}
