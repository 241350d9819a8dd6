import type { Secret } from '../../src-main/model';
import type { Vault } from '../../src-main/vault';

/** A vault held in memory: for tests that are about something other than the keychain. */
export function memoryVault(): Vault & { secrets: Map<string, Secret> } {
  const secrets = new Map<string, Secret>();
  return {
    secrets,
    read: (a) => secrets.get(a.id) ?? null,
    store: (a, secret) => {
      secrets.set(a.id, { ...secret });
      return { secretStore: 'keychain' };
    },
    remove: (a) => void secrets.delete(a.id),
    state: (a) => (secrets.has(a.id) ? 'keychain' : 'none'),
    status: () => ({ keychain: 'available', file: 'absent', inFile: 0 }),
    unlock: () => undefined,
    copyToKeychain: () => undefined,
  };
}
