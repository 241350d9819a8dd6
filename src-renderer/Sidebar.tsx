import { useEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { AccountView, SourceView, StreamView, Tree } from '../src-main/api/contract';
import { api } from './api';
import { TreeExportButton } from './export/ExportButtons';
import { OpenFilesButton } from './osf/OpenFiles';
import { CredentialsLine } from './vault/CredentialsLine';
import { VaultBar } from './vault/VaultBar';
import { STREAM_MIME } from './viewer/dnd';
import { formatValue } from './viewer/format';
import { formatSpan, formatTime, US_PER_MS } from './viewer/time';

interface Props {
  tree: Tree;
  /** Streams on a chart: marked as selected. */
  charted: number[];
  onAddToChart: (streamId: number) => void;
  onShowDetails: (streamId: number) => void;
  onAddAccount: () => void;
}

interface StreamNode {
  kind: 'stream';
  id: string;
  level: 3;
  stream: StreamView;
}
interface GroupNode {
  kind: 'account' | 'source';
  id: string;
  level: 1 | 2;
  label: string;
  detail: string | null;
  /** An account's credentials: where they are kept, or what is missing. */
  credentials?: AccountView;
  children: TreeNode[];
}
type TreeNode = StreamNode | GroupNode;

/** account → source → stream, filtered by name, unit or key; a keyboard-navigable ARIA tree. */
export function Sidebar({ tree, charted, onAddToChart, onShowDetails, onAddAccount }: Props) {
  const [filter, setFilter] = useState('');
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [focusId, setFocusId] = useState<string | null>(null);
  const treeRef = useRef<HTMLUListElement>(null);
  const roots = useMemo(() => buildTree(tree, filter.trim().toLowerCase()), [tree, filter]);
  // While filtering every group is open, so matches are never hidden.
  const isOpen = (id: string) => filter.trim() !== '' || !collapsed.has(id);
  const visible = useMemo(
    () => flatten(roots, (id) => filter.trim() !== '' || !collapsed.has(id)),
    [roots, collapsed, filter],
  );
  const lastValues = useLastValues(visible.flatMap((n) => (n.kind === 'stream' ? [n.stream] : [])));
  const current = visible.find((n) => n.id === focusId) ?? visible[0] ?? null;

  const focusNode = (id: string) => {
    setFocusId(id);
    treeRef.current?.querySelector<HTMLElement>(`[data-node="${CSS.escape(id)}"]`)?.focus();
  };
  const toggle = (id: string) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const onKeyDown = (e: KeyboardEvent) => {
    if (!current) return;
    const at = visible.indexOf(current);
    const parent = visible.slice(0, at).findLast((n) => n.level < current.level);
    const go = (n: TreeNode | undefined) => n && focusNode(n.id);
    const handled = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    switch (e.key) {
      case 'ArrowDown':
        handled();
        return go(visible[at + 1]);
      case 'ArrowUp':
        handled();
        return go(visible[at - 1]);
      case 'Home':
        handled();
        return go(visible[0]);
      case 'End':
        handled();
        return go(visible[visible.length - 1]);
      case 'ArrowRight':
        handled();
        if (current.kind === 'stream') return;
        if (!isOpen(current.id)) return toggle(current.id);
        return go(current.children[0]);
      case 'ArrowLeft':
        handled();
        if (current.kind !== 'stream' && isOpen(current.id) && filter.trim() === '') return toggle(current.id);
        return go(parent);
      case 'Enter':
        handled();
        if (current.kind === 'stream') return onAddToChart(current.stream.id);
        return toggle(current.id);
      case ' ':
        handled();
        if (current.kind === 'stream') return onShowDetails(current.stream.id);
        return toggle(current.id);
    }
  };

  const renderNode = (n: TreeNode) => {
    const common = {
      role: 'treeitem',
      'aria-level': n.level,
      tabIndex: n.id === current?.id ? 0 : -1,
      'data-node': n.id,
      onFocus: (e: FocusEvent) => e.target === e.currentTarget && setFocusId(n.id),
    } as const;
    if (n.kind === 'stream') {
      const s = n.stream;
      const chartedNow = charted.includes(s.id);
      const last = lastValues.get(s.id);
      return (
        <li
          key={n.id}
          {...common}
          aria-selected={chartedNow}
          className={`tree-stream${chartedNow ? ' selected' : ''}${s.reported ? '' : ' unreported'}`}
          onClick={() => {
            focusNode(n.id);
            onAddToChart(s.id);
            onShowDetails(s.id);
          }}
          title={`${s.key}${s.reported ? '' : ' — no longer reported by the vendor'}`}
          draggable
          onDragStart={(e) => {
            e.dataTransfer.setData(STREAM_MIME, String(s.id));
            e.dataTransfer.effectAllowed = 'copy';
          }}
          data-stream-key={s.key}
        >
          <div className="stream-line">
            <span className="stream-name">{s.name}</span>
            {s.lastError ? (
              <span className="stream-error" title={`Last sync failed: ${s.lastError}`} aria-label="Last sync failed">
                !
              </span>
            ) : null}
            <span className="stream-unit">{s.unit}</span>
          </div>
          <div className="stream-meta">
            {s.pointCount === 0 ? (
              <span>{s.lastSuccessAt === null ? 'not synced yet' : 'no data yet'}</span>
            ) : (
              <>
                <span className="stream-last">{last === undefined ? '' : formatValue(s, last)}</span>
                <span title={s.lastTs === null ? '' : formatTime(s.lastTs, 'UTC') + ' UTC'}>
                  {s.lastTs === null ? '' : age(s.lastTs)}
                </span>
                <span>{compactCount(s.pointCount)}</span>
              </>
            )}
          </div>
        </li>
      );
    }
    const open = isOpen(n.id);
    return (
      <li
        key={n.id}
        {...common}
        aria-expanded={open}
        aria-selected={false}
        className="tree-group"
        onClick={(e) => e.target === e.currentTarget && toggle(n.id)}
      >
        <div className={`tree-${n.kind}-label`} onClick={() => toggle(n.id)}>
          <span className="twisty" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          {n.label}
          {n.detail ? <span className="muted small"> {n.detail}</span> : null}
        </div>
        {n.credentials ? <CredentialsLine account={n.credentials} /> : null}
        {open ? <ul role="group">{n.children.map(renderNode)}</ul> : null}
      </li>
    );
  };

  return (
    <nav className="sidebar" aria-label="Streams">
      <div className="sidebar-head">
        <input
          type="search"
          placeholder="Filter: name, unit or key"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowDown' || !visible[0]) return;
            e.preventDefault();
            focusNode(visible.find((n) => n.kind === 'stream')?.id ?? visible[0].id);
          }}
          aria-label="Filter streams"
        />
        <button onClick={onAddAccount} title="Add account" aria-label="Add account">
          +
        </button>
      </div>
      <div className="sidebar-actions">
        <OpenFilesButton />
        <TreeExportButton
          label={current ? (current.kind === 'stream' ? current.stream.name : current.label) : null}
          streamKeys={current ? streamKeysUnder(current) : []}
        />
      </div>
      <ul className="tree" role="tree" aria-label="Accounts, sources and streams" ref={treeRef} onKeyDown={onKeyDown}>
        {roots.map(renderNode)}
      </ul>
      <VaultBar />
      {roots.length === 0 ? (
        <p className="muted pad">{filter ? 'No stream matches.' : 'No streams yet: sync an account.'}</p>
      ) : null}
    </nav>
  );
}

function buildTree(tree: Tree, filter: string): GroupNode[] {
  const matches = (s: StreamView) =>
    !filter ||
    s.name.toLowerCase().includes(filter) ||
    s.unit.toLowerCase().includes(filter) ||
    s.key.toLowerCase().includes(filter);
  const sources = new Map(tree.sources.map((s) => [s.id, s]));
  const owners: { id: string; label: string; account: AccountView | null }[] = [
    ...tree.accounts.map((a) => ({ id: a.id, label: a.name, account: a })),
    { id: 'local', label: 'Opened files', account: null },
  ];
  const out: GroupNode[] = [];
  for (const owner of owners) {
    const streams = tree.streams.filter((s) => s.accountId === (owner.account?.id ?? null) && matches(s));
    if (streams.length === 0 && (owner.account === null || filter)) continue;
    const bySource = new Map<number | null, StreamView[]>();
    for (const s of streams) bySource.set(s.sourceId, [...(bySource.get(s.sourceId) ?? []), s]);
    out.push({
      kind: 'account',
      id: `a:${owner.id}`,
      level: 1,
      label: owner.label,
      detail: owner.account ? syncSummary(owner.account) : null,
      credentials: owner.account ?? undefined,
      children: [...bySource.entries()].map(([id, list]) =>
        sourceNode(id === null ? null : (sources.get(id) ?? null), owner.id, list),
      ),
    });
  }
  return out;
}

function sourceNode(source: SourceView | null, ownerId: string, streams: StreamView[]): GroupNode {
  return {
    kind: 'source',
    id: `s:${ownerId}:${source?.id ?? 'none'}`,
    level: 2,
    label: source?.name ?? 'Other',
    detail: null,
    children: streams.map((stream) => ({ kind: 'stream', id: `t:${stream.id}`, level: 3, stream })),
  };
}

function streamKeysUnder(n: TreeNode): string[] {
  return n.kind === 'stream' ? [n.stream.key] : n.children.flatMap(streamKeysUnder);
}

function flatten(nodes: TreeNode[], isOpen: (id: string) => boolean): TreeNode[] {
  return nodes.flatMap((n) => (n.kind === 'stream' || !isOpen(n.id) ? [n] : [n, ...flatten(n.children, isOpen)]));
}

function syncSummary(a: AccountView): string | null {
  const run = a.lastRun;
  // Without credentials the account's credentials line says what is missing.
  if (!run) return a.hasSecret ? 'not synced yet' : null;
  if (run.state === 'running') return 'syncing…';
  if (run.state === 'ok') return null;
  return run.state === 'partial' ? 'last sync partly failed' : `last sync ${run.state}`;
}

/** How long ago a point was stored for: "5 min ago". */
function age(us: number): string {
  const ago = Date.now() * US_PER_MS - us;
  return ago < 60e6 ? 'just now' : `${formatSpan(ago).split(' ').slice(0, 2).join(' ')} ago`;
}

function compactCount(n: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(n) + ' pts';
}

/** The newest stored value of each listed stream; re-read only for streams whose last point moved. */
function useLastValues(streams: StreamView[]): Map<number, number | string | null> {
  const [values, setValues] = useState(new Map<number, number | string | null>());
  const seen = useRef(new Map<number, number>());
  const wanted = streams.filter((s) => s.lastTs !== null && seen.current.get(s.id) !== s.lastTs);
  const wantedKey = wanted.map((s) => `${s.id}:${s.lastTs}`).join(',');
  useEffect(() => {
    if (wanted.length === 0) return;
    for (const s of wanted) seen.current.set(s.id, s.lastTs as number);
    void Promise.all(
      wanted.map(async (s) => {
        const r = await api.invoke('points:raw', {
          streamId: s.id,
          from: s.lastTs as number,
          to: (s.lastTs as number) + 1,
          limit: 1,
        });
        return [s.id, r.ok && r.value.ts.length > 0 ? (r.value.texts?.[0] ?? r.value.values[0]) : null] as const;
      }),
    ).then((pairs) => setValues((v) => new Map([...v, ...pairs])));
    // Keyed by the streams whose last point changed.
  }, [wantedKey]);
  return values;
}
