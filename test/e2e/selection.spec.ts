/**
 * Issue 16 in Chromium: "Choose what to sync" on an OpenDataSoft portal: look at what it holds, search
 * its catalog by text and a facet, pick a dataset and two of its streams, sync; the tree then shows
 * exactly those two as syncing. The panel with the catalog's facets in both themes and both languages:
 * screenshots in /work/shots/ods (or SHOTS_DIR) and no serious or critical axe violation.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startSimulators, type Simulators } from '../../src-main/simulators';
import { CLI, startServe, tempDataDir, type Served } from './helpers';

let sims: Simulators;
let served: Served;
let data: ReturnType<typeof tempDataDir>;

const SHOTS = process.env.SHOTS_DIR ?? 'test-results/screenshots';
const PICKED = ['opendatasoft/air-quality-stations/no2/Gerland', 'opendatasoft/air-quality-stations/pm10/Gerland'];

test.beforeAll(async () => {
  sims = await startSimulators({ seed: 7, faults: 'none', scale: 'small' });
  data = tempDataDir();
  // A public portal: no API key.
  execFileSync(process.execPath, [
    CLI,
    'account',
    'add',
    '--data-dir',
    data.dir,
    '--vendor',
    'opendatasoft',
    '--name',
    'Open data',
    '--base-url',
    sims.baseUrls.opendatasoft,
  ]);
  served = await startServe(data.dir);
});
test.afterAll(async () => {
  await served.stop();
  await sims.close();
  data.remove();
});

const WORDS = {
  en: { tab: 'Sync', choose: 'Choose what to sync…', dialog: /Choose what to sync/, search: 'Search the catalog' },
  de: {
    tab: 'Synchronisierung',
    choose: 'Auswählen, was synchronisiert wird…',
    dialog: /Auswählen, was synchronisiert wird/,
    search: 'Katalog durchsuchen',
  },
} as const;

async function openPanel(browser: Browser, lang: 'en' | 'de'): Promise<Page> {
  const context = await browser.newContext({
    locale: lang === 'de' ? 'de-DE' : 'en-US',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(served.url);
  await page.getByRole('tab', { name: WORDS[lang].tab }).click();
  await page.getByRole('button', { name: WORDS[lang].choose }).click();
  return page;
}

/** The panel in light and dark: screenshots, and the serious or critical axe violations found. */
async function lookAt(page: Page, name: string): Promise<string[]> {
  mkdirSync(SHOTS, { recursive: true });
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `${SHOTS}/${name}-${colorScheme}.png` });
    const axe = await new AxeBuilder({ page }).include('dialog.modal').withTags(['wcag2a', 'wcag2aa']).analyze();
    for (const v of axe.violations)
      if (v.impact === 'serious' || v.impact === 'critical') found.push(`${name}/${colorScheme}: ${v.id}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

test.describe.configure({ mode: 'serial' });

test('search the catalog by text and a facet, pick a dataset and two streams, sync: exactly those sync', async ({
  browser,
}) => {
  const page = await openPanel(browser, 'en');
  const panel = page.getByRole('dialog', { name: WORDS.en.dialog });
  await panel.getByRole('button', { name: 'Look again at the vendor' }).click();
  await expect(panel.getByText(/^[1-9]\d* of \d+ streams selected/)).toContainText(/^(\d+) of \1 streams/);
  await panel.getByRole('button', { name: 'Select none shown' }).click();

  // The catalog: text, then a facet value with its count; the result count is announced.
  const search = panel.getByRole('searchbox', { name: 'Search the catalog' });
  await search.fill('air');
  await search.press('Enter');
  await expect(panel.getByText('2 datasets found')).toBeVisible();
  await panel.getByRole('group', { name: 'Theme' }).getByRole('checkbox', { name: 'Health, 1 dataset' }).check();
  await expect(panel.getByText('1 dataset found')).toBeVisible();
  await expect(panel.getByText('1 dataset found')).toHaveAttribute('aria-live', 'polite');
  const hits = panel.getByRole('list', { name: 'Datasets found' }).getByRole('listitem');
  await expect(hits).toHaveCount(1);
  expect(await lookAt(page, 'choose-sync-en')).toEqual([]);

  await panel.getByRole('button', { name: 'Choose streams of Air quality - Lyon stations (30 min)' }).click();
  await expect(panel.getByLabel('Filter sources and streams')).toHaveValue('Air quality - Lyon stations (30 min)');
  await panel.getByRole('checkbox', { name: /^NO2 \(Gerland\)/ }).check();
  await panel.getByRole('checkbox', { name: /^PM10 \(Gerland\)/ }).check();
  await expect(panel.getByText(/^2 of \d+ streams selected/)).toBeVisible();
  await expect(panel.getByRole('status')).toHaveText(/^\d+ streams will stop syncing; their data stays\.$/);
  await panel.getByRole('button', { name: 'Apply' }).click();
  await expect(panel.getByRole('status')).toHaveText('No changes.');
  await panel.getByRole('button', { name: 'Close' }).first().click();

  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByText(/complete/)).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Filter streams').fill('opendatasoft/');
  const syncing = page.locator('[data-stream-key][data-syncing="true"]');
  await expect(syncing).toHaveCount(2);
  expect((await syncing.evaluateAll((els) => els.map((e) => e.getAttribute('data-stream-key')))).sort()).toEqual(
    PICKED,
  );
  await expect(page.locator('[data-stream-key][data-syncing="false"]').first()).toBeVisible();
  await page.context().close();
});

test('the catalog search in German, by keyboard alone', async ({ browser }) => {
  const page = await openPanel(browser, 'de');
  const panel = page.getByRole('dialog', { name: WORDS.de.dialog });
  const search = panel.getByRole('searchbox', { name: WORDS.de.search });
  await search.focus();
  await page.keyboard.type('Luft');
  await page.keyboard.press('Enter');
  await expect(panel.getByText('0 Datensätze gefunden')).toBeVisible();
  await search.fill('');
  await page.keyboard.type('air');
  await page.keyboard.press('Enter');
  await expect(panel.getByText('2 Datensätze gefunden')).toBeVisible();
  // Tab from the search button into the first facet (Thema); Space ticks a value.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('group', { name: 'Thema' }).getByRole('checkbox').first()).toBeFocused();
  await page.keyboard.press('Space');
  await expect(panel.getByText(/^[12] Datens(atz|ätze) gefunden$/)).toBeVisible();
  expect(await lookAt(page, 'choose-sync-de')).toEqual([]);
  await page.context().close();
});
