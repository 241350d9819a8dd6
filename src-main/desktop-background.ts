/**
 * Background sync on the desktop: the tray, notifications, start at login and closing to the tray.
 * The decisions live in sync/background.ts, notices.ts and tray-state.ts; this file only hands them to Electron.
 */
import { app, Notification } from 'electron';
import type { Workspace } from './workspace';
import { downloadNotice, roundNotices, type Notice } from './notices';
import { say } from './model';
import type { Language } from './model/language';
import { accountById } from './store/catalog';
import { accountFailedRepeatedly, readBackgroundSettings, type BackgroundSettings } from './sync/background';
import type { AccountSyncResult } from './sync/engine';
import type { SyncScheduler } from './sync/scheduler';
import { createSyncTray } from './tray';
import { readTrayState } from './tray-state';

export interface DesktopBackground {
  afterRound(results: AccountSyncResult[]): void;
  /** Redraws the tray from the current state. */
  refresh(): void;
  applySettings(settings: BackgroundSettings): void;
  /** Whether closing the window hides it (syncing goes on) rather than quitting. */
  closesToTray(): boolean;
  destroy(): void;
}

/** Launched at login: the app starts in the tray, without its window. */
export const HIDDEN_ARG = '--hidden';

function notify(notice: Notice): void {
  if (Notification.isSupported()) new Notification({ title: notice.title, body: notice.body }).show();
}

export function startDesktopBackground(options: {
  ws: Workspace;
  scheduler: SyncScheduler;
  iconPath: string;
  showWindow: () => void;
  /** The reader's language: notifications and the tray follow it. */
  language: () => Language;
}): DesktopBackground {
  const { ws, scheduler, language } = options;
  const tray = createSyncTray(
    options.iconPath,
    { open: options.showWindow, syncNow: () => void scheduler.start(), quit: () => app.quit() },
    language,
  );
  const refresh = () => tray.update(readTrayState(ws.db, scheduler));
  const stopProgress = ws.events.on('sync:progress', refresh);
  // A change of language comes as a store change too.
  const stopChanges = ws.events.on('store:changed', refresh);
  const stopDownloads = ws.events.on('files:progress', (p) => {
    const account = accountById(ws.db, p.accountId)?.name ?? say({ key: 'notices.anAccount' }, language());
    const notice = downloadNotice(p, account, language());
    if (notice) notify(notice);
  });
  const applySettings = (settings: BackgroundSettings) =>
    app.setLoginItemSettings({ openAtLogin: settings.startAtLogin, openAsHidden: true, args: [HIDDEN_ARG] });
  applySettings(readBackgroundSettings(ws.db));
  refresh();
  return {
    afterRound(results) {
      for (const notice of roundNotices(results, (id) => accountFailedRepeatedly(ws.db, id), language()))
        notify(notice);
      refresh();
    },
    refresh,
    applySettings,
    closesToTray: () => readBackgroundSettings(ws.db).closeToTray,
    destroy() {
      stopProgress();
      stopChanges();
      stopDownloads();
      tray.destroy();
    },
  };
}
