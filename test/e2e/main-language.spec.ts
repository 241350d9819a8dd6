import { execFileSync } from 'node:child_process';
import { expect, test, type Browser } from '@playwright/test';
import { CLI, ROOT, startServe, tempDataDir } from './helpers';

/**
 * Issue 20: what main writes follows the window's language. An account whose secret comes from an
 * environment variable that is not set shows main's credential state, in German in a German browser
 * and in English in an English one.
 */
test("the sidebar's credential state comes from main in the window's language", async ({ browser }) => {
  test.setTimeout(60_000);
  const data = tempDataDir();
  const add = ['account', 'add', '--vendor', 'opensense', '--name', 'Sensors', '--base-url', 'http://127.0.0.1:1'];
  execFileSync(process.execPath, [CLI, '--data-dir', data.dir, ...add], {
    cwd: ROOT,
    env: { ...process.env, TRIBUTARY_SECRET_SENSORS: JSON.stringify({ token: 'ua_live_x' }) },
  });
  const served = await startServe(data.dir, { env: { TRIBUTARY_SECRET_SENSORS: undefined } });
  const shot = async (b: Browser, locale: string, text: string, name: string) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await b.newContext({ locale, colorScheme, viewport: { width: 1200, height: 700 } });
      const page = await context.newPage();
      await page.goto(served.url);
      const state = page.locator('[data-credentials="none"]');
      await expect(state).toContainText(text);
      await page.screenshot({ path: `test-results/screenshots/main-language-${name}-${colorScheme}.png` });
      await context.close();
    }
  };
  try {
    await shot(browser, 'de-DE', 'keine Zugangsdaten', 'de');
    await shot(browser, 'en-US', 'no credentials', 'en');
  } finally {
    await served.stop();
    data.remove();
  }
});
