import { mkdir, mkdtemp, readdir, rm, stat, statfs } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { HttpClient } from '../http/client';
import { isRetryable } from '../http/policy';
import { sleep } from '../http/budget';
import type { Db } from '../store/db';
import { listFiles, markFileDownloaded, setFileState, type FileRow } from '../store/files';
import { said, saidOf, say, UserError, type Message } from '../model';
import type { FileStatusWord } from '../model/capabilities';
import type { FileOperations } from '../vendors/connector';
import { runPool } from '../sync/pool';
import { safeFileName } from './names';
import { isOnServer } from './status';
import { placeWithoutOverwrite, receiveToPart, receiveWholeFile, sha256OfFile } from './transfer';
import { extractZipSafely, UnsafeArchiveError, type ZipExtraction } from './zip';
import type { DownloadItem, DownloadProgress } from '../model/events';

export type { DownloadItem, DownloadJobState, DownloadProgress } from '../model/events';

/** One file of a download job, as the queue panel shows it. */

export interface DownloadJob {
  db: Db;
  http: HttpClient;
  files: FileOperations;
  /** The vendor's storage states: a file only on its device is skipped. */
  statuses: readonly FileStatusWord[];
  /** The vendor's id of each file's source (device). */
  sourceRef: (file: FileRow) => string;
  /** The folder a file goes to, under its vendor name made safe; a file already there is never replaced. */
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
  /** `error` in English, for logs and tests; `why` the same for the reader's language. */
  failed: { file: FileRow; error: string; why: Message }[];
  skipped: { file: FileRow; reason: Message }[];
  /** Stopped by the signal: back in the queue, resumable. */
  cancelled: FileRow[];
  bytes: number;
  /** What was wrong with the ZIP batches: entries refused or ignored, archives fetched file by file instead. */
  archiveNotes: Message[];
}

/** Files smaller than this are fetched several per request (one ZIP); larger ones alone, resumable. */
const BATCH_FILE_BYTES = 4 * 1024 * 1024;
const MAX_ATTEMPTS = 5;

export class DiskSpaceError extends UserError {}

/** The folder itself, or the nearest of its parents that exists: where it will be created. */
async function existingAncestor(folder: string): Promise<string> {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (
      await stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      )
    )
      return dir;
    if (dirname(dir) === dir) return dir;
  }
}

/** Refuses to start when the disk cannot hold the files, with room to spare; creates nothing. */
export async function checkDiskSpace(folder: string, bytesNeeded: number): Promise<void> {
  const fs = await statfs(await existingAncestor(folder));
  const free = fs.bavail * fs.bsize;
  const needed = bytesNeeded + 64 * 1024 * 1024;
  if (free < needed) throw new DiskSpaceError('files.diskFull', { folder, needed: mb(needed), free: mb(free) });
}

/** Megabytes, rounded up; the message formats the number in the reader's language. */
const mb = (n: number) => Math.ceil(n / 1048576);

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

/** The counters behind the progress events: bytes and files settled, and a few recent samples for the speed. */
interface ProgressMeter {
  items: Map<number, DownloadItem>;
  filesTotal: number;
  bytesTotal: number;
  filesDone: number;
  bytesDone: number;
  samples: { t: number; bytes: number }[];
}

/** One download while it runs: its job, the answer so far, and what every step shares. */
interface DownloadRun {
  job: DownloadJob;
  now: () => number;
  summary: DownloadSummary;
  meter: ProgressMeter;
  /** Batches waiting for a worker; a broken ZIP batch comes back here file by file. */
  queue: FileRow[][];
}

/** Splits the asked-for files into those to fetch and those skipped (already here, or not on the server). */
function selectTodo(rows: FileRow[], statuses: DownloadJob['statuses'], summary: DownloadSummary): FileRow[] {
  const todo: FileRow[] = [];
  for (const f of rows) {
    if (f.state === 'downloaded') summary.skipped.push({ file: f, reason: said('files.skip.downloaded') });
    else if (!isOnServer(statuses, f.vendorStatus))
      summary.skipped.push({ file: f, reason: said('files.skip.deviceOnly') });
    else todo.push(f);
  }
  return todo;
}

/** Checks every target folder has room and clears the batch litter a killed run left in it. */
async function prepareFolders(todo: FileRow[], folderFor: DownloadJob['folderFor']): Promise<void> {
  const folders = new Map<string, number>();
  // Twice the size: a ZIP batch and its extracted files exist together for a moment.
  for (const f of todo) folders.set(folderFor(f), (folders.get(folderFor(f)) ?? 0) + 2 * (f.size ?? 0));
  for (const [folder, bytes] of folders) await checkDiskSpace(folder, bytes);
  for (const folder of folders.keys()) {
    await mkdir(folder, { recursive: true });
    await removeBatchLeftovers(folder);
  }
}

function createMeter(todo: FileRow[]): ProgressMeter {
  const item = (f: FileRow): DownloadItem => ({
    fileId: f.id,
    name: safeFileName(f.vendorName, `file-${f.id}`),
    state: 'queued',
    bytes: 0,
    size: f.size,
    error: null,
  });
  return {
    items: new Map(todo.map((f) => [f.id, item(f)])),
    filesTotal: todo.length,
    bytesTotal: todo.reduce((n, f) => n + (f.size ?? 0), 0),
    filesDone: 0,
    bytesDone: 0,
    samples: [],
  };
}

/** Sends a progress event: bytes of settled files plus those of transfers under way, speed over ~5 s. */
function reportProgress(run: DownloadRun): void {
  const m = run.meter;
  const live = [...m.items.values()].reduce((n, i) => n + (i.state === 'downloading' ? i.bytes : 0), 0);
  const t = Date.now();
  m.samples.push({ t, bytes: m.bytesDone + live });
  while (m.samples.length > 2 && t - m.samples[0].t > 5000) m.samples.shift();
  const first = m.samples[0];
  const speed = t > first.t ? ((m.bytesDone + live - first.bytes) * 1000) / (t - first.t) : 0;
  const left = Math.max(0, m.bytesTotal - m.bytesDone - live);
  run.job.onProgress?.({
    filesDone: m.filesDone,
    filesTotal: m.filesTotal,
    bytesDone: m.bytesDone + live,
    bytesTotal: m.bytesTotal,
    speed,
    eta: speed > 0 && m.bytesTotal > 0 ? left / speed : null,
    items: [...m.items.values()].map((i) => ({ ...i })),
  });
}

function setItem(run: DownloadRun, fileId: number, patch: Partial<DownloadItem>): void {
  const item = run.meter.items.get(fileId);
  if (item) Object.assign(item, patch);
}

/**
 * Puts a whole, verified file (`from`, in the target folder) at its vendor name made safe. A file
 * already there is never replaced: with the same content this one is skipped, with other content it
 * fails with the reason.
 */
async function landFile(run: DownloadRun, f: FileRow, from: string, sha: string, size: number): Promise<void> {
  const path = join(run.job.folderFor(f), safeFileName(f.vendorName, `file-${f.id}`));
  if (await placeWithoutOverwrite(from, path)) return finishFile(run, f, path, sha, size);
  await rm(from, { force: true });
  if ((await sha256OfFile(path)) !== sha) return failFile(run, f, said('files.differentThere', { path }));
  markFileDownloaded(run.job.db, f.id, path, sha, size, run.now());
  run.summary.skipped.push({
    file: { ...f, state: 'downloaded', localPath: path, sha256: sha, size },
    reason: said('files.skip.sameThere'),
  });
  settle(run, f.id, { state: 'downloaded', bytes: size, size, error: null, name: basename(path) }, size);
}

/** Counts a file as done in the progress. */
function settle(run: DownloadRun, fileId: number, item: Partial<DownloadItem>, size: number): void {
  run.meter.bytesDone += size;
  run.meter.filesDone++;
  setItem(run, fileId, item);
  reportProgress(run);
}

async function finishFile(run: DownloadRun, f: FileRow, path: string, sha: string, size: number): Promise<void> {
  markFileDownloaded(run.job.db, f.id, path, sha, size, run.now());
  const done: FileRow = { ...f, state: 'downloaded', localPath: path, sha256: sha, size };
  run.summary.downloaded.push(done);
  run.summary.bytes += size;
  settle(run, f.id, { state: 'downloaded', bytes: size, size, error: null, name: basename(path) }, size);
  await run.job.onDownloaded?.(done).catch(() => undefined);
}

function failFile(run: DownloadRun, f: FileRow, why: Message): void {
  const error = say(why, 'en');
  run.summary.failed.push({ file: f, error, why });
  setFileState(run.job.db, f.id, 'failed', run.now(), why);
  setItem(run, f.id, { state: 'failed', error: why, bytes: 0 });
  reportProgress(run);
}

/** Stopped by the signal: back in the queue, resumable (a single file keeps its .part). */
function cancelFiles(run: DownloadRun, files: FileRow[]): void {
  for (const f of files) {
    setFileState(run.job.db, f.id, 'queued', run.now());
    setItem(run, f.id, { state: 'cancelled' });
    run.summary.cancelled.push(f);
  }
}

const isSettled = (run: DownloadRun, f: FileRow) =>
  run.summary.downloaded.some((d) => d.id === f.id) ||
  run.summary.failed.some((d) => d.file.id === f.id) ||
  run.summary.skipped.some((d) => d.file.id === f.id);

/** One file alone, through its resumable `.part`. */
async function fetchSingle(run: DownloadRun, f: FileRow): Promise<void> {
  const { job } = run;
  const partPath = partPathFor(job.folderFor(f), f.id);
  const request = await job.files.downloadRequest(job.sourceRef(f), [f.vendorName], job.signal);
  setItem(run, f.id, { state: 'downloading' });
  const result = await receiveWholeFile(job.http, request, partPath, {
    signal: job.signal,
    maxBytes: f.size !== null ? f.size * 2 + 1_048_576 : undefined,
    expectedSize: f.size ?? undefined,
    onBytes: (bytes) => {
      setItem(run, f.id, { bytes });
      reportProgress(run);
    },
  });
  await landFile(run, f, partPath, result.sha256, result.size);
}

/**
 * Which archive entry is which requested file: the entry of its full name (without the leading `/`
 * a ZIP cannot hold), else one of its base name; each entry and each file matched once.
 */
function matchEntries(batch: FileRow[], entryNames: string[]): Map<string, FileRow> {
  const matched = new Map<string, FileRow>();
  const left = new Set(entryNames);
  const pick = (f: FileRow, fits: (name: string) => boolean) => {
    const name = [...left].find(fits);
    if (name === undefined) return false;
    left.delete(name);
    matched.set(name, f);
    return true;
  };
  const unmatched = batch.filter((f) => !pick(f, (n) => n === f.vendorName.replace(/^\/+/, '') || n === f.vendorName));
  for (const f of unmatched) pick(f, (n) => basename(n) === basename(f.vendorName));
  return matched;
}

const describeEntry = (e: ZipExtraction['refused'][number]) =>
  said(e.unasked ? 'files.archive.ignored' : 'files.archive.refused', { entry: e.entryName, reason: e.reason });

/**
 * Several small files of one device in one request: a ZIP whose requested entries are extracted
 * safely, each that verifies moved into place. An entry that is refused, or a file with no entry,
 * is fetched again alone; what was wrong is noted.
 */
async function fetchBatch(run: DownloadRun, batch: FileRow[]): Promise<void> {
  const { job } = run;
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
    for (const f of batch) setItem(run, f.id, { state: 'downloading', bytes: 0 });
    await rm(zipPath, { force: true }); // one a killed attempt left: never a prefix for this token's ZIP
    await receiveToPart(job.http, request, zipPath, {
      signal: job.signal,
      maxBytes: 4 * batch.reduce((n, f) => n + (f.size ?? BATCH_FILE_BYTES), 0) + 1_048_576,
      // The batch's bytes are shared out over its files, so the totals stay right.
      onBytes: (bytes) => {
        for (const f of batch)
          setItem(run, f.id, {
            bytes: batchSize > 0 ? Math.min(f.size ?? 0, Math.round(((f.size ?? 0) * bytes) / batchSize)) : 0,
          });
        reportProgress(run);
      },
    });
    let matched = new Map<string, FileRow>();
    const { extracted, refused } = await extractZipSafely(zipPath, scratch, (names) => {
      matched = matchEntries(batch, names);
      return new Map([...matched].map(([name, f]) => [name, `${f.id}.bin`]));
    });
    run.summary.archiveNotes.push(...refused.map(describeEntry));
    const landed = new Set<number>();
    for (const entry of extracted) {
      const f = matched.get(entry.entryName);
      if (!f) continue;
      await landFile(run, f, entry.path, entry.sha256, entry.size);
      landed.add(f.id);
    }
    fetchAlone(
      run,
      batch.filter((f) => !landed.has(f.id)),
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await rm(zipPath, { force: true });
  }
}

/** Files a batch did not deliver go back to the queue, each alone (resumable, no ZIP). */
function fetchAlone(run: DownloadRun, files: FileRow[]): void {
  for (const f of files) setItem(run, f.id, { state: 'queued', bytes: 0 });
  run.queue.push(...files.map((f) => [f]));
}

/** Fetches a batch with retries (the decision is `http/policy`'s); a broken ZIP goes back to the queue file by file. */
async function runBatch(run: DownloadRun, batch: FileRow[]): Promise<void> {
  const { job } = run;
  if (job.signal?.aborted) return cancelFiles(run, batch);
  for (const f of batch) setFileState(job.db, f.id, 'downloading', run.now());
  for (let attempt = 1; ; attempt++) {
    try {
      await (batch.length === 1 ? fetchSingle(run, batch[0]) : fetchBatch(run, batch));
      return;
    } catch (err) {
      const left = batch.filter((f) => !isSettled(run, f));
      if (job.signal?.aborted) return cancelFiles(run, left);
      if (batch.length > 1 && err instanceof UnsafeArchiveError) {
        // The archive cannot be trusted at all: its files one by one, each a plain download.
        run.summary.archiveNotes.push(said('files.archive.fetchedOneByOne', { why: err.said, count: left.length }));
        return fetchAlone(run, left);
      }
      // The link broke mid-ZIP: go on file by file, each resumable.
      if (batch.length > 1 && isRetryable(err)) return fetchAlone(run, left);
      if (!isRetryable(err) || attempt >= MAX_ATTEMPTS) {
        for (const f of left) failFile(run, f, saidOf(err));
        return;
      }
      const cancelled = await sleep(Math.min(30_000, (job.retryDelayMs ?? 500) * 2 ** (attempt - 1)), job.signal).then(
        () => false,
        () => true,
      );
      if (cancelled) return cancelFiles(run, left);
    }
  }
}

/**
 * Downloads files: a few transfers in parallel (the account's request budget still paces them),
 * small files batched per request (a ZIP, extracted safely), each single file through a resumable
 * `.part`, sha256 recorded, state kept in the files table so a quit or crash resumes where it stopped.
 * A batch whose transfer breaks is retried file by file, so a bad link never repeats a whole ZIP;
 * so is each file a batch did not deliver verified. A file already at its place is never replaced.
 */
export async function downloadFiles(job: DownloadJob): Promise<DownloadSummary> {
  const now = job.now ?? Date.now;
  const summary: DownloadSummary = {
    downloaded: [],
    failed: [],
    skipped: [],
    cancelled: [],
    bytes: 0,
    archiveNotes: [],
  };
  const todo = selectTodo(listFiles(job.db, { ids: job.fileIds }), job.statuses, summary);
  if (todo.length === 0) return summary;
  await prepareFolders(todo, job.folderFor);
  for (const f of todo) setFileState(job.db, f.id, 'queued', now());

  const run: DownloadRun = {
    job,
    now,
    summary,
    meter: createMeter(todo),
    queue: planBatches(todo, job),
  };
  await runPool(run.queue, job.concurrency ?? 3, (batch) => runBatch(run, batch));
  reportProgress(run);
  return summary;
}
