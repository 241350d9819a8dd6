import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../../src-main/api/errors';
import { VendorError } from '../../../src-main/http/errors';
import { UserError } from '../../../src-main/model';
import { VaultError } from '../../../src-main/vault';

describe('errorMessage', () => {
  it('passes the messages of errors written for users', () => {
    const logged: unknown[] = [];
    const log = (detail: unknown) => logged.push(detail);
    expect(errorMessage(new UserError('No such account.'), log)).toBe('No such account.');
    expect(errorMessage(new VaultError('No OS keychain.'), log)).toBe('No OS keychain.');
    const vendor = new VendorError('The credentials were refused.', 'fail-account', 401);
    expect(errorMessage(vendor, log)).toBe(vendor.message);
    expect(logged).toEqual([]);
  });

  it('reports anything else without internals and logs the detail', () => {
    const logged: unknown[] = [];
    const internal = new TypeError("Cannot read properties of undefined (reading 'ts') at /app/src-main/x.ts:3");
    const text = errorMessage(internal, (d) => logged.push(d));
    expect(text).toMatch(/^Something went wrong: /);
    expect(text).not.toContain('src-main');
    expect(text).not.toContain('Cannot read');
    expect(logged).toEqual([internal]);
    expect(errorMessage('a thrown string', () => undefined)).toMatch(/^Something went wrong: /);
  });

  it('words a system error by its description, not its path', () => {
    const full = Object.assign(new Error("ENOSPC: no space left on device, write '/home/ann/secret/out.csv'"), {
      code: 'ENOSPC',
      syscall: 'write',
    });
    const text = errorMessage(full, () => undefined);
    expect(text).toBe('Something went wrong: no space left on device (ENOSPC).');
  });
});
