import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openStore, schemaVersion, StoreTooNewError } from '../../../src-main/store/db';
import { migrations } from '../../../src-main/store/migrations';
import { sayKept, type MessageKey } from '../../../src-main/model';
import { tempDir } from '../../helpers/tmp';

describe('migrations', () => {
  it('migration 1 creates the whole data model as STRICT tables, points WITHOUT ROWID', () => {
    const db = new Database(join(tempDir(), 'm1.sqlite'));
    migrate(db, 1);
    expect(schemaVersion(db)).toBe(1);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
      sql: string;
    }[];
    expect(tables.map((t) => t.name)).toEqual([
      'accounts',
      'cursors',
      'files',
      'gaps',
      'points',
      'saved_views',
      'settings',
      'sources',
      'stream_meta_history',
      'stream_status',
      'streams',
      'sync_runs',
    ]);
    for (const t of tables) expect(t.sql, t.name).toMatch(/STRICT/);
    expect(tables.find((t) => t.name === 'points')?.sql).toMatch(/WITHOUT ROWID/);
    // STRICT rejects a value of the wrong type instead of storing it.
    expect(() => db.prepare("INSERT INTO points VALUES ('x', 1, 1)").run()).toThrow(/cannot store TEXT/);
    db.close();
  });

  it('migration 4 adds the selection: streams keep their rows, all selected, no collisions, no rule yet', () => {
    const db = new Database(join(tempDir(), 'm4.sqlite'));
    db.pragma('foreign_keys = ON');
    migrate(db, 3);
    db.exec(`INSERT INTO accounts (id, vendor, name, base_url, created_at) VALUES ('a', 'opti', 'A', 'http://x', 0);
             INSERT INTO streams (key, vendor, account_id, name, kind, first_seen, last_seen)
               VALUES ('opti/1', 'opti', 'a', 'Level', 'number', 0, 0);`);
    migrate(db, 4);
    expect(db.prepare('SELECT key, selected, collisions FROM streams').all()).toEqual([
      { key: 'opti/1', selected: 1, collisions: 0 },
    ]);
    expect(db.prepare('SELECT removed_at FROM accounts').get()).toEqual({ removed_at: null });
    expect(() => db.prepare("INSERT INTO selection_rules VALUES ('a', 'some')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO selection_rules VALUES ('a', 'exclude')").run();
    db.prepare("DELETE FROM accounts WHERE id = 'a'").run();
    expect(db.prepare('SELECT count(*) AS n FROM selection_rules').get()).toEqual({ n: 0 });
    db.close();
  });

  it('migration 7 keeps failures as messages beside their English; rows from before keep only the English', () => {
    const db = new Database(join(tempDir(), 'm7.sqlite'));
    db.pragma('foreign_keys = ON');
    migrate(db, 6);
    db.exec(`INSERT INTO accounts (id, vendor, name, base_url, created_at) VALUES ('a', 'opti', 'A', 'http://x', 0);
             INSERT INTO sync_runs (account_id, started_at, finished_at, state, error)
               VALUES ('a', 1, 2, 'failed', 'HTTP 500');`);
    migrate(db, 7);
    expect(db.prepare('SELECT error, error_said FROM sync_runs').all()).toEqual([
      { error: 'HTTP 500', error_said: null },
    ]);
    expect(() => db.prepare("UPDATE sync_runs SET error_said = 'not json'").run()).toThrow(/CHECK/);
    db.prepare(`UPDATE sync_runs SET error_said = '{"key":"sync.cancelled"}'`).run();
    for (const [table, column] of [
      ['stream_status', 'last_error_said'],
      ['files', 'error_said'],
    ])
      expect(db.prepare(`SELECT name FROM pragma_table_info('${table}') WHERE name = ?`).get(column)).toEqual({
        name: column,
      });
    db.close();
  });

  it("a kept failure reads in the reader's language; one from before, or no longer in the catalog, in its English", () => {
    const said = { key: 'sync.cancelled' } as const;
    expect(sayKept(said, 'Cancelled.', 'de')).toBe('Abgebrochen.');
    expect(sayKept(null, 'HTTP 500', 'de')).toBe('HTTP 500');
    expect(sayKept({ key: 'sync.gone' as MessageKey }, 'Gone.', 'de')).toBe('Gone.');
  });

  it('applies every migration in order, once, and records the version', () => {
    const file = join(tempDir(), 'all.sqlite');
    const db = openStore(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    db.close();
    const again = openStore(file);
    expect(schemaVersion(again)).toBe(migrations.length);
    again.close();
  });

  it('migration 3 clears the stale flag of streams imported from logger files, and only theirs', () => {
    const db = new Database(join(tempDir(), 'm3.sqlite'));
    migrate(db, 2);
    const insert = db.prepare(
      "INSERT INTO streams (key, vendor, name, kind, reported, first_seen, last_seen) VALUES (?, ?, ?, 'number', 0, 0, 0)",
    );
    insert.run('osf/dev1/System.Status', 'osf', 'System.Status');
    insert.run('opticloud/dev1/old', 'opticloud', 'old');
    migrate(db, 3);
    expect(db.prepare('SELECT key, reported FROM streams ORDER BY key').all()).toEqual([
      { key: 'opticloud/dev1/old', reported: 0 },
      { key: 'osf/dev1/System.Status', reported: 1 },
    ]);
    db.close();
  });

  it('refuses a database written by a newer version', () => {
    const file = join(tempDir(), 'newer.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();
    expect(() => openStore(file)).toThrow(StoreTooNewError);
  });

  it('rolls a failing migration back whole', () => {
    const db = new Database(':memory:');
    const broken = [(d: typeof db) => d.exec('CREATE TABLE a (x INTEGER) STRICT; CREATE TABLE a (y INTEGER)')];
    expect(() =>
      db.transaction(() => {
        broken[0](db);
      })(),
    ).toThrow();
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
  });
});
