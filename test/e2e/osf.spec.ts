import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { openWorkspace } from '../../src-main/workspace';
import { ROOT, startServe, tempDataDir, type Served } from './helpers';

const SAMPLE = join(ROOT, 'test/fixtures/osf/osf4_ruvvi.osf');
const TEMPERATURE = 'osf/osf4_ruvvi/Ruuvi.Sensor.Abteil1.Temperature';

let served: Served;
let data: ReturnType<typeof tempDataDir>;

test.beforeEach(async () => {
  data = tempDataDir();
  served = await startServe(data.dir);
});
test.afterEach(async () => {
  await served.stop();
  data.remove();
});

async function pickSample(page: Page) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open files…' }).click();
  await (await chooser).setFiles(SAMPLE);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`opens an OSF file: summary, import, chart (${colorScheme})`, async ({ browser }) => {
    const page = await browser.newPage({ colorScheme, viewport: { width: 1280, height: 820 } });
    await page.goto(served.url);
    // No account yet: the welcome screen offers to open files too.
    await pickSample(page);
    const dialog = page.getByRole('dialog', { name: 'Open a logger file' });
    await expect(dialog.getByTestId('osf-channel-count')).toHaveText('23', { timeout: 15_000 });
    await expect(dialog.locator('.osf-channels tbody tr')).toHaveCount(23);
    const row = dialog.locator('.osf-channels tbody tr', { hasText: 'Ruuvi.Sensor.Abteil1.Temperature' });
    await expect(row).toContainText('°C');
    await expect(row).toContainText('2023-09-04 09:01:38.151265');
    await expect(dialog).toContainText('17002700018');
    await page.screenshot({ path: `test-results/screenshots/osf-summary-${colorScheme}.png` });

    await dialog.getByRole('button', { name: 'Import' }).click();
    const results = page.getByTestId('osf-results');
    await expect(results).toContainText('osf4_ruvvi.osf');
    const ws = openWorkspace(data.dir);
    const stored = ws.db.prepare("SELECT count(*) AS n FROM streams WHERE key LIKE 'osf/osf4_ruvvi/%'").get() as {
      n: number;
    };
    ws.close();
    expect(stored.n).toBeGreaterThanOrEqual(23);
    await expect(results).toContainText(`${stored.n} streams`);
    // Where they really are in the tree, with a link that charts them.
    await expect(results).toContainText('They are in the tree under “Opened files › osf4_ruvvi”.');
    await expect(results.getByRole('button', { name: 'Show them in a chart' })).toBeVisible();
    await page.getByRole('button', { name: 'Done' }).click();

    await expect(page.getByRole('treeitem', { name: /Opened files/ })).toBeVisible();
    await page.locator(`[role=treeitem][data-stream-key="${TEMPERATURE}"]`).click();
    const chart = page.getByTestId('chart').first();
    await expect(chart).toHaveAttribute('data-units', '°C');
    await expect(chart.locator('canvas')).toHaveCount(1);
    // The legend's min and max over the file's samples (23.165 … 23.3 °C): the points are charted.
    await expect(chart.locator('.legend')).toContainText('23.165');
    await page.screenshot({ path: `test-results/screenshots/osf-imported-${colorScheme}.png` });
    await page.close();
  });
}

test('a dropped file that is not OSF is refused, and dropping shows the drop target', async ({ page }) => {
  await page.goto(served.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Tributary' })).toBeVisible();
  const transfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    return dt;
  });
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await expect(page.locator('.file-drop-overlay')).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await expect(page.locator('.file-drop-overlay')).toHaveCount(0);
  const dialog = page.getByRole('dialog', { name: 'Open a logger file' });
  await expect(dialog.getByRole('alert')).toHaveText('Not an OSF logger file (.osf or .osfz).');
  await expect(dialog.getByRole('button', { name: 'Import' })).toBeDisabled();
});
