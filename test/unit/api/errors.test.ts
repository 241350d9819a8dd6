import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../../src-main/api/errors';
import { VendorError } from '../../../src-main/http/errors';
import { said, UserError } from '../../../src-main/model';
import { OsfError } from '../../../src-main/osf/types';
import { VaultError } from '../../../src-main/vault';

describe('errorMessage', () => {
  it('renders the errors written for users in the reader’s language', () => {
    const logged: unknown[] = [];
    const log = (detail: unknown) => logged.push(detail);
    const noAccount = new UserError('accounts.noSuchAccount');
    expect(errorMessage(noAccount, 'en', log)).toBe('No such account.');
    expect(errorMessage(noAccount, 'de', log)).toBe('Dieses Konto gibt es nicht.');
    expect(noAccount.message).toBe('No such account.');
    const locked = new VaultError(said('vault.keychainLocked'), 'keychain-locked');
    expect(errorMessage(locked, 'de', log)).toMatch(/^Schlüsselbund gesperrt: /);
    const reason = said('http.reason.credentialsRefused');
    const vendor = new VendorError(said('http.reauthFailed', { reason, host: 'api.example' }), 'fail-account', 401);
    expect(errorMessage(vendor, 'en', log)).toBe(
      'The vendor refused the credentials (401) at api.example; logging in again did not help.',
    );
    expect(errorMessage(vendor, 'de', log)).toBe(
      'Der Hersteller lehnte die Zugangsdaten ab (401) bei api.example; eine erneute Anmeldung half nicht.',
    );
    expect(errorMessage(new OsfError('not-osf', 'osf.notOsf'), 'de', log)).toMatch(/^Keine OSF-Datei/);
    expect(logged).toEqual([]);
  });

  it('reports anything else without internals and logs the detail', () => {
    const logged: unknown[] = [];
    const internal = new TypeError("Cannot read properties of undefined (reading 'ts') at /app/src-main/x.ts:3");
    const text = errorMessage(internal, 'en', (d) => logged.push(d));
    expect(text).toMatch(/^Something went wrong: /);
    expect(text).not.toContain('src-main');
    expect(text).not.toContain('Cannot read');
    expect(logged).toEqual([internal]);
    expect(errorMessage('a thrown string', 'en', () => undefined)).toMatch(/^Something went wrong: /);
    expect(errorMessage('a thrown string', 'de', () => undefined)).toMatch(/^Etwas ist schiefgegangen: /);
  });

  it('words a system error by its description, not its path', () => {
    const full = Object.assign(new Error("ENOSPC: no space left on device, write '/home/ann/secret/out.csv'"), {
      code: 'ENOSPC',
      syscall: 'write',
    });
    const text = errorMessage(full, 'en', () => undefined);
    expect(text).toBe('Something went wrong: no space left on device (ENOSPC).');
  });
});
