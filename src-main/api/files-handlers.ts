import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { bundleEntries } from '../files/bundle';
import { createFileDownloads } from '../files/manager';
import { safeFileName } from '../files/names';
import { createReportService } from '../files/reports';
import {
  autoImportOsf,
  fileStatusText,
  refreshFileList,
  requestFilesFromDevice,
  setAutoImportOsf,
} from '../files/service';
import { requireAccount } from '../accounts';
import { sayKept, UserError } from '../model';
import { listSources, type AccountRow } from '../store/catalog';
import { listFiles, requeueInterrupted, type FileRow } from '../store/files';
import type { HandlerContext, Handlers } from './context';
import type { Channel, FileView } from './contract';
import { downloadLink } from './transfers';

type FileChannel = Extract<Channel, `files:${string}` | `reports:${string}`>;

/** A downloaded file's size now; one moved or deleted since is said by name. */
async function sizeOnDisk(path: string, name: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    throw new UserError('files.goneFromDownloads', { name });
  }
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The files section of the API: logger file lists, requests to devices, background downloads with
 * progress events, and OpenSense reports. Transfers a quit or crash interrupted are put back in the
 * queue here, at start, and wait for the user's Resume (a metered or bad link is theirs to judge).
 */
export function createFileHandlers(ctx: HandlerContext): Pick<Handlers, FileChannel> {
  const { ws } = ctx;
  requeueInterrupted(ws.db, ws.now());
  const downloads = createFileDownloads(ws);
  const reports = createReportService(ws);

  const view = (account: AccountRow, rows: FileRow[]): FileView[] => {
    const language = ctx.reader?.language ?? 'en';
    const devices = new Map(listSources(ws.db, account.id).map((s) => [s.id, s.name]));
    return rows.map((f) => ({
      id: f.id,
      accountId: f.accountId,
      sourceId: f.sourceId,
      device: devices.get(f.sourceId ?? -1) ?? '',
      vendorName: f.vendorName,
      name: f.localPath ? basename(f.localPath) : safeFileName(f.vendorName, `file-${f.id}`),
      size: f.size,
      status: f.vendorStatus,
      statusText: fileStatusText(account, f.vendorStatus),
      startTs: f.startTs,
      endTs: f.endTs,
      state: f.state,
      downloaded: f.state === 'downloaded',
      localPath: ctx.mode === 'electron' ? f.localPath : null,
      sha256: f.sha256,
      error: sayKept(f.errorSaid, f.error, language),
    }));
  };

  return {
    'files:list': async ({ accountId, refresh }) => {
      const account = requireAccount(ws, accountId);
      const problems: string[] = [];
      if (refresh) {
        try {
          const r = await refreshFileList(ws, account);
          problems.push(...r.problems.map((p) => `${p.device}: ${p.message}`));
        } catch (err) {
          problems.push(messageOf(err));
        }
      }
      const rows = listFiles(ws.db, { accountId });
      const downloading = downloads.running().includes(accountId);
      return {
        files: view(account, rows),
        devices: listSources(ws.db, accountId)
          .filter((s) => s.parentId === null)
          .map((s) => ({ sourceId: s.id, name: s.name })),
        problems,
        interrupted: downloading
          ? []
          : rows.filter((f) => f.state === 'queued' || f.state === 'downloading').map((f) => f.id),
        downloading,
        autoImportOsf: autoImportOsf(ws),
      };
    },
    'files:request': async ({ accountId, sourceId, from, to }) => {
      const account = requireAccount(ws, accountId);
      const marked = await requestFilesFromDevice(ws, account, sourceId, Math.floor(from / 1000), Math.ceil(to / 1000));
      return { requested: marked.length };
    },
    'files:download': ({ accountId, fileIds }) => {
      const account = requireAccount(ws, accountId);
      const own = new Set(listFiles(ws.db, { ids: fileIds, accountId }).map((f) => f.id));
      if (own.size !== new Set(fileIds).size) throw new UserError('files.notThisAccount');
      return downloads.start(account, fileIds);
    },
    'files:cancel': ({ accountId }) => {
      downloads.cancel(accountId);
      return null;
    },
    'files:reveal': ({ fileId }) => {
      if (ctx.mode === 'browser') throw new UserError('files.revealDesktopOnly');
      const [file] = listFiles(ws.db, { ids: [fileId] });
      if (!file?.localPath || file.state !== 'downloaded') throw new UserError('files.notDownloaded');
      ctx.revealPath?.(file.localPath);
      return { path: file.localPath, shown: ctx.revealPath !== undefined };
    },
    'files:ticket': async ({ accountId, fileIds }) => {
      const account = requireAccount(ws, accountId);
      const rows = listFiles(ws.db, { ids: fileIds, accountId });
      const downloaded = rows.filter(
        (f): f is FileRow & { localPath: string } => f.state === 'downloaded' && !!f.localPath,
      );
      if (downloaded.length !== new Set(fileIds).size) throw new UserError('files.onlyDownloaded');
      const devices = new Map(listSources(ws.db, account.id).map((s) => [s.id, s.name]));
      const files = await Promise.all(
        downloaded.map(async (f) => ({
          path: f.localPath,
          size: await sizeOnDisk(f.localPath, basename(f.localPath)),
          folder: devices.get(f.sourceId ?? -1) ?? 'files',
          name: basename(f.localPath),
        })),
      );
      if (files.length === 1) return downloadLink(ctx.tickets, { path: files[0].path, name: files[0].name });
      files.sort((a, b) => a.folder.localeCompare(b.folder) || a.name.localeCompare(b.name));
      const name = `${safeFileName(account.name, 'files')}-${files.length}-files.zip`;
      return downloadLink(ctx.tickets, { name, entries: bundleEntries(files) });
    },
    'files:autoImport': ({ on }) => {
      setAutoImportOsf(ws, on);
      return null;
    },
    'reports:create': async ({ accountId, siteId, template, from, to, language }) => {
      const account = requireAccount(ws, accountId);
      const r = await reports.create(account, { siteId, template, from, to, language });
      return { reportId: r.reportId, path: r.path };
    },
  };
}
