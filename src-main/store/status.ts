import { say, type Message, type RunState, type StreamKind } from '../model';
import { messageJson, parseMessage, type Db } from './db';

export interface SyncRunRow {
  id: number;
  accountId: string;
  startedAt: number;
  finishedAt: number | null;
  state: RunState;
  pointsAdded: number;
  streamsFailed: number;
  /** In English, as kept; `errorSaid` is the same for the reader's language (null in rows from before). */
  error: string | null;
  errorSaid: Message | null;
}

const RUN_COLUMNS = `id, account_id AS accountId, started_at AS startedAt, finished_at AS finishedAt, state,
  points_added AS pointsAdded, streams_failed AS streamsFailed, error, error_said AS errorSaid`;

const runRow = (r: Omit<SyncRunRow, 'errorSaid'> & { errorSaid: string | null }): SyncRunRow => ({
  ...r,
  errorSaid: parseMessage(r.errorSaid),
});

export function startRun(db: Db, accountId: string, now: number): number {
  return Number(
    db.prepare("INSERT INTO sync_runs (account_id, started_at, state) VALUES (?, ?, 'running')").run(accountId, now)
      .lastInsertRowid,
  );
}

export function finishRun(
  db: Db,
  runId: number,
  end: { state: Exclude<RunState, 'running'>; pointsAdded: number; streamsFailed: number; error: Message | null },
  now: number,
): void {
  db.prepare(
    'UPDATE sync_runs SET finished_at = ?, state = ?, points_added = ?, streams_failed = ?, error = ?, error_said = ? WHERE id = ?',
  ).run(
    now,
    end.state,
    end.pointsAdded,
    end.streamsFailed,
    end.error && say(end.error, 'en'),
    messageJson(end.error),
    runId,
  );
}

/** Runs left 'running' by a process that died: they ended, badly. */
export function closeAbandonedRuns(db: Db, now: number): number {
  const stopped: Message = { key: 'sync.stoppedDuring' };
  return db
    .prepare(
      "UPDATE sync_runs SET state = 'cancelled', finished_at = ?, error = ?, error_said = ? WHERE state = 'running'",
    )
    .run(now, say(stopped, 'en'), messageJson(stopped)).changes;
}

export function lastRun(db: Db, accountId: string): SyncRunRow | undefined {
  const row = db
    .prepare(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE account_id = ? ORDER BY started_at DESC, id DESC LIMIT 1`)
    .get(accountId) as Parameters<typeof runRow>[0] | undefined;
  return row && runRow(row);
}

/** The last successful (ok or partial) run's start: what Opti's 3-day retention is measured against. */
export function lastSuccessfulRunStart(db: Db, accountId: string): number | null {
  const r = db
    .prepare("SELECT max(started_at) AS t FROM sync_runs WHERE account_id = ? AND state IN ('ok', 'partial')")
    .get(accountId) as { t: number | null };
  return r.t;
}

export function runHistory(db: Db, accountId: string, limit = 20): SyncRunRow[] {
  const rows = db
    .prepare(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE account_id = ? ORDER BY started_at DESC, id DESC LIMIT ?`)
    .all(accountId, limit) as Parameters<typeof runRow>[0][];
  return rows.map(runRow);
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
       last_error = NULL, last_error_said = NULL, last_error_at = NULL`,
  ).run({ stream: streamId, now, added, first: firstTs, last: lastTs });
}

/** A stream's failure, kept in English and as its message (for the reader's language). */
export function recordStreamError(db: Db, streamId: number, error: Message, now: number): void {
  db.prepare(
    `INSERT INTO stream_status (stream_id, last_error, last_error_said, last_error_at) VALUES (@stream, @text, @said, @now)
     ON CONFLICT (stream_id) DO UPDATE SET last_error = @text, last_error_said = @said, last_error_at = @now`,
  ).run({ stream: streamId, text: say(error, 'en'), said: messageJson(error), now });
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
  /** In English, as kept; `lastErrorSaid` is the same for the reader's language (null in rows from before). */
  lastError: string | null;
  lastErrorSaid: Message | null;
}

/** Every stream with its status, for the tree: one query. */
export function streamOverview(db: Db): StreamOverview[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.key, s.vendor, s.account_id AS accountId, s.source_id AS sourceId, s.name, s.unit, s.kind,
              s.enum_labels AS enumLabels, s.reported, s.selected, s.collisions, ifnull(st.points_stored, 0) AS pointCount,
              st.first_ts AS firstTs, st.last_ts AS lastTs, st.last_success_at AS lastSuccessAt, st.last_error AS lastError,
              st.last_error_said AS lastErrorSaid
         FROM streams s LEFT JOIN stream_status st ON st.stream_id = s.id
        ORDER BY s.key`,
    )
    .all() as (Omit<StreamOverview, 'enumLabels' | 'reported' | 'selected' | 'lastErrorSaid'> & {
    enumLabels: string | null;
    lastErrorSaid: string | null;
    reported: number;
    selected: number;
  })[];
  return rows.map((r) => ({
    ...r,
    enumLabels: r.enumLabels ? (JSON.parse(r.enumLabels) as Record<string, string>) : null,
    reported: r.reported === 1,
    selected: r.selected === 1,
    lastErrorSaid: parseMessage(r.lastErrorSaid),
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
