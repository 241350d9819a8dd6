import type { NewStreamRule } from '../model';
import type { Db } from './db';

/** The account's rule for streams discovery finds later; null until one is set. */
export function newStreamRule(db: Db, accountId: string): NewStreamRule | null {
  const r = db.prepare('SELECT new_streams FROM selection_rules WHERE account_id = ?').get(accountId) as
    { new_streams: NewStreamRule } | undefined;
  return r?.new_streams ?? null;
}

export function setNewStreamRule(db: Db, accountId: string, rule: NewStreamRule): void {
  db.prepare(
    `INSERT INTO selection_rules (account_id, new_streams) VALUES (?, ?)
     ON CONFLICT (account_id) DO UPDATE SET new_streams = excluded.new_streams`,
  ).run(accountId, rule);
}

/** Selects or deselects every stream of the account; returns how many changed. */
export function setAllStreamsSelected(db: Db, accountId: string, selected: boolean): number {
  return db
    .prepare('UPDATE streams SET selected = ? WHERE account_id = ? AND selected != ?')
    .run(selected ? 1 : 0, accountId, selected ? 1 : 0).changes;
}

/** Selects or deselects the given streams of the account; returns how many changed. */
export function setStreamsSelected(db: Db, accountId: string, streamIds: readonly number[], selected: boolean): number {
  const update = db.prepare('UPDATE streams SET selected = ? WHERE id = ? AND account_id = ? AND selected != ?');
  return db.transaction(() =>
    streamIds.reduce((n, id) => n + update.run(selected ? 1 : 0, id, accountId, selected ? 1 : 0).changes, 0),
  )();
}

/** How many of the account's streams sync, of how many. */
export function selectionCounts(db: Db, accountId: string): { selected: number; total: number } {
  return db
    .prepare('SELECT ifnull(sum(selected), 0) AS selected, count(*) AS total FROM streams WHERE account_id = ?')
    .get(accountId) as { selected: number; total: number };
}

/** Records that collided on (stream, ts) with one already there: counted, never silently lost. */
export function addCollisions(db: Db, streamId: number, n: number): void {
  db.prepare('UPDATE streams SET collisions = collisions + ? WHERE id = ?').run(n, streamId);
}
