import type { Account, MetaVersion, StreamKind, VendorId } from '../model';
import type { Db } from './db';

/** An account as stored: the model's account, one row of `accounts`. */
export type AccountRow = Account;

interface AccountSql {
  id: string;
  vendor: VendorId;
  name: string;
  base_url: string;
  options: string;
  created_at: number;
  removed_at: number | null;
}

const toAccount = (r: AccountSql): AccountRow => ({
  id: r.id,
  vendor: r.vendor,
  name: r.name,
  baseUrl: r.base_url,
  options: JSON.parse(r.options) as Record<string, unknown>,
  createdAt: r.created_at,
  removedAt: r.removed_at,
});

export function insertAccount(db: Db, a: AccountRow): void {
  db.prepare('INSERT INTO accounts (id, vendor, name, base_url, options, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    a.id,
    a.vendor,
    a.name,
    a.baseUrl,
    JSON.stringify(a.options),
    a.createdAt,
  );
}

export function listAccounts(db: Db): AccountRow[] {
  return (db.prepare('SELECT * FROM accounts ORDER BY name').all() as AccountSql[]).map(toAccount);
}

export function accountById(db: Db, id: string): AccountRow | undefined {
  const r = db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountSql | undefined;
  return r && toAccount(r);
}

export function accountByName(db: Db, name: string): AccountRow | undefined {
  const r = db.prepare('SELECT * FROM accounts WHERE name = ?').get(name) as AccountSql | undefined;
  return r && toAccount(r);
}

export function updateAccount(
  db: Db,
  id: string,
  changes: { name?: string; baseUrl: string; options: Record<string, unknown> },
): void {
  db.prepare('UPDATE accounts SET name = ifnull(?, name), base_url = ?, options = ? WHERE id = ?').run(
    changes.name ?? null,
    changes.baseUrl,
    JSON.stringify(changes.options),
    id,
  );
}

/** Marks an account removed, its data kept read-only: it is never synced again. */
export function markAccountRemoved(db: Db, id: string, now: number): void {
  db.prepare('UPDATE accounts SET removed_at = ? WHERE id = ?').run(now, id);
}

/** Removes an account with everything synced for it (streams, points, files rows, cursors). */
export function deleteAccount(db: Db, id: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM points WHERE stream_id IN (SELECT id FROM streams WHERE account_id = ?)').run(id);
    db.prepare('DELETE FROM rollups WHERE stream_id IN (SELECT id FROM streams WHERE account_id = ?)').run(id);
    db.prepare('DELETE FROM cursors WHERE scope = ?').run(`account:${id}`);
    db.prepare("DELETE FROM cursors WHERE scope IN (SELECT 'stream:' || id FROM streams WHERE account_id = ?)").run(id);
    // Feed cursors are `feed:<account id>:<feed id>` (sync/engine.ts); the account id is a UUID, so no LIKE wildcard.
    db.prepare('DELETE FROM cursors WHERE substr(scope, 1, length(?)) = ?').run(`feed:${id}:`, `feed:${id}:`);
    db.prepare('DELETE FROM accounts WHERE id = ?').run(id);
  })();
}

export interface SourceInput {
  accountId: string | null;
  vendorRef: string;
  parentId?: number | null;
  name: string;
  timezone?: string | null;
  meta?: Record<string, unknown>;
}

/** Inserts or updates a source by (account, vendor ref); returns its id. */
export function upsertSource(db: Db, s: SourceInput): number {
  const row = db
    .prepare(
      `INSERT INTO sources (account_id, vendor_ref, parent_id, name, timezone, meta)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (ifnull(account_id, ''), vendor_ref) DO UPDATE SET
         parent_id = excluded.parent_id, name = excluded.name,
         timezone = excluded.timezone, meta = excluded.meta
       RETURNING id`,
    )
    .get(s.accountId, s.vendorRef, s.parentId ?? null, s.name, s.timezone ?? null, JSON.stringify(s.meta ?? {})) as {
    id: number;
  };
  return row.id;
}

export interface SourceRow {
  id: number;
  accountId: string | null;
  vendorRef: string;
  parentId: number | null;
  name: string;
  timezone: string | null;
  meta: Record<string, unknown>;
}

export function listSources(db: Db, accountId?: string | null): SourceRow[] {
  const rows = (
    accountId === undefined
      ? db.prepare('SELECT * FROM sources ORDER BY name').all()
      : db.prepare("SELECT * FROM sources WHERE ifnull(account_id, '') = ifnull(?, '') ORDER BY name").all(accountId)
  ) as {
    id: number;
    account_id: string | null;
    vendor_ref: string;
    parent_id: number | null;
    name: string;
    timezone: string | null;
    meta: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    vendorRef: r.vendor_ref,
    parentId: r.parent_id,
    name: r.name,
    timezone: r.timezone,
    meta: JSON.parse(r.meta) as Record<string, unknown>,
  }));
}

export interface StreamInput {
  key: string;
  vendor: VendorId | 'osf';
  accountId: string | null;
  sourceId: number | null;
  name: string;
  unit: string;
  kind: StreamKind;
  /** Enumerated value → label, e.g. {"0": "closed", "1": "open"}. */
  enumLabels?: Record<string, string> | null;
  meta?: Record<string, unknown>;
  /** Whether a stream seen for the first time syncs (the account's rule); an existing stream keeps its choice. */
  selectedIfNew?: boolean;
}

export interface StreamRow extends Required<Omit<StreamInput, 'enumLabels' | 'meta' | 'selectedIfNew'>> {
  id: number;
  enumLabels: Record<string, string> | null;
  meta: Record<string, unknown>;
  reported: boolean;
  selected: boolean;
  /** Records that fell on a time this stream already had a value for, and were not stored. */
  collisions: number;
  firstSeen: number;
  lastSeen: number;
}

interface StreamSql {
  id: number;
  key: string;
  vendor: StreamInput['vendor'];
  account_id: string | null;
  source_id: number | null;
  name: string;
  unit: string;
  kind: StreamKind;
  enum_labels: string | null;
  meta: string;
  reported: number;
  selected: number;
  collisions: number;
  first_seen: number;
  last_seen: number;
}

const toStream = (r: StreamSql): StreamRow => ({
  id: r.id,
  key: r.key,
  vendor: r.vendor,
  accountId: r.account_id,
  sourceId: r.source_id,
  name: r.name,
  unit: r.unit,
  kind: r.kind,
  enumLabels: r.enum_labels ? (JSON.parse(r.enum_labels) as Record<string, string>) : null,
  meta: JSON.parse(r.meta) as Record<string, unknown>,
  reported: r.reported === 1,
  selected: r.selected === 1,
  collisions: r.collisions,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
});

/**
 * Inserts or updates a stream by key and marks it reported; returns its id.
 * `now` is in milliseconds, like every bookkeeping time; only data times (points, gaps) are µs.
 */
export function upsertStream(db: Db, s: StreamInput, now: number): number {
  const row = db
    .prepare(
      `INSERT INTO streams (key, vendor, account_id, source_id, name, unit, kind, enum_labels, meta, reported, selected, first_seen, last_seen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET
         account_id = excluded.account_id, source_id = excluded.source_id, name = excluded.name,
         unit = excluded.unit, kind = excluded.kind, enum_labels = excluded.enum_labels,
         meta = excluded.meta, reported = 1, last_seen = excluded.last_seen
       RETURNING id`,
    )
    .get(
      s.key,
      s.vendor,
      s.accountId,
      s.sourceId,
      s.name,
      s.unit,
      s.kind,
      s.enumLabels ? JSON.stringify(s.enumLabels) : null,
      JSON.stringify(s.meta ?? {}),
      s.selectedIfNew === false ? 0 : 1,
      now,
      now,
    ) as { id: number };
  return row.id;
}

/**
 * Streams of an account that discovery no longer reports: kept with their data, flagged. Only the
 * vendor's own streams: those imported from its logger files (vendor `osf`) were never discovered.
 */
export function markUnreported(
  db: Db,
  accountId: string,
  reportedKeys: readonly string[],
  withinSources?: ReadonlySet<number>,
): number {
  const keep = new Set(reportedKeys);
  const rows = db
    .prepare(
      `SELECT id, key, source_id FROM streams
        WHERE account_id = ? AND reported = 1 AND vendor = (SELECT vendor FROM accounts WHERE id = account_id)`,
    )
    .all(accountId) as {
    id: number;
    key: string;
    source_id: number | null;
  }[];
  const mark = db.prepare('UPDATE streams SET reported = 0 WHERE id = ?');
  const inScope = (sourceId: number | null) => !withinSources || (sourceId !== null && withinSources.has(sourceId));
  let n = 0;
  for (const r of rows) if (!keep.has(r.key) && inScope(r.source_id)) n += mark.run(r.id).changes;
  return n;
}

export function listStreams(db: Db, filter: { accountId?: string; keys?: readonly string[] } = {}): StreamRow[] {
  let rows: StreamSql[];
  if (filter.keys) {
    const stmt = db.prepare('SELECT * FROM streams WHERE key = ?');
    rows = filter.keys.map((k) => stmt.get(k) as StreamSql | undefined).filter((r): r is StreamSql => !!r);
  } else if (filter.accountId) {
    rows = db.prepare('SELECT * FROM streams WHERE account_id = ? ORDER BY key').all(filter.accountId) as StreamSql[];
  } else {
    rows = db.prepare('SELECT * FROM streams ORDER BY key').all() as StreamSql[];
  }
  return rows.map(toStream);
}

export function streamByKey(db: Db, key: string): StreamRow | undefined {
  const r = db.prepare('SELECT * FROM streams WHERE key = ?').get(key) as StreamSql | undefined;
  return r && toStream(r);
}

export function streamById(db: Db, id: number): StreamRow | undefined {
  const r = db.prepare('SELECT * FROM streams WHERE id = ?').get(id) as StreamSql | undefined;
  return r && toStream(r);
}

/** Records a metadata version (idempotent per valid_from); returns true when it was new. */
export function recordMetaVersion(db: Db, streamId: number, v: MetaVersion, now: number): boolean {
  return (
    db
      .prepare(
        `INSERT OR IGNORE INTO stream_meta_history (stream_id, valid_from, name, unit, meta, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(streamId, v.validFrom, v.name, v.unit, JSON.stringify(v.meta), now).changes > 0
  );
}

export function metaHistory(db: Db, streamId: number): MetaVersion[] {
  return (
    db
      .prepare('SELECT valid_from, name, unit, meta FROM stream_meta_history WHERE stream_id = ? ORDER BY valid_from')
      .all(streamId) as { valid_from: number; name: string; unit: string; meta: string }[]
  ).map((r) => ({
    validFrom: r.valid_from,
    name: r.name,
    unit: r.unit,
    meta: JSON.parse(r.meta) as Record<string, unknown>,
  }));
}

export function readCursor(db: Db, scope: string): string | null {
  const r = db.prepare('SELECT value FROM cursors WHERE scope = ?').get(scope) as { value: string } | undefined;
  return r?.value ?? null;
}

export function writeCursor(db: Db, scope: string, value: string, now: number): void {
  db.prepare(
    `INSERT INTO cursors (scope, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (scope) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(scope, value, now);
}

export function readSetting(db: Db, key: string): string | null {
  const r = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return r?.value ?? null;
}

export function writeSetting(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}
