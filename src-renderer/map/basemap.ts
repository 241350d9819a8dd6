/**
 * The offline basemap: Natural Earth 1:50m countries from world-atlas, bundled with the app, so the
 * map needs no network and never asks a tile server for anything.
 */
import type { GeoProjection } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries50m from 'world-atlas/countries-50m.json';

const topology = countries50m as unknown as Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

export interface BasemapColors {
  water: string;
  land: string;
  border: string;
}

interface UnitPaths {
  land: Path2D;
  borders: Path2D;
}

const RAD = Math.PI / 180;
/** Mercator's square world ends here (|y| = π), as d3's Mercator clips it. */
const LAT_LIMIT = (2 * Math.atan(Math.exp(Math.PI)) - Math.PI / 2) / RAD;
const mercatorY = (lat: number) =>
  -Math.log(Math.tan(Math.PI / 4 + (Math.max(-LAT_LIMIT, Math.min(LAT_LIMIT, lat)) * RAD) / 2));

/**
 * A land ring in unit Mercator. Rings that cross the antimeridian are unwrapped (longitudes run on past
 * ±180) and drawn once more a world-width over; a ring around a pole (Antarctica) closes along it.
 */
function addRing(target: Path2D, ring: readonly GeoJSON.Position[]): void {
  const xs: number[] = [];
  let lon = ring[0][0];
  let prev = lon;
  for (const [raw] of ring) {
    lon += ((raw - prev + 540) % 360) - 180;
    prev = raw;
    xs.push(lon * RAD);
  }
  const ys = ring.map(([, lat]) => mercatorY(lat));
  const last = xs.length - 1;
  const aroundPole = Math.abs(xs[last] - xs[0]) > Math.PI;
  const poleY = ys.reduce((a, y) => a + y, 0) > 0 ? Math.PI : -Math.PI;
  const west = Math.min(...xs);
  const east = Math.max(...xs);
  const shifts = [0];
  if (east > Math.PI) shifts.push(-2 * Math.PI);
  if (west < -Math.PI) shifts.push(2 * Math.PI);
  for (const shift of shifts) {
    target.moveTo(xs[0] + shift, ys[0]);
    for (let i = 1; i <= last; i++) target.lineTo(xs[i] + shift, ys[i]);
    if (aroundPole) {
      target.lineTo(xs[last] + shift, poleY);
      target.lineTo(xs[0] + shift, poleY);
    }
    target.closePath();
  }
}

let unit: UnitPaths | null = null;
let projectedInMs: number | null = null;

/** How long the one projection took (ms), null before it ran: the benchmark reports it apart. */
export const basemapProjectionMs = () => projectedInMs;

/**
 * Projects the basemap now if not done yet. Called while the app is idle, so that opening the map
 * only draws.
 */
export function prepareBasemap(): void {
  if (unit) return;
  const started = performance.now();
  unit = projectUnitPaths();
  projectedInMs = performance.now() - started;
}

/**
 * Land and borders projected once, at Mercator scale 1 around the origin. Any pan or zoom of the map's
 * Mercator is then an affine transform of these paths: a redraw fills two ready paths instead of
 * projecting the 1:50m world again, and the one projection is a plain loop (d3's spherical clipping
 * of every vertex took most of a second on a busy machine).
 */
function projectUnitPaths(): UnitPaths {
  const land = new Path2D();
  for (const { geometry: g } of feature(topology, topology.objects.land).features) {
    const polygons = g.type === 'MultiPolygon' ? g.coordinates : g.type === 'Polygon' ? [g.coordinates] : [];
    for (const polygon of polygons) for (const ring of polygon) addRing(land, ring);
  }
  const borders = new Path2D();
  // Country borders never cross the antimeridian in Natural Earth: plain lines.
  for (const line of mesh(topology, topology.objects.countries, (a, b) => a !== b).coordinates) {
    borders.moveTo(line[0][0] * RAD, mercatorY(line[0][1]));
    for (const [lon, lat] of line.slice(1)) borders.lineTo(lon * RAD, mercatorY(lat));
  }
  return { land, borders };
}

/** Draws water, land and borders on a canvas for a Mercator projection (no rotation, as the map uses). */
export function drawBasemap(ctx: CanvasRenderingContext2D, projection: GeoProjection, colors: BasemapColors): void {
  const { width, height } = ctx.canvas;
  prepareBasemap();
  const paths = unit as UnitPaths;
  const k = projection.scale();
  const [tx, ty] = projection.translate();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = colors.water;
  ctx.fillRect(0, 0, width, height);
  ctx.save();
  ctx.setTransform(k, 0, 0, k, tx, ty);
  // One world: the copies of rings drawn a world-width over show only across the antimeridian.
  ctx.beginPath();
  ctx.rect(-Math.PI, -Math.PI, 2 * Math.PI, 2 * Math.PI);
  ctx.clip();
  ctx.fillStyle = colors.land;
  ctx.fill(paths.land);
  ctx.strokeStyle = colors.border;
  ctx.lineWidth = 0.6 / k;
  ctx.stroke(paths.borders);
  ctx.restore();
}
