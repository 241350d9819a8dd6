import { useState } from 'react';
import type { SourceHealth } from '../../src-main/api/contract';
import { HealthBadge } from '../ui/health';
import { formatTime } from '../ui/format';
import { formatSpan } from '../viewer/time';
import type { SortColumn, SourcesState } from './useSources';

const HEADERS: { column: SortColumn; label: string; numeric?: boolean }[] = [
  { column: 'state', label: 'Health' },
  { column: 'name', label: 'Source' },
  { column: 'lastContact', label: 'Last contact' },
  { column: 'gaps', label: 'Open gaps', numeric: true },
  { column: 'outOfRange', label: 'Out of range', numeric: true },
  { column: 'rejected', label: 'Rejected', numeric: true },
  { column: 'syncErrors', label: 'Sync errors', numeric: true },
];

interface Props {
  sources: SourcesState;
  selectedId: number | null;
  onSelect(source: SourceHealth): void;
  onOpen(source: SourceHealth): void;
}

/** Rows drawn at first: the worst sources lead, so a fleet of thousands paints at once; more on request. */
const FIRST_ROWS = 200;

/** The health overview: one row per source; a click selects it, Enter or a double click opens its streams. */
export function SourceTable({ sources, selectedId, onSelect, onOpen }: Props) {
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
                  {h.label}
                  {sort.column === h.column ? (sort.descending ? ' ▾' : ' ▴') : ''}
                </button>
              </th>
            ))}
            <th>Streams</th>
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
        <button className="link" onClick={() => setShown((n) => n + FIRST_ROWS * 5)}>
          Showing {shown} of {rows.length} — show more
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
  const contact = s.lastContact === null ? 'never' : formatTime(s.lastContact, undefined);
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
        {contact}
        {s.online === null ? null : (
          <div className={`small ${s.online ? 'ok' : 'warning'}`}>{s.online ? 'online' : 'offline'}</div>
        )}
        {s.expectedInterval ? <div className="muted small">reports every {formatSpan(s.expectedInterval)}</div> : null}
      </td>
      <td className="num">{s.gaps || '–'}</td>
      <td className={`num${s.outOfRange ? ' warning' : ''}`}>{s.outOfRange || '–'}</td>
      <td className={`num${s.rejected ? ' warning' : ''}`}>{s.rejected || '–'}</td>
      <td className={`num${s.syncErrors ? ' error' : ''}`} title={s.lastError ?? undefined}>
        {s.syncErrors || '–'}
      </td>
      <td>
        <button
          onClick={(e) => {
            e.stopPropagation();
            onOpen();
          }}
          disabled={s.streams === 0}
        >
          Open {s.streams} stream{s.streams === 1 ? '' : 's'}
        </button>
      </td>
    </tr>
  );
}
