import { useState } from 'react';
import type { SourceHealth, StaleState } from '../../src-main/api/contract';
import { HEALTH_ORDER, HEALTH_WORDS } from '../ui/health';
import { DeviceLog } from './DeviceLog';
import { saveText, sourcesCsv } from './sourceCsv';
import { SourceTable } from './SourceTable';
import type { SourcesState } from './useSources';
import './sources.css';

interface Props {
  sources: SourcesState;
  onOpen(source: SourceHealth): void;
}

/** The health overview: which loggers are silent, out of range or need a visit. */
export function SourcesView({ sources, onOpen }: Props) {
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const selected = sources.rows.find((s) => s.id === selectedId) ?? null;
  if (sources.error)
    return (
      <p className="error" role="alert">
        {sources.error}
      </p>
    );
  if (!sources.all) return <p className="muted">Reading sources…</p>;
  return (
    <div className="sources-view" data-testid="sources-view">
      <Filters sources={sources} />
      {sources.rows.length === 0 ? (
        <p className="muted">No source matches.</p>
      ) : (
        <SourceTable sources={sources} selectedId={selectedId} onSelect={(s) => setSelectedId(s.id)} onOpen={onOpen} />
      )}
      {selected?.hasEvents ? <DeviceLog source={selected} /> : null}
      {selected && !selected.hasEvents ? (
        <p className="muted small">{selected.name}: its vendor keeps no device communication log.</p>
      ) : null}
    </div>
  );
}

function Filters({ sources }: { sources: SourcesState }) {
  const counts = new Map<StaleState, number>();
  for (const s of sources.all ?? []) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  return (
    <div className="sources-filters">
      <input
        type="search"
        placeholder="Filter by name, key or account"
        aria-label="Filter sources"
        value={sources.text}
        onChange={(e) => sources.setText(e.target.value)}
      />
      <label>
        Health{' '}
        <select value={sources.state} onChange={(e) => sources.setState(e.target.value as StaleState | 'all')}>
          <option value="all">all</option>
          {HEALTH_ORDER.map((s) => (
            <option key={s} value={s}>
              {HEALTH_WORDS[s].label} ({counts.get(s) ?? 0})
            </option>
          ))}
        </select>
      </label>
      <button onClick={() => saveText('tributary-sources.csv', sourcesCsv(sources.rows), 'text/csv')}>
        Export CSV
      </button>
      <span className="muted small">
        {sources.rows.length} of {sources.all?.length ?? 0} sources
      </span>
    </div>
  );
}
