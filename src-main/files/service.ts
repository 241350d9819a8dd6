import { join } from 'node:path';
import type { Workspace } from '../api/workspace';
import { listSources, type AccountRow, type SourceRow } from '../store/catalog';
import { listFiles, upsertRemoteFiles, type FileRow } from '../store/files';
import { openConnector } from '../vendors';
import type { FileCapability } from '../vendors/connector';
import { downloadFiles, type DownloadProgress, type DownloadSummary } from './queue';
import { safeFileName } from './names';

/** optiCLOUD's storage statuses in words. */
export const FILE_STATUS_WORDS: Record<number, string> = {
  0: 'only on the device',
  1: 'requested from the device',
  2: 'only on the server',
  3: 'on the device and the server',
};

export class NoFilesError extends Error {}

function withFiles<T>(ws: Workspace, account: AccountRow, run: (files: FileCapability, sources: SourceRow[], http: ReturnType<typeof openConnector>['http']) => Promise<T>): Promise<T> {
  const secret = ws.vault.read(account.id, account.name);
  if (!secret) throw new NoFilesError(`No credentials are stored for "${account.name}".`);
  const { connector, http } = openConnector(account, secret, { now: ws.now });
  if (!connector.files) throw new NoFilesError(`${account.vendor} accounts have no logger files.`);
  const files = connector.files;
  // Devices are the account's top-level sources; a sync discovers them.
  const sources = listSources(ws.db, account.id).filter((s) => s.parentId === null);
  return run(files, sources, http).finally(() => http.close());
}

/** Asks the vendor for every device's files and merges them into the local list. */
export async function refreshFileList(ws: Workspace, account: AccountRow, signal?: AbortSignal): Promise<FileRow[]> {
  return withFiles(ws, account, async (files, sources) => {
    if (sources.length === 0) throw new NoFilesError(`No devices known for "${account.name}" yet: run a sync first.`);
    for (const source of sources) {
      const remote = await files.list(source.vendorRef, 0, ws.now() + 86_400_000, signal);
      upsertRemoteFiles(
        ws.db,
        account.id,
        source.id,
        remote.map((f) => ({ vendorName: f.name, size: f.size, vendorStatus: f.status, startTs: f.startTs, endTs: f.endTs })),
        ws.now(),
      );
    }
    ws.events.emit('store:changed', { reason: 'file list' });
    return listFiles(ws.db, { accountId: account.id });
  });
}

/** The app's own downloads folder for an account's device. */
export function appDownloadFolder(ws: Workspace, account: AccountRow, source: SourceRow | undefined): string {
  return join(ws.dataDir, 'downloads', safeFileName(account.name, account.id), safeFileName(source?.name ?? 'files', 'files'));
}

export interface DownloadRequest {
  fileIds: number[];
  /** Put every file directly in this folder (the CLI's --out); default: the app's downloads folder per device. */
  outDir?: string;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
}

export async function downloadAccountFiles(ws: Workspace, account: AccountRow, request: DownloadRequest): Promise<DownloadSummary> {
  return withFiles(ws, account, async (files, _devices, http) => {
    const sources = new Map(listSources(ws.db, account.id).map((s) => [s.id, s]));
    const summary = await downloadFiles({
      db: ws.db,
      http,
      files,
      fileIds: request.fileIds,
      sourceRef: (f) => sources.get(f.sourceId ?? -1)?.vendorRef ?? '',
      folderFor: (f) => request.outDir ?? appDownloadFolder(ws, account, sources.get(f.sourceId ?? -1)),
      signal: request.signal,
      onProgress: request.onProgress,
      now: ws.now,
    });
    ws.events.emit('store:changed', { reason: 'files downloaded' });
    return summary;
  });
}
