import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src-main/store/db';
import { upsertStream } from '../../src-main/store/catalog';
import type { Point } from '../../src-main/model';
import { insertPoints } from '../../src-main/store/points';
import { peakRssMb, report } from './measure';

const STREAMS = 10;
const PER_STREAM = 1_000_000;
const BATCH = 50_000;
const START = 1_700_000_000_000_000;

/** Deterministic rows: 10 streams × 1 M points, 1 s apart, as a sync would land them. */
function* batches(): Generator<Point[]> {
  for (let i = 0; i < PER_STREAM; i += BATCH) {
    const batch: Point[] = new Array(BATCH);
    for (let j = 0; j < BATCH; j++)
      batch[j] = { ts: START + (i + j) * 1_000_000, value: Math.round(Math.sin((i + j) / 500) * 1e4) / 100 };
    yield batch;
  }
}

/** Store ingest of 10 M points in batches, beside the sqlite3 shell's .import of the same rows. */
export async function benchIngest(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-'));
  try {
    const db = openStore(join(dir, 'ingest.sqlite'));
    const ids = Array.from({ length: STREAMS }, (_, s) =>
      upsertStream(
        db,
        { key: `bench/${s}`, vendor: 'opti', accountId: null, sourceId: null, name: `s${s}`, unit: '', kind: 'number' },
        0,
      ),
    );
    const insertBatch = db.transaction((id: number, points: Point[]) => insertPoints(db, id, points));
    let total = 0;
    let ms = 0;
    for (const id of ids)
      for (const batch of batches()) {
        const t0 = performance.now();
        total += insertBatch(id, batch);
        ms += performance.now() - t0;
      }
    db.close();
    const ours = total / (ms / 1000);

    // The same rows as CSV, then the shell's .import into an identical table (CSV writing not timed).
    const csv = join(dir, 'rows.csv');
    const out = createWriteStream(csv);
    for (const id of ids)
      for (const batch of batches()) {
        let chunk = '';
        for (const p of batch) chunk += `${id},${p.ts},${p.value}\n`;
        if (!out.write(chunk)) await once(out, 'drain');
      }
    out.end();
    await once(out, 'finish');
    const shellDb = join(dir, 'shell.sqlite');
    execFileSync('sqlite3', [
      shellDb,
      'PRAGMA journal_mode=WAL;',
      'CREATE TABLE points (stream_id INTEGER NOT NULL, ts INTEGER NOT NULL, value ANY, PRIMARY KEY (stream_id, ts)) STRICT, WITHOUT ROWID;',
    ]);
    const t0 = performance.now();
    execFileSync('sqlite3', [shellDb, 'PRAGMA synchronous=NORMAL;', `.import --csv ${csv} points`]);
    const shellMs = performance.now() - t0;
    const shellRows = Number(execFileSync('sqlite3', [shellDb, 'SELECT count(*) FROM points']).toString().trim());
    report('Store ingest: 10 M points (10 streams, 50 k per transaction)', {
      'points inserted': total,
      'store ingest, points/s': ours,
      'store ingest, seconds': ms / 1000,
      'sqlite3 .import, seconds': shellMs / 1000,
      'sqlite3 .import, rows': shellRows,
      'time ratio (store / shell)': ms / shellMs,
      'peak RSS of this process, MB': peakRssMb(),
      'database size, MB': statSync(join(dir, 'ingest.sqlite')).size / 1048576,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
