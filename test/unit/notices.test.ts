import { describe, expect, it } from 'vitest';
import { said, say } from '../../src-main/model';
import type { FilesProgress } from '../../src-main/model/events';
import { downloadNotice, roundNotices } from '../../src-main/notices';
import type { AccountSyncResult } from '../../src-main/sync/engine';
import { trayText } from '../../src-main/tray-state';

const result = (over: Partial<AccountSyncResult>): AccountSyncResult => ({
  accountId: 'a',
  accountName: 'Stormwater',
  state: 'ok',
  pointsAdded: 0,
  eventsAdded: 0,
  rejected: 0,
  failures: [],
  error: null,
  why: null,
  lost: [],
  metadataChanged: [],
  offline: false,
  ...over,
});

describe('desktop notifications', () => {
  it('a failed sync only once it has failed repeatedly', () => {
    const why = said('http.reason.credentialsRefused');
    const failed = result({ state: 'failed', error: say(why, 'en'), why });
    expect(roundNotices([failed], () => false, 'en')).toEqual([]);
    expect(roundNotices([failed], () => true, 'en')).toEqual([
      {
        title: 'Stormwater: sync keeps failing',
        body: 'The last 3 syncs failed: the vendor refused the credentials (401)',
      },
    ]);
    expect(roundNotices([result({})], () => true, 'en')).toEqual([]);
  });

  it('data lost for good, whatever the run state', () => {
    const lost = result({ lost: [{ key: 'opti/1', from: 0, to: 1 }] });
    expect(roundNotices([lost], () => false, 'en').map((n) => n.title)).toEqual(['Stormwater: data lost for good']);
  });

  it('in the reader’s language', () => {
    const failed = result({ state: 'failed', error: null, lost: [{ key: 'opti/1', from: 0, to: 1 }] });
    expect(roundNotices([failed], () => true, 'de')).toEqual([
      {
        title: 'Stormwater: Synchronisierung schlägt wiederholt fehl',
        body: 'Die letzten 3 Synchronisierungen sind fehlgeschlagen.',
      },
      {
        title: 'Stormwater: Daten endgültig verloren',
        body: 'Bei einem Datenstrom fehlt ein Zeitraum, den der Hersteller nicht mehr vorhält; er ist als Lücke markiert. Synchronisieren Sie öfter, um das zu vermeiden.',
      },
    ]);
  });

  it('a download when its job is done, not while it runs', () => {
    const p: FilesProgress = {
      accountId: 'a',
      state: 'running',
      filesDone: 3,
      filesTotal: 3,
      bytesDone: 2_500_000,
      bytesTotal: 2_500_000,
      speed: 0,
      eta: null,
      items: [],
      message: null,
    };
    expect(downloadNotice(p, 'Loggers', 'en')).toBeNull();
    expect(downloadNotice({ ...p, state: 'done' }, 'Loggers', 'en')).toEqual({
      title: 'Download finished',
      body: '3 files (2.5 MB) from Loggers.',
    });
    expect(downloadNotice({ ...p, state: 'done' }, 'Loggers', 'de')).toEqual({
      title: 'Download abgeschlossen',
      body: '3 Dateien (2,5 MB) von Loggers.',
    });
  });
});

describe('the tray text', () => {
  const idle = { running: [], heldBy: null, failing: [], lastSyncAt: null };
  it('says what sync is doing, who holds it, and what failed', () => {
    expect(trayText({ ...idle, running: ['*'] }, 'en')).toBe('Tributary: syncing…');
    const heldBy = { pid: 42, processStart: null, host: 'h', kind: 'command line', since: 0 } as const;
    expect(trayText({ ...idle, heldBy }, 'en')).toBe('Tributary: synced by the command line (PID 42)');
    expect(trayText({ ...idle, failing: ['Stormwater'] }, 'en')).toBe('Tributary: sync failed for Stormwater');
    expect(trayText(idle, 'en')).toBe('Tributary: not synced yet');
  });

  it('in the reader’s language', () => {
    expect(trayText({ ...idle, running: ['*'] }, 'de')).toBe('Tributary: synchronisiert…');
    expect(trayText({ ...idle, failing: ['Stormwater'] }, 'de')).toBe(
      'Tributary: Synchronisierung fehlgeschlagen für Stormwater',
    );
    expect(trayText({ ...idle, lastSyncAt: Date.UTC(2026, 11, 6, 7, 5) }, 'de')).toMatch(
      /^Tributary: aktuell \(zuletzt synchronisiert um \d\d:\d\d\)$/,
    );
  });
});
