/**
 * The window's security policy, apart from index.ts so that a test can load it without Electron:
 * window options, the sender check, navigation and window-open blocking, permissions and the CSP.
 * Imports only Electron *types*; nothing here runs on import.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from './api/web';
import type { Result } from './api/contract';

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

/** Only our own renderer page (any in-page route after `#`) may call the API: no query, no other file. */
export function isTrustedSender(frameUrl: string | null | undefined, rendererUrl: string): boolean {
  if (typeof frameUrl !== 'string') return false;
  return frameUrl === rendererUrl || frameUrl.startsWith(`${rendererUrl}#`);
}

/** The IPC entry: checks the sender and the channel's type, then hands over to the contract's dispatch. */
export function guardInvoke(
  frameUrl: string | null | undefined,
  rendererUrl: string,
  channel: unknown,
  run: (channel: string) => Promise<Result<unknown>>,
): Promise<Result<unknown>> | Result<unknown> {
  if (!isTrustedSender(frameUrl, rendererUrl)) return { ok: false, error: 'Untrusted sender.' };
  if (typeof channel !== 'string') return { ok: false, error: 'Invalid channel.' };
  return run(channel);
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
