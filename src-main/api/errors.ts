import { DiskSpaceError } from '../files/queue';
import { NoFilesError } from '../files/service';
import { UnsafeArchiveError } from '../files/zip';
import { VendorError } from '../http/errors';
import { UserError } from '../model';
import { OsfError } from '../osf/types';
import { StoreTooNewError } from '../store/db';
import { VaultError } from '../vault';

/** Errors whose messages we wrote for users (they name no code, path or stack of ours). */
const forUsers = [
  UserError,
  VendorError,
  VaultError,
  OsfError,
  StoreTooNewError,
  DiskSpaceError,
  NoFilesError,
  UnsafeArchiveError,
];

/** Node's system errors (`ENOSPC: no space left on device, write`): the description is the user's to see. */
function systemErrorText(err: Error): string | null {
  const { code, syscall } = err as NodeJS.ErrnoException;
  if (typeof code !== 'string' || typeof syscall !== 'string') return null;
  const description = /^[A-Z0-9_]+: ([^,]+)/.exec(err.message)?.[1] ?? syscall;
  return `${description} (${code})`;
}

/**
 * What a user is told of a failure. Messages we wrote for users pass through; anything else is
 * reported without internals, and its detail goes to `log` (main's console) instead.
 */
export function errorMessage(err: unknown, log: (detail: unknown) => void = console.error): string {
  if (forUsers.some((type) => err instanceof type)) return (err as Error).message;
  if (err instanceof Error && /SQLITE_/.test((err as { code?: string }).code ?? ''))
    return 'The local database failed: ' + err.message;
  log(err);
  const system = err instanceof Error ? systemErrorText(err) : null;
  return `Something went wrong: ${system ?? 'an internal error (the details are in the log)'}.`;
}
