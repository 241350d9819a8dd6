import { expect, test } from '@playwright/test';
import { startServe, tempDataDir } from './helpers';

/**
 * Issue 14: on a machine where no Secret Service answers (a server, a container), "Open demo" still
 * opens the demo with data: the simulators' credentials stay in the workspace, marked demo.
 */
test('with no keychain, "Open demo" opens the demo with data, its accounts marked demo', async ({ page }) => {
  test.setTimeout(180_000);
  const data = tempDataDir();
  // No session bus: the keychain is not available to the app.
  const served = await startServe(data.dir, { env: { DBUS_SESSION_BUS_ADDRESS: undefined } });
  try {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Open demo' }).click();
    const tree = page.getByRole('navigation', { name: 'Streams' });
    await expect(tree).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(tree.getByText('Demo Opti stormwater')).toBeVisible();
    await expect(tree.locator('[data-credentials="demo"]')).toHaveCount(5);
    await expect(tree.locator('[data-credentials="demo"]').first()).toContainText('demo credentials');
    // Points arrive: a stream shows its count.
    await expect(tree.getByText(/\d pts$/).first()).toBeVisible({ timeout: 120_000 });
    expect(served.stderr()).not.toMatch(/keychain/i);
    await page.screenshot({ path: 'test-results/screenshots/demo-no-keychain.png' });
  } finally {
    await served.stop();
    data.remove();
  }
});
