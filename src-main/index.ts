/**
 * The Electron entry: the window, its hardening and the IPC wiring. No business logic lives here;
 * it is the same services as the CLI and browser mode.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import { join } from 'node:path';
import { createHandlers } from './api/handlers';
import { wireIpc } from './api/ipc';
import { openWorkspace } from './workspace';
import { createDemoService, hasDemoAccounts } from './demo';
import { createSyncScheduler } from './sync/scheduler';
import { applySessionPolicy, harden, rendererLocation, windowOptions } from './window';
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
  const scheduler = createSyncScheduler(ws);
  const demo = createDemoService(ws, (ids) => void scheduler.start(ids));
  const granted = new Set<string>();
  const handlers = createHandlers({
    ws,
    mode: 'electron',
    version,
    locale: app.getLocale(),
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
          filters: [{ name: 'OSF logger files', extensions: ['osf', 'osfz'] }],
        })
      ).filePaths,
    granted,
  });
  if (hasDemoAccounts(ws)) void demo.open();
  let window: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('web-contents-created', (_e, contents) => harden(contents));

  wireIpc(ipcMain, {
    handlers,
    events: ws.events,
    granted,
    rendererUrl: renderer.url,
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
        { role: 'help', submenu: [{ label: 'Open data folder', click: () => void shell.openPath(ws.dataDir) }] },
      ]),
    );
    window = new BrowserWindow(windowOptions(renderer.preload));
    window.once('ready-to-show', () => window?.show());
    void window.loadURL(renderer.url);
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    scheduler.stop();
    void demo.close();
    ws.close();
  });
}

start();
