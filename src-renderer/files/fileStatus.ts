/**
 * A file's storage state asked of its vendor's files capability (DESIGN.md convention 14): the
 * status words come from `app:info`, so no vendor's codes are known here.
 */
import type { FilesCapability, FileStatusWord, FileView } from '../../src-main/api/contract';
import { translate, translateWord } from '../i18n';

export function statusWord(files: FilesCapability, f: FileView): FileStatusWord | null {
  return f.status === null ? null : (files.statuses.find((w) => w.code === f.status) ?? null);
}

/** The server holds it, so it can be downloaded now; a file without a status is on the server. */
export function isOnServer(files: FilesCapability, f: FileView): boolean {
  return f.status === null || (statusWord(files, f)?.onServer ?? false);
}

/** Only on the device and not asked for yet. */
export function isDeviceOnly(files: FilesCapability, f: FileView): boolean {
  return (statusWord(files, f)?.deviceOnly ?? false) && f.state !== 'requested';
}

/** Asked for here, or the vendor says the device was asked. */
export function isRequested(files: FilesCapability, f: FileView): boolean {
  return f.state === 'requested' || (statusWord(files, f)?.requested ?? false);
}

/**
 * The short words for the status column (the vendor's full words are its tooltip). A downloaded file
 * says so: "server only" beside it would read as "not here".
 */
export function statusShort(files: FilesCapability, f: FileView): string {
  if (f.downloaded) return translate('files.downloadedStatus');
  if (f.status === null) return translate('files.onServer');
  const short = statusWord(files, f)?.short;
  return short ? translateWord('fileStatus', short, short) : f.statusText;
}

/** A class for the status pill's colour: waiting on the device, requested, or on the server. */
export function statusClass(files: FilesCapability, f: FileView): string {
  if (f.downloaded) return 'downloaded';
  const word = statusWord(files, f);
  if (word?.requested) return 'requested';
  if (word?.deviceOnly) return 'device-only';
  return isOnServer(files, f) ? 'on-server' : 'unknown';
}

/** What happened to the file here, for the "Here" column. */
export function stateText(files: FilesCapability, f: FileView): string {
  if (f.state === 'downloaded') return translate('files.state.downloaded');
  if (f.state === 'failed') return translate('files.state.failed');
  if (f.state === 'queued' || f.state === 'downloading') return translate('files.state.interrupted');
  if (f.state === 'requested')
    return statusWord(files, f)?.deviceOnly
      ? translate('files.state.requestPending')
      : translate('files.state.requested');
  return '';
}
