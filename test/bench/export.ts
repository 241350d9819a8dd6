/**
 * Export benchmark: long CSV of 10 million points against the `sqlite3` shell writing the same rows
 * in the same order, peak RSS while exporting, then Parquet of the same rows.
 * Prints figures only. Standalone: `npx tsx test/bench/export.ts [points]`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPoints } from '../../src-main/export';
import { upsertStream } from '../../src-main/store/catalog';
import { openStore } from '../../src-main/store/db';
import { fmt, peakRssMb, report } from './measure';

const STREAMS = 10;
const SQLITE_SHELL = '/usr/bin/sqlite3';

/**
 * `points` points over STREAMS streams, one per second, values with three decimals. The streams are
 * made through the store; the points by the sqlite3 shell (a recursive CTE), so the fill costs this
 * process no memory and the export's RSS is its own.
 */
function fillStore(dbFile: string, points: number): void {
  const db = openStore(dbFile);
  const ids = Array.from({ length: STREAMS }, (_, s) =>
    upsertStream(
      db,
      {
        key: `opti/${1000 + s}`,
        vendor: 'opti',
        accountId: null,
        sourceId: null,
        name: `s${s}`,
        unit: 'mm',
        kind: 'number',
      },
      0,
    ),
  );
  db.close();
  const perStream = Math.ceil(points / STREAMS);
  const start = Date.UTC(2025, 0, 1) * 1000;
  const sql = ids
    .map(
      (id) => `WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n + 1 < ${perStream})
        INSERT INTO points (stream_id, ts, value)
        SELECT ${id}, ${start} + n * 1000000, ((n * 7919 + ${id} * 104729) % 200001 - 100000) / 1000.0 FROM i;`,
    )
    .join('\n');
  execFileSync(SQLITE_SHELL, [dbFile], { input: `BEGIN;\n${sql}\nCOMMIT;\n` });
}

/** Wall and CPU time of `work`, and the peak resident memory sampled every 20 ms while it runs. */
async function measured<T>(work: () => Promise<T>) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    const used = process.cpuUsage(cpu);
    return {
      value,
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakRssMb: peak / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The same rows the long CSV holds, by the sqlite3 shell (streams by key index, points by primary
 * key: no sort). Run under bash so its `times` builtin reports the shell's CPU seconds too.
 */
async function sqliteShellCsv(dbFile: string, out: string): Promise<{ seconds: number; cpuSeconds: number }> {
  const sql = `SELECT s.vendor AS vendor, substr(s.key, length(s.vendor) + 2) AS stream,
                      strftime('%Y-%m-%dT%H:%M:%fZ', p.ts / 1000000.0, 'unixepoch') AS ts, p.value AS value
                 FROM streams s JOIN points p ON p.stream_id = s.id ORDER BY s.key, p.ts`;
  const script = `${SQLITE_SHELL} -csv -header "$0" "$1" > "$2" && times`;
  const started = performance.now();
  const times = await new Promise<string>((resolve, reject) => {
    const child = spawn('bash', ['-c', script, dbFile, sql, out], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`sqlite3 exited with ${code}`))));
  });
  const seconds = (performance.now() - started) / 1000;
  // `times` prints the shell's own times, then its children's: "0m1.910s 0m0.130s".
  const children = times.trim().split('\n').at(-1) ?? '';
  const cpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (sum, m) => sum + Number(m[1]) * 60 + Number(m[2]),
    0,
  );
  return { seconds, cpuSeconds };
}

const mb = (bytes: number) => bytes / 2 ** 20;

export async function benchExport(points = 10_000_000): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-export-'));
  const dbFile = join(dir, 'store.sqlite');
  try {
    fillStore(dbFile, points);
    const db = openStore(dbFile);
    const rssBefore = mb(process.memoryUsage().rss);

    const csvOut = join(dir, 'points.csv');
    const csv = await measured(() => exportPoints(db, { format: 'csv', out: csvOut }));
    const csvBytes = statSync(csvOut).size;
    rmSync(csvOut);
    const shellOut = join(dir, 'shell.csv');
    const shell = await sqliteShellCsv(dbFile, shellOut);
    const shellBytes = statSync(shellOut).size;
    rmSync(shellOut);

    const parquetOut = join(dir, 'points.parquet');
    const parquet = await measured(() => exportPoints(db, { format: 'parquet', out: parquetOut }));
    db.close();

    report(`Export: ${fmt(points)} points (${STREAMS} streams), long CSV and Parquet`, {
      'CSV rows written': csv.value.rows,
      'CSV export, seconds': csv.seconds,
      'CSV export, rows/s': csv.value.rows / csv.seconds,
      'CSV export, CPU seconds': csv.cpuSeconds,
      'CSV file, MB': mb(csvBytes),
      'sqlite3 -csv, seconds': shell.seconds,
      'sqlite3 -csv, rows/s': csv.value.rows / shell.seconds,
      'sqlite3 -csv, CPU seconds': shell.cpuSeconds,
      'sqlite3 -csv file, MB': mb(shellBytes),
      'time ratio (export / shell)': csv.seconds / shell.seconds,
      'CPU ratio (export / shell)': csv.cpuSeconds / shell.cpuSeconds,
      'RSS before export, MB': rssBefore,
      'peak RSS during CSV export, MB': csv.peakRssMb,
      'Parquet export, seconds': parquet.seconds,
      'Parquet export, rows/s': parquet.value.rows / parquet.seconds,
      'Parquet file, MB': mb(statSync(parquetOut).size),
      'peak RSS during Parquet export, MB': parquet.peakRssMb,
      'peak RSS of this process (VmHWM), MB': peakRssMb(),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith(join('bench', 'export.ts'))) {
  benchExport(process.argv[2] ? Number(process.argv[2]) : undefined).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
