import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/api/web';
import { guardInvoke, isTrustedSender } from '../../src-main/api/ipc';
import { applySessionPolicy, harden, rendererLocation, windowOptions } from '../../src-main/window';

const MAIN_DIR = join('/opt', 'Tributary Beta', 'resources', 'app.asar', 'out', 'main');
const renderer = rendererLocation(MAIN_DIR);

/** A WebContents stand-in: events through an EventEmitter, the window-open handler kept for the test to call. */
function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (h: typeof openHandler) => void (openHandler = h),
  });
  return { contents: contents as unknown as WebContents, emitter, openHandler: () => openHandler };
}

function fireNavigation(emitter: EventEmitter, name: string, url: string) {
  const event = { preventDefault: vi.fn(), url };
  emitter.emit(name, event, url);
  return event.preventDefault;
}

describe('window options', () => {
  const prefs = windowOptions(renderer.preload).webPreferences ?? {};

  it('sandboxes the renderer and isolates its context, with no Node anywhere', () => {
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on, no insecure content, no experimental features, no webview tag', () => {
    expect(prefs).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('loads the built preload next to the built renderer', () => {
    expect(prefs.preload).toBe(join(MAIN_DIR, '..', 'preload', 'index.js'));
    expect(renderer.url).toBe(pathToFileURL(join(MAIN_DIR, '..', 'renderer', 'index.html')).toString());
    expect(renderer.url).toMatch(/^file:\/\/\/.*Tributary%20Beta.*\/out\/renderer\/index\.html$/);
  });
});

describe('IPC sender check', () => {
  it('accepts our renderer page and its in-page routes only', () => {
    expect(isTrustedSender(renderer.url, renderer.url)).toBe(true);
    expect(isTrustedSender(`${renderer.url}#/files`, renderer.url)).toBe(true);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['empty', ''],
    ['another web page', 'https://evil.example/'],
    ['a loopback page', 'http://127.0.0.1:5173/'],
    ['another local file', 'file:///tmp/evil.html'],
    ['a sibling file', renderer.url.replace('index.html', 'other.html')],
    ['a longer name', `${renderer.url}x`],
    ['a query string', `${renderer.url}?x=1`],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['about:blank', 'about:blank'],
  ])('refuses %s', (_what, url) => {
    expect(isTrustedSender(url, renderer.url)).toBe(false);
  });

  it('answers an untrusted sender or a non-text channel without running the call', async () => {
    const run = vi.fn(async () => ({ ok: true as const, value: 1 }));
    expect(await guardInvoke('https://evil.example/', renderer.url, 'app:info', run)).toEqual({
      ok: false,
      error: 'Untrusted sender.',
    });
    expect(await guardInvoke(undefined, renderer.url, 'app:info', run)).toEqual({
      ok: false,
      error: 'Untrusted sender.',
    });
    expect(await guardInvoke(renderer.url, renderer.url, { toString: () => 'app:info' }, run)).toEqual({
      ok: false,
      error: 'Invalid channel.',
    });
    expect(run).not.toHaveBeenCalled();
    expect(await guardInvoke(renderer.url, renderer.url, 'app:info', run)).toEqual({ ok: true, value: 1 });
    expect(run).toHaveBeenCalledWith('app:info');
  });
});

describe('web contents hardening', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'])('prevents %s', (name) => {
    const { contents, emitter } = fakeContents();
    harden(contents);
    expect(fireNavigation(emitter, name, 'https://evil.example/')).toHaveBeenCalledOnce();
    // Even to a file next to ours.
    expect(fireNavigation(emitter, name, renderer.url)).toHaveBeenCalledOnce();
  });

  it('denies every new window', () => {
    const { contents, openHandler } = fakeContents();
    harden(contents);
    const handler = openHandler();
    expect(handler).not.toBeNull();
    for (const url of ['https://evil.example/', renderer.url, 'file:///etc/passwd', 'javascript:alert(1)'])
      expect(handler?.({ url })).toEqual({ action: 'deny' });
  });
});

describe('session policy', () => {
  function fakeSession() {
    const captured: {
      request?: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void;
      check?: (...args: unknown[]) => boolean;
      device?: (...args: unknown[]) => boolean;
      headers?: (
        details: { responseHeaders?: Record<string, string[]> },
        cb: (r: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void;
    } = {};
    const session = {
      setPermissionRequestHandler: (h: typeof captured.request) => void (captured.request = h),
      setPermissionCheckHandler: (h: typeof captured.check) => void (captured.check = h),
      setDevicePermissionHandler: (h: typeof captured.device) => void (captured.device = h),
      webRequest: { onHeadersReceived: (h: typeof captured.headers) => void (captured.headers = h) },
    };
    applySessionPolicy(session as unknown as Session);
    return captured;
  }

  it('denies every permission request, check and device', () => {
    const s = fakeSession();
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fileSystem',
    ]) {
      const callback = vi.fn();
      s.request?.({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(s.check?.({}, permission, 'file://', {})).toBe(false);
    }
    expect(s.device?.({ deviceType: 'usb' })).toBe(false);
  });

  it('puts our CSP on every response, replacing one the response brought', () => {
    const s = fakeSession();
    let out: Record<string, string[]> | undefined;
    s.headers?.(
      {
        responseHeaders: { 'content-security-policy': ["default-src *; script-src 'unsafe-inline'"], 'X-Other': ['1'] },
      },
      (r) => void (out = r.responseHeaders),
    );
    expect(out).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('denies by default and allows only our own origin for code', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
  });

  it('has no unsafe-inline, unsafe-eval, wildcard or remote source', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|https?:|wasm-eval/);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });
});
