import { useMemo, useState } from 'react';
import type { SourceView, StreamView, Tree } from '../src-main/api/contract';

interface Props {
  tree: Tree;
  selected: number[];
  onSelect: (ids: number[]) => void;
  onAddAccount: () => void;
}

interface Group {
  id: string;
  label: string;
  sources: { source: SourceView | null; streams: StreamView[] }[];
}

/** account → source → stream, filtered by name, unit or key. */
export function Sidebar({ tree, selected, onSelect, onAddAccount }: Props) {
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => group(tree, filter.trim().toLowerCase()), [tree, filter]);
  const toggle = (id: number, additive: boolean) =>
    onSelect(additive ? (selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]) : [id]);

  return (
    <nav className="sidebar" aria-label="Streams">
      <div className="sidebar-head">
        <input type="search" placeholder="Filter streams (name, unit, key)" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter streams" />
        <button onClick={onAddAccount} title="Add account">
          +
        </button>
      </div>
      <ul className="tree" role="tree">
        {groups.map((g) => (
          <li key={g.id} role="treeitem" aria-expanded="true">
            <div className="tree-account">{g.label}</div>
            <ul role="group">
              {g.sources.map(({ source, streams }) => (
                <li key={source?.id ?? 'none'} role="treeitem" aria-expanded="true">
                  <div className="tree-source">{source?.name ?? 'Other'}</div>
                  <ul role="group">
                    {streams.map((s) => (
                      <li
                        key={s.id}
                        role="treeitem"
                        aria-selected={selected.includes(s.id)}
                        className={`tree-stream${selected.includes(s.id) ? ' selected' : ''}${s.reported ? '' : ' unreported'}`}
                        onClick={(e) => toggle(s.id, e.ctrlKey || e.metaKey || e.shiftKey)}
                        title={s.key}
                        draggable
                        onDragStart={(e) => e.dataTransfer.setData('application/x-tributary-stream', String(s.id))}
                      >
                        <span className="stream-name">{s.name}</span>
                        <span className="stream-unit">{s.unit}</span>
                        {s.lastError ? <span className="stream-error" title={s.lastError}>!</span> : null}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {groups.length === 0 ? <p className="muted pad">{filter ? 'No stream matches.' : 'No streams yet: sync an account.'}</p> : null}
    </nav>
  );
}

function group(tree: Tree, filter: string): Group[] {
  const matches = (s: StreamView) =>
    !filter || s.name.toLowerCase().includes(filter) || s.unit.toLowerCase().includes(filter) || s.key.toLowerCase().includes(filter);
  const sources = new Map(tree.sources.map((s) => [s.id, s]));
  const out: Group[] = [];
  const owners: { id: string; label: string; accountId: string | null }[] = [
    ...tree.accounts.map((a) => ({ id: a.id, label: a.name, accountId: a.id as string | null })),
    { id: 'local', label: 'Opened files', accountId: null },
  ];
  for (const owner of owners) {
    const streams = tree.streams.filter((s) => s.accountId === owner.accountId && matches(s));
    if (streams.length === 0 && (owner.accountId === null || filter)) continue;
    const bySource = new Map<number | null, StreamView[]>();
    for (const s of streams) bySource.set(s.sourceId, [...(bySource.get(s.sourceId) ?? []), s]);
    out.push({
      id: owner.id,
      label: owner.label,
      sources: [...bySource.entries()].map(([id, list]) => ({ source: id === null ? null : (sources.get(id) ?? null), streams: list })),
    });
  }
  return out;
}
