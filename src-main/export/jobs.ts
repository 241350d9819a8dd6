/**
 * Export jobs: exports run in the background into the workspace's `exports/` folder with
 * `export:progress` events; finished ones are kept in a recent-exports list.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { safeFileName, withSuffix } from '../files/names';
import { UserError } from '../model';
import { readSetting, writeSetting } from '../store/catalog';
import { streamsInExportOrder } from '../store/export-queries';
import type { Workspace } from '../workspace';
import { exportPoints } from './index';
import { exportFormats, type ExportFormat, type ExportOptions } from './options';
import { selectStreams } from './select';
import type { ExportJobProgress, ExportRecord } from '../model/events';

export type { ExportJobProgress, ExportRecord };

/** One finished export, as the recent-exports list keeps it. */

/** What a job exports: the export options without `out` (the job picks a file in the exports folder). */
export type ExportJobOptions = Omit<ExportOptions, 'out'>;

export interface ExportJobs {
  /** Starts an export in the background; its progress comes as `export:progress` events. */
  start(options: ExportJobOptions): { id: string };
  cancel(id: string): void;
  /** Finished exports whose files are still there, newest first. */
  recent(): ExportRecord[];
  /** A finished export whose file is still there; a UserError otherwise. */
  finished(id: string): ExportRecord;
}

const RECENT_KEY = 'export.recent';
const RECENT_MAX = 20;

const extensions: Record<ExportFormat, string> = { csv: 'csv', json: 'jsonl', parquet: 'parquet', xlsx: 'xlsx' };

const ExportRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  format: z.enum(exportFormats),
  rows: z.number(),
  size: z.number(),
  finishedAt: z.number(),
});

export const exportsFolder = (dataDir: string): string => join(dataDir, 'exports');

const day = (us: number) => new Date(Math.floor(us / 1000)).toISOString().slice(0, 10).replace(/-/g, '');

/** The key segments every key shares (`opticloud/dev1` of `opticloud/dev1/a` and `opticloud/dev1/b`). */
function sharedKeyPrefix(keys: readonly string[]): string {
  const parts = keys.map((k) => k.split('/'));
  const shared: string[] = [];
  for (let i = 0; parts.every((p) => i < p.length - 1 && p[i] === parts[0][i]); i++) shared.push(parts[0][i]);
  return shared.join('/');
}

/**
 * A safe, readable name for what the file holds: one stream's key, or for several what their keys
 * share, how many, and the range (`all-data` without one); then the UTC date and time of the export.
 * `tributary-opticloud-dev1-5-streams-20261101-20261201-20261206-091839.csv`.
 */
export function exportFileName(
  keys: readonly string[],
  range: { from?: number; to?: number },
  format: ExportFormat,
  nowMs: number,
): string {
  const span =
    range.from === undefined && range.to === undefined
      ? 'all-data'
      : `${range.from === undefined ? 'start' : day(range.from)}-${range.to === undefined ? 'end' : day(range.to - 1)}`;
  const what = keys.length === 1 ? keys[0] : `${sharedKeyPrefix(keys) || 'all'}-${keys.length}-streams-${span}`;
  const readable = what.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100);
  const stamp = new Date(nowMs).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return safeFileName(`tributary-${readable}-${stamp}.${extensions[format]}`, `tributary-export.${extensions[format]}`);
}

/** The recent-exports list, newest first; an unreadable setting reads as an empty list. */
function readRecent(ws: Workspace): ExportRecord[] {
  try {
    const parsed = z.array(ExportRecordSchema).safeParse(JSON.parse(readSetting(ws.db, RECENT_KEY) ?? '[]'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Lists the export as recent; the files of exports that fall off the list go too (nothing could reach them). */
async function remember(ws: Workspace, record: ExportRecord): Promise<void> {
  const list = [record, ...readRecent(ws).filter((r) => r.id !== record.id)];
  writeSetting(ws.db, RECENT_KEY, JSON.stringify(list.slice(0, RECENT_MAX)));
  const folder = exportsFolder(ws.dataDir);
  for (const old of list.slice(RECENT_MAX))
    if (dirname(old.path) === folder) await rm(old.path, { force: true }).catch(() => undefined);
}

/** `errorText` words a failed job's error for users (the caller's policy on what they may see). */
export function createExportJobs(ws: Workspace, errorText: (err: unknown) => string): ExportJobs {
  const running = new Map<string, { controller: AbortController; name: string }>();

  const uniqueName = (name: string, id: string): string => {
    const taken =
      existsSync(join(exportsFolder(ws.dataDir), name)) || [...running.values()].some((j) => j.name === name);
    return taken ? withSuffix(name, id.slice(0, 6)) : name;
  };

  async function run(id: string, options: ExportJobOptions, name: string): Promise<void> {
    const job = running.get(id);
    if (!job) return;
    const emit = (p: Omit<ExportJobProgress, 'id'>) => ws.events.emit('export:progress', { id, ...p });
    const idle = { rows: 0, totalRows: 0, rowsPerSecond: 0, etaSeconds: null };
    try {
      const folder = exportsFolder(ws.dataDir);
      await mkdir(folder, { recursive: true });
      const out = join(folder, name);
      const result = await exportPoints(
        ws.db,
        { ...options, out },
        {
          signal: job.controller.signal,
          onProgress: (p) => emit({ state: 'running', ...p, error: null, file: null }),
        },
      );
      const record: ExportRecord = {
        id,
        name,
        path: out,
        format: options.format,
        rows: result.rows,
        size: (await stat(out)).size,
        finishedAt: ws.now(),
      };
      await remember(ws, record);
      emit({
        state: 'done',
        ...idle,
        rows: result.rows,
        totalRows: result.rows,
        etaSeconds: 0,
        error: null,
        file: record,
      });
    } catch (err) {
      const cancelled = job.controller.signal.aborted;
      emit({
        state: cancelled ? 'cancelled' : 'failed',
        ...idle,
        error: cancelled ? null : errorText(err),
        file: null,
      });
    } finally {
      running.delete(id);
    }
  }

  return {
    start(options) {
      const keys = selectStreams(streamsInExportOrder(ws.db), options.streams).map((s) => s.key);
      if (keys.length === 0) throw new UserError('export.noStreams');
      const id = randomBytes(8).toString('hex');
      const name = uniqueName(exportFileName(keys, options, options.format, ws.now()), id);
      running.set(id, { controller: new AbortController(), name });
      void run(id, options, name);
      return { id };
    },
    cancel(id) {
      running.get(id)?.controller.abort();
    },
    recent: () => readRecent(ws).filter((r) => existsSync(r.path)),
    finished(id) {
      const record = readRecent(ws).find((r) => r.id === id);
      if (!record || !existsSync(record.path)) throw new UserError('export.notHere');
      return record;
    },
  };
}
