import type { Workspace } from '../workspace';
import type { AccountRow } from '../store/catalog';
import { said, saidOf, type Message } from '../model';
import type { DownloadJobState, DownloadProgress } from './queue';
import { downloadAccountFiles, type AccountDownloadSummary } from './service';

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

  const emit = (accountId: string, state: DownloadJobState, p: DownloadProgress | null, message: Message | null) =>
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
        const state = summary.cancelled.length > 0 ? 'cancelled' : 'done';
        emit(account.id, state, last, roundNotes(summary));
      } catch (err) {
        emit(account.id, 'failed', last, saidOf(err));
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

/** What a round's end says beside its counts: failures, skips worth telling, archive notes, failed imports. */
function roundNotes(summary: AccountDownloadSummary): Message | null {
  const skipped = summary.skipped.filter(
    (s) => s.reason.key !== 'files.skip.downloaded' && s.reason.key !== 'files.skip.sameThere',
  );
  const notImported = summary.imports.filter((i) => i.error).length;
  const notes: Message[] = [
    ...(summary.failed.length > 0 ? [said('files.notes.failed', { count: summary.failed.length })] : []),
    ...(skipped.length > 0 ? [said('files.notes.skipped', { count: skipped.length, reason: skipped[0].reason })] : []),
    ...summary.archiveNotes,
    ...(notImported > 0 ? [said('files.notes.notImported', { count: notImported })] : []),
  ];
  return notes.reduceRight<Message | null>(
    (rest, first) => (rest ? said('files.notes.and', { first, rest }) : first),
    null,
  );
}
