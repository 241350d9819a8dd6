/** Accounts: add (the secret to the vault: keychain, encrypted file, environment or demo), edit, remove, test the connection. */
import { randomUUID } from 'node:crypto';
import { UserError, type VendorId } from '../model';
import {
  accountById,
  accountByName,
  deleteAccount,
  insertAccount,
  markAccountRemoved,
  updateAccount,
  type AccountRow,
} from '../store/catalog';
import { openConnector, vendors } from '../vendors';
import type { SecretPlacement } from '../vault';
import type { Workspace } from '../workspace';

export interface NewAccount {
  vendor: VendorId;
  name: string;
  baseUrl: string;
  /** Checked here against the vendor's secret schema. */
  secret: Record<string, string>;
}

export function requireAccount(ws: Workspace, id: string): AccountRow {
  const a = accountById(ws.db, id);
  if (!a) throw new UserError('accounts.noSuchAccount');
  return a;
}

/** The secret in the vendor's shape, or a UserError naming the fields that are wrong (never their values). */
function checkedSecret(vendorId: VendorId, given: Record<string, string>): Record<string, string> {
  const vendor = vendors[vendorId];
  const secret = vendor.secretSchema.safeParse(given);
  if (!secret.success) {
    const fields = secret.error.issues.map((i) => i.path.join('.') || 'secret').join(', ');
    throw new UserError('accounts.badSecret', { vendor: vendor.label, fields });
  }
  return secret.data;
}

function requireFreeName(ws: Workspace, name: string): void {
  const other = accountByName(ws.db, name);
  if (!other) return;
  throw new UserError(other.removedAt ? 'accounts.nameHeldByRemoved' : 'accounts.nameTaken', { name });
}

/** Adds an account: the secret is checked against the vendor's shape and goes where `placement` says (vault/). */
export function addAccount(ws: Workspace, input: NewAccount, placement: SecretPlacement = 'vault'): AccountRow {
  const secret = checkedSecret(input.vendor, input.secret);
  requireFreeName(ws, input.name);
  const account: AccountRow = {
    id: randomUUID(),
    vendor: input.vendor,
    name: input.name,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    options: {},
    createdAt: ws.now(),
  };
  account.options = { ...ws.vault.store(account, secret, placement) };
  try {
    insertAccount(ws.db, account);
  } catch (err) {
    ws.vault.remove(account);
    throw err;
  }
  ws.events.emit('store:changed', { reason: 'account added' });
  return account;
}

export interface AccountChanges {
  name?: string;
  baseUrl?: string;
  /** Replaces the stored secret (checked against the vendor's shape first). */
  secret?: Record<string, string>;
  /** Where the first sync of streams never synced starts, µs. */
  from?: number;
}

/** Edits an account: rename, base URL, a new secret, where first syncs start. */
export function editAccount(ws: Workspace, id: string, changes: AccountChanges): AccountRow {
  const a = requireAccount(ws, id);
  if (a.removedAt) throw new UserError('accounts.removed', { name: a.name });
  if (changes.name !== undefined && changes.name !== a.name) requireFreeName(ws, changes.name);
  const secret = changes.secret && checkedSecret(a.vendor, changes.secret);
  const options =
    changes.from === undefined
      ? a.options
      : { ...a.options, earliest: new Date(Math.floor(changes.from / 1000)).toISOString() };
  // A new secret goes to the vault (keychain, else the encrypted file); the options record where.
  const stored = secret ? ws.vault.store(a, secret, 'vault') : {};
  updateAccount(ws.db, a.id, {
    name: changes.name,
    baseUrl: changes.baseUrl?.replace(/\/+$/, '') ?? a.baseUrl,
    options: { ...options, ...stored },
  });
  ws.events.emit('store:changed', { reason: 'account edited' });
  return requireAccount(ws, id);
}

/**
 * Removes an account: its stored secret goes and it never syncs again. Its data stays, read-only
 * (browsable, exportable), unless `deleteData`, which leaves no row of it.
 */
export function removeAccount(ws: Workspace, id: string, options: { deleteData: boolean }): void {
  const a = requireAccount(ws, id);
  try {
    ws.vault.remove(a);
  } catch {
    // The account stops syncing either way; a keychain that cannot be reached keeps a dead entry.
  }
  if (options.deleteData) deleteAccount(ws.db, a.id);
  else markAccountRemoved(ws.db, a.id, ws.now());
  ws.events.emit('store:changed', { reason: 'account removed' });
}

/** Asks the vendor whether the stored credentials work; resolves to the connector's one-line answer. */
export async function testConnection(ws: Workspace, id: string): Promise<string> {
  const a = requireAccount(ws, id);
  const secret = ws.vault.read(a);
  if (!secret) throw new UserError('accounts.noSecretAddAgain', { name: a.name });
  const { connector, http } = openConnector(a, secret, { now: ws.now });
  try {
    return await connector.testConnection();
  } finally {
    await http.close();
  }
}
