import { execFile } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { Entry } from '@napi-rs/keyring';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { startSimulators, type Simulators } from '../../src-main/simulators';
import type { OpticloudSimulator } from '../../src-main/simulators/opticloud/index';
import { readZip } from '../helpers/read-zip';
import { CLI, ROOT, startServe, tempDataDir, type Served } from './helpers';

let sims: Simulators;
let served: Served;
let data: ReturnType<typeof tempDataDir>;

test.beforeAll(async () => {
  sims = await startSimulators({ seed: 6, faults: 'none', scale: 'small' });
});
test.afterAll(async () => {
  await sims.close();
});
test.beforeEach(async () => {
  data = tempDataDir();
  // An optiCLOUD account added and synced with the CLI, as a user would.
  // Async: the simulators run in this process and must keep answering while the CLI works.
  const cli = (args: string[], input?: string) =>
    new Promise<void>((done, fail) => {
      const child = execFile(
        process.execPath,
        [CLI, ...args, '--data-dir', data.dir],
        { cwd: ROOT },
        (err, stdout, stderr) => (err ? fail(new Error(`tributary ${args[0]} failed: ${stdout} ${stderr}`)) : done()),
      );
      child.stdin?.end(input ?? '');
    });
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
  served = await startServe(data.dir);
});
test.afterEach(async () => {
  await served.stop();
  const db = new Database(join(data.dir, 'tributary.sqlite'), { readonly: true });
  const ids = db.prepare('SELECT id FROM accounts').all() as { id: string }[];
  db.close();
  for (const { id } of ids) new Entry('tributary', id, { linux: { store: 'secret-service' } }).deleteCredential();
  data.remove();
});

test('lists the files of a synced optiCLOUD account and downloads two', async ({ page }) => {
  await page.goto(served.url);
  await page.getByRole('tab', { name: 'Files' }).click();
  // The list is asked for on open: no "Refresh list" needed.
  const rows = page.locator('.files-table tbody tr');
  await expect(rows.first()).toBeVisible({ timeout: 20_000 });
  // Headers sort: by device, then the other way.
  const deviceHeader = page.getByRole('columnheader', { name: 'Device' });
  await deviceHeader.getByRole('button').click();
  await expect(deviceHeader).toHaveAttribute('aria-sort', 'ascending');
  const devices = await page.locator('.files-table tbody tr td:nth-child(3)').allTextContents();
  expect(devices).toEqual([...devices].sort((a, b) => a.localeCompare(b)));
  await deviceHeader.getByRole('button').click();
  await expect(deviceHeader).toHaveAttribute('aria-sort', 'descending');
  await page.getByLabel('Status').selectOption('server');
  const boxes = page.locator('.files-table tbody input[type=checkbox]');
  await boxes.nth(0).click();
  await boxes.nth(1).click({ modifiers: ['Shift'] });
  await expect(page.getByText('2 selected')).toBeVisible();
  await page.getByRole('button', { name: 'Download 2' }).click();
  const queue = page.getByRole('complementary', { name: 'Download queue' });
  await expect(queue.getByRole('heading', { name: 'Done' })).toBeVisible({ timeout: 30_000 });
  await expect(queue.getByTestId('queue-total')).toContainText('2 of 2 files');
  await expect(queue.locator('.queue-item.downloaded')).toHaveCount(2);
  // The status column no longer says "server only" for them.
  await expect(page.locator('.files-table .file-status.downloaded')).toHaveCount(2);
  // Browser mode: no folder to show on this machine; each downloaded file is offered for download instead.
  await expect(page.getByRole('button', { name: /Show in folder/ })).toHaveCount(0);
  const offered = page.getByRole('button', { name: /^Download .* to this computer$/ });
  await expect(offered).toHaveCount(2);
  await page.screenshot({ path: 'test-results/screenshots/files-downloaded.png' });

  // Downloaded to the browser's machine: the very bytes the logger (the simulator) holds.
  const db = new Database(join(data.dir, 'tributary.sqlite'), { readonly: true });
  const downloaded = db
    .prepare(
      `SELECT f.vendor_name AS vendorName, f.local_path AS localPath, s.vendor_ref AS device, s.name AS deviceName
       FROM files f JOIN sources s ON s.id = f.source_id WHERE f.state = 'downloaded'`,
    )
    .all() as { vendorName: string; localPath: string; device: string; deviceName: string }[];
  db.close();
  const logger = sims.sims.opticloud as OpticloudSimulator;
  const simBytes = (f: (typeof downloaded)[number] | undefined) =>
    f ? logger.fileBytes(f.device, f.vendorName) : Buffer.from('no such file');
  const downloadedRows = page.locator('.files-table tbody tr').filter({ has: offered });
  const firstName = (await downloadedRows.first().locator('td:nth-child(2)').textContent()) ?? '';
  const [saved] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: `Download ${firstName} to this computer` }).click(),
  ]);
  expect(saved.suggestedFilename()).toBe(firstName);
  const file = downloaded.find((f) => basename(f.localPath) === firstName);
  expect(readFileSync(await saved.path()).equals(simBytes(file))).toBe(true);

  // Both at once: one ZIP, a folder per device, the same bytes.
  const rowBoxes = downloadedRows.locator('input[type=checkbox]');
  await rowBoxes.nth(0).check();
  await rowBoxes.nth(1).check();
  const [zip] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save 2 files to this computer (ZIP)' }).click(),
  ]);
  expect(zip.suggestedFilename()).toBe('Hydro-2-files.zip');
  const entries = await readZip(readFileSync(await zip.path()));
  expect(entries.map((e) => e.name).sort()).toEqual(
    downloaded.map((f) => `${f.deviceName}/${basename(f.localPath)}`).sort(),
  );
  for (const f of downloaded) {
    const entry = entries.find((e) => e.name === `${f.deviceName}/${basename(f.localPath)}`);
    expect(entry?.data.equals(simBytes(f))).toBe(true);
  }

  // The downloaded OSF files were imported: their channels chart like any stream, offline.
  await page.getByRole('tab', { name: 'Charts' }).click();
  await page.getByLabel('Filter streams').fill('osf/');
  const osfStream = page
    .getByRole('treeitem')
    .filter({ hasText: /^Sensor\.WaterLevel/ })
    .first();
  await expect(osfStream).toBeVisible({ timeout: 15_000 });
  await osfStream.click();
  const legendRow = page.locator('.legend tbody tr[data-stream-key^="osf/"]').first();
  await expect(legendRow).toBeVisible();
  await expect(legendRow).not.toHaveAttribute('data-count', '');
  expect(Number(await legendRow.getAttribute('data-count'))).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/screenshots/osf-downloaded-chart.png' });

  // Streams from logger files carry their own mark (an icon with words, and a tooltip); a stream the
  // vendor no longer reports stays struck through. Neither looks like the other.
  const mark = osfStream.locator('.logger-files-mark');
  await expect(mark).toHaveAttribute('title', /^From logger files/);
  await expect(mark).toContainText('from logger files');
  await expect(osfStream).toHaveAttribute('title', /From logger files/);
  const struck = (item: typeof osfStream) =>
    item.locator('.stream-name').evaluate((el) => getComputedStyle(el).textDecorationLine);
  expect(await struck(osfStream)).toBe('none');
  const staleKey = 'opticloud/' + String(stale(data.dir));
  await page.reload();
  await page.getByLabel('Filter streams').fill(staleKey);
  const staleStream = page.locator(`[role=treeitem][data-stream-key="${staleKey}"]`);
  await expect(staleStream).toBeVisible();
  expect(await struck(staleStream)).toBe('line-through');
  await expect(staleStream.locator('.stream-name')).toContainText('no longer reported by the vendor');
  await expect(staleStream.locator('.logger-files-mark')).toHaveCount(0);
  await page.getByLabel('Filter streams').fill('');
  await expect(page.locator('.tree-stream .logger-files-mark').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/tree-logger-files-and-stale.png' });
});

/** Marks one synced optiCLOUD stream as no longer reported, as a sync that stopped finding it would; its key without the vendor. */
function stale(dataDir: string): string {
  const db = new Database(join(dataDir, 'tributary.sqlite'));
  try {
    const { key } = db.prepare(`SELECT key FROM streams WHERE vendor = 'opticloud' ORDER BY key LIMIT 1`).get() as {
      key: string;
    };
    db.prepare('UPDATE streams SET reported = 0 WHERE key = ?').run(key);
    return key.slice('opticloud/'.length);
  } finally {
    db.close();
  }
}
