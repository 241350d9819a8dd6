import { geoMercator, type GeoProjection } from 'd3-geo';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { SourceHealth } from '../../src-main/api/contract';
import { translate, useTranslation } from '../i18n';
import { formatCount } from '../ui/format';
import { HEALTH_ORDER, HEALTH_SHAPES, healthLabel } from '../ui/health';
import { basemapProjectionMs, drawBasemap, prepareBasemap } from './basemap';
import { clusterMarkers, type MarkerGroup } from './cluster';
import './map.css';

// The basemap's one projection runs while the app is idle, so the first open of the map only draws.
if (typeof requestIdleCallback === 'function') requestIdleCallback(prepareBasemap, { timeout: 10_000 });

/** Room between the outermost markers and the frame's edge after Fit all. */
const PAD = 60;
/** Markers closer than this (px) are one cluster: the widest cluster disc, so discs never overlap. */
const CLUSTER_CELL = 44;
const ZOOM_STEP = 2;
const PAN_STEP = 80;

interface View {
  k: number;
  x: number;
  y: number;
}
const HOME: View = { k: 1, x: 0, y: 0 };

interface Size {
  width: number;
  height: number;
}

/** The located sources' bounds, at least a few degrees wide so a lone site is not zoomed to the street. */
function boundsOf(sources: readonly SourceHealth[]): GeoJSON.MultiPoint {
  const pts = sources.flatMap((s) => (s.location ? [[s.location.lon, s.location.lat]] : []));
  if (pts.length === 0)
    return {
      type: 'MultiPoint',
      coordinates: [
        [-170, -60],
        [170, 75],
      ],
    };
  const lons = pts.map((p) => p[0]);
  const lats = pts.map((p) => p[1]);
  const m = 2;
  return {
    type: 'MultiPoint',
    coordinates: [
      [Math.min(...lons) - m, Math.max(-80, Math.min(...lats) - m)],
      [Math.max(...lons) + m, Math.min(80, Math.max(...lats) + m)],
    ],
  };
}

function projectionFor(bounds: GeoJSON.MultiPoint, { width, height }: Size, view: View): GeoProjection {
  const base = geoMercator().fitExtent(
    [
      [PAD, PAD],
      [width - PAD, height - PAD],
    ],
    bounds,
  );
  const [tx, ty] = base.translate();
  const cx = width / 2;
  const cy = height / 2;
  return base
    .scale(base.scale() * view.k)
    .translate([cx - (cx - tx) * view.k + view.x, cy - (cy - ty) * view.k + view.y]);
}

function mapColors(el: Element) {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { water: v('--map-water', '#dfe9f3'), land: v('--map-land', '#f7f5ef'), border: v('--map-border', '#b9b4a6') };
}

interface Props {
  sources: readonly SourceHealth[];
  onOpen(source: SourceHealth): void;
}

/** Sources on an offline map: markers by health (colour + shape), clustered when dense, keyboard reachable. */
export function SourceMap({ sources, onOpen }: Props) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  const { width, height } = size;
  const [view, setView] = useState<View>(HOME);
  const [scheme, setScheme] = useState(0);
  const located = useMemo(() => sources.filter((s) => s.location), [sources]);
  const bounds = useMemo(() => boundsOf(located), [located]);
  const projection = useMemo(() => (size.width > 0 ? projectionFor(bounds, size, view) : null), [bounds, size, view]);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const observer = new ResizeObserver(([e]) =>
      setSize({ width: Math.floor(e.contentRect.width), height: Math.floor(e.contentRect.height) }),
    );
    observer.observe(el);
    const dark = matchMedia('(prefers-color-scheme: dark)');
    const redraw = () => setScheme((n) => n + 1);
    dark.addEventListener('change', redraw);
    return () => {
      observer.disconnect();
      dark.removeEventListener('change', redraw);
    };
  }, []);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !projection) return;
    const started = performance.now();
    drawBasemap(ctx, projection, mapColors(c));
    c.dataset.drawMs = (performance.now() - started).toFixed(1);
    c.dataset.projectMs = basemapProjectionMs()?.toFixed(1);
  }, [projection, scheme]);

  const groups = useMemo(() => {
    if (!projection) return [];
    const placed = located.flatMap((source) => {
      const p = projection([source.location!.lon, source.location!.lat]);
      return p ? [{ source, x: p[0], y: p[1] }] : [];
    });
    // Only what the frame shows: zoomed in on a fleet, most of it lies outside.
    const margin = CLUSTER_CELL;
    const inFrame = placed.filter(
      (p) => p.x > -margin && p.x < width + margin && p.y > -margin && p.y < height + margin,
    );
    return clusterMarkers(inFrame, CLUSTER_CELL);
  }, [located, projection, width, height]);

  const zoomAt = (g: MarkerGroup) =>
    setView((v) => ({
      k: v.k * ZOOM_STEP,
      x: (v.x - (g.x - width / 2)) * ZOOM_STEP,
      y: (v.y - (g.y - height / 2)) * ZOOM_STEP,
    }));
  const onKey = (e: KeyboardEvent) => {
    const moves: Record<string, Partial<View>> = {
      ArrowLeft: { x: view.x + PAN_STEP },
      ArrowRight: { x: view.x - PAN_STEP },
      ArrowUp: { y: view.y + PAN_STEP },
      ArrowDown: { y: view.y - PAN_STEP },
    };
    if (e.key in moves) {
      e.preventDefault();
      setView({ ...view, ...moves[e.key] });
    } else if (e.key === '+' || e.key === '=')
      setView({ k: view.k * ZOOM_STEP, x: view.x * ZOOM_STEP, y: view.y * ZOOM_STEP });
    else if (e.key === '-') setView({ k: view.k / ZOOM_STEP, x: view.x / ZOOM_STEP, y: view.y / ZOOM_STEP });
  };

  return (
    <section className="source-map" aria-label={t('map.label')} data-testid="source-map" data-located={located.length}>
      <div className="map-toolbar">
        <button onClick={() => setView({ k: view.k * ZOOM_STEP, x: view.x * ZOOM_STEP, y: view.y * ZOOM_STEP })}>
          {t('map.zoomIn')}
        </button>
        <button onClick={() => setView({ k: view.k / ZOOM_STEP, x: view.x / ZOOM_STEP, y: view.y / ZOOM_STEP })}>
          {t('map.zoomOut')}
        </button>
        <button onClick={() => setView(HOME)}>{t('map.fitAll')}</button>
        <span className="muted small">
          {t('map.located', {
            count: sources.length,
            located: formatCount(located.length),
            total: formatCount(sources.length),
          })}{' '}
          · {t('map.keys')} · {t('map.basemap')}
        </span>
      </div>
      <div className="map-frame" ref={host} tabIndex={0} onKeyDown={onKey} aria-label={t('map.frame')}>
        <canvas ref={canvas} width={width} height={height} data-testid="map-canvas" />
        <svg width={width} height={height} className="map-markers">
          {groups.map((g) => (
            <Marker key={g.id} group={g} onOpen={onOpen} onZoom={() => zoomAt(g)} />
          ))}
        </svg>
      </div>
      <ul className="map-legend" aria-label={t('map.legend')}>
        {HEALTH_ORDER.map((s) => (
          <li key={s} className={`health health-${s}`}>
            <span aria-hidden="true">{HEALTH_SHAPES[s]}</span> {t(`health.${s}.label`)}
          </li>
        ))}
      </ul>
    </section>
  );
}

const R = 7;

/** One source (shape by health) or a cluster (a disc with its count, the colour of its worst member). */
function Marker({ group, onOpen, onZoom }: { group: MarkerGroup; onOpen(s: SourceHealth): void; onZoom(): void }) {
  const single = group.members.length === 1 ? group.members[0] : null;
  const label = single
    ? translate('map.marker', { name: single.name, state: healthLabel(single.state) })
    : translate('map.cluster', {
        count: group.members.length,
        formatted: formatCount(group.members.length),
        state: healthLabel(group.state),
      });
  const act = () => (single ? onOpen(single) : onZoom());
  return (
    <g
      className={`map-marker health-${group.state}`}
      transform={`translate(${group.x.toFixed(1)} ${group.y.toFixed(1)})`}
      role="button"
      tabIndex={0}
      aria-label={label}
      data-testid={single ? 'map-marker' : 'map-cluster'}
      data-key={single?.key}
      data-count={group.members.length}
      onClick={act}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          act();
        }
      }}
    >
      <title>{label}</title>
      {single ? <Shape state={group.state} /> : <ClusterDisc count={group.members.length} />}
    </g>
  );
}

function Shape({ state }: { state: SourceHealth['state'] }) {
  if (state === 'silent') return <rect x={-R} y={-R} width={2 * R} height={2 * R} />;
  if (state === 'late') return <path d={`M0 ${-R - 1} L${R + 1} ${R} L${-R - 1} ${R} Z`} />;
  return <circle r={R} className={state === 'unknown' ? 'hollow' : undefined} />;
}

function ClusterDisc({ count }: { count: number }) {
  const r = 11 + Math.min(10, Math.log2(count) * 2);
  return (
    <>
      <circle r={r} className="cluster" />
      <text textAnchor="middle" dy="0.35em">
        {formatCount(count)}
      </text>
    </>
  );
}
