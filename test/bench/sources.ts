/**
 * Sources benchmark (issue 18): 5,000 sources with 50,000 streams in browser mode, in Chromium. The
 * health overview's query as the page makes it (`sources:list`: query, transfer and parse, median of
 * 10), the Sources screen's first paint (tab click → the rows painted), their sum (the "query
 * plus first paint") and the map's draw (tab click → markers painted; basemap canvas draw, the first
 * open apart), and the server's CPU time per query, which a shared machine's load does not inflate.
 * Needs a build (`npx electron-vite build`). Prints figures only.
 * Standalone: `npx tsx test/bench/sources.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { upsertSource, upsertStream } from '../../src-main/store/catalog';
import { openStore } from '../../src-main/store/db';
import { setRange } from '../../src-main/store/ranges';
import { recordSourceFacts } from '../../src-main/store/sources';
import { recordGap, recordStreamSuccess } from '../../src-main/store/status';
import { startChild, type StartedChild } from './child';
import { fmt, report } from './measure';

const SOURCES = 5_000;
const STREAMS_PER_SOURCE = 10;
const RUNS = 10;
const PAINTS = 5;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A fleet spread over Europe: every source located, reporting every 10 min, some of them long silent. */
function fillStore(dbFile: string): void {
  const db = openStore(dbFile);
  const nowUs = Date.now() * 1000;
  db.transaction(() => {
    for (let i = 0; i < SOURCES; i++) {
      const id = upsertSource(db, { accountId: null, vendorRef: `logger-${i}`, name: `Logger ${i}` });
      recordSourceFacts(db, id, {
        info: { model: 'bench' },
        location: { lat: 36 + ((i * 7919) % 3000) / 100, lon: -9 + ((i * 104729) % 4000) / 100 },
        lastContact: null,
        online: null,
      });
      const lastTs = nowUs - (i % 10 === 0 ? 30 * 86_400e6 : 600e6);
      for (let k = 0; k < STREAMS_PER_SOURCE; k++) {
        const streamId = upsertStream(
          db,
          {
            key: `osf/logger-${i}/ch${k}`,
            vendor: 'osf',
            accountId: null,
            sourceId: id,
            name: `Channel ${k}`,
            unit: 'm',
            kind: 'number',
          },
          0,
        );
        recordStreamSuccess(db, streamId, 1000, lastTs - 999 * 600e6, lastTs, 0);
        if (k === 0 && i % 5 === 0) setRange(db, streamId, 'vendor', { min: 0, max: 10 });
        if (k === 0 && i % 7 === 0)
          recordGap(db, streamId, { from: lastTs - 86_400e6, to: lastTs - 80_000e6, reason: 'bench' });
      }
    }
  })();
  db.close();
}

interface App {
  origin: string;
  token: string;
}

/** The renderer's own request in the page: fetch, transfer and JSON parse of `sources:list`, median of RUNS. */
async function timeList(page: Page, app: App) {
  const runs = await page.evaluate(
    async ({ app, runs }) => {
      const out: { ms: number; bytes: number; rows: number }[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const res = await fetch(`${app.origin}/api/invoke/sources:list`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${app.token}` },
          body: '{}',
        });
        const text = await res.text();
        const reply = JSON.parse(text) as { ok: boolean; value?: unknown[] };
        out.push({ ms: performance.now() - started, bytes: text.length, rows: reply.value?.length ?? -1 });
      }
      return out;
    },
    { app, runs: RUNS },
  );
  if (runs.some((r) => r.rows !== SOURCES)) throw new Error('sources:list failed');
  return { medianMs: median(runs.map((r) => r.ms)), bytes: runs[0].bytes };
}

/** Tab click → the selector's elements are in the DOM → the next frame (painted). */
async function timeTab(page: Page, tab: string, selector: string): Promise<number> {
  await page.getByRole('tab', { name: 'Charts' }).click();
  return page.evaluate(
    ({ tab, selector }) =>
      new Promise<number>((done) => {
        const button = [...document.querySelectorAll('[role="tab"]')].find((b) => b.textContent === tab) as HTMLElement;
        const started = performance.now();
        button.click();
        const poll = () => {
          if (document.querySelector(selector)) requestAnimationFrame(() => done(performance.now() - started));
          else requestAnimationFrame(poll);
        };
        poll();
      }),
    { tab, selector },
  );
}

async function timePaints(app: App, server: StartedChild) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // tsx may wrap functions in esbuild's __name helper, which the page does not have.
    await page.addInitScript('window.__name = (f) => f');
    await page.goto(`${app.origin}/#token=${app.token}`);
    // The app opens with the tree of all 50,000 streams (not this bench's subject): give it time.
    await page.getByRole('tab', { name: 'Sources' }).click({ timeout: 300_000 });
    await page.getByTestId('source-row').first().waitFor({ timeout: 120_000 });
    const serverCpuBefore = server.cpuMs() ?? NaN;
    const list = await timeList(page, app);
    const listServerCpuMs = ((server.cpuMs() ?? NaN) - serverCpuBefore) / RUNS;
    const sources: number[] = [];
    const maps: number[] = [];
    const basemap: number[] = [];
    for (let i = 0; i < PAINTS; i++) {
      sources.push(await timeTab(page, 'Sources', '[data-testid="source-row"]'));
      maps.push(await timeTab(page, 'Map', '[data-testid="map-marker"], [data-testid="map-cluster"]'));
      basemap.push(Number(await page.getByTestId('map-canvas').getAttribute('data-draw-ms')));
    }
    const markers = await page.locator('[data-testid="map-marker"], [data-testid="map-cluster"]').count();
    const projectMs = Number(await page.getByTestId('map-canvas').getAttribute('data-project-ms'));
    return {
      list,
      listServerCpuMs,
      sourcesMs: median(sources),
      mapFirstMs: maps[0],
      mapMs: median(maps),
      basemapFirstMs: basemap[0],
      basemapMs: median(basemap),
      projectMs,
      markers,
    };
  } finally {
    await browser.close();
  }
}

export async function benchSources(): Promise<void> {
  const dir = process.env.KEEP_DIR ?? mkdtempSync(join(tmpdir(), 'tributary-bench-sources-'));
  try {
    const filled = performance.now();
    fillStore(join(dir, 'tributary.sqlite'));
    const fillSeconds = (performance.now() - filled) / 1000;
    const server = await startChild(process.execPath, [
      'out/main/cli.js',
      'serve',
      '--data-dir',
      dir,
      '--no-open',
      '--port',
      '0',
    ]);
    try {
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(server.firstLine);
      if (!m) throw new Error(`serve printed: ${server.firstLine}`);
      const app = { origin: m[1], token: m[2] };
      const paint = await timePaints(app, server);
      report(`Sources: ${fmt(SOURCES)} sources, ${fmt(SOURCES * STREAMS_PER_SOURCE)} streams, browser mode`, {
        'store fill, seconds': fillSeconds,
        'sources:list reply size, KB': paint.list.bytes / 1024,
        'sources:list in the page (query, transfer, parse), median ms': paint.list.medianMs,
        'Sources tab click → rows painted, median ms': paint.sourcesMs,
        'Sources screen total (query + paint, target < 300)': paint.list.medianMs + paint.sourcesMs,
        'Map tab click → markers painted, first open, ms': paint.mapFirstMs,
        'Map tab click → markers painted, median ms (target < 100)': paint.mapMs,
        'Map basemap canvas draw, first / median ms': `${fmt(paint.basemapFirstMs)} / ${fmt(paint.basemapMs)}`,
        'Map basemap projection, once a session while idle, ms': paint.projectMs,
        'Map markers and clusters drawn': paint.markers,
        'sources:list server CPU time (not wall: load-proof), mean ms': paint.listServerCpuMs,
      });
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith(join('bench', 'sources.ts'))) {
  benchSources().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
