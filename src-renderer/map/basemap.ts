/**
 * The offline basemap: Natural Earth 1:50m countries from world-atlas, bundled with the app, so the
 * map needs no network and never asks a tile server for anything.
 */
import { geoPath, type GeoProjection } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries50m from 'world-atlas/countries-50m.json';

const topology = countries50m as unknown as Topology<{ countries: GeometryCollection; land: GeometryCollection }>;
const land = feature(topology, topology.objects.land);
const borders = mesh(topology, topology.objects.countries, (a, b) => a !== b);

export interface BasemapColors {
  water: string;
  land: string;
  border: string;
}

/** Draws water, land and borders on a canvas for a projection. */
export function drawBasemap(ctx: CanvasRenderingContext2D, projection: GeoProjection, colors: BasemapColors): void {
  const { width, height } = ctx.canvas;
  ctx.fillStyle = colors.water;
  ctx.fillRect(0, 0, width, height);
  const path = geoPath(projection, ctx);
  ctx.beginPath();
  path(land);
  ctx.fillStyle = colors.land;
  ctx.fill();
  ctx.beginPath();
  path(borders);
  ctx.strokeStyle = colors.border;
  ctx.lineWidth = 0.6;
  ctx.stroke();
}
