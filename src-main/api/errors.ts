import { say, UserError } from '../model';
import type { Language } from '../model/language';

/** Node's system errors (`ENOSPC: no space left on device, write`): the description is the user's to see. */
function systemErrorText(err: Error): string | null {
  const { code, syscall } = err as NodeJS.ErrnoException;
  if (typeof code !== 'string' || typeof syscall !== 'string') return null;
  const description = /^[A-Z0-9_]+: ([^,]+)/.exec(err.message)?.[1] ?? syscall;
  return `${description} (${code})`;
}

/**
 * What a user is told of a failure, in their language. Errors we wrote for users (`UserError` and its
 * kinds: vendor, vault, OSF, disk space, …) are rendered from the catalog; anything else is reported
 * without internals, and its detail goes to `log` (main's console) instead.
 */
export function errorMessage(
  err: unknown,
  language: Language = 'en',
  log: (detail: unknown) => void = console.error,
): string {
  if (err instanceof UserError) return say(err.said, language);
  if (err instanceof Error && /SQLITE_/.test((err as { code?: string }).code ?? ''))
    return say({ key: 'errors.database', values: { detail: err.message } }, language);
  log(err);
  const system = err instanceof Error ? systemErrorText(err) : null;
  return say(system ? { key: 'errors.system', values: { detail: system } } : { key: 'errors.internal' }, language);
}
