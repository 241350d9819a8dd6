import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Entry } from '@napi-rs/keyring';
import { expect, test, type Page } from '@playwright/test';
import { startSimulators, type Simulators } from '../../src-main/simulators';
import { CLI, startServe, tempDataDir } from './helpers';

/**
 * Issue 14: browser mode where no keychain answers. The password of the encrypted credentials file is
 * chosen and entered in a dialog; it and the secret never come back in a reply or land on disk in clear.
 */
const PASSWORD = 'e2e vault password';
const noKeychain = { env: { DBUS_SESSION_BUS_ADDRESS: undefined, TRIBUTARY_VAULT_PASSWORD: undefined } };

let sims: Simulators;
test.beforeAll(async () => {
  sims = await startSimulators({ seed: 5, faults: 'none', scale: 'small' });
});
test.afterAll(async () => {
  await sims.close();
});

function recordReplies(page: Page): string[] {
  const replies: string[] = [];
  page.on('response', async (r) => {
    if (r.url().includes('/api/')) replies.push(await r.text().catch(() => ''));
  });
  return replies;
}

test('no keychain: choose a vault password, add an account into the encrypted file, unlock it after a restart', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const token = (sims.credentials.opensense as { token: string }).token;
  const data = tempDataDir();
  const replies = recordReplies(page);
  let served = await startServe(data.dir, noKeychain);
  try {
    await page.goto(served.url);
    await expect(page.getByText('Keychain not available: new credentials go to an encrypted file.')).toBeVisible();
    await page.getByRole('button', { name: 'Set vault password…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose a vault password' });
    await expect(dialog.getByLabel('Vault password')).toHaveAttribute('type', 'password');
    await dialog.getByLabel('Vault password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Use this password' }).click();
    await expect(dialog).toBeHidden();

    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByLabel('Vendor').selectOption('opensense');
    await page.getByLabel('Name').fill('Server room');
    await page.getByLabel('Base URL').fill(sims.baseUrls.opensense);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Add and test connection' }).click();
    const tree = page.getByRole('navigation', { name: 'Streams' });
    await expect(tree).toBeVisible();
    await expect(tree.locator('[data-credentials="file"]')).toHaveText('credentials in the encrypted file');
    await served.stop();

    // A new process knows no password: the account says so, and the dialog unlocks it.
    served = await startServe(data.dir, noKeychain);
    await page.goto(served.url);
    await expect(tree.locator('[data-credentials="needs-vault-password"]')).toHaveText('needs the vault password');
    await page.getByRole('button', { name: 'Unlock credentials…' }).click();
    const unlock = page.getByRole('dialog', { name: 'Unlock the credentials file' });
    await unlock.getByLabel('Vault password').fill('not the password');
    await unlock.getByRole('button', { name: 'Unlock' }).click();
    await expect(unlock.getByRole('alert')).toContainText('Wrong vault password');
    await unlock.getByLabel('Vault password').fill(PASSWORD);
    await unlock.getByRole('button', { name: 'Unlock' }).click();
    await expect(unlock).toBeHidden();
    await expect(tree.locator('[data-credentials="file"]')).toHaveText('credentials in the encrypted file');
    await page.screenshot({ path: 'test-results/screenshots/vault-unlocked.png' });

    expect(existsSync(join(data.dir, 'credentials.vault'))).toBe(true);
    for (const name of readdirSync(data.dir, { recursive: true, encoding: 'utf8' })) {
      const file = join(data.dir, name);
      if (!existsSync(file) || !/\.(sqlite|vault)|-wal$/.test(name)) continue;
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from(token)), name).toBe(false);
      expect(bytes.includes(Buffer.from(PASSWORD)), name).toBe(false);
    }
    expect(replies.length).toBeGreaterThan(4);
    for (const body of replies) {
      expect(body).not.toContain(token);
      expect(body).not.toContain(PASSWORD);
    }
    expect(served.stderr()).not.toContain(PASSWORD);
  } finally {
    await served.stop();
    data.remove();
  }
});

test('secrets added where no keychain answered move into the keychain with one button', async ({ page }) => {
  const data = tempDataDir();
  const secret = JSON.stringify(sims.credentials.opti);
  const add = spawnSync(
    process.execPath,
    [
      ...[CLI, 'account', 'add', '--data-dir', data.dir, '--vendor', 'opti', '--name', 'Ponds'],
      ...['--base-url', sims.baseUrls.opti, '--secret-stdin'],
    ],
    {
      input: secret,
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: undefined, TRIBUTARY_VAULT_PASSWORD: PASSWORD },
      encoding: 'utf8',
    },
  );
  expect(add.stdout + add.stderr).toMatch(/credentials in the encrypted file/);
  // Now with the session's keychain (CI: gnome-keyring under dbus-run-session) and the password.
  const served = await startServe(data.dir, { env: { TRIBUTARY_VAULT_PASSWORD: PASSWORD } });
  try {
    await page.goto(served.url);
    const tree = page.getByRole('navigation', { name: 'Streams' });
    await expect(tree.locator('[data-credentials="file"]')).toBeVisible();
    await page.getByRole('button', { name: 'Move credentials to the keychain' }).click();
    await expect(page.getByText('1 moved to the keychain.')).toBeVisible();
    await expect(tree.locator('[data-credentials="keychain"]')).toHaveText('credentials in the keychain');
  } finally {
    await served.stop();
    const db = new Database(join(data.dir, 'tributary.sqlite'), { readonly: true });
    const { id } = db.prepare('SELECT id FROM accounts').get() as { id: string };
    db.close();
    new Entry('tributary', id, { linux: { store: 'secret-service' } }).deleteCredential();
    data.remove();
  }
});
