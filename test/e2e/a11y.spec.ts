/**
 * Accessibility and languages end to end (issue 20): axe on every screen in light and dark, English
 * and German, with zero serious or critical violations; German screenshots of each screen; and one
 * journey done with the keyboard alone. One server and one set of simulators for the whole file.
 */
import AxeBuilder from '@axe-core/playwright';
import { Entry } from '@napi-rs/keyring';
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startSimulators, type Simulators } from '../../src-main/simulators';
import de from '../../src-renderer/i18n/de.json';
import en from '../../src-renderer/i18n/en.json';
import { CLI, ROOT, startServe, tempDataDir, type Served } from './helpers';

const catalogs = { en, de };
type Lang = keyof typeof catalogs;
const schemes = ['light', 'dark'] as const;

let sims: Simulators;
let served: Served;
let data: ReturnType<typeof tempDataDir>;

test.beforeAll(async () => {
  sims = await startSimulators({ seed: 20, faults: 'none', scale: 'small' });
  data = tempDataDir();
  served = await startServe(data.dir);
});
test.afterAll(async () => {
  await served?.stop();
  // The account's secret went to the keychain: take it out again.
  const db = new Database(join(data.dir, 'tributary.sqlite'), { readonly: true });
  const ids = db.prepare('SELECT id FROM accounts').all() as { id: string }[];
  db.close();
  for (const { id } of ids) new Entry('tributary', id, { linux: { store: 'secret-service' } }).deleteCredential();
  await sims?.close();
  data?.remove();
});

/** The CLI on the served workspace, in English (async: the simulators answer from this process). */
function cli(args: string[], input = ''): Promise<void> {
  return new Promise((done, fail) => {
    const child = execFile(
      process.execPath,
      [CLI, '--lang', 'en', ...args, '--data-dir', data.dir],
      { cwd: ROOT },
      (err, stdout, stderr) => (err ? fail(new Error(`tributary ${args[0]}: ${stdout} ${stderr}`)) : done()),
    );
    child.stdin?.end(input);
  });
}

async function open(browser: Browser, lang: Lang): Promise<Page> {
  const context = await browser.newContext({
    locale: lang === 'de' ? 'de-DE' : 'en-US',
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(served.url);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  return page;
}

/**
 * Serious and critical axe violations of the screen as it is now, in both themes, one line each;
 * in German and light, a screenshot of it too.
 */
async function check(page: Page, lang: Lang, screen: string): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of schemes) {
    await page.emulateMedia({ colorScheme: scheme });
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of result.violations)
      if (v.impact === 'serious' || v.impact === 'critical')
        found.push(
          `${lang}/${scheme} ${screen}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
    if (lang === 'de' && scheme === 'light')
      await page.screenshot({ path: `test-results/screenshots/de-${screen}.png` });
  }
  return found;
}

test('every screen: no serious or critical axe violations in light/dark × en/de, German screenshots', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const found: string[] = [];
  // First run and the account form, on the empty workspace.
  for (const lang of ['en', 'de'] as const) {
    const t = catalogs[lang];
    const page = await open(browser, lang);
    await expect(page.getByRole('heading', { name: t.firstRun.title })).toBeVisible();
    found.push(...(await check(page, lang, 'first-run')));
    await page.getByRole('button', { name: t.firstRun.addAccount }).click();
    await expect(page.getByRole('form', { name: t.firstRun.addAccount })).toBeVisible();
    found.push(...(await check(page, lang, 'account-form')));
    await page.context().close();
  }

  // An optiCLOUD account with a day of data, added and synced by the CLI.
  await cli(
    [
      'account',
      'add',
      '--vendor',
      'opticloud',
      '--name',
      'Hydro',
      '--base-url',
      sims.baseUrls.opticloud,
      '--secret-stdin',
    ],
    JSON.stringify(sims.credentials.opticloud),
  );
  await cli(['sync', '--from', new Date(Date.now() - 86_400_000).toISOString()]);

  for (const lang of ['en', 'de'] as const) {
    const t = catalogs[lang];
    const page = await open(browser, lang);
    await expect(page.getByRole('tree').getByRole('treeitem').first()).toBeVisible();
    found.push(...(await check(page, lang, 'tree')));

    await page.locator('.tree-stream').first().click();
    await expect(page.getByTestId('chart-summary').first()).toContainText(/\d/);
    found.push(...(await check(page, lang, 'chart')));

    await page.getByRole('button', { name: t.toolbar.table, exact: true }).click();
    await expect(page.getByTestId('table-count')).toBeVisible();
    found.push(...(await check(page, lang, 'table')));

    await page.getByRole('toolbar', { name: t.toolbar.label }).getByRole('button', { name: /…$/ }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    found.push(...(await check(page, lang, 'export-dialog')));
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await page.getByRole('tab', { name: t.app.tabs.files }).click();
    await expect(page.locator('.files-view')).toBeVisible();
    found.push(...(await check(page, lang, 'files')));

    await page.getByRole('tab', { name: t.app.tabs.sync }).click();
    await expect(page.getByRole('region', { name: t.app.tabs.sync })).toBeVisible();
    found.push(...(await check(page, lang, 'sync')));
    await page.context().close();
  }
  expect(found).toEqual([]);
});
