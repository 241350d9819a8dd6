import { useEffect, useState } from 'react';
import type { StreamDetails as Details } from '../../src-main/api/contract';
import { api } from '../api';
import { formatValue } from './format';
import { RangeEditor } from './RangeEditor';
import { formatCount, formatDateTime } from '../ui/format';
import { formatSpan, US_PER_MS } from './time';
import { useTranslation } from '../i18n';

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
  const { t } = useTranslation();
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
  const time = (us: number | null) => (us === null ? '—' : formatDateTime(us / US_PER_MS, zone));
  return (
    <aside className="details" aria-label={t('details.label')}>
      <div className="details-head">
        <h2>{s?.name ?? t('legend.stream')}</h2>
        <button className="icon" onClick={onClose} aria-label={t('details.close')} title={t('common.close')}>
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
              {t('details.addToChart')}
            </button>
            <button onClick={onNewChart}>{t('details.newChart')}</button>
          </div>
          <dl className="facts">
            <dt>{t('details.key')}</dt>
            <dd className="mono">{s.key}</dd>
            <dt>{t('details.unit')}</dt>
            <dd>{s.unit || '—'}</dd>
            <dt>{t('details.kind')}</dt>
            <dd>
              {t(`kind.${s.kind}`)}
              {s.enumLabels
                ? ` (${Object.entries(s.enumLabels)
                    .map(([k, v]) => `${k} = ${v}`)
                    .join(', ')})`
                : ''}
            </dd>
            <dt>{t('details.lastValue')}</dt>
            <dd data-testid="details-last-value">{s.pointCount > 0 ? formatValue(s, details.lastValue) : '—'}</dd>
            <dt>{t('details.points')}</dt>
            <dd>{formatCount(s.pointCount)}</dd>
            <dt>{t('details.firstPoint')}</dt>
            <dd>{time(s.firstTs)}</dd>
            <dt>{t('details.lastPoint')}</dt>
            <dd>{time(s.lastTs)}</dd>
            <dt>{t('details.lastSync')}</dt>
            <dd>{s.lastSuccessAt === null ? t('common.never') : formatDateTime(s.lastSuccessAt, zone)}</dd>
            {s.lastError ? (
              <>
                <dt>{t('details.syncError')}</dt>
                <dd className="error">{s.lastError}</dd>
              </>
            ) : null}
            {s.reported ? null : (
              <>
                <dt>{t('details.status')}</dt>
                <dd className="warning">{t('details.notReported')}</dd>
              </>
            )}
          </dl>
          {s.kind === 'number' ? (
            <RangeEditor key={s.id} streamId={s.id} ranges={details.ranges} unit={s.unit} />
          ) : null}
          {Object.keys(details.meta).length > 0 ? (
            <>
              <h3>{t('details.metadata')}</h3>
              <dl className="facts">
                {Object.entries(details.meta).map(([k, v]) => (
                  <MetaEntry key={k} name={k} value={v} />
                ))}
              </dl>
            </>
          ) : null}
          {details.metaHistory.length > 0 ? (
            <>
              <h3>{t('details.metadataHistory')}</h3>
              <ol className="history">
                {details.metaHistory.map((m) => (
                  <li key={m.validFrom}>
                    <span className="muted small">{t('details.validFrom', { time: time(m.validFrom) })}</span>
                    <br />
                    {m.name}
                    {m.unit ? <span className="muted"> ({m.unit})</span> : null}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          <h3>{t('details.gaps')}</h3>
          {details.gaps.length === 0 ? (
            <p className="muted small">{t('details.noGaps')}</p>
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
