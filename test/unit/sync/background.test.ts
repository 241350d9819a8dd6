import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { said, say } from '../../../src-main/model';
import { insertAccount, type AccountRow } from '../../../src-main/store/catalog';
import { openStore } from '../../../src-main/store/db';
import { finishRun, startRun } from '../../../src-main/store/status';
import {
  accountFailedRepeatedly,
  accountSchedules,
  accountsDue,
  failedRepeatedly,
  readBackgroundSettings,
  retentionWarning,
  retentionWarnings,
  writeBackgroundSettings,
} from '../../../src-main/sync/background';
import { vendorRetentionDays } from '../../../src-main/sync/retention';
import { tempDir } from '../../helpers/tmp';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-06T08:00:00Z');

function workspaceDb() {
  const db = openStore(join(tempDir(), 'tributary.sqlite'));
  const account = (id: string, vendor: AccountRow['vendor']): AccountRow => {
    const a: AccountRow = { id, vendor, name: `${vendor} ${id}`, baseUrl: 'http://x', options: {}, createdAt: 0 };
    insertAccount(db, a);
    return a;
  };
  const run = (accountId: string, startedAt: number, state: 'ok' | 'failed') =>
    finishRun(
      db,
      startRun(db, accountId, startedAt),
      { state, pointsAdded: 0, streamsFailed: 0, error: null },
      startedAt + 1000,
    );
  return { db, account, run };
}

describe('background sync settings', () => {
  it('default to closing to the tray, no start at login, every 15 minutes', () => {
    const { db, account } = workspaceDb();
    account('a', 'opti');
    expect(readBackgroundSettings(db)).toEqual({
      closeToTray: true,
      startAtLogin: false,
      intervalMinutes: 15,
      accountIntervals: {},
    });
  });

  it('keep what is saved, per account too, and forget an account interval set back to null', () => {
    const { db, account } = workspaceDb();
    account('a', 'opti');
    account('b', 'opensense');
    writeBackgroundSettings(db, {
      closeToTray: false,
      startAtLogin: true,
      intervalMinutes: 60,
      accountIntervals: { a: 5, b: 0 },
    });
    expect(readBackgroundSettings(db)).toEqual({
      closeToTray: false,
      startAtLogin: true,
      intervalMinutes: 60,
      accountIntervals: { a: 5, b: 0 },
    });
    writeBackgroundSettings(db, { accountIntervals: { a: null } });
    expect(readBackgroundSettings(db).accountIntervals).toEqual({ b: 0 });
  });
});

describe('which accounts a scheduled round syncs', () => {
  it('those never synced and those whose own interval has passed; never those on demand only', () => {
    const schedules = [
      { accountId: 'new', intervalMinutes: 15, lastStartedAt: null },
      { accountId: 'due', intervalMinutes: 15, lastStartedAt: NOW - 15 * 60_000 },
      { accountId: 'recent', intervalMinutes: 15, lastStartedAt: NOW - 14 * 60_000 },
      { accountId: 'manual', intervalMinutes: 0, lastStartedAt: null },
    ];
    expect(accountsDue(schedules, NOW)).toEqual(['new', 'due']);
  });

  it('reads each account interval, falling back to the default, and its last start', () => {
    const { db, account, run } = workspaceDb();
    account('a', 'opti');
    account('b', 'opensense');
    run('a', NOW - DAY, 'ok');
    writeBackgroundSettings(db, { accountIntervals: { b: 120 } });
    expect(accountSchedules(db).sort((x, y) => x.accountId.localeCompare(y.accountId))).toEqual([
      { accountId: 'a', intervalMinutes: 15, lastStartedAt: NOW - DAY },
      { accountId: 'b', intervalMinutes: 120, lastStartedAt: null },
    ]);
  });
});

describe('telling the user a sync keeps failing', () => {
  it('once, at the third failure in a row', () => {
    expect(failedRepeatedly(['failed', 'failed'])).toBe(false);
    expect(failedRepeatedly(['failed', 'failed', 'failed'])).toBe(true);
    expect(failedRepeatedly(['failed', 'failed', 'failed', 'ok'])).toBe(true);
    expect(failedRepeatedly(['failed', 'failed', 'failed', 'failed'])).toBe(false);
    expect(failedRepeatedly(['failed', 'failed', 'ok', 'failed'])).toBe(false);
  });

  it('from the runs stored', () => {
    const { db, account, run } = workspaceDb();
    account('a', 'opti');
    run('a', NOW - 4000_000, 'ok');
    for (let i = 3; i > 0; i--) run('a', NOW - i * 1000_000, 'failed');
    expect(accountFailedRepeatedly(db, 'a')).toBe(true);
  });
});

describe('the retention warning', () => {
  it('knows Opti keeps 3 days and the others keep everything', () => {
    expect(vendorRetentionDays('opti')).toBe(3);
    expect(vendorRetentionDays('opticloud')).toBeNull();
  });

  it('says nothing for a day, warns before the window closes, then says data is lost', () => {
    expect(retentionWarning('Opti', 3, NOW - 23 * 3_600_000, NOW)).toBeNull();
    const warning = retentionWarning('Opti', 3, NOW - 2 * DAY - 3_600_000, NOW);
    expect(warning?.lost).toBe(false);
    expect(warning && say(warning.message, 'en')).toBe(
      'Last synced 2 days ago; Opti keeps 3 days. Sync soon, or data will be lost.',
    );
    expect(warning && say(warning.message, 'de')).toBe(
      'Zuletzt vor 2 Tagen synchronisiert; Opti hält Daten 3 Tage lang. Synchronisieren Sie bald, sonst gehen Daten verloren.',
    );
    expect(retentionWarning('Opti', 3, NOW - 4 * DAY, NOW)?.lost).toBe(true);
    expect(retentionWarning('Opti', null, NOW - 40 * DAY, NOW)).toBeNull();
    expect(retentionWarning('Opti', 3, null, NOW)).toBeNull();
  });

  it('is given for the accounts that need it, from their last successful sync', () => {
    const { db, account, run } = workspaceDb();
    account('a', 'opti');
    account('b', 'opensense');
    account('c', 'opti');
    run('a', NOW - 2 * DAY, 'ok');
    run('a', NOW - DAY, 'failed');
    run('b', NOW - 30 * DAY, 'ok');
    run('c', NOW - 3_600_000, 'ok');
    expect(retentionWarnings(db, NOW)).toEqual([
      {
        accountId: 'a',
        accountName: 'opti a',
        lastSyncedAt: NOW - 2 * DAY,
        retentionDays: 3,
        lost: false,
        message: said('retention.soon', {
          synced: said('retention.syncedDaysAgo', { count: 2 }),
          vendor: 'Opti',
          count: 3,
        }),
      },
    ]);
  });
});
