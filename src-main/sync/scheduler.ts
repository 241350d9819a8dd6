import type { Workspace } from '../api/workspace';
import { readSetting, writeSetting } from '../store/catalog';
import { syncAccounts, type AccountSyncResult } from './engine';

/**
 * Runs syncs for the app: on demand, every N minutes while the app runs, and, when a vendor could not
 * be reached, again every minute until it answers (the offline state).
 */
export interface SyncScheduler {
  /** Starts a sync of the given accounts (all when omitted) unless one is already running for them. */
  start(accountIds?: string[]): Promise<AccountSyncResult[]>;
  cancel(): void;
  running(): string[];
  intervalMinutes(): number;
  setIntervalMinutes(minutes: number): void;
  /** Cancels and stops the timers; resolves once the running syncs have ended. */
  stop(): Promise<void>;
}

const OFFLINE_RETRY_MS = 60_000;
const SETTING = 'sync.intervalMinutes';

export function createSyncScheduler(ws: Workspace): SyncScheduler {
  const active = new Map<string, AbortController>();
  const runs = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | null = null;
  let retry: NodeJS.Timeout | null = null;

  const interval = () => Number(readSetting(ws.db, SETTING) ?? '0');

  const arm = () => {
    if (timer) clearInterval(timer);
    timer = null;
    const minutes = interval();
    if (minutes > 0) timer = setInterval(() => void scheduler.start(), minutes * 60_000);
    timer?.unref();
  };

  const scheduler: SyncScheduler = {
    async start(accountIds) {
      const controller = new AbortController();
      const ids = accountIds ?? null;
      const targets = (ids ?? ['*']).filter((id) => !active.has(id) && !active.has('*'));
      if (targets.length === 0) return [];
      for (const id of targets) active.set(id, controller);
      const run = syncAccounts(ws, ids, { signal: controller.signal });
      runs.add(run);
      try {
        const results = await run;
        const offline = results.filter((r) => r.offline);
        if (offline.length > 0 && !retry) {
          retry = setTimeout(() => {
            retry = null;
            void scheduler.start(offline.map((r) => r.accountId));
          }, OFFLINE_RETRY_MS);
          retry.unref();
        }
        return results;
      } finally {
        runs.delete(run);
        for (const id of targets) active.delete(id);
      }
    },
    cancel() {
      for (const c of active.values()) c.abort();
    },
    running: () => [...active.keys()],
    intervalMinutes: interval,
    setIntervalMinutes(minutes) {
      writeSetting(ws.db, SETTING, String(minutes));
      arm();
    },
    async stop() {
      scheduler.cancel();
      if (timer) clearInterval(timer);
      if (retry) clearTimeout(retry);
      await Promise.allSettled(runs);
    },
  };
  arm();
  return scheduler;
}
