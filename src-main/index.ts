/**
 * The Electron entry: the window, its hardening and the IPC wiring. No business logic lives here;
 * it is the same services as the CLI and browser mode.
 */
import { app, BrowserWindow, ipcMain, Menu, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHandlers, dispatch } from './api/handlers';
import { CONTENT_SECURITY_POLICY } from './api/web';
import { openWorkspace } from './api/workspace';
import { createDemoService, hasDemoAccounts } from './demo';
import { createSyncScheduler } from './sync/scheduler';
import { version } from '../package.json';

const rendererIndex = join(__dirname, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererIndex).toString();

/** The window options, exported so a test can assert every hardening flag. */
export function windowOptions(): Electron.BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 520,
    title: 'Tributary',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      webviewTag: false,
    },
  };
}

/** Only our own renderer page may call the API. */
export function isTrustedSender(frameUrl: string | undefined): boolean {
  return frameUrl === rendererUrl || (frameUrl?.startsWith(`${rendererUrl}#`) ?? false);
}

function harden(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function start(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const ws = openWorkspace(app.getPath('userData'));
  const scheduler = createSyncScheduler(ws);
  const demo = createDemoService(ws, (ids) => void scheduler.start(ids));
  const handlers = createHandlers({
    ws,
    mode: 'electron',
    version,
    scheduler,
    demo,
    revealPath: (path) => shell.showItemInFolder(path),
  });
  if (hasDemoAccounts(ws)) void demo.open();
  let window: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('web-contents-created', (_e, contents) => harden(contents));

  ipcMain.handle('tributary:invoke', (event, channel: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url)) return { ok: false, error: 'Untrusted sender.' };
    if (typeof channel !== 'string') return { ok: false, error: 'Invalid channel.' };
    return dispatch(handlers, channel, input);
  });
  ws.events.onAny((name, payload) => window?.webContents.send('tributary:event', name, payload));

  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
      });
    });
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
    window = new BrowserWindow(windowOptions());
    window.once('ready-to-show', () => window?.show());
    void window.loadURL(rendererUrl);
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    scheduler.stop();
    void demo.close();
    ws.close();
  });
}

start();
