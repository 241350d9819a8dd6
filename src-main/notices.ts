/**
 * What the desktop tells the user in system notifications, decided apart from Electron so that it is
 * tested without it: a sync failing again and again, data lost for good, a download finished.
 */
import type { FilesProgress } from './model/events';
import { FAILURES_BEFORE_NOTICE } from './sync/background';
import type { AccountSyncResult } from './sync/engine';

export interface Notice {
  title: string;
  body: string;
}

/** After a round: an account whose sync has now failed `FAILURES_BEFORE_NOTICE` times in a row, and lost data. */
export function roundNotices(results: AccountSyncResult[], failedRepeatedly: (accountId: string) => boolean): Notice[] {
  return results.flatMap((r) => {
    const notices: Notice[] = [];
    if (r.state === 'failed' && failedRepeatedly(r.accountId))
      notices.push({
        title: `${r.accountName}: sync keeps failing`,
        body: `The last ${FAILURES_BEFORE_NOTICE} syncs failed${r.error ? `: ${r.error}` : '.'}`,
      });
    if (r.lost.length > 0)
      notices.push({
        title: `${r.accountName}: data lost for good`,
        body: `${r.lost.length} ${r.lost.length === 1 ? 'stream has' : 'streams have'} an interval the vendor no longer keeps; it is marked as a gap. Sync more often to avoid this.`,
      });
    return notices;
  });
}

/** When a download job has finished: how many files, for which account; null for any other progress. */
export function downloadNotice(p: FilesProgress, accountName: string): Notice | null {
  if (p.state !== 'done') return null;
  const mb = (p.bytesDone / 1_000_000).toLocaleString('en', { maximumFractionDigits: 1 });
  return {
    title: 'Download finished',
    body: `${p.filesDone} ${p.filesDone === 1 ? 'file' : 'files'} (${mb} MB) from ${accountName}.`,
  };
}
