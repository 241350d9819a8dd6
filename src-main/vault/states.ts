import { said, type Message } from '../model';
import type { CredentialProblem } from './errors';

/** Where an account's secret lives; recorded per account (the secret itself never is, except a demo's). */
export type SecretStore = 'keychain' | 'file' | 'environment' | 'demo';

/** What the CLI and the sidebar say about an account's credentials: where they are, or what is missing. */
export type CredentialState = SecretStore | CredentialProblem;

/** What the CLI and the sidebar say about a credential state, as a catalog message. */
export const credentialStateMessage = (state: CredentialState): Message => said(`credentials.${state}`);

const secretStores: readonly CredentialState[] = ['keychain', 'file', 'environment', 'demo'];

/** True when the account's secret can be read now (the renderer's "has a credential"). */
export const hasCredentials = (state: CredentialState) => secretStores.includes(state);

/** The vault's own state, for the UI's unlock dialog and the move button. */
export interface VaultStatus {
  keychain: 'available' | 'keychain-locked' | 'keychain-unavailable';
  file: 'absent' | 'locked' | 'unlocked';
  /** Accounts whose secret is in the encrypted file (known once it is unlocked). */
  inFile: number;
}

/** Where the secret given at `account add` is meant to go. */
export type SecretPlacement = 'vault' | 'environment' | 'demo';

/** The account options the vault records: its store, and for a demo account the simulators' credentials. */
export interface SecretOptions {
  secretStore: SecretStore;
  demoCredentials?: Record<string, string>;
}

export function secretStoreOf(options: Record<string, unknown>): SecretStore {
  const s = options.secretStore;
  // Accounts added before stores were recorded kept their secret in the keychain.
  return s === 'file' || s === 'environment' || s === 'demo' ? s : 'keychain';
}
