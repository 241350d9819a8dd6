import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openWorkspace } from '../../src-main/workspace';
import { streamByKey } from '../../src-main/store/catalog';
import { rangeStats } from '../../src-main/store/points';
import { regularPoints, seedWorkspace, startServe, tempDataDir, type Served } from './helpers';

const FLOW = 'osf/plant/flow';
const LEVEL = 'osf/plant/level';
const HOUR_US = 3600e6;

let served: Served;
let data: ReturnType<typeof tempDataDir>;

test.beforeAll(async () => {
  data = tempDataDir();
  const start = Date.UTC(2026, 0, 1) * 1000;
  seedWorkspace(data.dir, [
    {
      name: 'plant',
      vendorRef: 'osf:plant',
      streams: [
        {
          key: FLOW,
          name: 'flow',
          unit: 'l/s',
          kind: 'number',
          points: regularPoints(start, HOUR_US / 4, 2000, (i) => 10 + (i % 17) / 4),
        },
        {
          key: LEVEL,
          name: 'level',
          unit: 'm',
          kind: 'number',
          points: regularPoints(start, HOUR_US, 300, (i) => i / 10),
        },
      ],
    },
  ]);
  served = await startServe(data.dir);
});
test.afterAll(async () => {
  await served?.stop();
  data?.remove();
});

/** How many points the store holds for a stream: what a full export must write. */
function storedCount(key: string): number {
  const ws = openWorkspace(data.dir);
  try {
    const s = streamByKey(ws.db, key);
    if (!s) throw new Error(`no stream ${key}`);
    return rangeStats(ws.db, s.id, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).count;
  } finally {
    ws.close();
  }
}

async function chartFlow(page: Page) {
  await page.goto(served.url);
  await page.locator(`[role=treeitem][data-stream-key="${FLOW}"]`).click();
  await expect(page.getByTestId('chart')).toHaveCount(1);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`exports the current view as CSV and downloads it (${colorScheme})`, async ({ browser }) => {
    const page = await browser.newPage({ colorScheme, viewport: { width: 1280, height: 900 } });
    await chartFlow(page);
    await page.getByRole('toolbar', { name: 'Chart controls' }).getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export current view' });
    await expect(dialog.getByLabel('Current view')).toBeChecked();
    await expect(dialog.getByLabel('Protect against spreadsheet formulas')).toBeChecked();
    await page.screenshot({ path: `test-results/screenshots/export-dialog-${colorScheme}.png` });

    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    const count = storedCount(FLOW);
    await expect(dialog.getByTestId('export-progress')).toContainText(`Done: ${count.toLocaleString('en-US')} rows`);
    await expect(dialog.getByRole('region', { name: 'Recent exports' })).toContainText('tributary-osf-plant-flow-');
    await page.screenshot({ path: `test-results/screenshots/export-done-${colorScheme}.png` });

    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Download', exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^tributary-osf-plant-flow-\d{8}-\d{6}(-[0-9a-f]{6})?\.csv$/);
    const lines = readFileSync(await file.path(), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('vendor,stream,ts,value');
    expect(lines).toHaveLength(count + 1);
    expect(lines[1]).toBe('osf,plant/flow,2026-01-01T00:00:00.000Z,10');
    await page.close();
  });
}

test('exports a source from the tree selection, all its streams', async ({ page }) => {
  await page.goto(served.url);
  // Nothing chosen yet: it exports nothing rather than the first account.
  await expect(page.getByRole('button', { name: 'Export selection' })).toBeDisabled();
  await page.locator('[role=treeitem][aria-level="2"]', { hasText: 'plant' }).first().focus();
  await page.getByRole('button', { name: 'Export selection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export plant' });
  await expect(dialog).toContainText('2 streams');
  await expect(dialog.getByLabel('All data')).toBeChecked();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const total = storedCount(FLOW) + storedCount(LEVEL);
  await expect(dialog.getByTestId('export-progress')).toContainText(`Done: ${total.toLocaleString('en-US')} rows`);
});
