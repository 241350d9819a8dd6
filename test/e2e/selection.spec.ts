/**
 * Issue 16 in Chromium: "Choose what to sync" on an OpenDataSoft portal: look at what it holds, find a
 * dataset, pick two of its streams, sync; the tree then shows exactly those two as syncing.
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { startSimulators, type Simulators } from '../../src-main/simulators';
import { CLI, startServe, tempDataDir, type Served } from './helpers';

let sims: Simulators;
let served: Served;
let data: ReturnType<typeof tempDataDir>;

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

test('choose two streams of one dataset, sync, and the tree shows exactly those as syncing', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(served.url);
  await page.getByRole('tab', { name: 'Sync' }).click();
  await page.getByRole('button', { name: 'Choose what to sync…' }).click();
  const panel = page.getByRole('dialog', { name: /Choose what to sync/ });
  await panel.getByRole('button', { name: 'Look again at the vendor' }).click();
  await expect(panel.getByText(/^[1-9]\d* of \d+ streams selected/)).toContainText(/^(\d+) of \1 streams/);

  await panel.getByRole('button', { name: 'Select none shown' }).click();
  await panel.getByLabel('Filter sources and streams').fill('Lyon stations');
  await panel.getByRole('checkbox', { name: /^NO2 \(Gerland\)/ }).check();
  await panel.getByRole('checkbox', { name: /^PM10 \(Gerland\)/ }).check();
  await expect(panel.getByText(/^2 of \d+ streams selected/)).toBeVisible();
  await expect(panel.getByRole('status')).toHaveText(/^\d+ streams will stop syncing; their data stays\.$/);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `test-results/screenshots/choose-sync-${colorScheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
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
  await page.close();
});
