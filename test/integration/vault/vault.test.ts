import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Entry } from '@napi-rs/keyring';
import { createVault, envOverrideName, KEYCHAIN_SERVICE } from '../../../src-main/vault';

/** Runs against the real Secret Service (gnome-keyring under dbus-run-session in CI). */
describe('vault', () => {
  const created: string[] = [];
  afterEach(() => {
    for (const id of created.splice(0)) createVault({}).remove(id);
  });

  it('stores a secret in the Secret Service and reads it back', () => {
    const vault = createVault({});
    const id = randomUUID();
    created.push(id);
    expect(vault.read(id, 'Field')).toBeNull();
    expect(vault.has(id, 'Field')).toBe(false);
    vault.write(id, { username: 'u', password: 'p@ss' });
    expect(vault.read(id, 'Field')).toEqual({ username: 'u', password: 'p@ss' });
    expect(vault.has(id, 'Field')).toBe(true);
    // The entry is where DESIGN.md says: service "tributary", account = the account id.
    expect(new Entry(KEYCHAIN_SERVICE, id, { linux: { store: 'secret-service' } }).getPassword()).toBe(
      '{"username":"u","password":"p@ss"}',
    );
    vault.remove(id);
    expect(vault.read(id, 'Field')).toBeNull();
  });

  it('reads TRIBUTARY_SECRET_<NAME> without storing it', () => {
    expect(envOverrideName('My site #2')).toBe('TRIBUTARY_SECRET_MY_SITE__2');
    const id = randomUUID();
    const vault = createVault({ TRIBUTARY_SECRET_MY_SITE__2: '{"key":"abc"}' });
    expect(vault.read(id, 'My site #2')).toEqual({ key: 'abc' });
    expect(vault.has(id, 'My site #2')).toBe(true);
    expect(createVault({}).read(id, 'My site #2')).toBeNull();
  });

  it('explains a malformed override without echoing it', () => {
    const vault = createVault({ TRIBUTARY_SECRET_X: 'not json sekrit' });
    expect(() => vault.read('id', 'x')).toThrow(/TRIBUTARY_SECRET_X is not valid JSON/);
    try {
      vault.read('id', 'x');
    } catch (err) {
      expect(String(err)).not.toContain('sekrit');
    }
  });
});
