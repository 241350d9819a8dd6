import { useCallback, useEffect, useState } from 'react';
import type { FileListView, FilesProgress } from '../../src-main/api/contract';
import { api } from '../api';
import { translate } from '../i18n';

/**
 * An account's file list, read when shown and again when a download job ends, with the running
 * job's progress and the messages about them (busy, error, notice) the view shows as banners.
 * `refreshable`: the vendor keeps a list to ask for; an empty local list is then asked for at once,
 * so the view never opens on an empty table that waits for "Refresh list".
 */
export function useFileList(accountId: string, refreshable: boolean) {
  const [list, setList] = useState<FileListView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [progress, setProgress] = useState<FilesProgress | null>(null);

  const fetchList = useCallback(
    (refresh: boolean) => api.invoke('files:list', { accountId: accountId, refresh }),
    [accountId],
  );
  const showList = useCallback((r: Awaited<ReturnType<typeof fetchList>>) => {
    if (r.ok) {
      setList(r.value);
      setError(r.value.problems.length > 0 ? r.value.problems.join(' · ') : null);
    } else setError(r.error);
  }, []);
  const load = useCallback(
    async (refresh: boolean) => {
      if (refresh) setBusy(translate('files.askingVendor'));
      const r = await fetchList(refresh);
      if (refresh) setBusy(null);
      showList(r);
    },
    [fetchList, showList],
  );

  useEffect(() => {
    void fetchList(false).then((r) => {
      showList(r);
      if (refreshable && r.ok && r.value.files.length === 0) void load(true);
    });
  }, [fetchList, showList, load, refreshable]);
  useEffect(
    () =>
      api.on('files:progress', (p) => {
        if (p.accountId !== accountId) return;
        setProgress(p);
        if (p.state !== 'running') void load(false);
      }),
    [accountId, load],
  );

  return { list, busy, setBusy, error, setError, notice, setNotice, progress, setProgress, load };
}
