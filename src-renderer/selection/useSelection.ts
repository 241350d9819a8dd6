import { useMemo, useState } from 'react';
import type { SourceView, StreamView, Tree } from '../../src-main/api/contract';
import { api } from '../api';
import { translate } from '../i18n';
import { formatCount } from '../ui/format';
import { useChannel } from '../useApi';

export interface SourceGroup {
  source: SourceView | null;
  streams: StreamView[];
}

/** What a pending change will do, in words the panel shows before it is applied. */
export function changeWords(start: number, stop: number): string {
  if (start > 0 && stop > 0)
    return translate('chooseSync.startAndStop', {
      start: translate('chooseSync.willStart', { count: start, formatted: formatCount(start) }),
      stop: translate('chooseSync.willStop', { count: stop, formatted: formatCount(stop) }),
    });
  if (start > 0)
    return translate('chooseSync.startOnly', {
      start: translate('chooseSync.willStart', { count: start, formatted: formatCount(start) }),
    });
  if (stop > 0)
    return translate('chooseSync.stopOnly', {
      stop: translate('chooseSync.willStop', { count: stop, formatted: formatCount(stop) }),
    });
  return translate('chooseSync.noChanges');
}

/** The "Choose what to sync" panel's state: the account's streams by source, the choices not yet applied. */
export function useSelection(accountId: string, tree: Tree) {
  const state = useChannel('selection:state', { accountId }, [accountId]);
  const [pending, setPending] = useState<Map<string, boolean>>(new Map());
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const streams = useMemo(() => tree.streams.filter((s) => s.accountId === accountId), [tree, accountId]);
  const groups = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const byId = new Map(tree.sources.filter((s) => s.accountId === accountId).map((s) => [s.id, s]));
    const out = new Map<number | null, SourceGroup>();
    for (const s of streams) {
      const source = s.sourceId === null ? null : (byId.get(s.sourceId) ?? null);
      const text = `${s.name} ${s.key} ${source?.name ?? ''}`.toLowerCase();
      if (needle && !text.includes(needle)) continue;
      const group = out.get(s.sourceId) ?? { source, streams: [] };
      group.streams.push(s);
      out.set(s.sourceId, group);
    }
    return [...out.values()].sort((a, b) => (a.source?.name ?? '').localeCompare(b.source?.name ?? ''));
  }, [tree, accountId, streams, filter]);

  const isSelected = (s: StreamView) => pending.get(s.key) ?? s.selected;
  const set = (changes: StreamView[], selected: boolean) =>
    setPending((prev) => {
      const next = new Map(prev);
      for (const s of changes) {
        if (s.selected === selected) next.delete(s.key);
        else next.set(s.key, selected);
      }
      return next;
    });
  const start = [...pending.values()].filter(Boolean).length;
  const stop = pending.size - start;
  const selectedCount = streams.filter(isSelected).length;
  const estimated = streams.filter(isSelected).reduce((n, s) => n + (state.value?.estimatedPoints[s.key] ?? 0), 0);

  const run = async (what: string, call: () => Promise<{ ok: boolean; error?: string }>) => {
    setBusy(what);
    setError(null);
    const r = await call();
    setBusy(null);
    if (!r.ok) setError(r.error ?? translate('chooseSync.failed'));
    return r.ok;
  };
  const apply = () =>
    run('apply', async () => {
      const select = [...pending].filter(([, on]) => on).map(([key]) => key);
      const deselect = [...pending].filter(([, on]) => !on).map(([key]) => key);
      const r = await api.invoke('selection:set', { accountId, select, deselect });
      if (r.ok) setPending(new Map());
      return r;
    });
  const discover = () => run('discover', () => api.invoke('selection:discover', { accountId }));
  const setNewStreams = (rule: 'include' | 'exclude') =>
    run('rule', () => api.invoke('selection:newStreams', { accountId, rule })).then(state.reload);

  return {
    state: state.value,
    groups,
    filter,
    setFilter,
    isSelected,
    set,
    counts: { selected: selectedCount, total: streams.length, estimated, start, stop },
    apply,
    discover,
    setNewStreams,
    busy,
    error,
  };
}
