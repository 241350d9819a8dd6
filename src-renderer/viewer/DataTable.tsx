import { useEffect, useMemo, useRef, useState } from 'react';
import type { StreamView } from '../../src-main/api/contract';
import { call } from '../api';
import { alignRows, rowsToTsv, type TableRows } from './align';
import { formatCount } from '../ui/format';
import { formatValue } from './format';
import { formatTime } from '../ui/format';
import type { Range } from './time';
import { REQUERY_DELAY_MS } from './useChartData';
import { useTranslation } from '../i18n';

/** Points per stream the table reads for one range; beyond this it says so and asks to zoom in. */
export const TABLE_LIMIT = 100_000;
const ROW_HEIGHT = 26;
const OVERSCAN = 10;

interface Props {
  streams: StreamView[];
  range: Range;
  zone: string | undefined;
  dataVersion: number;
  onMessage(message: string): void;
}

/** Raw points of the charted streams in the visible range, one row per distinct time; only visible rows are rendered. */
export function DataTable({ streams, range, zone, dataVersion, onMessage }: Props) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<TableRows | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  const scroller = useRef<HTMLDivElement>(null);
  const latest = useRef(0);
  const idsKey = streams.map((s) => s.id).join(',');

  useEffect(() => {
    const request = ++latest.current;
    const timer = setTimeout(() => {
      const from = Math.floor(range.from);
      const to = Math.ceil(range.to);
      Promise.all(streams.map((s) => call('points:raw', { streamId: s.id, from, to, limit: TABLE_LIMIT }))).then(
        (raws) => {
          if (request !== latest.current) return;
          setRows(alignRows(raws));
          setError(null);
        },
        (err: unknown) => request === latest.current && setError(err instanceof Error ? err.message : String(err)),
      );
    }, REQUERY_DELAY_MS);
    return () => clearTimeout(timer);
    // The streams are compared by their ids (idsKey), not by array identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [idsKey, range.from, range.to, dataVersion]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setViewport(entry.contentRect.height));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const header = useMemo(() => streams.map((s) => (s.unit ? `${s.name} (${s.unit})` : s.name)), [streams]);
  const columns = { gridTemplateColumns: `minmax(13rem, max-content) repeat(${streams.length}, minmax(8rem, 1fr))` };

  const copy = async () => {
    if (!rows) return;
    try {
      await navigator.clipboard.writeText(rowsToTsv(rows, header, (ts) => formatTime(ts, zone, true)));
      onMessage(t('table.copied', { count: rows.ts.length, formatted: formatCount(rows.ts.length) }));
    } catch {
      onMessage(t('table.noClipboard'));
    }
  };

  const total = rows?.ts.length ?? 0;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  const visible = Array.from({ length: Math.max(0, last - first) }, (_, i) => first + i);

  return (
    <section className="data-table" aria-label={t('table.label')}>
      <div className="data-table-head">
        <span className="muted small" data-testid="table-count">
          {rows
            ? `${t('table.rows', { count: total, formatted: formatCount(total) })}${rows.truncated ? ` — ${t('table.truncated', { limit: formatCount(TABLE_LIMIT) })}` : ''}`
            : t('common.loading')}
        </span>
        <button onClick={() => void copy()} disabled={!rows || total === 0}>
          {t('table.copy')}
        </button>
      </div>
      {error ? (
        <p className="error pad" role="alert">
          {t('chart.readError', { error })}
        </p>
      ) : null}
      {/* One table: the header row stays put above the scrolling rows. */}
      <div className="table-frame" role="table" aria-label={t('table.byTime')} aria-rowcount={total}>
        <div className="table-grid table-header" role="row" style={columns}>
          <span role="columnheader">{t('table.time')}</span>
          {header.map((h, i) => (
            <span role="columnheader" key={streams[i].id} title={streams[i].key}>
              {h}
            </span>
          ))}
        </div>
        <div className="table-scroll" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
          <div className="table-spacer" style={{ height: total * ROW_HEIGHT }}>
            <div role="rowgroup" style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }}>
              {rows
                ? visible.map((r) => (
                    <div className="table-grid table-row" role="row" aria-rowindex={r + 1} key={r} style={columns}>
                      <span role="cell">{formatTime(rows.ts[r], zone, true)}</span>
                      {rows.columns.map((c, i) => (
                        <span role="cell" className="num" key={streams[i].id}>
                          {c[r] === null ? '' : formatValue(streams[i], c[r])}
                        </span>
                      ))}
                    </div>
                  ))
                : null}
            </div>
          </div>
        </div>
      </div>
      {rows && total === 0 ? <p className="muted pad">{t('chart.emptyRange')}</p> : null}
    </section>
  );
}
