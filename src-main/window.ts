/**
 * The window's security policy, apart from index.ts so that a test can load it without Electron:
 * window options, navigation and window-open blocking, permissions and the CSP (the sender check is
 * in api/ipc.ts).
 * Imports only Electron *types*; nothing here runs on import.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from './api/web';

/** Where the built renderer and preload sit, seen from the built main bundle's folder (out/main). */
export function rendererLocation(mainDir: string): { indexFile: string; url: string; preload: string } {
  const indexFile = join(mainDir, '../renderer/index.html');
  return { indexFile, url: pathToFileURL(indexFile).toString(), preload: join(mainDir, '../preload/index.js') };
}

export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 520,
    title: 'Tributary',
    show: false,
    webPreferences: {
      preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      webviewTag: false,
      safeDialogs: true,
    },
  };
}

/** Every web contents (windows, and any a bug might create): no navigation, no webviews, no new windows. */
export function harden(contents: WebContents): void {
  const refuse = (event: { preventDefault(): void }) => event.preventDefault();
  contents.on('will-navigate', refuse);
  contents.on('will-frame-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', refuse);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The session: every permission denied (camera, notifications, USB, …) and the CSP on every response. */
export function applySessionPolicy(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    // Ours replaces any CSP a response brings (header names in any case), never sits beside it.
    const kept = Object.entries(details.responseHeaders ?? {}).filter(
      ([name]) => name.toLowerCase() !== 'content-security-policy',
    );
    callback({
      responseHeaders: { ...Object.fromEntries(kept), 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}
