import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError, type Message } from '../model';
import { migrations } from './migrations';
import { betterSqlitePackageDir, nativeBindingPath } from './native-binding';

export type { Db };

export class StoreTooNewError extends UserError {
  constructor(found: number, known: number) {
    super('store.tooNew', { found, known });
  }
}

/** A message as kept in a `*_said` column (JSON), and back; what the reader's language renders at read time. */
export const messageJson = (message: Message | null): string | null => (message ? JSON.stringify(message) : null);
export const parseMessage = (json: string | null): Message | null => (json ? (JSON.parse(json) as Message) : null);

/** Opens (creating if needed) the workspace database and brings its schema up to date. */
export function openStore(file: string, options: { readonly?: boolean } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    nativeBinding: nativeBindingPath(process.versions, betterSqlitePackageDir()),
  });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  // Fewer, larger checkpoints: a sync lands points in bursts.
  db.pragma('wal_autocheckpoint = 10000');
  if (!options.readonly) migrate(db);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the migrations after `user_version`, each in its own transaction; `upTo` is for tests. */
export function migrate(db: Db, upTo: number = migrations.length): void {
  const current = schemaVersion(db);
  if (current > migrations.length) throw new StoreTooNewError(current, migrations.length);
  for (let n = current; n < upTo; n++) {
    db.transaction(() => {
      migrations[n](db);
      db.pragma(`user_version = ${n + 1}`);
    })();
  }
}
