/**
 * Shared end-to-end helpers: start the built app in browser mode (`node out/main/cli.js serve`) on a
 * data folder, and seed a workspace with streams straight through the store functions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { openWorkspace } from '../../src-main/workspace';
import { recordMetaVersion, upsertSource, upsertStream, type StreamInput } from '../../src-main/store/catalog';
import { said, type Point } from '../../src-main/model';
import { insertPoints } from '../../src-main/store/points';
import { recordGap, recordStreamError, recordStreamSuccess, type Gap } from '../../src-main/store/status';

export const ROOT = resolve(__dirname, '../..');
export const CLI = join(ROOT, 'out/main/cli.js');

export interface Served {
  /** The printed address, token included: what a user opens. */
  url: string;
  origin: string;
  port: number;
  token: string;
  process: ChildProcess;
  /** Everything the app wrote to stderr so far (for failure messages). */
  stderr(): string;
  stop(): Promise<void>;
}

const FIRST_LINE = /^Tributary is running at (http:\/\/127\.0\.0\.1:(\d+))\/#token=([A-Za-z0-9_-]+)\s*$/;

/** Starts `serve` on a free port and resolves once it printed its address; `stop` ends it with SIGTERM. */
export async function startServe(
  dataDir: string,
  options: { env?: NodeJS.ProcessEnv; args?: string[]; timeoutMs?: number } = {},
): Promise<Served> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--data-dir', dataDir, '--no-open', '--port', '0', ...(options.args ?? [])],
    {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const line = await new Promise<string>((resolveLine, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no address within ${options.timeoutMs ?? 15_000} ms. stderr:\n${stderr}`)),
      options.timeoutMs ?? 15_000,
    );
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (l) => {
      clearTimeout(timer);
      resolveLine(l);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with code ${code} before printing its address. stderr:\n${stderr}`));
    });
  });
  const m = FIRST_LINE.exec(line);
  if (!m) {
    child.kill('SIGTERM');
    throw new Error(`Unexpected first line from serve: ${JSON.stringify(line)}`);
  }
  return {
    url: line.slice('Tributary is running at '.length).trim(),
    origin: m[1],
    port: Number(m[2]),
    token: m[3],
    process: child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A temp folder for one test's workspace; call the returned `remove` when done. */
export function tempDataDir(prefix = 'tributary-e2e-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SeedStream extends Omit<StreamInput, 'accountId' | 'sourceId' | 'vendor'> {
  points?: readonly Point[];
  gaps?: Gap[];
  /** Earlier names/units, e.g. an Opti Resource renamed. */
  metaHistory?: { validFrom: number; name: string; unit: string; meta?: Record<string, unknown> }[];
  lastError?: string;
}

export interface SeedSource {
  name: string;
  vendorRef: string;
  timezone?: string | null;
  streams: SeedStream[];
}

/**
 * Writes account-less sources and streams (as opened files are) into the workspace at `dataDir`,
 * with the status rows sync would leave (count, first and last point). Returns stream ids by key.
 */
export function seedWorkspace(dataDir: string, sources: SeedSource[], now = Date.now()): Map<string, number> {
  const ws = openWorkspace(dataDir);
  const ids = new Map<string, number>();
  try {
    ws.db.transaction(() => {
      for (const src of sources) {
        const sourceId = upsertSource(ws.db, {
          accountId: null,
          vendorRef: src.vendorRef,
          name: src.name,
          timezone: src.timezone ?? null,
        });
        for (const s of src.streams) {
          const { points = [], gaps = [], metaHistory = [], lastError, ...stream } = s;
          const id = upsertStream(ws.db, { ...stream, vendor: 'osf', accountId: null, sourceId }, now);
          ids.set(s.key, id);
          const added = insertPoints(ws.db, id, points);
          if (points.length > 0) recordStreamSuccess(ws.db, id, added, points[0].ts, points[points.length - 1].ts, now);
          for (const g of gaps) recordGap(ws.db, id, g);
          for (const m of metaHistory) recordMetaVersion(ws.db, id, { ...m, meta: m.meta ?? {} }, now);
          if (lastError) recordStreamError(ws.db, id, said('errors.asItCame', { text: lastError }), now);
        }
      }
    })();
  } finally {
    ws.close();
  }
  return ids;
}

/** Points every `stepUs` from `fromUs`, `count` of them, valued by `value(i, ts)`. */
export function regularPoints(
  fromUs: number,
  stepUs: number,
  count: number,
  value: (i: number, ts: number) => number | string | null,
): Point[] {
  return Array.from({ length: count }, (_, i) => {
    const ts = fromUs + i * stepUs;
    return { ts, value: value(i, ts) };
  });
}
