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
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
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

test.describe.configure({ mode: 'serial' });

test('every screen: no serious or critical axe violations in light/dark × en/de, German screenshots', async ({
  browser,
}) => {
  test.setTimeout(600_000);
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

    // At 1400 px with the details open, Export… waits in the toolbar's More menu.
    await page.getByRole('button', { name: t.toolbar.more }).click();
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

    const account = page.locator('.sync-account').filter({ hasText: 'Hydro' });
    await account.getByRole('button', { name: t.sync.edit }).click();
    await expect(page.getByRole('dialog', { name: t.editAccount.title.replace('{{name}}', 'Hydro') })).toBeVisible();
    found.push(...(await check(page, lang, 'edit-account')));
    await page.keyboard.press('Escape');
    await account.getByRole('button', { name: t.sync.remove }).click();
    const remove = page.getByRole('dialog', { name: t.removeAccount.title.replace('{{name}}', 'Hydro') });
    await remove.getByRole('checkbox').check();
    await expect(remove.getByRole('textbox', { name: t.removeAccount.nameToConfirm })).toBeVisible();
    found.push(...(await check(page, lang, 'remove-account')));
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: t.app.tabs.settings }).click();
    await expect(page.getByRole('region', { name: t.background.title })).toBeVisible();
    found.push(...(await check(page, lang, 'settings')));
    await page.context().close();
  }
  expect(found).toEqual([]);
});

/**
 * Presses Tab (Shift+Tab with `back`) until `target` has focus, failing after `max` presses, and
 * checks the focus is visible.
 */
async function tabTo(page: Page, target: Locator, { back = false, max = 120 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) {
      const outline = await target.evaluate((el) => getComputedStyle(el).outlineStyle);
      expect(outline, 'focus is visible').not.toBe('none');
      return;
    }
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

test('a keyboard-only journey: add an account, chart streams, zoom, read a value, export a CSV, download a file', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const page = await open(browser, 'en');
  const t = catalogs.en;

  // Add an account of the demo's optiCLOUD simulator.
  await tabTo(page, page.getByRole('button', { name: t.firstRun.addAccount }));
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: t.firstRun.addAccount });
  const vendor = form.locator('select[name=vendor]');
  await tabTo(page, vendor);
  for (let i = 0; i < 5 && (await vendor.inputValue()) !== 'opticloud'; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Keys');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(sims.baseUrls.opticloud);
  const secret = sims.credentials.opticloud as Record<string, string>;
  await tabTo(page, form.locator('input[name=secret-username]'));
  await page.keyboard.type(secret.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(secret.password);
  await page.keyboard.press('Tab');
  await page.keyboard.type(secret.tenant ?? '');
  await page.keyboard.press('Enter');
  const tree = page.getByRole('tree');
  await expect(tree.getByRole('treeitem', { name: /^Keys/ })).toBeVisible({ timeout: 20_000 });

  // Sync it from the Sync tab.
  await tabTo(page, page.getByRole('tab', { name: t.app.tabs.sync }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: t.sync.syncAll }));
  await page.keyboard.press('Enter');
  await expect(page.locator('.sync-account').filter({ hasText: 'Keys' })).toContainText(t.sync.state.ok, {
    timeout: 60_000,
  });
  await tabTo(page, page.getByRole('tab', { name: t.app.tabs.charts }));
  await page.keyboard.press('Enter');

  // Choose two streams in the tree: into it with Tab, then arrows and Enter.
  await tabTo(page, tree.locator('[role=treeitem][tabindex="0"]'));
  const streams = tree.locator('.tree-stream');
  for (
    let i = 0;
    i < 12 && !(await page.evaluate(() => document.activeElement?.classList.contains('tree-stream')));
    i++
  )
    await page.keyboard.press(
      (await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))) === 'false'
        ? 'ArrowRight'
        : 'ArrowDown',
    );
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(streams.and(page.locator('.selected'))).toHaveCount(2);
  const chart = page.getByTestId('chart').first();
  await expect(chart).toBeVisible();

  // Zoom and read a value at the cursor, as a screen reader hears it.
  const access = chart.locator('.chart-access');
  await tabTo(page, access);
  const viewer = page.getByTestId('viewer');
  const before = Number(await viewer.getAttribute('data-from'));
  await page.keyboard.press('+');
  await expect.poll(async () => Number(await viewer.getAttribute('data-from'))).toBeGreaterThan(before);
  await expect(page.getByTestId('chart-summary').first()).toContainText(/\d/);
  await page.keyboard.press('End');
  await expect(chart.getByTestId('chart-announcement')).toContainText(/: .*\d/);

  // Export the view as CSV and download it (from the toolbar's More menu at this width); closing the
  // dialog gives focus back to its button.
  await tabTo(page, page.getByRole('button', { name: t.toolbar.more }));
  await page.keyboard.press('Enter');
  const exportButton = page
    .getByRole('toolbar', { name: t.toolbar.label })
    .getByRole('button', { name: t.export.open });
  await tabTo(page, exportButton);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await tabTo(page, dialog.getByRole('button', { name: t.export.run, exact: true }));
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('export-progress')).toContainText('Done:', { timeout: 30_000 });
  await tabTo(page, dialog.getByRole('button', { name: t.export.download, exact: true }).first());
  const csv = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await csv).suggestedFilename()).toMatch(/\.csv$/);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(exportButton).toBeFocused();

  // Download a logger file from the Files tab.
  await tabTo(page, page.getByRole('tab', { name: t.app.tabs.files }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: t.fileFilters.refresh }));
  await page.keyboard.press('Enter');
  const box = page.locator('.files-table tbody input[type=checkbox]').first();
  await expect(box).toBeVisible({ timeout: 20_000 });
  await tabTo(page, box);
  await page.keyboard.press('Space');
  // The button sits above the list: back with Shift+Tab.
  await tabTo(page, page.getByRole('button', { name: `${t.files.download} 1` }), { back: true });
  await page.keyboard.press('Enter');
  const queue = page.getByRole('complementary', { name: t.queue.label });
  await expect(queue.getByRole('heading', { name: t.queue.done })).toBeVisible({ timeout: 30_000 });
  await page.context().close();
});
