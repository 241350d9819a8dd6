import { useMemo, useState } from 'react';
import type { SourceHealth, StaleState } from '../../src-main/api/contract';
import { HEALTH_ORDER } from '../ui/health';
import { useChannel } from '../useApi';

export type SortColumn = 'state' | 'name' | 'lastContact' | 'gaps' | 'outOfRange' | 'rejected' | 'syncErrors';

export interface SourcesState {
  all: SourceHealth[] | null;
  /** Filtered and sorted. */
  rows: SourceHealth[];
  error: string | null;
  sort: { column: SortColumn; descending: boolean };
  setSort(column: SortColumn): void;
  text: string;
  setText(text: string): void;
  state: StaleState | 'all';
  setState(state: StaleState | 'all'): void;
}

const rank = (s: SourceHealth) => HEALTH_ORDER.indexOf(s.state);

/** Worst health first, then the longest silence first: the loggers that need a visit lead. */
function compare(column: SortColumn): (a: SourceHealth, b: SourceHealth) => number {
  if (column === 'state') return (a, b) => rank(a) - rank(b) || (a.lastContact ?? 0) - (b.lastContact ?? 0);
  if (column === 'name') return (a, b) => a.name.localeCompare(b.name);
  if (column === 'lastContact') return (a, b) => (a.lastContact ?? -Infinity) - (b.lastContact ?? -Infinity);
  return (a, b) => b[column] - a[column];
}

/** The health overview's rows with the user's sort and filter; reloads when the store changes. */
export function useSources(): SourcesState {
  const loaded = useChannel('sources:list', {});
  const [sort, setSortState] = useState<SourcesState['sort']>({ column: 'state', descending: false });
  const [text, setText] = useState('');
  const [state, setState] = useState<StaleState | 'all'>('all');
  const rows = useMemo(() => {
    const needle = text.trim().toLowerCase();
    const kept = (loaded.value ?? []).filter(
      (s) =>
        (state === 'all' || s.state === state) &&
        (!needle ||
          s.name.toLowerCase().includes(needle) ||
          s.key.toLowerCase().includes(needle) ||
          (s.accountName ?? '').toLowerCase().includes(needle)),
    );
    const by = compare(sort.column);
    return kept.sort(sort.descending ? (a, b) => by(b, a) : by);
  }, [loaded.value, text, state, sort]);
  return {
    all: loaded.value,
    rows,
    error: loaded.error,
    sort,
    setSort: (column) =>
      setSortState((s) =>
        s.column === column ? { column, descending: !s.descending } : { column, descending: false },
      ),
    text,
    setText,
    state,
    setState,
  };
}
