/**
 * The Electron entry: the window, its hardening and the IPC wiring. No business logic lives here;
 * it is the same services as the CLI and browser mode.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import { join } from 'node:path';
import type { Reader } from './api/context';
import { createHandlers, savedLanguage } from './api/handlers';
import { wireIpc } from './api/ipc';
import { openWorkspace } from './workspace';
import { createDemoService, hasDemoAccounts } from './demo';
import { HIDDEN_ARG, startDesktopBackground, type DesktopBackground } from './desktop-background';
import { createSyncScheduler } from './sync/scheduler';
import { applySessionPolicy, harden, rendererLocation, windowOptions } from './window';
import { say } from './model';
import { pickLanguage } from './model/language';
import { version } from '../package.json';

const renderer = rendererLocation(__dirname);

function start(): void {
  // Every renderer sandboxed, whatever options a future window forgets.
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const ws = openWorkspace(app.getPath('userData'));
  // Created once the app is ready; the scheduler reports to it from then on.
  let background: DesktopBackground | null = null;
  const scheduler = createSyncScheduler(ws, {
    scheduled: true,
    onRound: (results) => background?.afterRound(results),
    onHeldBy: () => background?.refresh(),
  });
  const demo = createDemoService(ws, (ids) => void scheduler.start(ids));
  const granted = new Set<string>();
  // Until the window reports the language it shows: the saved choice, else the OS's.
  const reader: Reader = { language: savedLanguage(ws) ?? pickLanguage([app.getLocale()]) };
  const language = () => reader.language;
  const handlers = createHandlers({
    ws,
    mode: 'electron',
    version,
    locale: app.getLocale(),
    reader,
    scheduler,
    demo,
    revealPath: (path) => shell.showItemInFolder(path),
    // A cancelled dialog gives an empty path and an empty list.
    saveFileAs: async (name) =>
      (await dialog.showSaveDialog({ defaultPath: join(app.getPath('downloads'), name) })).filePath || null,
    chooseFiles: async () =>
      (
        await dialog.showOpenDialog({
          properties: ['openFile', 'multiSelections'],
          filters: [{ name: say({ key: 'shell.osfFiles' }, reader.language), extensions: ['osf', 'osfz'] }],
        })
      ).filePaths,
    granted,
    onBackgroundSettings: (settings) => background?.applySettings(settings),
  });
  if (hasDemoAccounts(ws)) void demo.open();
  let window: BrowserWindow | null = null;
  let quitting = false;
  const showWindow = () => {
    if (window?.isMinimized()) window.restore();
    window?.show();
    window?.focus();
  };

  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  app.on('before-quit', () => (quitting = true));
  app.on('web-contents-created', (_e, contents) => harden(contents));

  wireIpc(ipcMain, {
    handlers,
    events: ws.events,
    granted,
    rendererUrl: renderer.url,
    language,
    target: () => window?.webContents,
  });

  void app.whenReady().then(() => {
    applySessionPolicy(session.defaultSession);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate([
        ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
        { role: 'fileMenu' },
        { role: 'editMenu' },
        { role: 'viewMenu' },
        { role: 'windowMenu' },
        {
          role: 'help',
          submenu: [
            {
              // Built once at start: the saved language, else the OS's.
              label: say({ key: 'shell.openDataFolder' }, reader.language),
              click: () => void shell.openPath(ws.dataDir),
            },
          ],
        },
      ]),
    );
    window = new BrowserWindow(windowOptions(renderer.preload));
    if (!process.argv.includes(HIDDEN_ARG)) window.once('ready-to-show', () => window?.show());
    // Closed to the tray, syncing goes on (a setting, on by default); Quit in the tray or menu ends it.
    window.on('close', (event) => {
      if (quitting || !background?.closesToTray()) return;
      event.preventDefault();
      window?.hide();
    });
    void window.loadURL(renderer.url);
    background = startDesktopBackground({
      ws,
      scheduler,
      iconPath: join(__dirname, '../../resources/icons/32x32.png'),
      showWindow,
      language,
    });
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    background?.destroy();
    void scheduler.stop();
    void demo.close();
    ws.close();
  });
}

start();
