import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { exportPoints } from '../export';
import { exportFormats, type ExportFormat } from '../export/options';
import { selectStreams } from '../export/select';
import { safeFileName, withSuffix } from '../files/names';
import { readSetting, writeSetting } from '../store/catalog';
import { streamsInExportOrder } from '../store/export-queries';
import type { Channel, ExportJobProgress, ExportRecord } from './contract';
import { errorMessage, UserError, type HandlerContext, type Handlers } from './handlers';

type ExportChannel = Extract<Channel, `export:${string}`>;

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

/** `tributary-<first stream>-<UTC date and time>.<ext>`: a safe, readable name. */
export function exportFileName(firstStreamKey: string | undefined, format: ExportFormat, nowMs: number): string {
  const stream = (firstStreamKey ?? 'all').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);
  const stamp = new Date(nowMs).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return safeFileName(`tributary-${stream}-${stamp}.${extensions[format]}`, `tributary-export.${extensions[format]}`);
}

/** The recent-exports list, newest first; an unreadable setting reads as an empty list. */
function readRecent(ctx: HandlerContext): ExportRecord[] {
  try {
    const parsed = z.array(ExportRecordSchema).safeParse(JSON.parse(readSetting(ctx.ws.db, RECENT_KEY) ?? '[]'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Lists the export as recent; the files of exports that fall off the list go too (nothing could reach them). */
async function remember(ctx: HandlerContext, record: ExportRecord): Promise<void> {
  const list = [record, ...readRecent(ctx).filter((r) => r.id !== record.id)];
  writeSetting(ctx.ws.db, RECENT_KEY, JSON.stringify(list.slice(0, RECENT_MAX)));
  const folder = exportsFolder(ctx.ws.dataDir);
  for (const old of list.slice(RECENT_MAX))
    if (dirname(old.path) === folder) await rm(old.path, { force: true }).catch(() => undefined);
}

function finishedExport(ctx: HandlerContext, id: string): ExportRecord {
  const record = readRecent(ctx).find((r) => r.id === id);
  if (!record || !existsSync(record.path)) throw new UserError('This export is not (or no longer) on this computer.');
  return record;
}

/**
 * The export section of the API: exports run in the background into the workspace's `exports/`
 * folder with `export:progress` events; finished ones are listed as recent exports, and the user
 * takes a copy with the native save dialog (desktop) or a one-time download link (browser mode).
 */
export function createExportHandlers(ctx: HandlerContext): Pick<Handlers, ExportChannel> {
  const { ws } = ctx;
  const running = new Map<string, { controller: AbortController; name: string }>();

  const uniqueName = (name: string, id: string): string => {
    const taken =
      existsSync(join(exportsFolder(ws.dataDir), name)) || [...running.values()].some((j) => j.name === name);
    return taken ? withSuffix(name, id.slice(0, 6)) : name;
  };

  async function run(id: string, options: Parameters<Handlers['export:run']>[0], name: string): Promise<void> {
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
      await remember(ctx, record);
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
        error: cancelled ? null : errorMessage(err),
        file: null,
      });
    } finally {
      running.delete(id);
    }
  }

  return {
    'export:run': (options) => {
      let keys: string[];
      try {
        keys = selectStreams(streamsInExportOrder(ws.db), options.streams).map((s) => s.key);
      } catch (err) {
        throw new UserError(errorMessage(err));
      }
      if (keys.length === 0) throw new UserError('There is no stream to export.');
      const id = randomBytes(8).toString('hex');
      const name = uniqueName(exportFileName(keys[0], options.format, ws.now()), id);
      running.set(id, { controller: new AbortController(), name });
      void run(id, options, name);
      return { id };
    },
    'export:cancel': ({ id }) => {
      running.get(id)?.controller.abort();
      return null;
    },
    'export:recent': () => readRecent(ctx).filter((r) => existsSync(r.path)),
    'export:saveAs': async ({ id }) => {
      if (!ctx.saveFileAs) throw new UserError('Saving a copy with a dialog is for the desktop app: use Download.');
      const record = finishedExport(ctx, id);
      const destination = await ctx.saveFileAs(record.name);
      if (destination) await copyFile(record.path, destination);
      return { path: destination };
    },
    'export:ticket': ({ id }) => {
      if (!ctx.tickets) throw new UserError('Download links are for browser mode: use Save as.');
      const record = finishedExport(ctx, id);
      return { url: `/api/download/${ctx.tickets.issue({ path: record.path, name: record.name })}`, name: record.name };
    },
  };
}
