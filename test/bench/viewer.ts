/**
 * Viewer benchmark (issue 7): one 10-million-point stream in browser mode. Query plus transfer of
 * `points:series` for a full-range 2,000-pixel view and for a 1 % zoom (median of 20, JSON decode
 * included), the time to load the same stream raw, and the chart's draw time in Chromium, measured
 * from outside the app (fetch and canvas calls observed by an init script; the app is not changed).
 * Needs a build (`npx electron-vite build`). Prints figures only. Standalone: `npx tsx test/bench/viewer.ts`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { decodeWire } from '../../src-main/api/wire';
import { upsertStream } from '../../src-main/store/catalog';
import { openStore } from '../../src-main/store/db';
import { pointColumns, refreshRollups } from '../../src-main/store/points';
import { recordStreamSuccess } from '../../src-main/store/status';
import { startChild } from './child';
import { fmt, report } from './measure';

const POINTS = 10_000_000;
const STREAM_KEY = 'osf/bench/vibration';
const START_US = Date.UTC(2025, 0, 1) * 1000;
/** One point every 100 ms: 10 M points span about 11.6 days. */
const STEP_US = 100_000;
const PIXELS = 2000;
const RUNS = 20;
/** A slow query gets fewer runs (at least 3), so the bench ends in bounded time. */
const SERIES_SECONDS = 20;
const DRAWS = 5;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The store with one stream of POINTS points, filled by the sqlite3 shell (as export.ts does). */
function fillStore(dbFile: string): number {
  const db = openStore(dbFile);
  const id = upsertStream(
    db,
    {
      key: STREAM_KEY,
      vendor: 'osf',
      accountId: null,
      sourceId: null,
      name: 'Vibration',
      unit: 'mm/s',
      kind: 'number',
    },
    0,
  );
  db.close();
  const sql = `WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n + 1 < ${POINTS})
    INSERT INTO points (stream_id, ts, value)
    SELECT ${id}, ${START_US} + n * ${STEP_US}, round(10 * sin(n / 5000.0) + ((n * 7919) % 1001) / 500.0, 3) FROM i;`;
  execFileSync('sqlite3', [dbFile], { input: `BEGIN;\n${sql}\nCOMMIT;\n` });
  // What a sync or import records beside its points (insertPoints does this for every batch): the
  // rollups the chart reads, and the tree's count and span.
  const again = openStore(dbFile);
  const last = START_US + (POINTS - 1) * STEP_US;
  again.transaction(() => refreshRollups(again, id, START_US, last))();
  recordStreamSuccess(again, id, POINTS, START_US, last, Date.now());
  again.close();
  return id;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Browser {
  origin: string;
  token: string;
}

/** `points:series` as the renderer calls it, timed from request to decoded typed arrays. */
async function timeSeries(app: Browser, streamId: number, from: number, to: number) {
  const times: number[] = [];
  let buckets = 0;
  let bytes = 0;
  const budgetEnds = performance.now() + SERIES_SECONDS * 1000;
  for (let i = 0; i < RUNS && (i < 3 || performance.now() < budgetEnds); i++) {
    const started = performance.now();
    const res = await fetch(`${app.origin}/api/invoke/points:series`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${app.token}` },
      body: JSON.stringify({ streamId, from, to, buckets: PIXELS }),
    });
    const text = await res.text();
    const reply = decodeWire(text) as { ok: boolean; value?: { ts: Float64Array }; error?: string };
    times.push(performance.now() - started);
    if (!reply.ok || !reply.value) throw new Error(`points:series failed: ${reply.error}`);
    buckets = reply.value.ts.length;
    bytes = text.length;
  }
  return { medianMs: median(times), minMs: Math.min(...times), runs: times.length, buckets, bytes };
}

/**
 * Installed before the app loads: notes when a `points:series` reply has been read, when the chart
 * canvas is next cleared (uPlot clears before it draws), when that task ends (a message-channel
 * callback runs right after it) and the next animation frame after it.
 */
function observeDraws(): void {
  interface Draw {
    replyAt: number;
    clearAt: number;
    /** The last stroke, fill or text call before the task ended: uPlot's paint is over. */
    paintEndAt: number;
    taskEndAt: number;
    frameAt: number;
  }
  const w = window as unknown as { __benchDraws: Draw[] };
  w.__benchDraws = [];
  let pending: Draw | null = null;
  const channel = new MessageChannel();
  const realFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await realFetch(input, init);
    if (!String(input).includes('points:series')) return res;
    const text = await res.text();
    pending = { replyAt: performance.now(), clearAt: 0, paintEndAt: 0, taskEndAt: 0, frameAt: 0 };
    return new Response(text, { status: res.status, headers: res.headers });
  };
  let painting: Draw | null = null;
  const proto = CanvasRenderingContext2D.prototype;
  for (const name of ['stroke', 'fill', 'fillText'] as const) {
    const paint = proto[name] as (...args: unknown[]) => void;
    (proto[name] as unknown) = function (this: CanvasRenderingContext2D, ...args: unknown[]) {
      paint.apply(this, args);
      if (painting) painting.paintEndAt = performance.now();
    };
  }
  const clearRect = proto.clearRect;
  proto.clearRect = function (this: CanvasRenderingContext2D, ...args) {
    const draw = pending;
    if (draw && draw.clearAt === 0) {
      draw.clearAt = performance.now();
      painting = draw;
      channel.port1.onmessage = () => {
        painting = null;
        draw.taskEndAt = performance.now();
        requestAnimationFrame(() => {
          draw.frameAt = performance.now();
          w.__benchDraws.push(draw);
        });
      };
      channel.port2.postMessage(null);
      pending = null;
    }
    return clearRect.apply(this, args);
  };
}

interface DrawTimes {
  drawMs: number;
  taskMs: number;
  replyToFrameMs: number;
  draws: number;
}

/** Opens the app and charts the stream with a click in the tree, DRAWS times (removed from the legend in between). */
async function timeDraws(app: Browser): Promise<DrawTimes> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 2300, height: 900 } });
    // tsx may wrap functions in esbuild's __name helper, which the page does not have.
    await page.addInitScript('window.__name = (f) => f');
    await page.addInitScript(observeDraws);
    await page.goto(`${app.origin}/#token=${app.token}`);
    const item = page.locator(`[data-stream-key="${STREAM_KEY}"]`);
    for (const group of ['Opened files', 'Other'])
      if (!(await item.isVisible())) await page.getByText(group, { exact: true }).first().click();
    const remove = page.getByRole('button', { name: /^Remove .* from the chart$/ });
    const draws = [];
    for (let i = 0; i < DRAWS; i++) {
      await item.click(); // onto the chart: a series request, then uPlot's draw
      await page.waitForFunction((n) => (window as unknown as { __benchDraws: unknown[] }).__benchDraws.length > n, i, {
        timeout: 60_000,
      });
      draws.push(
        await page.evaluate(
          (n) => (window as unknown as { __benchDraws: Record<string, number>[] }).__benchDraws[n],
          i,
        ),
      );
      await remove.click();
    }
    return {
      drawMs: median(draws.map((d) => d.paintEndAt - d.clearAt)),
      taskMs: median(draws.map((d) => d.taskEndAt - d.clearAt)),
      replyToFrameMs: median(draws.map((d) => d.frameAt - d.replyAt)),
      draws: draws.length,
    };
  } finally {
    await browser.close();
  }
}

export async function benchViewer(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-viewer-'));
  try {
    const dbFile = join(dir, 'tributary.sqlite');
    const filled = performance.now();
    const streamId = fillStore(dbFile);
    const fillSeconds = (performance.now() - filled) / 1000;
    const from = START_US;
    const to = START_US + POINTS * STEP_US;

    const db = openStore(dbFile);
    const rawStarted = performance.now();
    const raw = pointColumns(db, streamId, from, to, POINTS);
    const rawMs = performance.now() - rawStarted;
    db.close();

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
      const app: Browser = { origin: m[1], token: m[2] };
      const zoomFrom = from + Math.floor((to - from) * 0.5);
      const zoomTo = zoomFrom + Math.floor((to - from) / 100);
      const full = await timeSeries(app, streamId, from, to);
      const zoom = await timeSeries(app, streamId, zoomFrom, zoomTo);
      const draw = await timeDraws(app);
      report(`Viewer: one stream of ${fmt(POINTS)} points, browser mode, ${PIXELS}-pixel chart`, {
        'store fill (sqlite3 shell), seconds': fillSeconds,
        'full range: buckets returned': fmt(full.buckets),
        'full range: reply size, KB': full.bytes / 1024,
        'full range: query + transfer, median ms (target < 50)': full.medianMs,
        'full range: query + transfer, best ms': full.minMs,
        'full range: runs': full.runs,
        '1 % zoom: buckets returned': fmt(zoom.buckets),
        '1 % zoom: query + transfer, median ms (target < 50)': zoom.medianMs,
        '1 % zoom: query + transfer, best ms': zoom.minMs,
        '1 % zoom: runs': zoom.runs,
        'raw load of the stream (pointColumns), ms': rawMs,
        'raw load: points': fmt(raw.ts.length),
        'raw load / full-range series, time ratio': rawMs / full.medianMs,
        'Chromium draw (clear → last paint call), median ms (target < 16)': draw.drawMs,
        'Chromium clear → end of that task (React work too), median ms': draw.taskMs,
        'Chromium series reply read → next frame, median ms': draw.replyToFrameMs,
        'Chromium draws measured': draw.draws,
      });
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith(join('bench', 'viewer.ts'))) {
  benchViewer().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
