import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Entry } from '@napi-rs/keyring';
import { openWorkspace } from '../../../src-main/workspace';
import { addAccount } from '../../../src-main/accounts';
import { accountByName } from '../../../src-main/store/catalog';
import { createVault, envOverrideName, KEYCHAIN_SERVICE, type AccountRef } from '../../../src-main/vault';
import { moveSecretsToKeychain } from '../../../src-main/accounts/move-secrets';
import { tempDir } from '../../helpers/tmp';

/** Runs against the real Secret Service (gnome-keyring under dbus-run-session in CI). */
describe('vault', () => {
  const created: AccountRef[] = [];
  const ref = (name: string, options: Record<string, unknown> = {}): AccountRef => {
    const account = { id: randomUUID(), name, options };
    created.push(account);
    return account;
  };
  afterEach(() => {
    for (const a of created.splice(0)) createVault(tempDir(), {}).remove({ ...a, options: {} });
  });

  it('stores a secret in the Secret Service and reads it back', () => {
    const vault = createVault(tempDir(), {});
    const account = ref('Field');
    expect(vault.read(account)).toBeNull();
    expect(vault.state(account)).toBe('none');
    account.options = { ...vault.store(account, { username: 'u', password: 'p@ss' }, 'vault') };
    expect(account.options).toEqual({ secretStore: 'keychain' });
    expect(vault.read(account)).toEqual({ username: 'u', password: 'p@ss' });
    expect(vault.state(account)).toBe('keychain');
    // The entry is where DESIGN.md says: service "tributary", account = the account id.
    expect(new Entry(KEYCHAIN_SERVICE, account.id, { linux: { store: 'secret-service' } }).getPassword()).toBe(
      '{"username":"u","password":"p@ss"}',
    );
    vault.remove(account);
    expect(vault.read(account)).toBeNull();
  });

  it('reads TRIBUTARY_SECRET_<NAME> without storing it', () => {
    expect(envOverrideName('My site #2')).toBe('TRIBUTARY_SECRET_MY_SITE__2');
    const account = ref('My site #2');
    const vault = createVault(tempDir(), { TRIBUTARY_SECRET_MY_SITE__2: '{"key":"abc"}' });
    expect(vault.read(account)).toEqual({ key: 'abc' });
    expect(vault.state(account)).toBe('environment');
    expect(vault.store(account, { key: 'abc' }, 'environment')).toEqual({ secretStore: 'environment' });
    expect(createVault(tempDir(), {}).read(account)).toBeNull();
  });

  it('explains a malformed override without echoing it', () => {
    const vault = createVault(tempDir(), { TRIBUTARY_SECRET_X: 'not json sekrit' });
    const account = ref('x');
    expect(() => vault.read(account)).toThrow(/TRIBUTARY_SECRET_X is not valid JSON/);
    try {
      vault.read(account);
    } catch (err) {
      expect(String(err)).not.toContain('sekrit');
    }
  });

  it('keeps demo credentials in the account, marked demo, touching no keychain', () => {
    const vault = createVault(tempDir(), {});
    const account = ref('Demo');
    account.options = { ...vault.store(account, { key: 'sim' }, 'demo') };
    expect(account.options).toEqual({ secretStore: 'demo', demoCredentials: { key: 'sim' } });
    expect(vault.read(account)).toEqual({ key: 'sim' });
    expect(vault.state(account)).toBe('demo');
  });

  it('moves secrets from the encrypted file into a keychain that appeared later', () => {
    const dataDir = join(tempDir(), 'ws');
    const password = { TRIBUTARY_VAULT_PASSWORD: 'pw' };
    // Written where no keychain answered (no session bus), then read where one does.
    const bus = process.env.DBUS_SESSION_BUS_ADDRESS;
    const noKeychain = openWorkspace(dataDir, { vault: createVault(dataDir, password) });
    try {
      delete process.env.DBUS_SESSION_BUS_ADDRESS;
      addAccount(noKeychain, { vendor: 'opti', name: 'Moved', baseUrl: 'https://example.com', secret: { key: 'k1' } });
    } finally {
      process.env.DBUS_SESSION_BUS_ADDRESS = bus;
      noKeychain.close();
    }
    const ws = openWorkspace(dataDir, { vault: createVault(dataDir, password) });
    try {
      const before = accountByName(ws.db, 'Moved');
      expect(before?.options.secretStore).toBe('file');
      if (before) created.push(before);
      expect(ws.vault.status()).toEqual({ keychain: 'available', file: 'unlocked', inFile: 1 });
      expect(moveSecretsToKeychain(ws.db, ws.vault)).toEqual({ moved: ['Moved'], failed: [] });
      const after = accountByName(ws.db, 'Moved');
      expect(after?.options.secretStore).toBe('keychain');
      expect(after && ws.vault.read(after)).toEqual({ key: 'k1' });
      expect(ws.vault.status().inFile).toBe(0);
    } finally {
      ws.close();
    }
  });
});
