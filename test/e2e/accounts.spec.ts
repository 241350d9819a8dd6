import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Entry } from '@napi-rs/keyring';
import { expect, test } from '@playwright/test';
import { startSimulators, type Simulators } from '../../src-main/simulators';
import { startServe, tempDataDir, type Served } from './helpers';

let sims: Simulators;
let served: Served;
let data: ReturnType<typeof tempDataDir>;

test.beforeAll(async () => {
  sims = await startSimulators({ seed: 5, faults: 'none', scale: 'small' });
});
test.afterAll(async () => {
  await sims.close();
});
test.beforeEach(async () => {
  data = tempDataDir();
  served = await startServe(data.dir);
});
test.afterEach(async () => {
  await served.stop();
  data.remove();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`first-run screen and account form (${colorScheme})`, async ({ browser }) => {
    const page = await browser.newPage({ colorScheme, viewport: { width: 1200, height: 760 } });
    await page.goto(served.url);
    await expect(page.getByRole('heading', { name: 'Welcome to Tributary' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Open demo' })).toBeVisible();
    // The token leaves the address bar once read.
    expect(page.url()).not.toContain('token=');
    await page.screenshot({ path: `test-results/screenshots/first-run-${colorScheme}.png` });
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByLabel('Vendor').selectOption('opticloud');
    await expect(page.getByLabel('Password')).toHaveAttribute('type', 'password');
    await page.screenshot({ path: `test-results/screenshots/account-form-${colorScheme}.png` });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe(colorScheme === 'dark' ? 'rgb(21, 24, 30)' : 'rgb(246, 247, 249)');
    await page.close();
  });
}

test('adding an account through the UI puts the secret in the keychain and nowhere else', async ({ page }) => {
  const token = (sims.credentials.opensense as { token: string }).token;
  const replies: string[] = [];
  page.on('response', async (r) => {
    if (r.url().includes('/api/')) replies.push(await r.text().catch(() => ''));
  });
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByLabel('Vendor').selectOption('opensense');
  await page.getByLabel('Name').fill('Server room');
  await page.getByLabel('Base URL').fill(sims.baseUrls.opensense);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Add and test connection' }).click();
  // The connection test passed: the workspace replaces the first-run screen.
  await expect(page.getByRole('navigation', { name: 'Streams' })).toBeVisible();
  await expect(page.getByText('Server room')).toBeVisible();

  const dbFile = join(data.dir, 'tributary.sqlite');
  const db = new Database(dbFile, { readonly: true });
  const account = db.prepare('SELECT id, vendor, name FROM accounts').get() as {
    id: string;
    vendor: string;
    name: string;
  };
  db.close();
  expect(account).toMatchObject({ vendor: 'opensense', name: 'Server room' });

  const entry = new Entry('tributary', account.id, { linux: { store: 'secret-service' } });
  try {
    expect(JSON.parse(entry.getPassword() ?? 'null')).toEqual({ token });
    for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`].filter(existsSync))
      expect(readFileSync(file).includes(Buffer.from(token)), file).toBe(false);
    expect(served.stderr()).not.toContain(token);
    expect(replies.length).toBeGreaterThan(2);
    for (const body of replies) expect(body).not.toContain(token);
    expect(replies.some((b) => b.includes('"hasSecret":true'))).toBe(true);
  } finally {
    entry.deleteCredential();
  }
});

test('a refused credential is explained in plain words and the form stays', async ({ page }) => {
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByLabel('Vendor').selectOption('opensense');
  await page.getByLabel('Name').fill('Wrong token');
  await page.getByLabel('Base URL').fill(sims.baseUrls.opensense);
  await page.getByLabel('API token').fill('ua_live_wrong');
  await page.getByRole('button', { name: 'Add and test connection' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'connection test failed' })).toContainText(/401|token/i);
  await expect(page.getByRole('status').filter({ hasText: 'connection test failed' })).not.toContainText(
    'ua_live_wrong',
  );
});
