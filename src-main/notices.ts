/**
 * What the desktop tells the user in system notifications, decided apart from Electron so that it is
 * tested without it: a sync failing again and again, data lost for good, a download finished.
 */
import { say } from './model';
import type { FilesProgress } from './model/events';
import type { Language } from './model/language';
import { FAILURES_BEFORE_NOTICE } from './sync/background';
import type { AccountSyncResult } from './sync/engine';

export interface Notice {
  title: string;
  body: string;
}

/** After a round: an account whose sync has now failed `FAILURES_BEFORE_NOTICE` times in a row, and lost data. */
export function roundNotices(
  results: AccountSyncResult[],
  failedRepeatedly: (accountId: string) => boolean,
  language: Language,
): Notice[] {
  return results.flatMap((r) => {
    const notices: Notice[] = [];
    const account = r.accountName;
    if (r.state === 'failed' && failedRepeatedly(r.accountId))
      notices.push({
        title: say({ key: 'notices.failingTitle', values: { account } }, language),
        body: say(
          r.why
            ? { key: 'notices.failingBodyWhy', values: { count: FAILURES_BEFORE_NOTICE, error: r.why } }
            : { key: 'notices.failingBody', values: { count: FAILURES_BEFORE_NOTICE } },
          language,
        ),
      });
    if (r.lost.length > 0)
      notices.push({
        title: say({ key: 'notices.lostTitle', values: { account } }, language),
        body: say({ key: 'notices.lostBody', values: { count: r.lost.length } }, language),
      });
    return notices;
  });
}

/** When a download job has finished: how many files, for which account; null for any other progress. */
export function downloadNotice(p: FilesProgress, accountName: string, language: Language): Notice | null {
  if (p.state !== 'done') return null;
  const mb = new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(p.bytesDone / 1_000_000);
  return {
    title: say({ key: 'notices.downloadTitle' }, language),
    body: say({ key: 'notices.downloadBody', values: { count: p.filesDone, mb, account: accountName } }, language),
  };
}
