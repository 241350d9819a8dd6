import { randomBytes, createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, statfs } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { HttpClient } from '../http/client';
import { OfflineError, VendorError } from '../http/errors';
import { sleep } from '../http/budget';
import type { Db } from '../store/db';
import { listFiles, localPathTaken, markFileDownloaded, setFileState, type FileRow } from '../store/files';
import type { FileCapability } from '../vendors/connector';
import { safeFileName, withSuffix } from './names';
import { transferToFile } from './transfer';
import { extractZipSafely } from './zip';

export interface DownloadProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the last few seconds. */
  speed: number;
  /** Seconds left at the current speed, when sizes are known. */
  eta: number | null;
  current: { fileId: number; name: string; bytes: number; size: number | null }[];
}

export interface DownloadJob {
  db: Db;
  http: HttpClient;
  files: FileCapability;
  /** The vendor's id of each file's source (device). */
  sourceRef: (file: FileRow) => string;
  /** The folder a file goes to. */
  folderFor: (file: FileRow) => string;
  fileIds: readonly number[];
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  now?: () => number;
}

export interface DownloadSummary {
  downloaded: FileRow[];
  failed: { file: FileRow; error: string }[];
  skipped: { file: FileRow; reason: string }[];
  bytes: number;
}

/** Files smaller than this are fetched several per request (one ZIP); larger ones alone, resumable. */
const BATCH_FILE_BYTES = 4 * 1024 * 1024;
const MAX_ATTEMPTS = 5;

export class DiskSpaceError extends Error {}

/** Refuses to start when the disk cannot hold the files (twice over for ZIP batches), with room to spare. */
export async function checkDiskSpace(folder: string, bytesNeeded: number): Promise<void> {
  await mkdir(folder, { recursive: true });
  const fs = await statfs(folder);
  const free = fs.bavail * fs.bsize;
  const needed = bytesNeeded + 64 * 1024 * 1024;
  if (free < needed)
    throw new DiskSpaceError(`Not enough disk space in ${folder}: the download needs about ${mb(needed)} and ${mb(free)} is free.`);
}

const mb = (n: number) => `${Math.ceil(n / 1048576).toLocaleString('en')} MB`;

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Gives a file a local path no other file has (two folders of a device can hold the same name). */
function claimPath(db: Db, file: FileRow, folder: string): string {
  const name = safeFileName(file.vendorName, `file-${file.id}`);
  const path = join(folder, name);
  return localPathTaken(db, path, file.id) ? join(folder, withSuffix(name, String(file.id))) : path;
}

/**
 * Downloads files: a few transfers in parallel (the account's request budget still paces them),
 * small files batched per request, each file through a resumable `.part`, sha256 recorded, state kept
 * in the files table so a quit or crash resumes where it stopped.
 */
export async function downloadFiles(job: DownloadJob): Promise<DownloadSummary> {
  const { db } = job;
  const now = job.now ?? Date.now;
  const summary: DownloadSummary = { downloaded: [], failed: [], skipped: [], bytes: 0 };
  const rows = listFiles(db, { ids: job.fileIds });
  const todo: FileRow[] = [];
  for (const f of rows) {
    if (f.state === 'downloaded') summary.skipped.push({ file: f, reason: 'already downloaded' });
    else if (f.vendorStatus === 0) summary.skipped.push({ file: f, reason: 'only on the device: request it from the device first' });
    else todo.push(f);
  }
  if (todo.length === 0) return summary;

  const bytesTotal = todo.reduce((n, f) => n + (f.size ?? 0), 0);
  const folders = [...new Set(todo.map(job.folderFor))];
  for (const folder of folders)
    await checkDiskSpace(folder, todo.filter((f) => job.folderFor(f) === folder).reduce((n, f) => n + 2 * (f.size ?? 0), 0));
  for (const f of todo) setFileState(db, f.id, 'queued', now());

  // Batches: per source, small files together up to the vendor's limit; everything else alone.
  const batches: FileRow[][] = [];
  const bySource = new Map<string, FileRow[]>();
  for (const f of todo) {
    if (f.size !== null && f.size <= BATCH_FILE_BYTES && job.files.maxNamesPerRequest > 1) {
      const key = `${job.sourceRef(f)}\u0000${job.folderFor(f)}`;
      bySource.set(key, [...(bySource.get(key) ?? []), f]);
    } else batches.push([f]);
  }
  for (const group of bySource.values())
    for (let i = 0; i < group.length; i += job.files.maxNamesPerRequest) batches.push(group.slice(i, i + job.files.maxNamesPerRequest));

  const progress = new Map<number, { fileId: number; name: string; bytes: number; size: number | null }>();
  let bytesDone = 0;
  let filesDone = 0;
  const samples: { t: number; bytes: number }[] = [];
  const report = () => {
    const live = [...progress.values()].reduce((n, p) => n + p.bytes, 0);
    const t = Date.now();
    samples.push({ t, bytes: bytesDone + live });
    while (samples.length > 2 && t - samples[0].t > 5000) samples.shift();
    const first = samples[0];
    const speed = t > first.t ? ((bytesDone + live - first.bytes) * 1000) / (t - first.t) : 0;
    const left = bytesTotal - bytesDone - live;
    job.onProgress?.({
      filesDone,
      filesTotal: todo.length,
      bytesDone: bytesDone + live,
      bytesTotal,
      speed,
      eta: speed > 0 && bytesTotal > 0 ? Math.max(0, left / speed) : null,
      current: [...progress.values()],
    });
  };

  const finishFile = (f: FileRow, path: string, sha: string, size: number) => {
    markFileDownloaded(db, f.id, path, sha, size, now());
    summary.downloaded.push({ ...f, state: 'downloaded', localPath: path, sha256: sha, size });
    summary.bytes += size;
    bytesDone += size;
    filesDone++;
    progress.delete(f.id);
    report();
  };

  const fetchSingle = async (f: FileRow) => {
    const folder = job.folderFor(f);
    const path = claimPath(db, f, folder);
    const request = await job.files.downloadRequest(job.sourceRef(f), [f.vendorName], job.signal);
    progress.set(f.id, { fileId: f.id, name: basename(path), bytes: 0, size: f.size });
    const result = await transferToFile(job.http, request, join(folder, `.tributary-${f.id}.part`), path, {
      signal: job.signal,
      maxBytes: f.size !== null ? f.size * 2 + 1_048_576 : undefined,
      onBytes: (bytes) => {
        const p = progress.get(f.id);
        if (p) p.bytes = bytes;
        report();
      },
    });
    finishFile(f, result.path, result.sha256, result.size);
  };

  const fetchBatch = async (batch: FileRow[]) => {
    const folder = job.folderFor(batch[0]);
    const request = await job.files.downloadRequest(job.sourceRef(batch[0]), batch.map((f) => f.vendorName), job.signal);
    const id = randomBytes(6).toString('hex');
    const zipPath = join(folder, `.tributary-batch-${id}.zip`);
    const scratch = await mkdtemp(join(folder, '.tributary-extract-'));
    try {
      await transferToFile(job.http, request, `${zipPath}.part`, zipPath, { signal: job.signal, maxBytes: 4 * batch.reduce((n, f) => n + (f.size ?? BATCH_FILE_BYTES), 0) + 1_048_576 });
      const entries = await extractZipSafely(zipPath, scratch, (name) => `${createHash('sha1').update(name).digest('hex')}.bin`);
      for (const f of batch) {
        const entry = entries.find((e) => e.entryName === f.vendorName) ?? entries.find((e) => basename(e.entryName) === basename(f.vendorName));
        if (!entry) {
          summary.failed.push({ file: f, error: 'The vendor did not include this file in the archive.' });
          setFileState(db, f.id, 'failed', now(), 'The vendor did not include this file in the archive.');
          continue;
        }
        const path = claimPath(db, f, folder);
        await rename(entry.path, path);
        finishFile(f, path, await sha256Of(path), entry.size);
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
      await rm(zipPath, { force: true });
    }
  };

  const run = async (batch: FileRow[]) => {
    for (const f of batch) setFileState(db, f.id, 'downloading', now());
    for (let attempt = 1; ; attempt++) {
      try {
        await (batch.length === 1 ? fetchSingle(batch[0]) : fetchBatch(batch));
        return;
      } catch (err) {
        if (job.signal?.aborted) {
          // Cancelled: back to the queue; a single file keeps its .part to resume.
          for (const f of batch) if (!summary.downloaded.some((d) => d.id === f.id)) setFileState(db, f.id, 'queued', now());
          throw err;
        }
        const retryable = err instanceof OfflineError || (err instanceof VendorError && (err.action === 'retry' || err.action === 'reauth')) || isNetworkError(err);
        if (!retryable || attempt >= MAX_ATTEMPTS) {
          const message = err instanceof Error ? err.message : String(err);
          for (const f of batch) {
            if (summary.downloaded.some((d) => d.id === f.id)) continue;
            summary.failed.push({ file: f, error: message });
            setFileState(db, f.id, 'failed', now(), message);
            progress.delete(f.id);
          }
          return;
        }
        await sleep(Math.min(30_000, 500 * 2 ** attempt), job.signal);
      }
    }
  };

  const queue = [...batches];
  const workers = Array.from({ length: Math.min(job.concurrency ?? 3, queue.length) }, async () => {
    for (let b = queue.shift(); b; b = queue.shift()) await run(b);
  });
  await Promise.all(workers);
  report();
  return summary;
}

function isNetworkError(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  return /^(ECONNRESET|EPIPE|ETIMEDOUT|UND_ERR_)/.test(code) || (err instanceof Error && err.message === 'aborted');
}
