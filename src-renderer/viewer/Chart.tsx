import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { StreamView } from '../../src-main/api/contract';
import { chartOptions, planAxes, seriesColor, type ChartCallbacks } from './chartOptions';
import { ChartAccess } from './ChartAccess';
import { Legend, type CursorReading } from './Legend';
import { STREAM_MIME } from './dnd';
import type { ChartTheme } from './theme';
import { StateTimeline } from './StateTimeline';
import { sharesText, stateShares } from './states';
import { fromSeconds, type Range } from './time';
import { useChartData } from './useChartData';
import { useStateSpans } from './useStateSpans';
import { drawThresholdBands } from './thresholdBands';
import { ThresholdNotes } from './ThresholdNotes';
import { useThresholds } from './useThresholds';
import { useTranslation } from '../i18n';

/** The plot's least height; it otherwise fills its share of the window, or the height the user dragged. */
const MIN_PLOT_HEIGHT = 120;
/** Shared by every chart on screen: one crosshair moves them all. */
export const SYNC_KEY = 'tributary-viewer';
const WHEEL_ZOOM = 1.25;
const MIN_SPAN_US = 1_000;

interface Props {
  streams: StreamView[];
  range: Range;
  zone: string | undefined;
  theme: ChartTheme;
  dataVersion: number;
  onRange(range: Range): void;
  onReset(): void;
  onDropStream(streamId: number): void;
  onRemoveStream(streamId: number): void;
  onShowDetails(streamId: number): void;
}

/** One uPlot chart: created once per set of streams (and zone, theme), fed with setData, sized with setSize. */
export function Chart({
  streams,
  range,
  zone,
  theme,
  dataVersion,
  onRange,
  onReset,
  onDropStream,
  onRemoveStream,
  onShowDetails,
}: Props) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [height, setHeight] = useState(0);
  /** Set once the user drags the chart's bottom edge: the chart then keeps that height. */
  const [userHeight, setUserHeight] = useState<number | null>(null);
  const section = useRef<HTMLElement>(null);
  const [plot, setPlot] = useState<uPlot | null>(null);
  const [cursor, setCursor] = useState<CursorReading | null>(null);
  const [dropping, setDropping] = useState(false);
  const streamIds = useMemo(() => streams.map((s) => s.id), [streams]);
  const loaded = useChartData(streamIds, range, Math.max(1, Math.round(width)), dataVersion);
  const runs = useStateSpans(streams, range, dataVersion);
  const plotHeight = Math.max(MIN_PLOT_HEIGHT, height);
  const thresholds = useThresholds(streamIds, range, dataVersion);

  // uPlot's callbacks read the latest props through this ref, so the instance outlives renders.
  const live = useRef({ range, onRange, onReset, thresholds });
  useLayoutEffect(() => {
    live.current = { range, onRange, onReset, thresholds };
  });

  const hasWidth = width > 0;
  const structure = streams.map((s) => `${s.id}:${s.kind}:${s.unit}:${JSON.stringify(s.enumLabels)}`).join('|');

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      setWidth(Math.floor(entry.contentRect.width));
      setHeight(Math.floor(entry.contentRect.height));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = host.current;
    if (!el || width === 0) return;
    let frame = 0;
    const callbacks: ChartCallbacks = {
      range: () => live.current.range,
      onZoom: (r) => live.current.onRange(r),
      onReset: () => live.current.onReset(),
      onPanStart: (e) => startPan(e, u, live),
      onCursor: (chart) => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => setCursor(readCursor(chart)));
      },
    };
    const options = chartOptions(streams, { width, height: plotHeight }, theme, zone, SYNC_KEY, callbacks);
    const colors = streams.map((_, i) => seriesColor(theme, i));
    options.hooks = {
      ...options.hooks,
      drawClear: [
        ...(options.hooks?.drawClear ?? []),
        (chart) => drawThresholdBands(chart, live.current.thresholds, streams, colors),
      ],
    };
    const u = new uPlot(options, undefined, el);
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const { from, to } = live.current.range;
      const anchor = fromSeconds(u.posToVal(e.offsetX, 'x'));
      const factor = e.deltaY > 0 ? WHEEL_ZOOM : 1 / WHEEL_ZOOM;
      const next = { from: anchor - (anchor - from) * factor, to: anchor + (to - anchor) * factor };
      if (next.to - next.from >= MIN_SPAN_US) live.current.onRange(next);
    };
    u.over.addEventListener('wheel', wheel, { passive: false });
    setPlot(u);
    return () => {
      cancelAnimationFrame(frame);
      u.over.removeEventListener('wheel', wheel);
      u.destroy();
      setPlot(null);
    };
    // Rebuilt only when what is drawn changes (`structure` stands for the streams); size and data are
    // applied to the live instance below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [structure, zone, theme, hasWidth]);

  useEffect(() => {
    if (plot && width > 0 && (plot.width !== width || plot.height !== plotHeight))
      plot.setSize({ width, height: plotHeight });
  }, [plot, width, plotHeight]);

  useEffect(() => {
    if (plot && loaded.value && loaded.value.data.length === streams.length * 2 + 1) plot.setData(loaded.value.data);
  }, [plot, loaded.value, streams.length]);

  // Ranges arrive after the data: draw their bands now.
  useEffect(() => {
    plot?.redraw(false);
  }, [plot, thresholds]);

  // Zooming and panning move the axis at once; the matching data follows.
  useEffect(() => {
    plot?.setScale('x', { min: range.from / 1e6, max: range.to / 1e6 });
  }, [plot, range.from, range.to]);

  const plans = planAxes(streams);
  const noData = streams.every((s) => s.pointCount === 0);
  const emptyRange = !noData && loaded.value !== null && loaded.value.stats.every((s) => s.count === 0);

  const textStreams = streams.filter((s) => s.kind === 'text');
  const onlyText = textStreams.length === streams.length;
  // Timelines line up with uPlot's plot area (its bbox is in canvas pixels).
  const inset =
    plot && !onlyText ? { left: plot.bbox.left / uPlot.pxRatio, width: plot.bbox.width / uPlot.pxRatio } : null;
  const shares = new Map([...runs.entries()].map(([id, r]) => [id, sharesText(stateShares(r.spans, range))] as const));

  const accepts = (e: DragEvent) => e.dataTransfer.types.includes(STREAM_MIME);
  return (
    <section
      ref={section}
      className={`chart${dropping ? ' dropping' : ''}${onlyText ? ' text-only' : ''}`}
      style={userHeight === null ? undefined : { flex: `0 0 ${userHeight}px` }}
      data-testid="chart"
      data-streams={streams.length}
      data-y-axes={plans.length}
      data-units={plans.map((p) => p.label).join('|')}
      data-detail={loaded.value ? (loaded.value.raw.every(Boolean) ? 'raw' : 'buckets') : 'loading'}
      data-loading={loaded.loading}
      data-bands={thresholds.length}
      aria-label={t('chart.label', { streams: streams.map((s) => s.name).join(', ') })}
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(e) => {
        setDropping(false);
        const id = Number(e.dataTransfer.getData(STREAM_MIME));
        if (Number.isInteger(id) && id > 0) {
          e.preventDefault();
          onDropStream(id);
        }
      }}
    >
      <div className="chart-plot" ref={host} aria-hidden={onlyText}>
        {noData ? <div className="chart-note">{t('chart.noData')}</div> : null}
        {emptyRange ? <div className="chart-note">{t('chart.emptyRange')}</div> : null}
        {loaded.error ? (
          <div className="chart-note error" role="alert">
            {t('chart.readError', { error: loaded.error })}
          </div>
        ) : null}
      </div>
      {textStreams.map((s) => (
        <StateTimeline
          key={s.id}
          stream={s}
          runs={runs.get(s.id)}
          range={range}
          colors={theme.series}
          zone={zone}
          inset={inset}
        />
      ))}
      {onlyText ? null : (
        <div
          className="chart-resize"
          role="separator"
          aria-orientation="horizontal"
          aria-label={t('chart.resize')}
          title={t('chart.resize')}
          onPointerDown={(e) => section.current && startResize(e, section.current, setUserHeight)}
        />
      )}
      <ThresholdNotes thresholds={thresholds} streams={streams} />
      <ChartAccess plot={plot} streams={streams} data={loaded.value} range={range} zone={zone} onRange={onRange} />
      <Legend
        streams={streams}
        shares={shares}
        colors={streams.map((_, i) => seriesColor(theme, i))}
        stats={loaded.value?.stats ?? null}
        cursor={cursor}
        zone={zone}
        onRemove={onRemoveStream}
        onShowDetails={onShowDetails}
      />
    </section>
  );
}

/** The values under the crosshair: per stream the bucket's max and min (equal for raw points). */
function readCursor(u: uPlot): CursorReading | null {
  const idx = u.cursor.idx;
  if (idx === null || idx === undefined) return null;
  const values: { max: number | null; min: number | null }[] = [];
  for (let s = 1; s < u.data.length; s += 2) {
    const at = u.cursor.idxs?.[s] ?? idx;
    const max = at === null ? null : (u.data[s][at] ?? null);
    const min = at === null ? null : (u.data[s + 1][at] ?? null);
    values.push({ max, min });
  }
  return { ts: fromSeconds(u.data[0][idx]), values };
}

/** Dragging the chart's bottom edge sets its height (the plot takes what the legend leaves). */
function startResize(e: ReactPointerEvent, chart: HTMLElement, setHeight: (h: number) => void): void {
  e.preventDefault();
  const startY = e.clientY;
  const startHeight = chart.getBoundingClientRect().height;
  const move = (m: PointerEvent) =>
    setHeight(Math.max(MIN_PLOT_HEIGHT + 60, Math.round(startHeight + m.clientY - startY)));
  const up = () => {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', up);
}

/** Shift+drag pans: the range follows the mouse until the button is released. */
function startPan(e: MouseEvent, u: uPlot, live: { current: { range: Range; onRange(r: Range): void } }): void {
  const start = e.clientX;
  const { from, to } = live.current.range;
  const plotWidth = u.over.clientWidth || 1;
  const move = (m: MouseEvent) => {
    const shift = ((m.clientX - start) / plotWidth) * (to - from);
    live.current.onRange({ from: from - shift, to: to - shift });
  };
  const up = () => {
    window.removeEventListener('mousemove', move);
    window.removeEventListener('mouseup', up);
  };
  window.addEventListener('mousemove', move);
  window.addEventListener('mouseup', up);
}
