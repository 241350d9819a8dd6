import type { FocusEvent } from 'react';
import { STREAM_MIME } from '../viewer/dnd';
import { formatValue } from '../viewer/format';
import { formatTime } from '../ui/format';
import { formatSpan, US_PER_MS } from '../viewer/time';
import { HealthBadge } from '../ui/health';
import type { TreeNode } from './streamTree';
import { CredentialsLine } from '../vault/CredentialsLine';

interface Props {
  node: TreeNode;
  /** The row that takes Tab focus (roving tabindex). */
  currentId: string | null;
  charted: number[];
  lastValues: Map<number, number | string | null>;
  isOpen: (id: string) => boolean;
  /** A row got focus (by Tab or click). */
  onFocused: (id: string) => void;
  /** Moves focus to a row. */
  onFocusNode: (id: string) => void;
  onToggle: (id: string) => void;
  onAddToChart: (streamId: number) => void;
  onShowDetails: (streamId: number) => void;
}

/** One tree row: a stream with its last value, age and count, or a group with its children. */
export function TreeItem(props: Props) {
  const {
    node: n,
    currentId,
    charted,
    lastValues,
    isOpen,
    onFocused,
    onFocusNode,
    onToggle,
    onAddToChart,
    onShowDetails,
  } = props;
  const common = {
    role: 'treeitem',
    'aria-level': n.level,
    tabIndex: n.id === currentId ? 0 : -1,
    'data-node': n.id,
    onFocus: (e: FocusEvent) => e.target === e.currentTarget && onFocused(n.id),
  } as const;
  if (n.kind === 'stream') {
    const s = n.stream;
    const chartedNow = charted.includes(s.id);
    const last = lastValues.get(s.id);
    return (
      <li
        {...common}
        aria-selected={chartedNow}
        className={`tree-stream${chartedNow ? ' selected' : ''}${s.reported ? '' : ' unreported'}${s.selected ? '' : ' not-syncing'}`}
        data-syncing={s.selected}
        onClick={() => {
          onFocusNode(n.id);
          onAddToChart(s.id);
          onShowDetails(s.id);
        }}
        title={`${s.key}${s.reported ? '' : ' — no longer reported by the vendor'}${s.selected ? '' : ' — not syncing; its data stays'}`}
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
          {s.selected ? null : <span className="not-syncing-mark">not syncing</span>}
          {s.collisions > 0 ? (
            <span
              className="warning"
              title="Records of this stream shared a time and were not stored: the first was kept. Another choice of series fields (tributary select --series-by) may tell them apart."
            >
              {s.collisions} collisions
            </span>
          ) : null}
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
      {...common}
      aria-expanded={open}
      aria-selected={false}
      className="tree-group"
      onClick={(e) => e.target === e.currentTarget && onToggle(n.id)}
    >
      <div className={`tree-${n.kind}-label`} onClick={() => onToggle(n.id)}>
        <span className="twisty" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {n.state ? <HealthBadge state={n.state} compact /> : null}
        {n.label}
        {n.detail ? <span className="muted small"> {n.detail}</span> : null}
      </div>
      {n.credentials ? <CredentialsLine account={n.credentials} /> : null}
      {open ? (
        <ul role="group">
          {n.children.map((c) => (
            <TreeItem key={c.id} {...props} node={c} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** How long ago a point was stored for: "5 min ago". */
function age(us: number): string {
  const ago = Date.now() * US_PER_MS - us;
  return ago < 60e6 ? 'just now' : `${formatSpan(ago).split(' ').slice(0, 2).join(' ')} ago`;
}

function compactCount(n: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(n) + ' pts';
}
