import type { GeoPoint, Message } from '../model';
import { parseMessage, type Db } from './db';

/** What a vendor says about a source beside its name: words for people, a place, its health. */
export interface SourceFacts {
  /** Metadata in words, for people (model, firmware, type, label, time zone, created). */
  info: Record<string, string>;
  location: GeoPoint | null;
  /** µs; null when the vendor gives none (the newest point then stands in). */
  lastContact: number | null;
  online: boolean | null;
}

/**
 * Saves discovery's facts. A missing location or last contact keeps the one held (a later page or
 * event may have set it); a last contact never moves back in time.
 */
export function recordSourceFacts(db: Db, sourceId: number, f: SourceFacts): void {
  db.prepare(
    `UPDATE sources SET info = @info, online = @online,
       lat = coalesce(@lat, lat), lon = coalesce(@lon, lon),
       last_contact = CASE WHEN @contact IS NULL THEN last_contact ELSE max(@contact, ifnull(last_contact, @contact)) END
     WHERE id = @id`,
  ).run({
    id: sourceId,
    info: JSON.stringify(f.info),
    online: f.online === null ? null : Number(f.online),
    lat: f.location?.lat ?? null,
    lon: f.location?.lon ?? null,
    contact: f.lastContact,
  });
}

/** A contact seen while syncing (a device event, the vendor's latest record); only ever moves forward. */
export function recordContact(db: Db, sourceId: number, at: number): void {
  db.prepare('UPDATE sources SET last_contact = max(@at, ifnull(last_contact, @at)) WHERE id = @id').run({
    at,
    id: sourceId,
  });
}

export function recordSourceLocation(db: Db, sourceId: number, at: GeoPoint): void {
  db.prepare('UPDATE sources SET lat = ?, lon = ? WHERE id = ?').run(at.lat, at.lon, sourceId);
}

/** Values of a source's streams refused while syncing (unreadable, implausible), added up. */
export function addRejected(db: Db, sourceId: number, n: number): void {
  if (n > 0) db.prepare('UPDATE sources SET rejected = rejected + ? WHERE id = ?').run(n, sourceId);
}

export function sourceIdByRef(db: Db, accountId: string, vendorRef: string): number | undefined {
  const r = db.prepare('SELECT id FROM sources WHERE account_id = ? AND vendor_ref = ?').get(accountId, vendorRef) as
    { id: number } | undefined;
  return r?.id;
}

/** One source with everything the health overview shows. Times in µs. */
export interface SourceHealthRow {
  id: number;
  accountId: string | null;
  vendorRef: string;
  parentId: number | null;
  name: string;
  info: Record<string, string>;
  location: GeoPoint | null;
  /** The vendor's last-seen time where it has one, else the newest stored point. */
  lastContact: number | null;
  online: boolean | null;
  /** The interval its streams usually report at, learned from the data (the shortest mean spacing). */
  expectedInterval: number | null;
  streams: number;
  gaps: number;
  /** Values outside the stream's range (the user's, else the vendor's) in the week before its newest point. */
  outOfRange: number;
  rejected: number;
  /** Streams whose last sync failed, and one of their failures: in English, and as its message (null in rows from before). */
  syncErrors: number;
  lastError: string | null;
  lastErrorSaid: Message | null;
}

/** A week, µs: the window out-of-range values are counted over. */
const OUT_OF_RANGE_WINDOW_US = 7 * 86_400e6;

interface SourceHealthSql {
  id: number;
  accountId: string | null;
  vendorRef: string;
  parentId: number | null;
  name: string;
  info: string;
  lat: number | null;
  lon: number | null;
  lastContact: number | null;
  online: number | null;
  expectedInterval: number | null;
  streams: number | null;
  gaps: number | null;
  outOfRange: number | null;
  rejected: number;
  syncErrors: number | null;
  /** JSON [English, message JSON or null] of one failed stream: text and message from the same row. */
  lastErrorPair: string | null;
}

/**
 * Every source with its health, in one query (the Sources screen, `tributary sources`). Gaps and
 * ranges are few: CROSS JOIN makes SQLite start from them, not look each of 50,000 streams up in them.
 */
export function sourceHealth(db: Db, accountId?: string): SourceHealthRow[] {
  const rows = db
    .prepare(
      `WITH per_stream AS (
         SELECT s.id, s.source_id, st.last_ts, st.last_error, st.last_error_said,
                CASE WHEN st.points_stored > 1 AND st.last_ts > st.first_ts
                     THEN (st.last_ts - st.first_ts) / (st.points_stored - 1) END AS spacing
           FROM streams s LEFT JOIN stream_status st ON st.stream_id = s.id
          WHERE s.source_id IS NOT NULL
       ),
       agg AS (
         SELECT source_id, count(*) AS streams, max(last_ts) AS last_ts, min(spacing) AS spacing,
                count(last_error) AS errors,
                max(json_array(last_error, last_error_said)) FILTER (WHERE last_error IS NOT NULL) AS last_error_pair
           FROM per_stream GROUP BY source_id
       ),
       gap_counts AS (
         SELECT s.source_id, count(*) AS n FROM gaps g CROSS JOIN streams s ON s.id = g.stream_id GROUP BY s.source_id
       ),
       ranges AS (
         SELECT stream_id, min, max FROM stream_ranges r
          WHERE origin = 'user' OR NOT EXISTS
                (SELECT 1 FROM stream_ranges u WHERE u.stream_id = r.stream_id AND u.origin = 'user')
       ),
       outside AS (
         SELECT s.source_id,
                (SELECT count(*) FROM points p
                  WHERE p.stream_id = r.stream_id AND p.ts > ifnull(st.last_ts, 0) - @window
                    AND typeof(p.value) IN ('integer', 'real')
                    AND ((r.min IS NOT NULL AND p.value < r.min) OR (r.max IS NOT NULL AND p.value > r.max))) AS n
           FROM ranges r CROSS JOIN streams s ON s.id = r.stream_id LEFT JOIN stream_status st ON st.stream_id = r.stream_id
       ),
       outside_counts AS (SELECT source_id, sum(n) AS n FROM outside GROUP BY source_id)
       SELECT so.id, so.account_id AS accountId, so.vendor_ref AS vendorRef, so.parent_id AS parentId, so.name,
              so.info, so.lat, so.lon, coalesce(so.last_contact, agg.last_ts) AS lastContact, so.online,
              agg.spacing AS expectedInterval, agg.streams, gap_counts.n AS gaps, outside_counts.n AS outOfRange,
              so.rejected, agg.errors AS syncErrors, agg.last_error_pair AS lastErrorPair
         FROM sources so
         LEFT JOIN agg ON agg.source_id = so.id
         LEFT JOIN gap_counts ON gap_counts.source_id = so.id
         LEFT JOIN outside_counts ON outside_counts.source_id = so.id
        WHERE @account IS NULL OR so.account_id = @account
        ORDER BY so.name, so.id`,
    )
    .all({ window: OUT_OF_RANGE_WINDOW_US, account: accountId ?? null }) as SourceHealthSql[];
  return rows.map((r) => {
    const [lastError, lastErrorSaid] = r.lastErrorPair
      ? (JSON.parse(r.lastErrorPair) as [string, string | null])
      : [null, null];
    return {
      id: r.id,
      accountId: r.accountId,
      vendorRef: r.vendorRef,
      parentId: r.parentId,
      name: r.name,
      info: JSON.parse(r.info) as Record<string, string>,
      location: r.lat === null || r.lon === null ? null : { lat: r.lat, lon: r.lon },
      lastContact: r.lastContact,
      online: r.online === null ? null : r.online === 1,
      expectedInterval: r.expectedInterval === null ? null : Math.round(r.expectedInterval),
      streams: r.streams ?? 0,
      gaps: r.gaps ?? 0,
      outOfRange: r.outOfRange ?? 0,
      rejected: r.rejected,
      syncErrors: r.syncErrors ?? 0,
      lastError,
      lastErrorSaid: parseMessage(lastErrorSaid),
    };
  });
}
