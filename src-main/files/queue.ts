import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, stat, statfs } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { HttpClient } from '../http/client';
import { OfflineError, VendorError } from '../http/errors';
import { sleep } from '../http/budget';
import type { Db } from '../store/db';
import { listFiles, localPathTaken, markFileDownloaded, setFileState, type FileRow } from '../store/files';
import type { FileStatusWord } from '../model/capabilities';
import type { FileOperations } from '../vendors/connector';
import { safeFileName, withSuffix } from './names';
import { isOnServer } from './status';
import { receiveToPart, transferToFile } from './transfer';
import { extractZipSafely } from './zip';

export type ItemState = 'queued' | 'downloading' | 'downloaded' | 'failed' | 'cancelled';

/** One file of a download job, as the queue panel shows it. */
export interface DownloadItem {
  fileId: number;
  name: string;
  state: ItemState;
  /** Bytes of this file (or of the ZIP batch it travels in) received so far. */
  bytes: number;
  size: number | null;
  error: string | null;
}

export interface DownloadProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the last few seconds. */
  speed: number;
  /** Seconds left at the current speed, when sizes are known. */
  eta: number | null;
  items: DownloadItem[];
}

export interface DownloadJob {
  db: Db;
  http: HttpClient;
  files: FileOperations;
  /** The vendor's storage states: a file only on its device is skipped. */
  statuses: readonly FileStatusWord[];
  /** The vendor's id of each file's source (device). */
  sourceRef: (file: FileRow) => string;
  /** The folder a file goes to. */
  folderFor: (file: FileRow) => string;
  fileIds: readonly number[];
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Runs after each file landed (e.g. importing an OSF file); its failure does not fail the download. */
  onDownloaded?: (file: FileRow) => Promise<void>;
  now?: () => number;
  /** First backoff between attempts, ms (doubles per attempt). */
  retryDelayMs?: number;
}

export interface DownloadSummary {
  downloaded: FileRow[];
  failed: { file: FileRow; error: string }[];
  skipped: { file: FileRow; reason: string }[];
  /** Stopped by the signal: back in the queue, resumable. */
  cancelled: FileRow[];
  bytes: number;
}

/** Files smaller than this are fetched several per request (one ZIP); larger ones alone, resumable. */
const BATCH_FILE_BYTES = 4 * 1024 * 1024;
const MAX_ATTEMPTS = 5;

export class DiskSpaceError extends Error {}

/** Refuses to start when the disk cannot hold the files, with room to spare. */
export async function checkDiskSpace(folder: string, bytesNeeded: number): Promise<void> {
  await mkdir(folder, { recursive: true });
  const fs = await statfs(folder);
  const free = fs.bavail * fs.bsize;
  const needed = bytesNeeded + 64 * 1024 * 1024;
  if (free < needed)
    throw new DiskSpaceError(
      `Not enough disk space in ${folder}: the download needs about ${mb(needed)} and ${mb(free)} is free.`,
    );
}

const mb = (n: number) => `${Math.ceil(n / 1048576).toLocaleString('en')} MB`;

/** A ZIP batch and its scratch folder cannot be resumed (a new token makes a new ZIP): one a kill left behind is only litter. */
const BATCH_LEFTOVER = /^\.tributary-(batch-\d+\.zip\.part|extract-.+)$/;
/** Older than this, a batch leftover is nobody's: a live batch writes to it all the time. */
const BATCH_LEFTOVER_AGE_MS = 10 * 60_000;

async function removeBatchLeftovers(folder: string): Promise<void> {
  for (const name of await readdir(folder)) {
    if (!BATCH_LEFTOVER.test(name)) continue;
    const path = join(folder, name);
    const info = await stat(path).catch(() => null);
    if (info && Date.now() - info.mtimeMs > BATCH_LEFTOVER_AGE_MS) await rm(path, { recursive: true, force: true });
  }
}

/** Where a single file's bytes wait until complete: named by the file's id, so a restart finds it. */
export const partPathFor = (folder: string, fileId: number) => join(folder, `.tributary-${fileId}.part`);

/** Every file id goes through these groups once: small files of one device and folder together. */
function planBatches(todo: FileRow[], job: DownloadJob): FileRow[][] {
  const batches: FileRow[][] = [];
  const groups = new Map<string, FileRow[]>();
  for (const f of todo) {
    if (f.size !== null && f.size <= BATCH_FILE_BYTES && job.files.maxNamesPerRequest > 1) {
      const key = `${job.sourceRef(f)}\u0000${job.folderFor(f)}`;
      groups.set(key, [...(groups.get(key) ?? []), f]);
    } else batches.push([f]);
  }
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i += job.files.maxNamesPerRequest) {
      batches.push(group.slice(i, i + job.files.maxNamesPerRequest));
    }
  }
  return batches;
}

/** Failures worth another attempt: the link, the vendor's server, an expired session. */
function isRetryable(err: unknown): boolean {
  if (err instanceof OfflineError) return true;
  if (err instanceof VendorError) return err.action === 'retry' || err.action === 'reauth';
  const code = (err as { code?: string } | null)?.code ?? '';
  const name = (err as { name?: string } | null)?.name ?? '';
  // TimeoutError: the HTTP client's whole-request deadline ended a long body; the .part resumes it.
  return (
    /^(ECONNRESET|EPIPE|ETIMEDOUT|ECONNREFUSED|UND_ERR_)/.test(code) ||
    name === 'TimeoutError' ||
    (err instanceof Error && /^(aborted|terminated)$/.test(err.message))
  );
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Downloads files: a few transfers in parallel (the account's request budget still paces them),
 * small files batched per request (a ZIP, extracted safely), each single file through a resumable
 * `.part`, sha256 recorded, state kept in the files table so a quit or crash resumes where it stopped.
 * A batch whose transfer breaks is retried file by file, so a bad link never repeats a whole ZIP.
 */
export async function downloadFiles(job: DownloadJob): Promise<DownloadSummary> {
  const { db } = job;
  const now = job.now ?? Date.now;
  const summary: DownloadSummary = { downloaded: [], failed: [], skipped: [], cancelled: [], bytes: 0 };
  const rows = listFiles(db, { ids: job.fileIds });
  const todo: FileRow[] = [];
  for (const f of rows) {
    if (f.state === 'downloaded') summary.skipped.push({ file: f, reason: 'already downloaded' });
    else if (!isOnServer(job.statuses, f.vendorStatus))
      summary.skipped.push({ file: f, reason: 'only on the device: request it from the device first' });
    else todo.push(f);
  }
  if (todo.length === 0) return summary;

  const bytesTotal = todo.reduce((n, f) => n + (f.size ?? 0), 0);
  const folders = new Map<string, number>();
  // Twice the size: a ZIP batch and its extracted files exist together for a moment.
  for (const f of todo) folders.set(job.folderFor(f), (folders.get(job.folderFor(f)) ?? 0) + 2 * (f.size ?? 0));
  for (const [folder, bytes] of folders) {
    await checkDiskSpace(folder, bytes);
    await removeBatchLeftovers(folder);
  }
  for (const f of todo) setFileState(db, f.id, 'queued', now());

  const items = new Map<number, DownloadItem>(
    todo.map((f) => [
      f.id,
      {
        fileId: f.id,
        name: safeFileName(f.vendorName, `file-${f.id}`),
        state: 'queued',
        bytes: 0,
        size: f.size,
        error: null,
      },
    ]),
  );
  let bytesDone = 0;
  let filesDone = 0;
  const samples: { t: number; bytes: number }[] = [];
  const report = () => {
    const live = [...items.values()].reduce((n, i) => n + (i.state === 'downloading' ? i.bytes : 0), 0);
    const t = Date.now();
    samples.push({ t, bytes: bytesDone + live });
    while (samples.length > 2 && t - samples[0].t > 5000) samples.shift();
    const first = samples[0];
    const speed = t > first.t ? ((bytesDone + live - first.bytes) * 1000) / (t - first.t) : 0;
    const left = Math.max(0, bytesTotal - bytesDone - live);
    job.onProgress?.({
      filesDone,
      filesTotal: todo.length,
      bytesDone: bytesDone + live,
      bytesTotal,
      speed,
      eta: speed > 0 && bytesTotal > 0 ? left / speed : null,
      items: [...items.values()].map((i) => ({ ...i })),
    });
  };
  const setItem = (fileId: number, patch: Partial<DownloadItem>) => {
    const item = items.get(fileId);
    if (item) Object.assign(item, patch);
  };

  // Two files of the same name (two folders of a device, two devices into one --out folder) get two paths.
  const claimed = new Set<string>();
  const claimPath = (file: FileRow, folder: string): string => {
    const name = safeFileName(file.vendorName, `file-${file.id}`);
    let path = join(folder, name);
    if (claimed.has(path) || localPathTaken(db, path, file.id)) path = join(folder, withSuffix(name, String(file.id)));
    claimed.add(path);
    return path;
  };

  const finishFile = async (f: FileRow, path: string, sha: string, size: number) => {
    markFileDownloaded(db, f.id, path, sha, size, now());
    const done: FileRow = { ...f, state: 'downloaded', localPath: path, sha256: sha, size };
    summary.downloaded.push(done);
    summary.bytes += size;
    bytesDone += size;
    filesDone++;
    setItem(f.id, { state: 'downloaded', bytes: size, size, error: null, name: basename(path) });
    report();
    await job.onDownloaded?.(done).catch(() => undefined);
  };

  const fetchSingle = async (f: FileRow) => {
    const folder = job.folderFor(f);
    const path = claimPath(f, folder);
    const request = await job.files.downloadRequest(job.sourceRef(f), [f.vendorName], job.signal);
    setItem(f.id, { state: 'downloading', name: basename(path) });
    const result = await transferToFile(job.http, request, partPathFor(folder, f.id), path, {
      signal: job.signal,
      maxBytes: f.size !== null ? f.size * 2 + 1_048_576 : undefined,
      expectedSize: f.size ?? undefined,
      onBytes: (bytes) => {
        setItem(f.id, { bytes });
        report();
      },
    });
    await finishFile(f, result.path, result.sha256, result.size);
  };

  const fetchBatch = async (batch: FileRow[]) => {
    const folder = job.folderFor(batch[0]);
    const request = await job.files.downloadRequest(
      job.sourceRef(batch[0]),
      batch.map((f) => f.vendorName),
      job.signal,
    );
    // A ZIP is made per request: its bytes cannot be resumed under another token, so it never outlives the attempt.
    const zipPath = join(folder, `.tributary-batch-${batch[0].id}.zip.part`);
    const scratch = await mkdtemp(join(folder, '.tributary-extract-'));
    const batchSize = batch.reduce((n, f) => n + (f.size ?? 0), 0);
    try {
      for (const f of batch) setItem(f.id, { state: 'downloading', bytes: 0 });
      await rm(zipPath, { force: true }); // one a killed attempt left: never a prefix for this token's ZIP
      await receiveToPart(job.http, request, zipPath, {
        signal: job.signal,
        maxBytes: 4 * batch.reduce((n, f) => n + (f.size ?? BATCH_FILE_BYTES), 0) + 1_048_576,
        // The batch's bytes are shared out over its files, so the totals stay right.
        onBytes: (bytes) => {
          for (const f of batch)
            setItem(f.id, {
              bytes: batchSize > 0 ? Math.min(f.size ?? 0, Math.round(((f.size ?? 0) * bytes) / batchSize)) : 0,
            });
          report();
        },
      });
      const entries = await extractZipSafely(
        zipPath,
        scratch,
        (name) => `${createHash('sha1').update(name).digest('hex')}.bin`,
      );
      for (const f of batch) {
        const entry =
          entries.find((e) => e.entryName === f.vendorName.replace(/^\/+/, '') || e.entryName === f.vendorName) ??
          entries.find((e) => basename(e.entryName) === basename(f.vendorName));
        if (!entry) {
          fail(f, 'The vendor did not include this file in the archive.');
          continue;
        }
        const path = claimPath(f, folder);
        await rename(entry.path, path);
        await finishFile(f, path, entry.sha256, entry.size);
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
      await rm(zipPath, { force: true });
    }
  };

  const fail = (f: FileRow, error: string) => {
    summary.failed.push({ file: f, error });
    setFileState(db, f.id, 'failed', now(), error);
    setItem(f.id, { state: 'failed', error, bytes: 0 });
    report();
  };
  const isDone = (f: FileRow) =>
    summary.downloaded.some((d) => d.id === f.id) || summary.failed.some((d) => d.file.id === f.id);
  const cancel = (files: FileRow[]) => {
    for (const f of files) {
      setFileState(db, f.id, 'queued', now());
      setItem(f.id, { state: 'cancelled' });
      summary.cancelled.push(f);
    }
  };

  const queue = planBatches(todo, job);
  const run = async (batch: FileRow[]) => {
    for (const f of batch) setFileState(db, f.id, 'downloading', now());
    for (let attempt = 1; ; attempt++) {
      try {
        await (batch.length === 1 ? fetchSingle(batch[0]) : fetchBatch(batch));
        return;
      } catch (err) {
        const left = batch.filter((f) => !isDone(f));
        if (job.signal?.aborted) return cancel(left); // back to the queue; a single file keeps its .part to resume
        if (batch.length > 1 && isRetryable(err)) {
          // The link broke mid-ZIP: go on file by file, each resumable.
          for (const f of left) setItem(f.id, { state: 'queued', bytes: 0 });
          queue.push(...left.map((f) => [f]));
          return;
        }
        if (!isRetryable(err) || attempt >= MAX_ATTEMPTS) {
          for (const f of left) fail(f, messageOf(err));
          return;
        }
        const cancelled = await sleep(
          Math.min(30_000, (job.retryDelayMs ?? 500) * 2 ** (attempt - 1)),
          job.signal,
        ).then(
          () => false,
          () => true,
        );
        if (cancelled) return cancel(left);
      }
    }
  };

  const workers = Array.from({ length: Math.max(1, Math.min(job.concurrency ?? 3, queue.length)) }, async () => {
    for (let b = queue.shift(); b; b = queue.shift()) await (job.signal?.aborted ? cancel(b) : run(b));
  });
  await Promise.all(workers);
  report();
  return summary;
}
