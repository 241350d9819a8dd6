import type { FocusEvent } from 'react';
import { STREAM_MIME } from '../viewer/dnd';
import { formatValue } from '../viewer/format';
import { translate, useTranslation } from '../i18n';
import { formatCompact, formatDateTime, formatRelative } from '../ui/format';
import { US_PER_MS } from '../viewer/time';
import { HealthBadge } from '../ui/health';
import { isFromLoggerFiles, type TreeNode } from './streamTree';
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
  const { t } = useTranslation();
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
    const fromLoggerFiles = isFromLoggerFiles(s);
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
        title={[
          s.key,
          fromLoggerFiles ? t('tree.loggerFilesHint') : null,
          s.reported ? null : t('tree.notReported'),
          s.selected ? null : t('tree.notSyncing'),
        ]
          .filter((part) => part !== null)
          .join(' — ')}
        draggable
        onDragStart={(e) => {
          e.dataTransfer.setData(STREAM_MIME, String(s.id));
          e.dataTransfer.effectAllowed = 'copy';
        }}
        data-stream-key={s.key}
      >
        <div className="stream-line">
          <span className="stream-name">
            {s.name}
            {/* Stale is struck through; a screen reader hears it. */}
            {s.reported ? null : <span className="visually-hidden"> ({t('tree.notReported')})</span>}
          </span>
          {fromLoggerFiles ? <LoggerFilesMark /> : null}
          {s.lastError ? (
            <span
              className="stream-error"
              title={t('tree.syncFailedDetail', { error: s.lastError })}
              aria-label={t('tree.syncFailed')}
            >
              !
            </span>
          ) : null}
          <span className="stream-unit">{s.unit}</span>
        </div>
        <div className="stream-meta">
          {s.selected ? null : <span className="not-syncing-mark">{t('tree.notSyncingMark')}</span>}
          {s.collisions > 0 ? (
            <span className="warning" title={t('tree.collisionsHint')}>
              {t('tree.collisions', { count: s.collisions })}
            </span>
          ) : null}
          {s.pointCount === 0 ? (
            <span>{s.lastSuccessAt === null ? t('tree.notSynced') : t('tree.noData')}</span>
          ) : (
            <>
              <span className="stream-last">{last === undefined ? '' : formatValue(s, last)}</span>
              <span title={s.lastTs === null ? '' : `${formatDateTime(s.lastTs / US_PER_MS, 'UTC')} UTC`}>
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

/**
 * Read from logger files (opened, or downloaded from a device), not synced: an icon with words for
 * screen readers and a tooltip, apart from the strike-through of a stream no longer reported.
 */
function LoggerFilesMark() {
  const { t } = useTranslation();
  return (
    <span className="logger-files-mark" title={t('tree.loggerFilesHint')}>
      <svg aria-hidden="true" viewBox="0 0 12 14" width="11" height="13">
        <path d="M1.5 1h5.5l3.5 3.5V13h-9z M7 1v3.5h3.5 M3.5 7.5h5 M3.5 10h5" fill="none" stroke="currentColor" />
      </svg>
      <span className="visually-hidden">{t('tree.loggerFiles')}</span>
    </span>
  );
}

/** How long ago a point was stored for: "5 min ago", "vor 5 Min.". */
function age(us: number): string {
  const ms = us / US_PER_MS;
  return Date.now() - ms < 60_000 ? translate('tree.justNow') : formatRelative(ms);
}

function compactCount(n: number): string {
  return translate('tree.points', { count: n, formatted: formatCompact(n) });
}
