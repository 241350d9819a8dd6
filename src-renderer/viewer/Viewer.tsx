import { useCallback, useEffect, useMemo, useState, type DragEvent, type ReactNode } from 'react';
import type { StreamView, Tree } from '../../src-main/api/contract';
import { useTranslation } from '../i18n';
import { Banner } from '../ui/Banner';
import { Chart } from './Chart';
import { DataTable } from './DataTable';
import { STREAM_MIME } from './dnd';
import { StreamDetails } from './StreamDetails';
import { useChartTheme } from './theme';
import { zoneFor } from './time';
import { Toolbar } from './Toolbar';
import type { ViewerState } from './viewState';

interface Props {
  tree: Tree;
  viewer: ViewerState;
}

/** The main area: toolbar, stacked charts with a shared time axis and crosshair (or the table), details. */
export function Viewer({ tree, viewer }: Props) {
  const { t } = useTranslation();
  const theme = useChartTheme();
  const online = useOnline();
  const [message, setMessage] = useState<string | null>(null);
  const byId = useMemo(() => new Map(tree.streams.map((s) => [s.id, s])), [tree]);
  const streamsOf = useCallback(
    (ids: number[]) => ids.map((id) => byId.get(id)).filter((s): s is StreamView => !!s),
    [byId],
  );
  const charted = streamsOf(viewer.chartedIds);
  const sourceZone = tree.sources.find((src) => src.id === charted[0]?.sourceId)?.timezone ?? null;
  const zone = zoneFor(viewer.timeZone, sourceZone);
  const { range } = viewer;

  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), 6000);
    return () => clearTimeout(timer);
  }, [message]);

  const dropNewChart = (e: DragEvent) => {
    const id = Number(e.dataTransfer.getData(STREAM_MIME));
    if (!Number.isInteger(id) || id <= 0) return;
    e.preventDefault();
    viewer.addChart(id);
  };

  return (
    <div className="viewer">
      <div className="viewer-main">
        <Toolbar viewer={viewer} zone={zone} sourceZone={sourceZone} onMessage={setMessage} />
        {online ? null : <Banner>{t('status.offline')}</Banner>}
        {message ? (
          <Banner kind="info" testId="viewer-message">
            {message}
          </Banner>
        ) : null}
        <div
          className="charts"
          data-testid="viewer"
          data-from={range?.from ?? ''}
          data-to={range?.to ?? ''}
          data-zone={zone ?? 'local'}
        >
          {viewer.charts.length === 0 ? (
            <DropZone onDrop={dropNewChart} big>
              <p>{t('viewer.pickStream')}</p>
              <p className="muted small">{t('viewer.compare')}</p>
            </DropZone>
          ) : !range ? (
            <div className="center muted">{t('viewer.noPoints')}</div>
          ) : viewer.mode === 'table' ? (
            <DataTable
              streams={charted}
              range={range}
              zone={zone}
              dataVersion={viewer.dataVersion}
              onMessage={setMessage}
            />
          ) : (
            <>
              {viewer.charts.map((c) => (
                <Chart
                  key={c.id}
                  streams={streamsOf(c.streamIds)}
                  range={range}
                  zone={zone}
                  theme={theme}
                  dataVersion={viewer.dataVersion}
                  onRange={viewer.setRange}
                  onReset={viewer.resetZoom}
                  onDropStream={(id) => viewer.addStream(id, c.id)}
                  onRemoveStream={(id) => viewer.removeStream(c.id, id)}
                  onShowDetails={viewer.showDetails}
                />
              ))}
              <DropZone onDrop={dropNewChart}>{t('viewer.dropNewChart')}</DropZone>
              <p className="muted small hint">{t('viewer.mouseHint')}</p>
            </>
          )}
        </div>
      </div>
      {viewer.detailsId !== null ? (
        <StreamDetails
          key={viewer.detailsId}
          streamId={viewer.detailsId}
          zone={zone}
          dataVersion={viewer.dataVersion}
          onAdd={() => viewer.detailsId !== null && viewer.addStream(viewer.detailsId)}
          onNewChart={() => viewer.detailsId !== null && viewer.addChart(viewer.detailsId)}
          onClose={() => viewer.showDetails(null)}
        />
      ) : null}
    </div>
  );
}

function DropZone({ onDrop, big, children }: { onDrop(e: DragEvent): void; big?: boolean; children: ReactNode }) {
  const [over, setOver] = useState(false);
  return (
    <div
      className={`drop-zone${big ? ' big' : ''}${over ? ' over' : ''}`}
      data-testid="drop-zone"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(STREAM_MIME)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        onDrop(e);
      }}
    >
      {children}
    </div>
  );
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}
