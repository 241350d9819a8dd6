import { useState } from 'react';
import type { SourceHealth } from '../../src-main/api/contract';
import { useTranslation } from '../i18n';
import { formatCount, formatDateTime, formatRelative } from '../ui/format';
import { formatInterval } from '../viewer/time';
import { HealthBadge } from '../ui/health';
import type { SortColumn, SourcesState } from './useSources';

const HEADERS: { column: SortColumn; numeric?: boolean }[] = [
  { column: 'state' },
  { column: 'name' },
  { column: 'lastContact' },
  { column: 'gaps', numeric: true },
  { column: 'outOfRange', numeric: true },
  { column: 'rejected', numeric: true },
  { column: 'syncErrors', numeric: true },
];

interface Props {
  sources: SourcesState;
  selectedId: number | null;
  onSelect(source: SourceHealth): void;
  onOpen(source: SourceHealth): void;
}

/**
 * Rows drawn at first: the worst sources lead, so a fleet of thousands paints at once (60 rows fill two
 * screens; 200 took twice as long to lay out); more on request.
 */
const FIRST_ROWS = 60;
const MORE_ROWS = 500;

/** The health overview: one row per source; a click selects it, Enter or a double click opens its streams. */
export function SourceTable({ sources, selectedId, onSelect, onOpen }: Props) {
  const { t } = useTranslation();
  const { rows, sort, setSort } = sources;
  const [shown, setShown] = useState(FIRST_ROWS);
  return (
    <>
      <table className="sources-table" data-testid="sources-table">
        <thead>
          <tr>
            {HEADERS.map((h) => (
              <th
                key={h.column}
                className={h.numeric ? 'num' : undefined}
                aria-sort={sort.column === h.column ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              >
                <button className="link" onClick={() => setSort(h.column)}>
                  {t(`sources.column.${h.column}`)}
                  {sort.column === h.column ? (sort.descending ? ' ▾' : ' ▴') : ''}
                </button>
              </th>
            ))}
            <th>{t('sources.column.streams')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, shown).map((s) => (
            <SourceRow
              key={s.id}
              source={s}
              selected={s.id === selectedId}
              onSelect={() => onSelect(s)}
              onOpen={() => onOpen(s)}
            />
          ))}
        </tbody>
      </table>
      {rows.length > shown ? (
        <button className="link" onClick={() => setShown((n) => n + MORE_ROWS)}>
          {t('sources.showMore', { shown: formatCount(shown), total: formatCount(rows.length) })}
        </button>
      ) : null}
    </>
  );
}

function SourceRow({
  source: s,
  selected,
  onSelect,
  onOpen,
}: {
  source: SourceHealth;
  selected: boolean;
  onSelect(): void;
  onOpen(): void;
}) {
  const { t } = useTranslation();
  const contactMs = s.lastContact === null ? null : Math.floor(s.lastContact / 1000);
  return (
    <tr
      className={selected ? 'selected' : undefined}
      data-testid="source-row"
      data-key={s.key}
      data-state={s.state}
      aria-selected={selected}
      tabIndex={0}
      onClick={onSelect}
      onDoubleClick={onOpen}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onOpen();
        if (e.key === ' ') {
          e.preventDefault();
          onSelect();
        }
      }}
    >
      <td>
        <HealthBadge state={s.state} />
      </td>
      <td>
        <div>{s.name}</div>
        <div className="muted small mono">{s.key}</div>
      </td>
      <td>
        {contactMs === null ? t('common.never') : formatDateTime(contactMs)}
        {contactMs === null ? null : <div className="muted small">{formatRelative(contactMs)}</div>}
        {s.online === null ? null : (
          <div className={`small ${s.online ? 'ok' : 'warning'}`}>
            {s.online ? t('sources.online') : t('sources.offline')}
          </div>
        )}
        {s.expectedInterval ? (
          <div className="muted small">
            {t('sources.reportsEvery', { interval: formatInterval(s.expectedInterval) })}
          </div>
        ) : null}
      </td>
      <Count n={s.gaps} />
      <Count n={s.outOfRange} tone="warning" />
      <Count n={s.rejected} tone="warning" />
      <Count n={s.syncErrors} tone="error" title={s.lastError ?? undefined} />
      <td>
        {s.streams === 0 ? (
          <span className="muted">–</span>
        ) : (
          <button
            className="open-streams"
            onClick={(e) => {
              e.stopPropagation();
              onOpen();
            }}
          >
            {t('sources.openStreams', { count: s.streams, formatted: formatCount(s.streams) })}
          </button>
        )}
      </td>
    </tr>
  );
}

/** A count cell: `–` for none, else the count, toned when it calls for a look. */
function Count({ n, tone, title }: { n: number; tone?: 'warning' | 'error'; title?: string }) {
  return (
    <td className={n && tone ? `num ${tone}` : 'num'} title={title}>
      {n ? formatCount(n) : '–'}
    </td>
  );
}
