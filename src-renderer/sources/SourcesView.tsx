import { useState } from 'react';
import type { SourceHealth, StaleState } from '../../src-main/api/contract';
import { useTranslation } from '../i18n';
import { FilterBar } from '../ui/FilterBar';
import { formatCount } from '../ui/format';
import { HEALTH_ORDER } from '../ui/health';
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
  const { t } = useTranslation();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const selected = sources.rows.find((s) => s.id === selectedId) ?? null;
  if (sources.error)
    return (
      <p className="error" role="alert">
        {sources.error}
      </p>
    );
  if (!sources.all) return <p className="muted">{t('sources.reading')}</p>;
  return (
    <div className="sources-view" data-testid="sources-view">
      <Filters sources={sources} />
      {sources.rows.length === 0 ? (
        <p className="muted">{t('sources.noMatch')}</p>
      ) : (
        <SourceTable sources={sources} selectedId={selectedId} onSelect={(s) => setSelectedId(s.id)} onOpen={onOpen} />
      )}
      {selected?.hasEvents ? <DeviceLog source={selected} /> : null}
      {selected && !selected.hasEvents ? (
        <p className="muted small">{t('sources.noDeviceLog', { name: selected.name })}</p>
      ) : null}
    </div>
  );
}

function Filters({ sources }: { sources: SourcesState }) {
  const { t } = useTranslation();
  const counts = new Map<StaleState, number>();
  for (const s of sources.all ?? []) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  const total = sources.all?.length ?? 0;
  return (
    <FilterBar
      placeholder={t('sources.filterPlaceholder')}
      label={t('sources.filter')}
      value={sources.text}
      onChange={sources.setText}
      status={t('sources.shown', {
        count: total,
        shown: formatCount(sources.rows.length),
        total: formatCount(total),
      })}
    >
      <label>
        {t('sources.health')}{' '}
        <select value={sources.state} onChange={(e) => sources.setState(e.target.value as StaleState | 'all')}>
          <option value="all">{t('sources.allStates')}</option>
          {HEALTH_ORDER.map((s) => (
            <option key={s} value={s}>
              {t('sources.stateCount', { state: t(`health.${s}.label`), formatted: formatCount(counts.get(s) ?? 0) })}
            </option>
          ))}
        </select>
      </label>
      <button onClick={() => saveText('tributary-sources.csv', sourcesCsv(sources.rows), 'text/csv')}>
        {t('sources.exportCsv')}
      </button>
    </FilterBar>
  );
}
