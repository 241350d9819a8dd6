import type { Database } from 'better-sqlite3';

/**
 * Numbered migrations; `PRAGMA user_version` holds the number of the last one applied.
 * Append only: a released migration is never edited.
 */
export const migrations: readonly ((db: Database) => void)[] = [
  // 1: the common data model of DESIGN.md.
  (db) => {
    db.exec(`
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        vendor TEXT NOT NULL,
        name TEXT NOT NULL UNIQUE,
        base_url TEXT NOT NULL,
        options TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL
      ) STRICT;

      -- account_id NULL: a source made locally (an OSF file opened from disk).
      CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        account_id TEXT REFERENCES accounts(id) ON DELETE CASCADE,
        vendor_ref TEXT NOT NULL,
        parent_id INTEGER REFERENCES sources(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        timezone TEXT,
        meta TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE UNIQUE INDEX sources_by_ref ON sources(ifnull(account_id, ''), vendor_ref);

      CREATE TABLE streams (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        vendor TEXT NOT NULL,
        account_id TEXT REFERENCES accounts(id) ON DELETE CASCADE,
        source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
        name TEXT NOT NULL,
        unit TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL CHECK (kind IN ('number', 'enum', 'text')),
        enum_labels TEXT,
        meta TEXT NOT NULL DEFAULT '{}',
        reported INTEGER NOT NULL DEFAULT 1,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX streams_by_account ON streams(account_id);

      -- One row per metadata version (Opti Resources); valid_from in microseconds.
      CREATE TABLE stream_meta_history (
        stream_id INTEGER NOT NULL REFERENCES streams(id) ON DELETE CASCADE,
        valid_from INTEGER NOT NULL,
        name TEXT NOT NULL,
        unit TEXT NOT NULL,
        meta TEXT NOT NULL,
        recorded_at INTEGER NOT NULL,
        PRIMARY KEY (stream_id, valid_from)
      ) STRICT, WITHOUT ROWID;

      -- ts: microseconds since the epoch, UTC. value: REAL for numbers and enums, TEXT for text.
      CREATE TABLE points (
        stream_id INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        value ANY,
        PRIMARY KEY (stream_id, ts)
      ) STRICT, WITHOUT ROWID;

      -- scope: 'stream:<id>' or 'account:<id>' (vendors that page by account).
      CREATE TABLE cursors (
        scope TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sync_runs (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        state TEXT NOT NULL CHECK (state IN ('running', 'ok', 'partial', 'failed', 'cancelled')),
        points_added INTEGER NOT NULL DEFAULT 0,
        streams_failed INTEGER NOT NULL DEFAULT 0,
        error TEXT
      ) STRICT;
      CREATE INDEX sync_runs_by_account ON sync_runs(account_id, started_at);

      CREATE TABLE stream_status (
        stream_id INTEGER PRIMARY KEY REFERENCES streams(id) ON DELETE CASCADE,
        last_success_at INTEGER,
        last_error TEXT,
        last_error_at INTEGER,
        points_stored INTEGER NOT NULL DEFAULT 0,
        first_ts INTEGER,
        last_ts INTEGER
      ) STRICT;

      -- Intervals known to be missing (lost to a vendor's retention, or holes found in the data).
      CREATE TABLE gaps (
        stream_id INTEGER NOT NULL REFERENCES streams(id) ON DELETE CASCADE,
        from_ts INTEGER NOT NULL,
        to_ts INTEGER NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (stream_id, from_ts)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        account_id TEXT REFERENCES accounts(id) ON DELETE CASCADE,
        source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
        vendor_name TEXT NOT NULL,
        size INTEGER,
        vendor_status INTEGER,
        start_ts INTEGER,
        end_ts INTEGER,
        local_path TEXT,
        sha256 TEXT,
        state TEXT NOT NULL DEFAULT 'remote'
          CHECK (state IN ('remote', 'requested', 'queued', 'downloading', 'downloaded', 'failed')),
        error TEXT,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX files_by_name ON files(ifnull(account_id, ''), ifnull(source_id, 0), vendor_name);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE saved_views (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        spec TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
  // 2: min/max/sum/count per stream per minute and per hour, so a chart of months of dense data
  // (and its legend) reads thousands of rollup rows instead of scanning millions of points.
  (db) => {
    db.exec(`
      CREATE TABLE rollups (
        stream_id INTEGER NOT NULL,
        level INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        count INTEGER NOT NULL,
        numbers INTEGER NOT NULL,
        min REAL,
        max REAL,
        sum REAL,
        PRIMARY KEY (stream_id, level, bucket)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO rollups
        SELECT stream_id, 0, ts / 60000000, count(*), count(CASE WHEN typeof(value) IN ('integer', 'real') THEN value END), min(CASE WHEN typeof(value) IN ('integer', 'real') THEN value END),
               max(CASE WHEN typeof(value) IN ('integer', 'real') THEN value END), sum(CASE WHEN typeof(value) IN ('integer', 'real') THEN value END)
          FROM points GROUP BY stream_id, ts / 60000000;
      INSERT INTO rollups
        SELECT stream_id, 1, bucket / 60, sum(count), sum(numbers), min(min), max(max), sum(sum)
          FROM rollups WHERE level = 0 GROUP BY stream_id, bucket / 60;
    `);
  },
  // 3: streams imported from logger files (vendor osf) were flagged "no longer reported" by syncs of
  // their account, though discovery never reports them; they are imported, not stale.
  (db) => {
    db.exec(`UPDATE streams SET reported = 1 WHERE vendor = 'osf' AND reported = 0;`);
  },
  // 4: what each account syncs (a flag per stream, the rule for streams found later), records that
  // collided on (stream, ts) and were not stored, and accounts removed with their data kept read-only.
  (db) => {
    db.exec(`
      ALTER TABLE streams ADD COLUMN selected INTEGER NOT NULL DEFAULT 1 CHECK (selected IN (0, 1));
      ALTER TABLE streams ADD COLUMN collisions INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE accounts ADD COLUMN removed_at INTEGER;
      CREATE TABLE selection_rules (
        account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
        new_streams TEXT NOT NULL CHECK (new_streams IN ('include', 'exclude'))
      ) STRICT;
    `);
  },
  // 5: the field view: a source's facts (words, location, health) and rejected values; device
  // communication events; value ranges per stream (the vendor's and the user's).
  (db) => {
    db.exec(`
      ALTER TABLE sources ADD COLUMN info TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE sources ADD COLUMN lat REAL;
      ALTER TABLE sources ADD COLUMN lon REAL;
      -- µs; the vendor's own last-seen time (or the newest device event); NULL: use the newest point.
      ALTER TABLE sources ADD COLUMN last_contact INTEGER;
      -- 1 online, 0 offline, NULL unknown.
      ALTER TABLE sources ADD COLUMN online INTEGER;
      ALTER TABLE sources ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE events (
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        ts INTEGER NOT NULL,
        type TEXT NOT NULL,
        details TEXT NOT NULL,
        PRIMARY KEY (source_id, ts, type, details)
      ) STRICT, WITHOUT ROWID;

      -- The health overview groups streams by source: the index is narrow where streams rows are wide.
      CREATE INDEX streams_by_source ON streams(source_id);

      -- origin 'vendor' (OpenSense ok_min/ok_max) or 'user' (set in the app); the user's wins.
      CREATE TABLE stream_ranges (
        stream_id INTEGER NOT NULL REFERENCES streams(id) ON DELETE CASCADE,
        origin TEXT NOT NULL CHECK (origin IN ('vendor', 'user')),
        min REAL,
        max REAL,
        PRIMARY KEY (stream_id, origin)
      ) STRICT, WITHOUT ROWID;
    `);
  },
  // 6: the fields that tell each source's series apart (OpenDataSoft datasets), remembered so that
  // discovery detects them again only when the source's fields change; the user's choice, formerly
  // the account option `seriesBy`, moves here beside the detected one and wins over it.
  (db) => {
    db.exec(`
      CREATE TABLE series_fields (
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        source_ref TEXT NOT NULL,
        -- the source's fields when detected (name:type,...); NULL: never detected
        signature TEXT,
        detected TEXT CHECK (detected IS NULL OR json_type(detected) = 'array'),
        chosen TEXT CHECK (chosen IS NULL OR json_type(chosen) = 'array'),
        PRIMARY KEY (account_id, source_ref)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO series_fields (account_id, source_ref, chosen)
        SELECT a.id, e.key, e.value FROM accounts a, json_each(a.options, '$.seriesBy') e
         WHERE json_valid(a.options) AND e.type = 'array';
      UPDATE accounts SET options = json_remove(options, '$.seriesBy')
       WHERE json_valid(options) AND json_type(options, '$.seriesBy') IS NOT NULL;
    `);
  },
  // 7: failures kept as catalog messages ({key, values} JSON) beside their English text, so each
  // reader gets them in their language; rows from before keep only the English.
  (db) => {
    db.exec(`
      ALTER TABLE sync_runs ADD COLUMN error_said TEXT CHECK (error_said IS NULL OR json_valid(error_said));
      ALTER TABLE stream_status ADD COLUMN last_error_said TEXT CHECK (last_error_said IS NULL OR json_valid(last_error_said));
      ALTER TABLE files ADD COLUMN error_said TEXT CHECK (error_said IS NULL OR json_valid(error_said));
    `);
  },
];
