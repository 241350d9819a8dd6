import type { Workspace } from '../workspace';
import type { AccountRow } from '../store/catalog';
import { SAME_FILE_THERE, type DownloadJobState, type DownloadProgress } from './queue';
import { downloadAccountFiles } from './service';

/**
 * The app's background downloads: one job per account at a time; files asked for while it runs join
 * the next round. Progress goes out as `files:progress` events, a few per second at most.
 */
export interface FileDownloads {
  /** Queues the files; resolves at once with how many are waiting in all. */
  start(account: AccountRow, fileIds: readonly number[]): { queued: number };
  /** Stops one account's job, or all; stopped files stay queued and resume later from their `.part`. */
  cancel(accountId?: string): void;
  running(): string[];
  /** Resolves when the account's job (every round of it) has ended: for tests and shutdown. */
  settled(accountId: string): Promise<void>;
}

interface Job {
  controller: AbortController;
  pending: Set<number>;
  done: Promise<void>;
}

export function createFileDownloads(
  ws: Workspace,
  options: { progressIntervalMs?: number; retryDelayMs?: number } = {},
): FileDownloads {
  const jobs = new Map<string, Job>();
  const interval = options.progressIntervalMs ?? 250;

  const emit = (accountId: string, state: DownloadJobState, p: DownloadProgress | null, message: string | null) =>
    ws.events.emit('files:progress', {
      accountId,
      state,
      message,
      filesDone: p?.filesDone ?? 0,
      filesTotal: p?.filesTotal ?? 0,
      bytesDone: p?.bytesDone ?? 0,
      bytesTotal: p?.bytesTotal ?? 0,
      speed: p?.speed ?? 0,
      eta: p?.eta ?? null,
      items: p?.items ?? [],
    });

  async function runRounds(account: AccountRow, job: Job): Promise<void> {
    while (job.pending.size > 0 && !job.controller.signal.aborted) {
      const fileIds = [...job.pending];
      job.pending.clear();
      let last: DownloadProgress | null = null;
      let lastSent = 0;
      try {
        const summary = await downloadAccountFiles(ws, account, {
          fileIds,
          signal: job.controller.signal,
          retryDelayMs: options.retryDelayMs,
          onProgress: (p) => {
            last = p;
            if (Date.now() - lastSent < interval) return;
            lastSent = Date.now();
            emit(account.id, 'running', p, null);
          },
        });
        const skipped = summary.skipped.filter(
          (s) => s.reason !== 'already downloaded' && s.reason !== SAME_FILE_THERE,
        );
        const notes = [
          summary.failed.length > 0 ? `${summary.failed.length} failed` : '',
          skipped.length > 0 ? `${skipped.length} skipped (${skipped[0].reason})` : '',
          summary.archiveNotes.length > 0 ? summary.archiveNotes.join(' ') : '',
          summary.imports.some((i) => i.error)
            ? `${summary.imports.filter((i) => i.error).length} could not be imported`
            : '',
        ].filter(Boolean);
        const state = summary.cancelled.length > 0 ? 'cancelled' : 'done';
        emit(account.id, state, last, notes.length > 0 ? notes.join('; ') : null);
      } catch (err) {
        emit(account.id, 'failed', last, err instanceof Error ? err.message : String(err));
        return;
      }
    }
  }

  return {
    start(account, fileIds) {
      const existing = jobs.get(account.id);
      if (existing && !existing.controller.signal.aborted) {
        for (const id of fileIds) existing.pending.add(id);
        return { queued: existing.pending.size };
      }
      const job: Job = { controller: new AbortController(), pending: new Set(fileIds), done: Promise.resolve() };
      jobs.set(account.id, job);
      const queued = job.pending.size;
      job.done = runRounds(account, job).finally(() => {
        if (jobs.get(account.id) === job) jobs.delete(account.id);
      });
      return { queued };
    },
    cancel(accountId) {
      for (const [id, job] of jobs) if (!accountId || id === accountId) job.controller.abort();
    },
    running: () => [...jobs.keys()],
    settled: (accountId) => jobs.get(accountId)?.done ?? Promise.resolve(),
  };
}
