/** Accounts: add (the secret to the vault: keychain, encrypted file, environment or demo), remove, test the connection. */
import { randomUUID } from 'node:crypto';
import { UserError, type VendorId } from '../model';
import { accountById, accountByName, deleteAccount, insertAccount, type AccountRow } from '../store/catalog';
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
  if (!a) throw new UserError('No such account.');
  return a;
}

/** Adds an account: the secret is checked against the vendor's shape and goes where `placement` says (vault/). */
export function addAccount(ws: Workspace, input: NewAccount, placement: SecretPlacement = 'vault'): AccountRow {
  const vendor = vendors[input.vendor];
  const secret = vendor.secretSchema.safeParse(input.secret);
  if (!secret.success) {
    const fields = secret.error.issues.map((i) => i.path.join('.') || 'secret').join(', ');
    throw new UserError(`The ${vendor.label} credentials are incomplete or malformed (${fields}).`);
  }
  if (accountByName(ws.db, input.name)) throw new UserError(`An account named "${input.name}" already exists.`);
  const account: AccountRow = {
    id: randomUUID(),
    vendor: input.vendor,
    name: input.name,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    options: {},
    createdAt: ws.now(),
  };
  account.options = { ...ws.vault.store(account, secret.data, placement) };
  try {
    insertAccount(ws.db, account);
  } catch (err) {
    ws.vault.remove(account);
    throw err;
  }
  ws.events.emit('store:changed', { reason: 'account added' });
  return account;
}

/** Removes an account with everything synced for it, and its keychain entry. */
export function removeAccount(ws: Workspace, id: string): void {
  const a = requireAccount(ws, id);
  deleteAccount(ws.db, a.id);
  try {
    ws.vault.remove(a);
  } catch {
    // The data is gone either way; a keychain that cannot be reached keeps a dead entry.
  }
  ws.events.emit('store:changed', { reason: 'account removed' });
}

/** Asks the vendor whether the stored credentials work; resolves to the connector's one-line answer. */
export async function testConnection(ws: Workspace, id: string): Promise<string> {
  const a = requireAccount(ws, id);
  const secret = ws.vault.read(a);
  if (!secret) throw new UserError(`No credentials are stored for "${a.name}". Remove the account and add it again.`);
  const { connector, http } = openConnector(a, secret, { now: ws.now });
  try {
    return await connector.testConnection();
  } finally {
    await http.close();
  }
}
