/**
 * Soak (issue 10, not in CI): scheduled syncs of all five vendors against `flaky` simulators for an
 * hour (or `minutes`), printing memory, active handles and listener counts over time. Flat lines are
 * the goal; a steady climb is a leak. The simulators run in a child process, so the figures are the
 * app's own. Standalone: `npx tsx test/bench/soak.ts [minutes] [seconds between syncs]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VendorId } from '../../src-main/api/contract';
import { addAccount } from '../../src-main/accounts';
import { openWorkspace } from '../../src-main/workspace';
import { updateAccount } from '../../src-main/store/catalog';
import { createSyncScheduler } from '../../src-main/sync/scheduler';
import { memoryVault } from '../helpers/memory-vault';
import { startChild, tsxArgs } from './child';
import { fmt, report } from './measure';

interface Sample {
  minute: number;
  rssMb: number;
  heapMb: number;
  handles: number;
  processListeners: number;
  busListeners: number;
  points: number;
}

const MB = 1048576;

function processListenerCount(): number {
  return process.eventNames().reduce((n, e) => n + process.listenerCount(e), 0);
}

export async function benchSoak(minutes = 60, everySeconds = 30): Promise<void> {
  const [node, args] = tsxArgs('src-main/simulators/cli.ts', ['--faults', 'flaky', '--seed', '7']);
  const simulators = await startChild(node, args);
  const { baseUrls, credentials } = JSON.parse(simulators.firstLine) as {
    baseUrls: Record<VendorId, string>;
    credentials: Record<VendorId, Record<string, string>>;
  };
  const dir = mkdtempSync(join(tmpdir(), 'tributary-soak-'));
  const ws = openWorkspace(join(dir, 'ws'), { vault: memoryVault() });
  // The bus does not say how many listeners it holds: count them through a wrapper.
  let busListeners = 0;
  const bus = ws.events;
  ws.events = {
    ...bus,
    onAny(listener) {
      busListeners++;
      const off = bus.onAny(listener);
      return () => {
        busListeners--;
        off();
      };
    },
  };
  // A first sync of the last 3 days (the account option the demo uses too), not every year the vendors offer.
  const earliest = new Date(Date.now() - 3 * 86_400_000).toISOString();
  for (const vendor of Object.keys(baseUrls) as VendorId[]) {
    const a = addAccount(ws, { vendor, name: vendor, baseUrl: baseUrls[vendor], secret: credentials[vendor] });
    updateAccount(ws.db, a.id, { baseUrl: a.baseUrl, options: { earliest } });
  }
  const scheduler = createSyncScheduler(ws);
  const samples: Sample[] = [];
  const started = performance.now();
  const sample = () => {
    global.gc?.();
    const m = process.memoryUsage();
    const s: Sample = {
      minute: (performance.now() - started) / 60_000,
      rssMb: m.rss / MB,
      heapMb: m.heapUsed / MB,
      handles: process.getActiveResourcesInfo().length,
      processListeners: processListenerCount(),
      busListeners,
      points: (ws.db.prepare('SELECT count(*) AS n FROM points').get() as { n: number }).n,
    };
    samples.push(s);
    console.log(
      `${fmt(s.minute, 1).padStart(6)} min  rss ${fmt(s.rssMb, 1).padStart(7)} MB  heap ${fmt(s.heapMb, 1).padStart(6)} MB  ` +
        `handles ${String(s.handles).padStart(4)}  listeners ${s.processListeners}/${s.busListeners}  points ${fmt(s.points)}`,
    );
  };
  console.log(`Soak: syncs every ${everySeconds} s for ${minutes} min against flaky simulators`);
  try {
    // Later syncs fetch what the simulators' clock added since the one before.
    await scheduler.start();
    sample();
    while (performance.now() - started < minutes * 60_000) {
      await new Promise((done) => setTimeout(done, everySeconds * 1000));
      const results = await scheduler.start();
      const failed = results.filter((r) => r.state !== 'ok').map((r) => `${r.accountName} ${r.state}`);
      if (failed.length > 0) console.log(`        (${failed.join(', ')})`);
      sample();
    }
  } finally {
    await scheduler.stop();
    ws.close();
    await simulators.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const first = samples[Math.min(1, samples.length - 1)];
  const last = samples[samples.length - 1];
  report('soak', {
    minutes: last.minute,
    syncs: samples.length,
    'RSS after first sync → end, MB': `${fmt(first.rssMb, 1)} → ${fmt(last.rssMb, 1)}`,
    'heap after first sync → end, MB': `${fmt(first.heapMb, 1)} → ${fmt(last.heapMb, 1)}`,
    'active handles first → end': `${first.handles} → ${last.handles}`,
    'process listeners first → end': `${first.processListeners} → ${last.processListeners}`,
    'event bus listeners first → end': `${first.busListeners} → ${last.busListeners}`,
    'peak RSS of the simulators, MB': simulators.peakRssMb() ?? 'unknown',
  });
}

if (process.argv[1]?.endsWith(join('bench', 'soak.ts')))
  void benchSoak(Number(process.argv[2] ?? 60), Number(process.argv[3] ?? 30));
