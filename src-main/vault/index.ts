import { Entry } from '@napi-rs/keyring';
import type { Secret } from '../model';

/** Keychain service name of DESIGN.md: service `tributary`, account = the account id. */
export const KEYCHAIN_SERVICE = 'tributary';

export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultError';
  }
}

export interface Vault {
  /** The account's secret: the environment override if set, else the keychain; null when none. */
  read(accountId: string, accountName: string): Secret | null;
  write(accountId: string, secret: Secret): void;
  remove(accountId: string): void;
  /** True when the account has a credential (the renderer is told only this). */
  has(accountId: string, accountName: string): boolean;
}

/** `TRIBUTARY_SECRET_<NAME>`: account name upper-cased, non-alphanumerics as `_` (DESIGN.md). */
export function envOverrideName(accountName: string): string {
  return `TRIBUTARY_SECRET_${accountName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

const NO_KEYCHAIN =
  'No OS keychain is available to keep credentials. On Linux, start a Secret Service (for example gnome-keyring, ' +
  'unlocked, in a D-Bus session), or for headless use put the secret JSON in the TRIBUTARY_SECRET_<ACCOUNT NAME> ' +
  'environment variable.';

function entry(accountId: string): Entry {
  // On Linux the Secret Service, never the kernel keyring, which forgets everything at logout.
  return new Entry(KEYCHAIN_SERVICE, accountId, { linux: { store: 'secret-service' } });
}

function parseSecret(text: string, where: string): Secret {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new VaultError(`The secret in ${where} is not valid JSON.`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new VaultError(`The secret in ${where} must be a JSON object.`);
  const out: Secret = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new VaultError(`The secret in ${where} has a non-text field "${k}".`);
    out[k] = v;
  }
  return out;
}

/** Wraps keychain failures: the binding's messages can be cryptic, ours say what to do. */
function keychain<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw new VaultError(`${NO_KEYCHAIN} (${what} failed: ${err instanceof Error ? err.message : String(err)})`);
  }
}

export function createVault(env: NodeJS.ProcessEnv = process.env): Vault {
  const override = (name: string) => env[envOverrideName(name)];
  return {
    read(accountId, accountName) {
      const fromEnv = override(accountName);
      if (fromEnv !== undefined) return parseSecret(fromEnv, envOverrideName(accountName));
      const text = keychain('reading the keychain', () => entry(accountId).getPassword());
      return text === null ? null : parseSecret(text, 'the keychain');
    },
    write(accountId, secret) {
      keychain('writing to the keychain', () => entry(accountId).setPassword(JSON.stringify(secret)));
    },
    remove(accountId) {
      keychain('removing from the keychain', () => entry(accountId).deleteCredential());
    },
    has(accountId, accountName) {
      if (override(accountName) !== undefined) return true;
      try {
        return entry(accountId).getPassword() !== null;
      } catch {
        return false;
      }
    },
  };
}
