import type { Workspace } from '../workspace';
import { acquireSyncLock, currentHolder, type LockHolder, type SyncLock } from '../workspace/lock';
import { accountSchedules, accountsDue, readBackgroundSettings, writeBackgroundSettings } from './background';
import { syncAccounts, type AccountSyncResult } from './engine';

/**
 * Runs syncs for the app: on demand, and each account when its interval (15 minutes by default) has
 * passed, while the app runs; when a vendor could not be reached, again every minute until it
 * answers (the offline state). Each round takes the workspace's sync lock; while another process
 * (a `tributary sync`) holds it, the round is skipped, the holder is shown, and the next tick tries again.
 */
export interface SyncScheduler {
  /** Starts a sync of the given accounts (all when omitted) unless one is already running for them. */
  start(accountIds?: string[]): Promise<AccountSyncResult[]>;
  cancel(): void;
  running(): string[];
  /** The other process syncing this workspace now (a `tributary sync`); null when none. */
  heldBy(): LockHolder | null;
  intervalMinutes(): number;
  setIntervalMinutes(minutes: number): void;
  /** Cancels and stops the timers; resolves once the running syncs have ended. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** Runs the schedule (the app and browser mode); without it, syncs run only on demand (tests, tools). */
  scheduled?: boolean;
  /** After each round that ran, with its results (notifications, the tray). */
  onRound?: (results: AccountSyncResult[]) => void;
  /** When the lock holder changes (null: free again or ours). */
  onHeldBy?: (holder: LockHolder | null) => void;
}

/** How often the schedule looks for accounts that are due, and retries a workspace held elsewhere. */
const TICK_MS = 60_000;

export function createSyncScheduler(ws: Workspace, options: SchedulerOptions = {}): SyncScheduler {
  const active = new Map<string, AbortController>();
  const runs = new Set<Promise<unknown>>();
  let offline = new Set<string>();
  // The holder last reported to onHeldBy.
  let reportedHolder: LockHolder | null = null;
  // One lock for all of this process's concurrent rounds: taken by the first, released by the last.
  let lock: Promise<SyncLock | null> | null = null;
  let rounds = 0;

  const setHeldBy = (holder: LockHolder | null) => {
    if (reportedHolder?.pid === holder?.pid) return;
    reportedHolder = holder;
    options.onHeldBy?.(holder);
  };

  const takeLock = async (): Promise<SyncLock | null> => {
    lock ??= acquireSyncLock(ws.dataDir, 'app').then((taken) => {
      setHeldBy('heldBy' in taken ? taken.heldBy : null);
      return 'lock' in taken ? taken.lock : null;
    });
    const taken = await lock;
    if (taken) rounds++;
    else lock = null;
    return taken;
  };
  const dropLock = (taken: SyncLock) => {
    if (--rounds > 0) return;
    lock = null;
    taken.release();
  };

  const tick = () => {
    // The holder may have finished (or begun) since the last look: the tray follows.
    if (rounds === 0) setHeldBy(currentHolder(ws.dataDir));
    const due = new Set([...accountsDue(accountSchedules(ws.db), ws.now()), ...offline]);
    if (due.size > 0) void scheduler.start([...due]);
  };
  const timer = options.scheduled ? setInterval(tick, TICK_MS) : null;
  timer?.unref();

  const scheduler: SyncScheduler = {
    async start(accountIds) {
      const controller = new AbortController();
      const ids = accountIds ?? null;
      const targets = (ids ?? ['*']).filter((id) => !active.has(id) && !active.has('*'));
      if (targets.length === 0) return [];
      for (const id of targets) active.set(id, controller);
      const run = (async () => {
        const taken = await takeLock();
        if (!taken) return [];
        try {
          const results = await syncAccounts(ws, ids, { signal: controller.signal });
          const nowOffline = new Set(results.filter((r) => r.offline).map((r) => r.accountId));
          offline = new Set(
            [...offline].filter((id) => !results.some((r) => r.accountId === id)).concat(...nowOffline),
          );
          options.onRound?.(results);
          return results;
        } finally {
          dropLock(taken);
        }
      })();
      runs.add(run);
      try {
        return await run;
      } finally {
        runs.delete(run);
        for (const id of targets) active.delete(id);
      }
    },
    cancel() {
      for (const c of active.values()) c.abort();
    },
    running: () => [...active.keys()],
    heldBy: () => (rounds > 0 ? null : currentHolder(ws.dataDir)),
    intervalMinutes: () => readBackgroundSettings(ws.db).intervalMinutes,
    setIntervalMinutes(minutes) {
      writeBackgroundSettings(ws.db, { intervalMinutes: minutes });
    },
    async stop() {
      scheduler.cancel();
      if (timer) clearInterval(timer);
      await Promise.allSettled(runs);
    },
  };
  return scheduler;
}
