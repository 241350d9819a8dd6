import type { RunState, StreamKind } from '../model';
import type { Db } from './db';

export interface SyncRunRow {
  id: number;
  accountId: string;
  startedAt: number;
  finishedAt: number | null;
  state: RunState;
  pointsAdded: number;
  streamsFailed: number;
  error: string | null;
}

const RUN_COLUMNS = `id, account_id AS accountId, started_at AS startedAt, finished_at AS finishedAt, state,
  points_added AS pointsAdded, streams_failed AS streamsFailed, error`;

export function startRun(db: Db, accountId: string, now: number): number {
  return Number(
    db.prepare("INSERT INTO sync_runs (account_id, started_at, state) VALUES (?, ?, 'running')").run(accountId, now)
      .lastInsertRowid,
  );
}

export function finishRun(
  db: Db,
  runId: number,
  end: { state: Exclude<RunState, 'running'>; pointsAdded: number; streamsFailed: number; error: string | null },
  now: number,
): void {
  db.prepare(
    'UPDATE sync_runs SET finished_at = ?, state = ?, points_added = ?, streams_failed = ?, error = ? WHERE id = ?',
  ).run(now, end.state, end.pointsAdded, end.streamsFailed, end.error, runId);
}

/** Runs left 'running' by a process that died: they ended, badly. */
export function closeAbandonedRuns(db: Db, now: number): number {
  return db
    .prepare(
      "UPDATE sync_runs SET state = 'cancelled', finished_at = ?, error = 'Tributary stopped during this sync' WHERE state = 'running'",
    )
    .run(now).changes;
}

export function lastRun(db: Db, accountId: string): SyncRunRow | undefined {
  return db
    .prepare(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE account_id = ? ORDER BY started_at DESC, id DESC LIMIT 1`)
    .get(accountId) as SyncRunRow | undefined;
}

/** The last successful (ok or partial) run's start: what Opti's 3-day retention is measured against. */
export function lastSuccessfulRunStart(db: Db, accountId: string): number | null {
  const r = db
    .prepare("SELECT max(started_at) AS t FROM sync_runs WHERE account_id = ? AND state IN ('ok', 'partial')")
    .get(accountId) as { t: number | null };
  return r.t;
}

export function runHistory(db: Db, accountId: string, limit = 20): SyncRunRow[] {
  return db
    .prepare(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE account_id = ? ORDER BY started_at DESC, id DESC LIMIT ?`)
    .all(accountId, limit) as SyncRunRow[];
}

/** After a page lands: the stream's stored count and time span, kept for the tree without a scan. */
export function recordStreamSuccess(
  db: Db,
  streamId: number,
  added: number,
  firstTs: number | null,
  lastTs: number | null,
  now: number,
): void {
  db.prepare(
    `INSERT INTO stream_status (stream_id, last_success_at, points_stored, first_ts, last_ts, last_error, last_error_at)
     VALUES (@stream, @now, @added, @first, @last, NULL, NULL)
     ON CONFLICT (stream_id) DO UPDATE SET
       last_success_at = @now,
       points_stored = points_stored + @added,
       first_ts = CASE WHEN @first IS NULL THEN first_ts WHEN first_ts IS NULL OR @first < first_ts THEN @first ELSE first_ts END,
       last_ts = CASE WHEN @last IS NULL THEN last_ts WHEN last_ts IS NULL OR @last > last_ts THEN @last ELSE last_ts END,
       last_error = NULL, last_error_at = NULL`,
  ).run({ stream: streamId, now, added, first: firstTs, last: lastTs });
}

export function recordStreamError(db: Db, streamId: number, message: string, now: number): void {
  db.prepare(
    `INSERT INTO stream_status (stream_id, last_error, last_error_at) VALUES (@stream, @message, @now)
     ON CONFLICT (stream_id) DO UPDATE SET last_error = @message, last_error_at = @now`,
  ).run({ stream: streamId, message, now });
}

export interface StreamOverview {
  id: number;
  key: string;
  vendor: string;
  accountId: string | null;
  sourceId: number | null;
  name: string;
  unit: string;
  kind: StreamKind;
  enumLabels: Record<string, string> | null;
  reported: boolean;
  /** Syncs; a stream taken out of the selection keeps its points and its place in the tree. */
  selected: boolean;
  /** Records that collided on (stream, ts) and were not stored. */
  collisions: number;
  pointCount: number;
  firstTs: number | null;
  lastTs: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
}

/** Every stream with its status, for the tree: one query. */
export function streamOverview(db: Db): StreamOverview[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.key, s.vendor, s.account_id AS accountId, s.source_id AS sourceId, s.name, s.unit, s.kind,
              s.enum_labels AS enumLabels, s.reported, s.selected, s.collisions, ifnull(st.points_stored, 0) AS pointCount,
              st.first_ts AS firstTs, st.last_ts AS lastTs, st.last_success_at AS lastSuccessAt, st.last_error AS lastError
         FROM streams s LEFT JOIN stream_status st ON st.stream_id = s.id
        ORDER BY s.key`,
    )
    .all() as (Omit<StreamOverview, 'enumLabels' | 'reported' | 'selected'> & {
    enumLabels: string | null;
    reported: number;
    selected: number;
  })[];
  return rows.map((r) => ({
    ...r,
    enumLabels: r.enumLabels ? (JSON.parse(r.enumLabels) as Record<string, string>) : null,
    reported: r.reported === 1,
    selected: r.selected === 1,
  }));
}

export interface Gap {
  from: number;
  to: number;
  reason: string;
}

export function recordGap(db: Db, streamId: number, gap: Gap): void {
  db.prepare(
    `INSERT INTO gaps (stream_id, from_ts, to_ts, reason) VALUES (?, ?, ?, ?)
     ON CONFLICT (stream_id, from_ts) DO UPDATE SET to_ts = max(to_ts, excluded.to_ts), reason = excluded.reason`,
  ).run(streamId, gap.from, gap.to, gap.reason);
}

export function gapsOf(db: Db, streamId: number): Gap[] {
  return db
    .prepare('SELECT from_ts AS "from", to_ts AS "to", reason FROM gaps WHERE stream_id = ? ORDER BY from_ts')
    .all(streamId) as Gap[];
}

export function lastPoint(db: Db, streamId: number): { ts: number; value: number | string | null } | undefined {
  return db.prepare('SELECT ts, value FROM points WHERE stream_id = ? ORDER BY ts DESC LIMIT 1').get(streamId) as
    { ts: number; value: number | string | null } | undefined;
}
