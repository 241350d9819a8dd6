import { hashSeed, unit } from '../common/rng';
import { counter, diurnal, inOutage, round, storm } from '../common/signals';
import type { Scale } from '../common/faults';

/** The simulated portal's datasets: field lists, and records as pure functions of time (never stored). */

export type FieldType = 'datetime' | 'double' | 'int' | 'text' | 'boolean' | 'geo_point_2d';
export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
}
export type OdsValue = string | number | boolean | null | { lon: number; lat: number };
/** A record before rendering: its time (ms, or its index for datasets without a datetime field) and fields. */
export interface OdsRow {
  timeMs: number;
  fields: Record<string, OdsValue>;
}

/** What the portal's catalog says of a dataset besides its fields: its catalog facets. */
export interface CatalogMetas {
  publisher: string;
  theme: string[];
  keyword: string[];
}

export interface Dataset {
  id: string;
  title: string;
  isPrivate: boolean;
  metas: CatalogMetas;
  fields: FieldDef[];
  /** The one datetime field, or null for a dataset that is not a time series. */
  timeField: string | null;
  numericFields: string[];
  /** The text fields that tell the dataset's series apart (empty: one record per time). */
  seriesFields: string[];
  /** Rows in time order within [fromMs, toMs); `descending` walks backwards. */
  rows(fromMs: number, toMs: number, descending: boolean): Generator<OdsRow>;
  /** How many rows lie within [fromMs, toMs), without walking them. */
  count(fromMs: number, toMs: number): number;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Days of history each scale offers (see README: medium puts river-levels above 10,000 records). */
export const HISTORY_DAYS: Record<Scale, number> = { small: 7, medium: 120, large: 730 };
/** The sample period divisor per scale: large also samples faster. */
const SPEED_UP: Record<Scale, number> = { small: 1, medium: 1, large: 5 };

interface SeriesSpec {
  id: string;
  title: string;
  isPrivate: boolean;
  metas: CatalogMetas;
  stepMs: number;
  timeField: string;
  constants: Record<string, OdsValue>;
  fields: FieldDef[];
  /** Several series in one table: the values of the series fields, one record each per time. */
  series?: Record<string, string>[];
  /** One deliberate collision: a second record of the first series at the COLLISION_SLOT-th time of the history. */
  collision?: boolean;
  values: (seed: number, tMs: number, series: Record<string, string>) => Record<string, OdsValue>;
}

const AQ_STATIONS = ['Lyon Centre', 'Gerland', 'Villeurbanne'];
/**
 * Where the collision is: far enough into the history for a sync to start 33 times (99 records of
 * three stations) before it, so that its two records fall on two pages of 100 records.
 */
const COLLISION_SLOT = 40;
const AQ_LONG_STATIONS = ['FR20047 Lyon Centre', 'FR20062 Gerland'];
const AQ_POLLUTANTS = ['NO2', 'O3', 'PM10'];

const SERIES: SeriesSpec[] = [
  {
    id: 'weather-observations',
    title: 'Weather observations - Lyon-Bron (hourly)',
    isPrivate: false,
    metas: { publisher: 'Météo-France', theme: ['Environment'], keyword: ['weather', 'rain', 'temperature'] },
    stepMs: 3_600_000,
    timeField: 'observed_at',
    constants: { station: 'Lyon-Bron', location: { lon: 4.9389, lat: 45.7294 } },
    fields: [
      { name: 'observed_at', label: 'Observed at', type: 'datetime' },
      { name: 'station', label: 'Station', type: 'text' },
      { name: 'location', label: 'Location', type: 'geo_point_2d' },
      { name: 'temperature', label: 'Temperature (°C)', type: 'double' },
      { name: 'humidity', label: 'Relative humidity (%)', type: 'int' },
      { name: 'rainfall_mm', label: 'Rainfall (mm)', type: 'double' },
      { name: 'wind_speed', label: 'Wind speed (m/s)', type: 'double' },
    ],
    values: (seed, t) => ({
      temperature: diurnal(seed, t, 11, 6),
      humidity: Math.max(5, Math.min(100, Math.round(diurnal(seed + 1, t, 72, -14)))),
      rainfall_mm: round(Math.max(0, storm(seed, t, 0, 6) - 0.3), 1),
      // The anemometer drops out now and then: the field is null, the record is still there.
      wind_speed: unit(seed, 'wind-null', t) < 0.03 ? null : round(Math.abs(diurnal(seed + 2, t, 3.5, 2, 0.3)), 1),
    }),
  },
  {
    id: 'river-levels',
    title: 'River Rhône - Pont Lafayette gauge (10 min)',
    isPrivate: false,
    metas: {
      publisher: 'Compagnie Nationale du Rhône',
      theme: ['Environment', 'Transport'],
      keyword: ['river', 'flood', 'water'],
    },
    stepMs: 600_000,
    timeField: 'timestamp',
    constants: { gauge: 'V3000015' },
    fields: [
      { name: 'timestamp', label: 'Timestamp', type: 'datetime' },
      { name: 'gauge', label: 'Gauge code', type: 'text' },
      { name: 'level_m', label: 'Water level (m)', type: 'double' },
      { name: 'flow_m3s', label: 'Flow (m3/s)', type: 'double' },
    ],
    values: (seed, t) => {
      const level = storm(seed, t, 0.62, 2.4);
      return { level_m: round(level, 3), flow_m3s: round(12 * level ** 1.6, 2) };
    },
  },
  {
    id: 'site-energy-meters',
    title: 'Head office energy meter (restricted)',
    isPrivate: true,
    metas: { publisher: 'Métropole de Lyon', theme: ['Energy'], keyword: ['energy', 'meter'] },
    stepMs: 900_000,
    timeField: 'reading_time',
    constants: { meter_id: 'MTR-0042' },
    fields: [
      { name: 'reading_time', label: 'Reading time', type: 'datetime' },
      { name: 'meter_id', label: 'Meter', type: 'text' },
      { name: 'energy_kwh', label: 'Energy index (kWh)', type: 'double' },
      { name: 'power_kw', label: 'Mean power (kW)', type: 'double' },
    ],
    values: (seed, t) => ({
      energy_kwh: counter(seed, t, 42),
      power_kw: round(Math.max(0, diurnal(seed, t, 40, 15)), 2),
    }),
  },
];

SERIES.push(
  {
    id: 'air-quality-stations',
    title: 'Air quality - Lyon stations (30 min)',
    isPrivate: false,
    metas: {
      publisher: 'ATMO Auvergne-Rhône-Alpes',
      theme: ['Environment', 'Health'],
      keyword: ['air quality', 'pollution'],
    },
    stepMs: 1_800_000,
    timeField: 'measured_at',
    constants: {},
    fields: [
      { name: 'measured_at', label: 'Measured at', type: 'datetime' },
      { name: 'station', label: 'Station', type: 'text' },
      { name: 'no2', label: 'NO2 (µg/m³)', type: 'double' },
      { name: 'pm10', label: 'PM10 (µg/m³)', type: 'double' },
      { name: 'quality', label: 'Air quality index', type: 'text' },
      { name: 'calibrated', label: 'Calibrated', type: 'boolean' },
    ],
    series: AQ_STATIONS.map((station) => ({ station })),
    collision: true,
    values: (seed, t, series) => {
      const s = hashSeed(seed, series.station);
      const no2 = round(Math.max(1, diurnal(s, t, 28, 14)), 1);
      return {
        no2,
        pm10: round(Math.max(1, diurnal(s + 1, t, 18, 6)), 1),
        quality: no2 < 25 ? 'good' : no2 < 40 ? 'moderate' : 'poor',
        calibrated: unit(s, 'calibrated', t) > 0.1,
      };
    },
  },
  {
    id: 'air-quality-hourly-long',
    title: 'Air quality - national feed, long format (hourly)',
    isPrivate: false,
    metas: { publisher: 'ATMO Auvergne-Rhône-Alpes', theme: ['Environment'], keyword: ['air quality', 'pollution'] },
    stepMs: 3_600_000,
    timeField: 'date_debut',
    constants: { unite: 'µg/m³' },
    fields: [
      { name: 'date_debut', label: 'Début', type: 'datetime' },
      { name: 'station', label: 'Station', type: 'text' },
      { name: 'polluant', label: 'Polluant', type: 'text' },
      { name: 'valeur', label: 'Valeur', type: 'double' },
      { name: 'unite', label: 'Unité', type: 'text' },
    ],
    series: AQ_LONG_STATIONS.flatMap((station) => AQ_POLLUTANTS.map((polluant) => ({ station, polluant }))),
    values: (seed, t, series) => ({
      valeur: round(Math.max(0, diurnal(hashSeed(seed, series.station, series.polluant), t, 30, 12)), 1),
    }),
  },
);

const PARKS = ['Parc de la Tête d’Or', 'Parc des Hauteurs', 'Parc de Gerland', 'Parc Blandan', 'Jardin des Curiosités'];

/** The planned outage of `week` as [start, end) ms, or null; mirrors common/signals inOutage exactly. */
export function outageOf(seed: number, week: number): [number, number] | null {
  if (unit(seed, 'outage', week) > 0.3) return null;
  const start = week * WEEK_MS + unit(seed, 'outage-start', week) * 6 * DAY_MS;
  return [start, start + (2 + 10 * unit(seed, 'outage-len', week)) * 3_600_000];
}

/** Multiples of `stepMs` within [fromMs, toMs). */
function slotsIn(stepMs: number, fromMs: number, toMs: number): number {
  return Math.max(0, Math.ceil(toMs / stepMs) - Math.ceil(fromMs / stepMs));
}

/** Sample times of a series within [fromMs, toMs) minus outages, counted week by week. */
export function countSamples(seed: number, stepMs: number, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  let n = slotsIn(stepMs, fromMs, toMs);
  for (let week = Math.floor(fromMs / WEEK_MS); week <= Math.floor((toMs - 1) / WEEK_MS); week++) {
    const outage = outageOf(seed, week);
    if (outage) n -= slotsIn(stepMs, Math.max(outage[0], fromMs), Math.min(outage[1], toMs));
  }
  return n;
}

function seriesDataset(spec: SeriesSpec, seed: number, originMs: number, nowMs: () => number, scale: Scale): Dataset {
  const dsSeed = hashSeed(seed, spec.id);
  const stepMs = spec.stepMs / SPEED_UP[scale];
  // Records exist strictly before the simulated now, as in every simulator.
  const clamp = (fromMs: number, toMs: number): [number, number] => [
    Math.max(fromMs, originMs),
    Math.min(toMs, nowMs()),
  ];
  const series = spec.series ?? [{}];
  const row = (t: number, s: Record<string, string>): OdsRow => ({
    timeMs: t,
    fields: { [spec.timeField]: t, ...spec.constants, ...s, ...spec.values(dsSeed, t, s) },
  });
  // The collision: a second, different record of the first series at the COLLISION_SLOT-th time slot of the history.
  let collisionMs = Math.ceil(originMs / stepMs) * stepMs + COLLISION_SLOT * stepMs;
  while (inOutage(dsSeed, collisionMs)) collisionMs += stepMs;
  const rowsAt = (t: number): OdsRow[] => {
    const rows = series.map((s) => row(t, s));
    if (spec.collision && t === collisionMs) {
      const again = row(t + stepMs / 2, series[0]);
      rows.splice(1, 0, { timeMs: t, fields: { ...again.fields, [spec.timeField]: t } });
    }
    return rows;
  };
  return {
    id: spec.id,
    title: spec.title,
    isPrivate: spec.isPrivate,
    metas: spec.metas,
    fields: spec.fields,
    timeField: spec.timeField,
    numericFields: spec.fields.filter((f) => f.type === 'double' || f.type === 'int').map((f) => f.name),
    seriesFields: spec.series ? Object.keys(spec.series[0]) : [],
    *rows(fromMs, toMs, descending) {
      const [from, to] = clamp(fromMs, toMs);
      if (to <= from) return;
      const first = Math.ceil(from / stepMs) * stepMs;
      const last = Math.ceil(to / stepMs) * stepMs - stepMs;
      if (descending) {
        for (let t = last; t >= first; t -= stepMs) if (!inOutage(dsSeed, t)) yield* rowsAt(t).reverse();
      } else {
        for (let t = first; t <= last; t += stepMs) if (!inOutage(dsSeed, t)) yield* rowsAt(t);
      }
    },
    count(fromMs, toMs) {
      const [from, to] = clamp(fromMs, toMs);
      const extra = spec.collision && collisionMs >= from && collisionMs < to ? 1 : 0;
      return countSamples(dsSeed, stepMs, from, to) * series.length + extra;
    },
  };
}

/** A small reference table with no datetime field, one record per name: catalog clutter a sync must skip. */
function referenceDataset(id: string, title: string, metas: CatalogMetas, names: readonly string[]): Dataset {
  const rowAt = (i: number): OdsRow => ({
    timeMs: i,
    fields: {
      name: names[i],
      area_ha: round(5 + 110 * unit(id, i), 1),
      location: { lon: 4.83 + i / 100, lat: 45.75 + i / 200 },
    },
  });
  return {
    id,
    title,
    isPrivate: false,
    metas,
    fields: [
      { name: 'name', label: 'Name', type: 'text' },
      { name: 'area_ha', label: 'Area (ha)', type: 'double' },
      { name: 'location', label: 'Location', type: 'geo_point_2d' },
    ],
    timeField: null,
    numericFields: ['area_ha'],
    seriesFields: [],
    *rows(fromMs, toMs, descending) {
      const indexes = names.map((_, i) => i).filter((i) => i >= fromMs && i < toMs);
      for (const i of descending ? indexes.reverse() : indexes) yield rowAt(i);
    },
    count: (fromMs, toMs) => names.filter((_, i) => i >= fromMs && i < toMs).length,
  };
}

const FILLER_KINDS = [
  { title: 'Public toilets', theme: 'Urban planning', keyword: 'toilets' },
  { title: 'Bicycle stations', theme: 'Transport', keyword: 'bicycle' },
  { title: 'Drinking fountains', theme: 'Health', keyword: 'water' },
  { title: 'Car parks', theme: 'Transport', keyword: 'parking' },
];

/** The `n`-th extra reference table of a large portal (tuning `extraDatasets`): districts of kinds. */
function fillerDataset(n: number): Dataset {
  const kind = FILLER_KINDS[n % FILLER_KINDS.length];
  const district = Math.floor(n / FILLER_KINDS.length) + 1;
  return referenceDataset(
    `${kind.keyword}-district-${district}`,
    `${kind.title} - district ${district}`,
    { publisher: `District ${district} council`, theme: [kind.theme], keyword: [kind.keyword] },
    PARKS.map((_, i) => `${kind.title} ${district}.${i + 1}`),
  );
}

/** All datasets of the portal (plus `extraDatasets` reference tables); history starts `HISTORY_DAYS` before the day of `startMs`. */
export function portalDatasets(
  seed: number,
  scale: Scale,
  startMs: number,
  nowMs: () => number,
  extraDatasets = 0,
): Dataset[] {
  const originMs = Math.floor(startMs / DAY_MS) * DAY_MS - HISTORY_DAYS[scale] * DAY_MS;
  const parks = referenceDataset(
    'city-parks',
    'Parks of Lyon',
    { publisher: 'Métropole de Lyon', theme: ['Urban planning'], keyword: ['parks', 'green spaces'] },
    PARKS,
  );
  return [
    ...SERIES.map((spec) => seriesDataset(spec, seed, originMs, nowMs, scale)),
    parks,
    ...Array.from({ length: extraDatasets }, (_, n) => fillerDataset(n)),
  ];
}
