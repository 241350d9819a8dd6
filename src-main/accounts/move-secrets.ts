import type { Db } from '../store/db';
import { listAccounts, updateAccount } from '../store/catalog';
import { secretStoreOf, type Vault } from '../vault';

export interface MoveReport {
  moved: string[];
  failed: { name: string; message: string }[];
}

/**
 * Moves every secret kept in the encrypted file into the OS keychain (one that appeared after the
 * accounts were added), recording the new store per account. Each account moves on its own: one that
 * fails keeps its secret in the file.
 */
export function moveSecretsToKeychain(db: Db, vault: Vault): MoveReport {
  const report: MoveReport = { moved: [], failed: [] };
  for (const account of listAccounts(db)) {
    if (secretStoreOf(account.options) !== 'file') continue;
    try {
      vault.copyToKeychain(account);
      updateAccount(db, account.id, {
        baseUrl: account.baseUrl,
        options: { ...account.options, secretStore: 'keychain' },
      });
      // Recorded first, removed after: a crash in between leaves a spare copy, never a lost secret.
      vault.remove(account);
      report.moved.push(account.name);
    } catch (err) {
      report.failed.push({ name: account.name, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return report;
}
