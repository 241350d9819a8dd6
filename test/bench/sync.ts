/**
 * Sync benchmark (issue 5): the real engine syncing the OpenDataSoft simulator at large scale
 * (~2.1 M points in three datasets) over loopback, beside a plain sequential client written the way
 * the vendor's examples read: one request after another, one autocommitted INSERT per row.
 * The simulators run in a child process, so the peak RSS printed is the sync's own.
 * Prints figures only. Standalone: `npx tsx test/bench/sync.ts`.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAccount } from '../../src-main/accounts';
import { openWorkspace } from '../../src-main/workspace';
import type { BudgetLimits } from '../../src-main/http/budget';
import { syncAccounts } from '../../src-main/sync/engine';
import { memoryVault } from '../helpers/memory-vault';
import { vendors } from '../../src-main/vendors';
import { startChild, tsxArgs } from './child';
import { fmt, peakRssMb, report } from './measure';

const VENDOR = 'opendatasoft';
const EXPLORE = '/api/explore/v2.1';
/**
 * The vendor's own budget (120 a minute, burst 10) would pace the ~50 export pages to about 20 s on
 * its own; this benchmark measures our pipeline, so the account gets a budget that never binds.
 */
const BENCH_BUDGET: BudgetLimits = { perMinute: 60_000, burst: 100 };
/** The plain client commits every row to disk; it is stopped after this long and judged by its rate. */
const PLAIN_CLIENT_SECONDS = 30;
const PLAIN_PAGE_RECORDS = 10_000;

interface Simulated {
  baseUrl: string;
  apikey: string;
}

const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/** The engine with the bench budget in place of the vendor's; the vendor table is restored after. */
async function syncWithEngine(dir: string, sim: Simulated) {
  const ws = openWorkspace(dir, { vault: memoryVault() });
  const original = vendors[VENDOR];
  vendors[VENDOR] = { ...original, budget: BENCH_BUDGET };
  try {
    addAccount(ws, { vendor: VENDOR, name: 'ods-large', baseUrl: sim.baseUrl, secret: { apikey: sim.apikey } });
    let pages = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const [result] = await syncAccounts(ws, null, { onProgress: (p) => (pages = p.pages) });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    if (!result || result.state !== 'ok') throw new Error(`sync ended ${result?.state}: ${result?.error}`);
    const stored = ws.db.prepare('SELECT count(*) AS n FROM points').get() as { n: number };
    return {
      points: result.pointsAdded,
      stored: stored.n,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      pages,
    };
  } finally {
    vendors[VENDOR] = original;
    ws.close();
  }
}

interface CatalogField {
  name: string;
  type: string;
}

/**
 * What a user would write from the vendor's docs: list the datasets, then for each page through the
 * export one request at a time, parse it, and insert every value with a single-row INSERT
 * (better-sqlite3's defaults: autocommit, rollback journal, full sync). Stops at `deadline`.
 */
async function plainClient(file: string, sim: Simulated, seconds: number) {
  const db = new Database(file);
  db.exec('CREATE TABLE IF NOT EXISTS points (stream TEXT NOT NULL, ts INTEGER NOT NULL, value REAL)');
  const insert = db.prepare('INSERT INTO points (stream, ts, value) VALUES (?, ?, ?)');
  const headers = { authorization: `Apikey ${sim.apikey}` };
  const getJson = async (path: string, params: Record<string, string | number>) => {
    const url = new URL(`${sim.baseUrl}${EXPLORE}${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`${url.pathname}: HTTP ${res.status}`);
    return res.json() as Promise<unknown>;
  };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let points = 0;
  let requests = 0;
  const catalog = (await getJson('/catalog/datasets', { limit: 100 })) as {
    results: { dataset_id: string; fields: CatalogField[] }[];
  };
  requests++;
  datasets: for (const dataset of catalog.results) {
    const time = dataset.fields.find((f) => f.type === 'datetime')?.name;
    const numeric = dataset.fields.filter((f) => f.type === 'double' || f.type === 'int').map((f) => f.name);
    if (!time) continue;
    for (let offset = 0; ; offset += PLAIN_PAGE_RECORDS) {
      const rows = (await getJson(`/catalog/datasets/${dataset.dataset_id}/exports/json`, {
        limit: PLAIN_PAGE_RECORDS,
        offset,
        order_by: time,
      })) as Record<string, unknown>[];
      requests++;
      for (const row of rows) {
        const ts = Date.parse(String(row[time])) * 1000;
        for (const field of numeric) {
          const value = row[field];
          if (typeof value !== 'number') continue;
          insert.run(`${dataset.dataset_id}/${field}`, ts, value);
          points++;
        }
        if (performance.now() > deadline) break datasets;
      }
      if (rows.length < PLAIN_PAGE_RECORDS) break;
    }
  }
  db.close();
  return { points, requests, seconds: (performance.now() - started) / 1000 };
}

export async function benchSync(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-sync-'));
  const [node, args] = tsxArgs('src-main/simulators/cli.ts', ['--scale', 'large', '--faults', 'none']);
  const simulators = await startChild(node, args);
  try {
    const launched = JSON.parse(simulators.firstLine) as {
      baseUrls: Record<string, string>;
      credentials: Record<string, Record<string, string>>;
    };
    const sim: Simulated = { baseUrl: launched.baseUrls[VENDOR], apikey: launched.credentials[VENDOR].apikey };
    const rssBefore = rssMb();
    const ours = await syncWithEngine(join(dir, 'workspace'), sim);
    const oursPeak = peakRssMb();
    const plain = await plainClient(join(dir, 'plain.sqlite'), sim, PLAIN_CLIENT_SECONDS);
    const oursRate = ours.points / ours.seconds;
    const plainRate = plain.points / plain.seconds;
    const vendorBudget = vendors[VENDOR].budget;
    report(`Sync: OpenDataSoft simulator, large scale, over loopback`, {
      'request budget used': `${fmt(BENCH_BUDGET.perMinute)}/min, burst ${BENCH_BUDGET.burst} (bench override)`,
      "vendor's own budget": `${fmt(vendorBudget.perMinute)}/min, burst ${vendorBudget.burst ?? '-'}: would pace ${ours.pages} pages to ≥ ${fmt(Math.max(0, ours.pages - (vendorBudget.burst ?? 1)) / (vendorBudget.perMinute / 60), 1)} s`,
      'engine: points added': fmt(ours.points),
      'engine: points in the store': fmt(ours.stored),
      'engine: pages (requests)': fmt(ours.pages),
      'engine: seconds': ours.seconds,
      'engine: CPU seconds (this process)': ours.cpuSeconds,
      'engine: points/s (target ≥ 200,000)': oursRate,
      'RSS before the sync, MB': rssBefore,
      'peak RSS after the sync (VmHWM), MB (target < 400)': oursPeak,
      'simulators (child) peak RSS, MB': simulators.peakRssMb() ?? 'n/a',
      'plain client: points inserted': fmt(plain.points),
      'plain client: requests': fmt(plain.requests),
      'plain client: seconds (stopped at)': plain.seconds,
      'plain client: points/s': plainRate,
      'plain client: projected seconds for all': ours.points / plainRate,
      'ratio engine / plain, points/s (target ≥ 5)': oursRate / plainRate,
    });
  } finally {
    await simulators.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith(join('bench', 'sync.ts'))) {
  benchSync().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
