import { say, type FileState, type Message } from '../model';
import { messageJson, parseMessage, type Db } from './db';

export interface FileRow {
  id: number;
  accountId: string | null;
  sourceId: number | null;
  vendorName: string;
  size: number | null;
  vendorStatus: number | null;
  startTs: number | null;
  endTs: number | null;
  localPath: string | null;
  sha256: string | null;
  state: FileState;
  /** In English, as kept; `errorSaid` is the same for the reader's language (null in rows from before). */
  error: string | null;
  errorSaid: Message | null;
  updatedAt: number;
}

const COLUMNS = `id, account_id AS accountId, source_id AS sourceId, vendor_name AS vendorName, size,
  vendor_status AS vendorStatus, start_ts AS startTs, end_ts AS endTs, local_path AS localPath, sha256, state, error,
  error_said AS errorSaid, updated_at AS updatedAt`;

export interface RemoteFileInput {
  vendorName: string;
  size: number | null;
  vendorStatus: number | null;
  startTs: number | null;
  endTs: number | null;
  /** The vendor's status says the device was asked for the file (it shows as 'requested'). */
  requested?: boolean;
  /** The vendor's status says the file is only on the device (a request we queued stays 'requested'). */
  deviceOnly?: boolean;
}

/**
 * Merges a vendor's file list into the table: new files appear as 'remote' (or 'requested' when the
 * vendor says so); what we downloaded stays downloaded; vendor facts (size, status, times) are refreshed.
 */
export function upsertRemoteFiles(
  db: Db,
  accountId: string,
  sourceId: number,
  files: readonly RemoteFileInput[],
  now: number,
): number {
  const stmt = db.prepare(
    `INSERT INTO files (account_id, source_id, vendor_name, size, vendor_status, start_ts, end_ts, state, updated_at)
     VALUES (@accountId, @sourceId, @vendorName, @size, @vendorStatus, @startTs, @endTs, @state, @now)
     ON CONFLICT (ifnull(account_id, ''), ifnull(source_id, 0), vendor_name) DO UPDATE SET
       size = ifnull(excluded.size, size), vendor_status = excluded.vendor_status,
       start_ts = ifnull(excluded.start_ts, start_ts), end_ts = ifnull(excluded.end_ts, end_ts),
       -- A request we queued stays 'requested' while the device has not yet called in (still device only).
       state = CASE WHEN state = 'requested' AND @deviceOnly = 1 THEN 'requested'
                    WHEN state IN ('remote', 'requested') THEN excluded.state ELSE state END,
       updated_at = excluded.updated_at`,
  );
  return db.transaction(() => {
    let n = 0;
    for (const { requested, deviceOnly, ...f } of files)
      n += stmt.run({
        accountId,
        sourceId,
        ...f,
        state: requested ? 'requested' : 'remote',
        deviceOnly: deviceOnly ? 1 : 0,
        now,
      }).changes;
    return n;
  })();
}

export interface FileFilter {
  accountId?: string;
  sourceId?: number;
  ids?: readonly number[];
  states?: readonly FileState[];
  /** Files whose time range overlaps [from, to), µs. */
  from?: number;
  to?: number;
}

export function listFiles(db: Db, filter: FileFilter = {}): FileRow[] {
  const where: string[] = [];
  const args: Record<string, unknown> = {};
  const add = (clause: string, name: string, value: unknown) => {
    where.push(clause);
    args[name] = value;
  };
  if (filter.accountId !== undefined) add('account_id = @accountId', 'accountId', filter.accountId);
  if (filter.sourceId !== undefined) add('source_id = @sourceId', 'sourceId', filter.sourceId);
  if (filter.ids) add('id IN (SELECT value FROM json_each(@ids))', 'ids', JSON.stringify(filter.ids));
  if (filter.states) add('state IN (SELECT value FROM json_each(@states))', 'states', JSON.stringify(filter.states));
  if (filter.from !== undefined) add('(end_ts IS NULL OR end_ts >= @from)', 'from', filter.from);
  if (filter.to !== undefined) add('(start_ts IS NULL OR start_ts < @to)', 'to', filter.to);
  const sql = `SELECT ${COLUMNS} FROM files ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY start_ts, vendor_name`;
  const rows = db.prepare(sql).all(args) as (Omit<FileRow, 'errorSaid'> & { errorSaid: string | null })[];
  return rows.map((r) => ({ ...r, errorSaid: parseMessage(r.errorSaid) }));
}

export function setFileState(db: Db, id: number, state: FileState, now: number, error: Message | null = null): void {
  db.prepare('UPDATE files SET state = ?, error = ?, error_said = ?, updated_at = ? WHERE id = ?').run(
    state,
    error && say(error, 'en'),
    messageJson(error),
    now,
    id,
  );
}

export function markFileDownloaded(
  db: Db,
  id: number,
  localPath: string,
  sha256: string,
  size: number,
  now: number,
): void {
  db.prepare(
    "UPDATE files SET state = 'downloaded', local_path = ?, sha256 = ?, size = ?, error = NULL, error_said = NULL, updated_at = ? WHERE id = ?",
  ).run(localPath, sha256, size, now, id);
}

/** Transfers interrupted by a crash or quit: back in the queue, to resume. */
export function requeueInterrupted(db: Db, now: number): number {
  return db.prepare("UPDATE files SET state = 'queued', updated_at = ? WHERE state = 'downloading'").run(now).changes;
}
