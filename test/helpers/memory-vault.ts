import type { Secret } from '../../src-main/model';
import type { Vault } from '../../src-main/vault';

/** A vault held in memory: for tests that are about something other than the keychain. */
export function memoryVault(): Vault & { secrets: Map<string, Secret> } {
  const secrets = new Map<string, Secret>();
  return {
    secrets,
    read: (id) => secrets.get(id) ?? null,
    write: (id, secret) => void secrets.set(id, { ...secret }),
    remove: (id) => void secrets.delete(id),
    has: (id) => secrets.has(id),
  };
}
