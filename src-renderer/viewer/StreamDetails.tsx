import { useEffect, useState } from 'react';
import type { StreamDetails as Details } from '../../src-main/api/contract';
import { api } from '../api';
import { formatValue } from './format';
import { RangeEditor } from './RangeEditor';
import { formatTime } from '../ui/format';
import { formatSpan, US_PER_MS } from './time';

interface Props {
  streamId: number;
  zone: string | undefined;
  dataVersion: number;
  onAdd(): void;
  onNewChart(): void;
  onClose(): void;
}

/** What the store knows about one stream: key, metadata and its history, stored span, gaps, last sync. */
export function StreamDetails({ streamId, zone, dataVersion, onAdd, onNewChart, onClose }: Props) {
  const [details, setDetails] = useState<Details | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('streams:details', { streamId }).then((r) => {
      if (!live) return;
      setDetails(r.ok ? r.value : null);
      setError(r.ok ? null : r.error);
    });
    return () => {
      live = false;
    };
  }, [streamId, dataVersion]);

  const s = details?.stream;
  const time = (us: number | null) => (us === null ? '—' : formatTime(us, zone));
  return (
    <aside className="details" aria-label="Stream details">
      <div className="details-head">
        <h2>{s?.name ?? 'Stream'}</h2>
        <button className="icon" onClick={onClose} aria-label="Close details" title="Close">
          ×
        </button>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {s && details ? (
        <>
          <div className="actions start">
            <button className="primary" onClick={onAdd}>
              Add to chart
            </button>
            <button onClick={onNewChart}>New chart</button>
          </div>
          <dl className="facts">
            <dt>Key</dt>
            <dd className="mono">{s.key}</dd>
            <dt>Unit</dt>
            <dd>{s.unit || '—'}</dd>
            <dt>Kind</dt>
            <dd>
              {s.kind}
              {s.enumLabels
                ? ` (${Object.entries(s.enumLabels)
                    .map(([k, v]) => `${k} = ${v}`)
                    .join(', ')})`
                : ''}
            </dd>
            <dt>Last value</dt>
            <dd data-testid="details-last-value">{s.pointCount > 0 ? formatValue(s, details.lastValue) : '—'}</dd>
            <dt>Points</dt>
            <dd>{s.pointCount.toLocaleString()}</dd>
            <dt>First point</dt>
            <dd>{time(s.firstTs)}</dd>
            <dt>Last point</dt>
            <dd>{time(s.lastTs)}</dd>
            <dt>Last sync</dt>
            <dd>{s.lastSuccessAt === null ? 'never' : formatTime(s.lastSuccessAt * US_PER_MS, zone)}</dd>
            {s.lastError ? (
              <>
                <dt>Sync error</dt>
                <dd className="error">{s.lastError}</dd>
              </>
            ) : null}
            {s.reported ? null : (
              <>
                <dt>Status</dt>
                <dd className="warning">No longer reported by the vendor; the stored data is kept.</dd>
              </>
            )}
          </dl>
          {s.kind === 'number' ? (
            <RangeEditor key={s.id} streamId={s.id} ranges={details.ranges} unit={s.unit} />
          ) : null}
          {Object.keys(details.meta).length > 0 ? (
            <>
              <h3>Metadata</h3>
              <dl className="facts">
                {Object.entries(details.meta).map(([k, v]) => (
                  <MetaEntry key={k} name={k} value={v} />
                ))}
              </dl>
            </>
          ) : null}
          {details.metaHistory.length > 0 ? (
            <>
              <h3>Metadata history</h3>
              <ol className="history">
                {details.metaHistory.map((m) => (
                  <li key={m.validFrom}>
                    <span className="muted small">from {formatTime(m.validFrom, zone)}</span>
                    <br />
                    {m.name}
                    {m.unit ? <span className="muted"> ({m.unit})</span> : null}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          <h3>Gaps</h3>
          {details.gaps.length === 0 ? (
            <p className="muted small">No recorded gaps.</p>
          ) : (
            <ul className="history">
              {details.gaps.map((g) => (
                <li key={g.from}>
                  {time(g.from)} → {time(g.to)} <span className="muted">({formatSpan(g.to - g.from)})</span>
                  <br />
                  <span className="muted small">{g.reason}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </aside>
  );
}

function MetaEntry({ name, value }: { name: string; value: unknown }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}</dd>
    </>
  );
}
