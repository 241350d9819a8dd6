import { expect, test } from '@playwright/test';
import { startServe, tempDataDir } from './helpers';

/** A newcomer with no credentials: "Open demo" starts the simulators, adds five accounts and syncs them. */
test('the demo adds one account per vendor, syncs them all, and the sync panel says so', async ({ page }) => {
  test.setTimeout(240_000);
  const data = tempDataDir();
  const served = await startServe(data.dir);
  try {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Open demo' }).click();
    const tree = page.getByRole('navigation', { name: 'Streams' });
    await expect(tree).toBeVisible({ timeout: 30_000 });
    for (const name of [
      'Opti stormwater',
      'optiCLOUD loggers',
      'OpenDataSoft portal',
      'Realtime Online meters',
      'OpenSense monitoring',
    ])
      await expect(tree.getByText(`Demo ${name}`)).toBeVisible();

    await page.getByRole('tab', { name: 'Sync' }).click();
    const panel = page.getByRole('region', { name: 'Sync' });
    // Every account ends its first sync complete, with points stored.
    await expect(panel.getByText(/^complete /)).toHaveCount(5, { timeout: 200_000 });
    await expect(panel.getByText(/failed|never synced/)).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screenshots/demo-sync-panel.png' });
    await panel.getByRole('button', { name: /Demo Opti stormwater/ }).click();
    await expect(panel.getByRole('columnheader', { name: 'Last success' }).first()).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/demo-sync-details.png' });
  } finally {
    await served.stop();
    data.remove();
  }
});
