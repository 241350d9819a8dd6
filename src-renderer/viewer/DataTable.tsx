import { useEffect, useMemo, useRef, useState } from 'react';
import type { StreamView } from '../../src-main/api/contract';
import { call } from '../api';
import { alignRows, rowsToTsv, type TableRows } from './align';
import { formatValue } from './format';
import { formatTime } from '../ui/format';
import type { Range } from './time';
import { REQUERY_DELAY_MS } from './useChartData';

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
      await navigator.clipboard.writeText(rowsToTsv(rows, header, (t) => formatTime(t, zone, true)));
      onMessage(`Copied ${rows.ts.length.toLocaleString()} rows as tab-separated text.`);
    } catch {
      onMessage('The clipboard is not available here: select the rows and copy them instead.');
    }
  };

  const total = rows?.ts.length ?? 0;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  const visible = Array.from({ length: Math.max(0, last - first) }, (_, i) => first + i);

  return (
    <section className="data-table" aria-label="Points">
      <div className="data-table-head">
        <span className="muted small" data-testid="table-count">
          {rows
            ? `${total.toLocaleString()} rows${rows.truncated ? ` — the first ${TABLE_LIMIT.toLocaleString()} points per stream; zoom in for the rest` : ''}`
            : 'Loading…'}
        </span>
        <button onClick={() => void copy()} disabled={!rows || total === 0}>
          Copy
        </button>
      </div>
      {error ? (
        <p className="error pad" role="alert">
          Could not read the local copy: {error}
        </p>
      ) : null}
      <div className="table-grid table-header" role="row" style={columns}>
        <span role="columnheader">Time</span>
        {header.map((h, i) => (
          <span role="columnheader" key={streams[i].id} title={streams[i].key}>
            {h}
          </span>
        ))}
      </div>
      <div
        className="table-scroll"
        ref={scroller}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        role="table"
        aria-rowcount={total}
        aria-label="Points by time"
      >
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
      {rows && total === 0 ? <p className="muted pad">No points in this time range.</p> : null}
    </section>
  );
}
