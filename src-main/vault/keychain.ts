import { Entry } from '@napi-rs/keyring';
import { said } from '../model';
import { parseSecret, VaultError, type Secret } from './errors';

/** Keychain service name of DESIGN.md: service `tributary`, account = the account id. */
export const KEYCHAIN_SERVICE = 'tributary';

export type KeychainProblem = 'keychain-locked' | 'keychain-unavailable';

const LOCKED = said('vault.keychainLocked');
const UNAVAILABLE = said('vault.keychainUnavailable');

function entry(accountId: string): Entry {
  // On Linux the Secret Service, never the kernel keyring, which forgets everything at logout.
  return new Entry(KEYCHAIN_SERVICE, accountId, { linux: { store: 'secret-service' } });
}

/** The binding's failures, sorted into the two states a user can act on. */
function keychainProblem(err: unknown): KeychainProblem {
  const text = err instanceof Error ? err.message : String(err);
  return /lock|prompt/i.test(text) ? 'keychain-locked' : 'keychain-unavailable';
}

function call<T>(run: () => T): T {
  // Without a session bus address libdbus would fail anyway (X11 autolaunch is compiled out); saying
  // so here spares the call and makes "no keychain" certain and instant.
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS)
    throw new VaultError(UNAVAILABLE, 'keychain-unavailable');
  try {
    return run();
  } catch (err) {
    const problem = keychainProblem(err);
    throw new VaultError(problem === 'keychain-locked' ? LOCKED : UNAVAILABLE, problem);
  }
}

/** The OS keychain; every failure is a VaultError whose `problem` says locked or not available. */
export const keychain = {
  read(accountId: string): Secret | null {
    const text = call(() => entry(accountId).getPassword());
    return text === null ? null : parseSecret(text, said('vault.inKeychain'));
  },
  write(accountId: string, secret: Secret): void {
    call(() => entry(accountId).setPassword(JSON.stringify(secret)));
  },
  remove(accountId: string): void {
    call(() => entry(accountId).deleteCredential());
  },
  /** Whether a keychain takes writes now: a throwaway entry is written and removed. */
  available(): KeychainProblem | null {
    const probe = `probe-${process.pid}`;
    try {
      call(() => {
        entry(probe).setPassword('probe');
        entry(probe).deleteCredential();
      });
      return null;
    } catch (err) {
      return err instanceof VaultError && err.problem === 'keychain-locked'
        ? 'keychain-locked'
        : 'keychain-unavailable';
    }
  },
};
