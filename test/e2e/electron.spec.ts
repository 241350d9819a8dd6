/**
 * The real Electron window (where an Electron binary is installed): the page runs sandboxed, without
 * Node, with the contract's bridge only, cannot open windows or navigate away, and has the CSP.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { ROOT } from './helpers';

function electronBinary(): string | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const path = require('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

test.skip(
  binary === null,
  'The Electron binary is not installed (its download failed); the window options are unit-tested instead.',
);
test.skip(noDisplay, 'No display to open an Electron window on (set DISPLAY, e.g. under xvfb-run).');

test('the Electron window is sandboxed, isolated and locked to its page', async () => {
  const userData = mkdtempSync(join(tmpdir(), 'tributary-electron-'));
  const app = await electron.launch({
    executablePath: binary as string,
    args: [ROOT, `--user-data-dir=${userData}`],
  });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    const seen = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as { tributary?: object }).tributary ?? {}).sort(),
    }));
    expect(seen).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'on'] });
    const opened = await page.evaluate(() => window.open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
    const before = page.url();
    await page.evaluate(() => void (location.href = 'https://example.com/'));
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
    const inlineRan = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.head.append(s);
      return (window as { __inline?: number }).__inline === 1;
    });
    expect(inlineRan).toBe(false);
    const reply = await page.evaluate(() =>
      (globalThis as unknown as { tributary: { invoke(c: string, i: unknown): Promise<unknown> } }).tributary.invoke(
        'app:info',
        {},
      ),
    );
    expect(reply).toMatchObject({ ok: true, value: { mode: 'electron' } });
  } finally {
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  }
});
