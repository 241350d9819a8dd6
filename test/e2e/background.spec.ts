import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openWorkspace } from '../../src-main/workspace';
import { insertAccount, type AccountRow } from '../../src-main/store/catalog';
import { finishRun, startRun } from '../../src-main/store/status';
import { ROOT, startServe, tempDataDir, type Served } from './helpers';

/**
 * Background sync in the browser: the settings panel, an Opti account last synced two days ago warned
 * about before its 3-day window closes, and a `tributary sync` holding the workspace shown by PID.
 */
const DAY = 86_400_000;
let served: Served;
let data: ReturnType<typeof tempDataDir>;
let holder: ChildProcess;

test.beforeAll(async () => {
  data = tempDataDir();
  const ws = openWorkspace(data.dir);
  const account = (id: string, vendor: AccountRow['vendor'], name: string) =>
    insertAccount(ws.db, {
      id,
      vendor,
      name,
      baseUrl: 'http://127.0.0.1:9',
      options: {},
      createdAt: Date.now() - 9 * DAY,
    });
  account('a1', 'opti', 'Stormwater ponds');
  account('a2', 'opticloud', 'River loggers');
  for (const [id, ago] of [
    ['a1', 2 * DAY + 3_600_000],
    ['a2', 3_600_000],
  ] as const)
    finishRun(
      ws.db,
      startRun(ws.db, id, Date.now() - ago),
      { state: 'ok', pointsAdded: 10, streamsFailed: 0, error: null },
      Date.now() - ago + 60_000,
    );
  ws.close();
  // A command-line syncer holding the workspace, as a cron `tributary sync` would.
  holder = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test/unit/workspace/lock-holder.ts'), data.dir, '120000'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((done) => holder.stdout?.once('data', () => done()));
  served = await startServe(data.dir);
});
test.afterAll(async () => {
  await served?.stop();
  holder?.kill('SIGTERM');
  data?.remove();
});

test('background sync settings, a retention warning, and the command line holding the workspace', async ({
  browser,
}) => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
  await page.goto(served.url);
  const warnings = page.getByRole('alert', { name: 'Retention warnings' });
  await expect(warnings).toContainText('Stormwater ponds: Last synced 2 days ago; Opti keeps 3 days.');
  await expect(warnings).not.toContainText('River loggers');
  await page.screenshot({ path: 'test-results/screenshots/retention-warning.png' });

  await page.getByRole('tab', { name: 'Settings' }).click();
  const panel = page.getByRole('region', { name: 'Background sync' });
  await expect(panel.getByText(`Synced by the command line (PID ${holder.pid})`)).toBeVisible();
  await expect(panel.getByLabel('Default sync interval')).toHaveValue('15');
  // Browser mode: the tray and login options belong to the desktop app.
  await expect(panel.getByLabel('Keep syncing in the tray when I close the window')).toBeChecked();
  await expect(panel.getByLabel('Keep syncing in the tray when I close the window')).toBeDisabled();
  await panel.getByLabel('Sync interval for Stormwater ponds').selectOption('60');
  await panel.getByLabel('Default sync interval').selectOption('30');
  await expect(panel.getByLabel('Sync interval for River loggers')).toContainText('as the default (every 30 minutes)');
  await page.reload();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(panel.getByLabel('Sync interval for Stormwater ponds')).toHaveValue('60');
  await expect(panel.getByLabel('Sync interval for River loggers')).toHaveValue('default');
  await page.screenshot({ path: 'test-results/screenshots/background-sync-settings.png' });
  await page.close();
});
