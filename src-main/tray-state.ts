/** The tray's words for the sync state, apart from Electron's Tray so that it is tested without it. */
import { listAccounts } from './store/catalog';
import type { Db } from './store/db';
import { lastRun } from './store/status';
import type { SyncScheduler } from './sync/scheduler';
import type { LockHolder } from './workspace/lock';
import { say, type Message } from './model';
import type { Language } from './model/language';

export interface TrayState {
  /** Accounts syncing now ('*' = all). */
  running: string[];
  heldBy: LockHolder | null;
  /** Accounts whose last sync failed, by name. */
  failing: string[];
  /** When the last sync finished, ms; null if never. */
  lastSyncAt: number | null;
}

function trayMessage(state: TrayState, language: Language): Message {
  if (state.running.length > 0) return { key: 'tray.syncing' };
  if (state.heldBy)
    return {
      key: state.heldBy.kind === 'app' ? 'tray.heldByApp' : 'tray.heldByCommandLine',
      values: { pid: state.heldBy.pid },
    };
  if (state.failing.length > 0) return { key: 'tray.failed', values: { accounts: state.failing.join(', ') } };
  if (state.lastSyncAt === null) return { key: 'tray.notSynced' };
  const time = new Date(state.lastSyncAt).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' });
  return { key: 'tray.upToDate', values: { time } };
}

export function trayText(state: TrayState, language: Language): string {
  return say(trayMessage(state, language), language);
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
