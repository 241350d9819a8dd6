import type { Db } from './db';

export interface SavedViewRow {
  id: number;
  name: string;
  spec: unknown;
  updatedAt: number;
}

export function listViews(db: Db): SavedViewRow[] {
  return (
    db.prepare('SELECT id, name, spec, updated_at AS updatedAt FROM saved_views ORDER BY name').all() as (Omit<
      SavedViewRow,
      'spec'
    > & { spec: string })[]
  ).map((r) => ({ ...r, spec: JSON.parse(r.spec) as unknown }));
}

/** Saves a view by name (replacing one of the same name); returns its id. */
export function saveView(db: Db, name: string, spec: unknown, now: number): number {
  return (
    db
      .prepare(
        `INSERT INTO saved_views (name, spec, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at RETURNING id`,
      )
      .get(name, JSON.stringify(spec), now) as { id: number }
  ).id;
}

export function deleteView(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM saved_views WHERE id = ?').run(id).changes > 0;
}
