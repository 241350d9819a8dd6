import type { Db } from './db';

/** The series fields remembered per source (migration 6): the detected ones with the fields they were detected on, and the user's. */
export interface SeriesFieldsRow {
  sourceRef: string;
  detected: { signature: string; fields: string[] } | null;
  chosen: string[] | null;
}

interface Raw {
  source_ref: string;
  signature: string | null;
  detected: string | null;
  chosen: string | null;
}

export function listSeriesFields(db: Db, accountId: string): SeriesFieldsRow[] {
  const rows = db
    .prepare('SELECT source_ref, signature, detected, chosen FROM series_fields WHERE account_id = ?')
    .all(accountId) as Raw[];
  return rows.map((r) => ({
    sourceRef: r.source_ref,
    detected:
      r.signature !== null && r.detected !== null
        ? { signature: r.signature, fields: JSON.parse(r.detected) as string[] }
        : null,
    chosen: r.chosen === null ? null : (JSON.parse(r.chosen) as string[]),
  }));
}

/** Remembers what discovery detected; the user's choice, if any, stays. */
export function saveDetectedSeriesFields(
  db: Db,
  accountId: string,
  sourceRef: string,
  signature: string,
  fields: readonly string[],
): void {
  db.prepare(
    `INSERT INTO series_fields (account_id, source_ref, signature, detected) VALUES (?, ?, ?, ?)
     ON CONFLICT (account_id, source_ref) DO UPDATE SET signature = excluded.signature, detected = excluded.detected`,
  ).run(accountId, sourceRef, signature, JSON.stringify(fields));
}

/** The user's series fields for a source (`select --series-by`); they win over the detected ones. */
export function chooseSeriesFields(db: Db, accountId: string, sourceRef: string, fields: readonly string[]): void {
  db.prepare(
    `INSERT INTO series_fields (account_id, source_ref, chosen) VALUES (?, ?, ?)
     ON CONFLICT (account_id, source_ref) DO UPDATE SET chosen = excluded.chosen`,
  ).run(accountId, sourceRef, JSON.stringify(fields));
}
