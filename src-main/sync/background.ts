/**
 * Background sync: its settings (stored in the workspace's settings table) and the pure decisions the
 * scheduler, the tray and the notifications take from them, apart so that they are tested without Electron.
 */
import type { Db } from '../store/db';
import { listAccounts, readSetting, writeSetting } from '../store/catalog';
import { said, type Message, type RunState } from '../model';
import { lastRun, lastSuccessfulRunStart, runHistory } from '../store/status';
import { vendors } from '../vendors';
import { vendorRetentionDays } from './retention';

export interface BackgroundSettings {
  /** Closing the window hides it and syncing goes on (desktop). */
  closeToTray: boolean;
  startAtLogin: boolean;
  /** Minutes between syncs of an account without its own interval; 0 = only on demand. */
  intervalMinutes: number;
  /** Per account id: its own interval in minutes (0 = only on demand). */
  accountIntervals: Record<string, number>;
}

export const DEFAULT_INTERVAL_MINUTES = 15;
const KEY = {
  closeToTray: 'background.closeToTray',
  startAtLogin: 'background.startAtLogin',
  intervalMinutes: 'sync.intervalMinutes',
  accountInterval: (accountId: string) => `sync.intervalMinutes.${accountId}`,
};

const flag = (db: Db, key: string, fallback: boolean) => {
  const v = readSetting(db, key);
  return v === null ? fallback : v === 'true';
};

export function readBackgroundSettings(db: Db): BackgroundSettings {
  const accountIntervals: Record<string, number> = {};
  for (const a of listAccounts(db)) {
    const v = readSetting(db, KEY.accountInterval(a.id));
    if (v !== null) accountIntervals[a.id] = Number(v);
  }
  const interval = readSetting(db, KEY.intervalMinutes);
  return {
    closeToTray: flag(db, KEY.closeToTray, true),
    startAtLogin: flag(db, KEY.startAtLogin, false),
    intervalMinutes: interval === null ? DEFAULT_INTERVAL_MINUTES : Number(interval),
    accountIntervals,
  };
}

/** Saves what is given; an account interval of null goes back to the default interval. */
export function writeBackgroundSettings(
  db: Db,
  change: Partial<Omit<BackgroundSettings, 'accountIntervals'>> & { accountIntervals?: Record<string, number | null> },
): void {
  db.transaction(() => {
    if (change.closeToTray !== undefined) writeSetting(db, KEY.closeToTray, String(change.closeToTray));
    if (change.startAtLogin !== undefined) writeSetting(db, KEY.startAtLogin, String(change.startAtLogin));
    if (change.intervalMinutes !== undefined) writeSetting(db, KEY.intervalMinutes, String(change.intervalMinutes));
    for (const [id, minutes] of Object.entries(change.accountIntervals ?? {}))
      if (minutes === null) db.prepare('DELETE FROM settings WHERE key = ?').run(KEY.accountInterval(id));
      else writeSetting(db, KEY.accountInterval(id), String(minutes));
  })();
}

export interface AccountSchedule {
  accountId: string;
  intervalMinutes: number;
  /** When its last sync began (ms), whatever its outcome; null if never. */
  lastStartedAt: number | null;
}

/** Which accounts a scheduled round syncs now: those whose interval has passed since their last sync began. */
export function accountsDue(schedules: AccountSchedule[], now: number): string[] {
  return schedules
    .filter(
      (s) => s.intervalMinutes > 0 && (s.lastStartedAt === null || now - s.lastStartedAt >= s.intervalMinutes * 60_000),
    )
    .map((s) => s.accountId);
}

export function accountSchedules(db: Db): AccountSchedule[] {
  const settings = readBackgroundSettings(db);
  return listAccounts(db).map((a) => ({
    accountId: a.id,
    intervalMinutes: settings.accountIntervals[a.id] ?? settings.intervalMinutes,
    lastStartedAt: lastRun(db, a.id)?.startedAt ?? null,
  }));
}

/** Failed syncs in a row after which the user is told (once, not at every further failure). */
export const FAILURES_BEFORE_NOTICE = 3;

/** Whether the run just finished makes `FAILURES_BEFORE_NOTICE` failures in a row: newest first. */
export function failedRepeatedly(statesNewestFirst: RunState[]): boolean {
  const streak = statesNewestFirst.findIndex((s) => s !== 'failed');
  return (streak === -1 ? statesNewestFirst.length : streak) === FAILURES_BEFORE_NOTICE;
}

export function accountFailedRepeatedly(db: Db, accountId: string): boolean {
  return failedRepeatedly(runHistory(db, accountId, FAILURES_BEFORE_NOTICE + 1).map((r) => r.state));
}

const DAY_MS = 86_400_000;

export interface RetentionWarning {
  accountId: string;
  accountName: string;
  lastSyncedAt: number;
  retentionDays: number;
  /** True once data older than the vendor's window was never fetched: lost for good. */
  lost: boolean;
  message: Message;
}

/**
 * The warning for an account on a vendor that keeps `retentionDays`: from a third of its window
 * without a successful sync (a day for Opti's three), while there is time to act; null before.
 */
export function retentionWarning(
  vendorLabel: string,
  retentionDays: number | null,
  lastSyncedAt: number | null,
  now: number,
): Pick<RetentionWarning, 'lost' | 'message'> | null {
  if (retentionDays === null || lastSyncedAt === null) return null;
  const elapsed = now - lastSyncedAt;
  if (elapsed < (retentionDays * DAY_MS) / 3) return null;
  const days = Math.floor(elapsed / DAY_MS);
  const synced = days === 0 ? said('retention.syncedToday') : said('retention.syncedDaysAgo', { count: days });
  const lost = elapsed >= retentionDays * DAY_MS;
  return {
    lost,
    message: said(lost ? 'retention.lost' : 'retention.soon', { synced, vendor: vendorLabel, count: retentionDays }),
  };
}

export function retentionWarnings(db: Db, now: number): RetentionWarning[] {
  return listAccounts(db).flatMap((a) => {
    const lastSyncedAt = lastSuccessfulRunStart(db, a.id);
    const retentionDays = vendorRetentionDays(a.vendor);
    const w = retentionWarning(vendors[a.vendor].label, retentionDays, lastSyncedAt, now);
    return w && lastSyncedAt !== null && retentionDays !== null
      ? [{ accountId: a.id, accountName: a.name, lastSyncedAt, retentionDays, ...w }]
      : [];
  });
}
