import type { FileStatusWord } from '../model/capabilities';

/** The vendor's word for a file's status code; undefined when the file has no status or an undeclared one. */
export function statusWord(statuses: readonly FileStatusWord[], status: number | null): FileStatusWord | undefined {
  return status === null ? undefined : statuses.find((s) => s.code === status);
}

/** The file is on the vendor's server, so it can be downloaded now (a file without a status always is). */
export function isOnServer(statuses: readonly FileStatusWord[], status: number | null): boolean {
  return statusWord(statuses, status)?.onServer ?? true;
}
