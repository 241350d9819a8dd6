import { join } from 'node:path';
import type { Workspace } from '../workspace';
import { listSources, readSetting, writeSetting, type AccountRow, type SourceRow } from '../store/catalog';
import { listFiles, setFileState, upsertRemoteFiles, type FileRow } from '../store/files';
import { importOsfFile } from '../osf/import';
import { saidOf, UserError, type Message } from '../model';
import type { FileStatusWord } from '../model/capabilities';
import { capabilitiesOf, openConnector, vendors } from '../vendors';
import type { FileOperations } from '../vendors/connector';
import { downloadFiles, type DownloadProgress, type DownloadSummary } from './queue';
import { safeFileName } from './names';
import { isOnServer, statusWord } from './status';

/** The storage states of the account's vendor, in its words (none when its files have no status). */
export function fileStatuses(account: AccountRow): FileStatusWord[] {
  return capabilitiesOf(account.vendor).files?.statuses ?? [];
}

/** A file's storage state in a sentence ("only on the device"). */
export function fileStatusText(account: AccountRow, status: number | null): string {
  if (status === null) return 'on the server';
  return statusWord(fileStatuses(account), status)?.long ?? `status ${status}`;
}

/** The file can be downloaded now (not waiting on its device). */
export function fileOnServer(account: AccountRow, file: FileRow): boolean {
  return isOnServer(fileStatuses(account), file.vendorStatus);
}

export class NoFilesError extends UserError {}

const vendorLabel = (account: AccountRow) => vendors[account.vendor].label;

/** Lists reach this far into the future: a device's clock may run ahead. */
const LIST_AHEAD_MS = 86_400_000;

function withFiles<T>(
  ws: Workspace,
  account: AccountRow,
  run: (files: FileOperations, sources: SourceRow[], http: ReturnType<typeof openConnector>['http']) => Promise<T>,
): Promise<T> {
  const secret = ws.vault.read(account);
  if (!secret) throw new NoFilesError('accounts.noSecret', { name: account.name });
  const { connector, http } = openConnector(account, secret, { now: ws.now });
  if (!connector.files) throw new NoFilesError('files.noFiles', { vendor: vendorLabel(account) });
  const files = connector.files;
  // Devices are the account's top-level sources; a sync discovers them.
  const sources = listSources(ws.db, account.id).filter((s) => s.parentId === null);
  return run(files, sources, http).finally(() => http.close());
}

export interface FileListRefresh {
  files: FileRow[];
  /** Devices whose list could not be read; the others were refreshed. */
  problems: { sourceId: number; device: string; message: string }[];
}

/** Asks the vendor for every device's files (both lists, merged) and merges them into the local list. */
export async function refreshFileList(
  ws: Workspace,
  account: AccountRow,
  signal?: AbortSignal,
): Promise<FileListRefresh> {
  const statuses = fileStatuses(account);
  return withFiles(ws, account, async (files, sources) => {
    if (sources.length === 0) throw new NoFilesError('files.nothingKnown', { name: account.name });
    const problems: FileListRefresh['problems'] = [];
    for (const source of sources) {
      try {
        const remote = await files.list(source.vendorRef, 0, ws.now() + LIST_AHEAD_MS, signal);
        upsertRemoteFiles(
          ws.db,
          account.id,
          source.id,
          remote.map((f) => ({
            vendorName: f.name,
            size: f.size,
            vendorStatus: f.status,
            startTs: f.startTs,
            endTs: f.endTs,
            requested: statusWord(statuses, f.status)?.requested,
            deviceOnly: statusWord(statuses, f.status)?.deviceOnly,
          })),
          ws.now(),
        );
      } catch (err) {
        signal?.throwIfAborted();
        problems.push({
          sourceId: source.id,
          device: source.name,
          message: err instanceof Error ? err.message : String(err),
        });
      }
    }
    if (problems.length === sources.length) throw new NoFilesError('files.noList', { why: problems[0].message });
    ws.events.emit('store:changed', { reason: 'file list' });
    return { files: listFiles(ws.db, { accountId: account.id }), problems };
  });
}

/**
 * Queues LIST_FILES for a device: it runs when the device next connects, after which its files in
 * [fromMs, toMs) show as requested, then as on the server. Marks the matching device-only files requested.
 */
export async function requestFilesFromDevice(
  ws: Workspace,
  account: AccountRow,
  sourceId: number,
  fromMs: number,
  toMs: number,
  signal?: AbortSignal,
): Promise<FileRow[]> {
  return withFiles(ws, account, async (files, sources) => {
    const source = sources.find((s) => s.id === sourceId);
    if (!source) throw new NoFilesError('files.noDevice');
    if (!files.requestFromDevice) throw new NoFilesError('files.noDeviceFiles', { vendor: vendorLabel(account) });
    await files.requestFromDevice(source.vendorRef, fromMs, toMs, signal);
    const statuses = fileStatuses(account);
    const pending = listFiles(ws.db, { accountId: account.id, sourceId, from: fromMs * 1000, to: toMs * 1000 }).filter(
      (f) => statusWord(statuses, f.vendorStatus)?.deviceOnly === true && f.state === 'remote',
    );
    for (const f of pending) setFileState(ws.db, f.id, 'requested', ws.now());
    ws.events.emit('store:changed', { reason: 'files requested' });
    return listFiles(ws.db, { ids: pending.map((f) => f.id) });
  });
}

/** A source's own folder under `root`: its name made safe, so same-name files of two devices never meet. */
export const sourceFolder = (root: string, source: SourceRow | undefined): string =>
  join(root, safeFileName(source?.name ?? 'files', 'files'));

/** The app's own downloads folder for an account's device. */
export function appDownloadFolder(ws: Workspace, account: AccountRow, source: SourceRow | undefined): string {
  return sourceFolder(join(ws.dataDir, 'downloads', safeFileName(account.name, account.id)), source);
}

const AUTO_IMPORT_SETTING = 'files.autoImportOsf';

/** Whether downloaded OSF files are imported at once (default on). */
export function autoImportOsf(ws: Workspace): boolean {
  return readSetting(ws.db, AUTO_IMPORT_SETTING) !== 'off';
}

export function setAutoImportOsf(ws: Workspace, on: boolean): void {
  writeSetting(ws.db, AUTO_IMPORT_SETTING, on ? 'on' : 'off');
}

const OSF_FILE = /\.osfz?$/i;

export interface DownloadRequest {
  fileIds: number[];
  /** Put each device's files in a folder of its own under this one (the CLI's --out); default: the app's downloads folder. */
  outDir?: string;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Import `.osf`/`.osfz` files once downloaded; default: the `files.autoImportOsf` setting. */
  importOsf?: boolean;
  concurrency?: number;
  retryDelayMs?: number;
}

export interface AccountDownloadSummary extends DownloadSummary {
  imports: { fileId: number; pointsAdded: number; error: Message | null }[];
}

export async function downloadAccountFiles(
  ws: Workspace,
  account: AccountRow,
  request: DownloadRequest,
): Promise<AccountDownloadSummary> {
  const importOsf = request.importOsf ?? autoImportOsf(ws);
  const imports: AccountDownloadSummary['imports'] = [];
  return withFiles(ws, account, async (files, _devices, http) => {
    const sources = new Map(listSources(ws.db, account.id).map((s) => [s.id, s]));
    const deviceRef = (f: FileRow) => sources.get(f.sourceId ?? -1)?.vendorRef ?? '';
    const summary = await downloadFiles({
      db: ws.db,
      http,
      files,
      statuses: fileStatuses(account),
      fileIds: request.fileIds,
      sourceRef: deviceRef,
      folderFor: (f) => {
        const source = sources.get(f.sourceId ?? -1);
        return request.outDir ? sourceFolder(request.outDir, source) : appDownloadFolder(ws, account, source);
      },
      signal: request.signal,
      onProgress: request.onProgress,
      concurrency: request.concurrency,
      retryDelayMs: request.retryDelayMs,
      now: ws.now,
      onDownloaded: async (f) => {
        if (!importOsf || !f.localPath || !OSF_FILE.test(f.localPath)) return;
        try {
          const r = await importOsfFile(ws.db, f.localPath, {
            accountId: account.id,
            deviceId: deviceRef(f),
            now: ws.now,
          });
          imports.push({ fileId: f.id, pointsAdded: r.pointsAdded, error: null });
        } catch (err) {
          imports.push({ fileId: f.id, pointsAdded: 0, error: saidOf(err) });
        }
      },
    });
    ws.events.emit('store:changed', { reason: 'files downloaded' });
    return { ...summary, imports };
  });
}
