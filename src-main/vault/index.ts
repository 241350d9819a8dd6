import { createFileStore } from './file-store';
import { keychain, type KeychainProblem } from './keychain';
import { said } from '../model';
import { parseSecret, VaultError, type Secret } from './errors';
import {
  secretStoreOf,
  type CredentialState,
  type SecretOptions,
  type SecretPlacement,
  type VaultStatus,
} from './states';

export { VaultError, type Secret } from './errors';
export { KEYCHAIN_SERVICE } from './keychain';
export * from './states';

/** What the vault needs to know of an account: its id, its name (env override) and its recorded store. */
export interface AccountRef {
  id: string;
  name: string;
  options: Record<string, unknown>;
}

export interface Vault {
  /** The account's secret: the environment override if set, else its store; null when none is stored. */
  read(account: AccountRef): Secret | null;
  /**
   * Keeps a new account's secret and returns the options that record where: the keychain when one
   * answers, else the encrypted file (never plaintext); nothing for the environment; the workspace for a demo.
   */
  store(account: AccountRef, secret: Secret, placement: SecretPlacement): SecretOptions;
  remove(account: AccountRef): void;
  state(account: AccountRef): CredentialState;
  status(): VaultStatus;
  unlock(password: string): void;
  /** Copies an account's secret from the file to the keychain, checked by reading it back. */
  copyToKeychain(account: AccountRef): void;
}

/** `TRIBUTARY_SECRET_<NAME>`: account name upper-cased, non-alphanumerics as `_` (DESIGN.md). */
export function envOverrideName(accountName: string): string {
  return `TRIBUTARY_SECRET_${accountName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The override's secret for an account name, if `TRIBUTARY_SECRET_<NAME>` is set. */
export function environmentSecret(accountName: string, env: NodeJS.ProcessEnv = process.env): Secret | null {
  const text = env[envOverrideName(accountName)];
  return text === undefined ? null : parseSecret(text, envOverrideName(accountName));
}

const PROBE_MS = 30_000;

/** A read's failure as a state; one without a state of its own (a damaged file) is "none", and the read says why. */
const problemOf = (err: unknown): CredentialState => {
  if (err instanceof VaultError) return err.problem ?? 'none';
  throw err;
};

/** The vault of a workspace: the OS keychain, the environment override, the encrypted file, demo credentials. */
export function createVault(dataDir: string, env: NodeJS.ProcessEnv = process.env): Vault {
  const fileStore = createFileStore(dataDir, env);
  // The UI asks for the status whenever the store changes (often, while syncing): probe the keychain
  // (a throwaway write) at most every PROBE_MS.
  let probed: { at: number; problem: KeychainProblem | null } | null = null;
  const keychainProblem = () => {
    if (!probed || Date.now() - probed.at > PROBE_MS) probed = { at: Date.now(), problem: keychain.available() };
    return probed.problem;
  };
  const fromStore = (account: AccountRef): Secret | null => {
    const store = secretStoreOf(account.options);
    if (store === 'demo') return (account.options.demoCredentials as Secret | undefined) ?? null;
    if (store === 'file') return fileStore.read(account.id);
    if (store === 'keychain') return keychain.read(account.id);
    throw new VaultError(
      said('vault.fromEnvironment', { name: account.name, variable: envOverrideName(account.name) }),
      'none',
    );
  };
  const vault: Vault = {
    read: (account) => environmentSecret(account.name, env) ?? fromStore(account),
    store(account, secret, placement) {
      if (placement === 'environment') return { secretStore: 'environment' };
      if (placement === 'demo') return { secretStore: 'demo', demoCredentials: { ...secret } };
      // A locked keychain is there to be unlocked (writing asks, or fails saying so): the encrypted
      // file is only for where no keychain answers, and the account then says "encrypted file".
      if (keychain.available() !== 'keychain-unavailable') {
        keychain.write(account.id, secret);
        return { secretStore: 'keychain' };
      }
      fileStore.write(account.id, secret);
      return { secretStore: 'file' };
    },
    remove(account) {
      const store = secretStoreOf(account.options);
      if (store === 'file') fileStore.remove(account.id);
      else if (store === 'keychain') keychain.remove(account.id);
    },
    state(account) {
      if (env[envOverrideName(account.name)] !== undefined) return 'environment';
      const store = secretStoreOf(account.options);
      try {
        return fromStore(account) === null ? 'none' : store;
      } catch (err) {
        return problemOf(err);
      }
    },
    status() {
      const problem = keychainProblem();
      const unlocked = fileStore.unlocked();
      let inFile = 0;
      if (unlocked) inFile = fileStore.accountIds().length;
      return {
        keychain: problem ?? 'available',
        // Unlocked also when a password was chosen before the file's first write.
        file: unlocked ? 'unlocked' : fileStore.exists() ? 'locked' : 'absent',
        inFile,
      };
    },
    unlock: (password) => fileStore.unlock(password),
    copyToKeychain(account) {
      const secret = fileStore.read(account.id);
      if (!secret) throw new VaultError(said('vault.notInFile', { name: account.name }), 'none');
      keychain.write(account.id, secret);
      if (JSON.stringify(keychain.read(account.id)) !== JSON.stringify(secret))
        throw new VaultError(said('vault.keychainDidNotKeep', { name: account.name }));
    },
  };
  return vault;
}
