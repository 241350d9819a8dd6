/** The tray's words for the sync state, apart from Electron's Tray so that it is tested without it. */
import { listAccounts } from './store/catalog';
import type { Db } from './store/db';
import { lastRun } from './store/status';
import type { SyncScheduler } from './sync/scheduler';
import type { LockHolder } from './workspace/lock';

export interface TrayState {
  /** Accounts syncing now ('*' = all). */
  running: string[];
  heldBy: LockHolder | null;
  /** Accounts whose last sync failed, by name. */
  failing: string[];
  /** When the last sync finished, ms; null if never. */
  lastSyncAt: number | null;
}

export function trayText(state: TrayState): string {
  if (state.running.length > 0) return 'Tributary: syncing…';
  if (state.heldBy) return `Tributary: synced by the ${state.heldBy.kind} (PID ${state.heldBy.pid})`;
  if (state.failing.length > 0) return `Tributary: sync failed for ${state.failing.join(', ')}`;
  if (state.lastSyncAt === null) return 'Tributary: not synced yet';
  return `Tributary: up to date (last sync ${new Date(state.lastSyncAt).toLocaleTimeString()})`;
}

/** The state now, from the workspace's last runs and the scheduler. */
export function readTrayState(db: Db, scheduler: Pick<SyncScheduler, 'running' | 'heldBy'>): TrayState {
  const runs = listAccounts(db).map((a) => ({ name: a.name, run: lastRun(db, a.id) }));
  const finished = runs.map((r) => r.run?.finishedAt ?? null).filter((t): t is number => t !== null);
  return {
    running: scheduler.running(),
    heldBy: scheduler.heldBy(),
    failing: runs.filter((r) => r.run?.state === 'failed').map((r) => r.name),
    lastSyncAt: finished.length > 0 ? Math.max(...finished) : null,
  };
}
