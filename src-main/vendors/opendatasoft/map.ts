import { z } from 'zod';
import type { ErrorPolicy } from '../../http/policy';
import { rateLimitResetUntil, retryAfterUntil } from '../../http/policy';
import type { DiscoveredSource, DiscoveredStream, GeoPoint, Point, Remote, SeriesMemory } from '../connector';
import type { CatalogFacet, CatalogHit, FacetChoice } from '../../model/catalog';
import { saneUntil, formatIsoMicros, parseIsoMicros, parseJsonAs, wordsOf } from '../common';
import { isGeoPoint, said } from '../../model';
import {
  errorBodySchema,
  MAX_LIMIT,
  MAX_WINDOW,
  type catalogFacetsSchema,
  type WireDataset,
  type WireField,
  type WireRecord,
} from './api';

/** Field types that become number streams. */
const NUMERIC_TYPES = new Set(['int', 'double']);

/** How a field's values become points: numbers, text, or booleans as 1 and 0. */
export type ValueKind = 'number' | 'text' | 'boolean';
const valueKind = (type: string): ValueKind | null =>
  NUMERIC_TYPES.has(type) ? 'number' : type === 'text' ? 'text' : type === 'boolean' ? 'boolean' : null;

export interface TimeField {
  name: string;
  type: 'datetime' | 'date';
}

const annotationMap = (field: WireField): Record<string, unknown> => {
  const a = field.annotations;
  if (!a) return {};
  if (!Array.isArray(a)) return a;
  return Object.fromEntries(a.map((entry) => [entry.name, entry.args && entry.args.length > 0 ? entry.args[0] : true]));
};

/**
 * The field records are ordered and windowed by: a `datetime` field before a `date` one; among
 * those, one with a `timeserie_precision` annotation (the portal's own choice for time-series
 * charts) before the others; then the first in the dataset's order.
 */
export function pickTimeField(fields: readonly WireField[]): TimeField | null {
  const rank = (f: WireField) => (f.type === 'datetime' ? 0 : 2) + ('timeserie_precision' in annotationMap(f) ? 0 : 1);
  const candidates = fields.filter((f) => f.type === 'datetime' || f.type === 'date');
  if (candidates.length === 0) return null;
  const best = candidates.reduce((a, b) => (rank(b) < rank(a) ? b : a));
  return { name: best.name, type: best.type as TimeField['type'] };
}

const LABEL_UNIT = /[([]\s*([^()[\]]{1,20}?)\s*[)\]]\s*$/;

/**
 * A field's unit: the `unit` annotation (set by the portal's "Set unit" processor; a string, or
 * v1's `args[0]`), else a trailing "(…)" or "[…]" in the label ("Température (°C)"), else ''.
 */
export function fieldUnit(field: WireField): string {
  const annotated = annotationMap(field).unit;
  const unit = Array.isArray(annotated) ? annotated[0] : annotated;
  if (typeof unit === 'string' && unit.trim() !== '') return unit.trim();
  const fromLabel = field.label ? LABEL_UNIT.exec(field.label) : null;
  return fromLabel ? fromLabel[1] : '';
}

/** The label, without a trailing "(unit)" that only repeats the unit. */
const fieldName = (field: WireField, unit: string) => {
  const label = field.label?.trim() || field.name;
  const trailing = LABEL_UNIT.exec(label);
  return trailing && unit !== '' && trailing[1] === unit ? label.slice(0, trailing.index).trim() || label : label;
};

export const feedId = (datasetId: string) => `opendatasoft/${datasetId}`;
export const streamKey = (datasetId: string, field: string) => `opendatasoft/${datasetId}/${field}`;

/** A record's series as a key suffix (DESIGN.md): each series field's value, percent-encoded, after a `/`. */
export function seriesSuffix(record: WireRecord, seriesBy: readonly string[]): string {
  return seriesBy.map((f) => `/${encodeURIComponent(String(record[f] ?? ''))}`).join('');
}

/** The text fields a dataset's series may be told apart by, in the dataset's order. */
export const textFields = (dataset: WireDataset): string[] =>
  dataset.fields.filter((f) => f.type === 'text').map((f) => f.name);

/**
 * The smallest set of text fields that makes (time, those fields) unique among `records`; among sets
 * of one size, the first in the dataset's field order. A few more repeats than the fewest (2 % of the sample)
 * are tolerated: a collision or a vendor's repeated record must not turn a constant field into a series.
 */
export function detectSeriesFields(
  records: readonly WireRecord[],
  timeField: string,
  fields: readonly string[],
): string[] {
  const repeats = (set: readonly string[]) => {
    const seen = new Set<string>();
    for (const r of records) seen.add(JSON.stringify([r[timeField], ...set.map((f) => r[f] ?? null)]));
    return records.length - seen.size;
  };
  const subsets = (size: number, start = 0): string[][] =>
    size === 0
      ? [[]]
      : fields.slice(start).flatMap((f, i) => subsets(size - 1, start + i + 1).map((rest) => [f, ...rest]));
  const all = Array.from({ length: fields.length + 1 }, (_, size) => subsets(size)).flat();
  const fewest = Math.min(...all.map(repeats));
  const tolerated = fewest + Math.floor(records.length * 0.02);
  return all.find((set) => repeats(set) <= tolerated) ?? [];
}

/**
 * The series fields a dataset keeps without looking at its records again: the ones the user chose
 * (those still among its text fields), else the ones detected while its fields were as they are now;
 * null when they must be detected.
 */
export function rememberedSeriesFields(
  memory: SeriesMemory | undefined,
  signature: string,
  candidates: readonly string[],
): string[] | null {
  if (memory?.chosen) return memory.chosen.filter((f) => candidates.includes(f));
  if (memory?.detected && memory.detected.signature === signature) return [...memory.detected.fields];
  return null;
}

export interface DatasetDiscovery {
  source: DiscoveredSource;
  streams: DiscoveredStream[];
  /** Absent when the dataset cannot be synced (no time field or no field to make a stream of). */
  feed?: { id: string; remote: Remote };
}

/** The dataset's first geo_point_2d field: where its records are. */
export function geoField(dataset: WireDataset): string | undefined {
  return dataset.fields.find((f) => f.type === 'geo_point_2d')?.name;
}

/** A geo_point_2d value as a place: `{lon, lat}` (Explore v2.1) or `[lat, lon]` (API v1). */
export function geoPointOf(value: unknown): GeoPoint | undefined {
  let p: GeoPoint | undefined;
  if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'number')
    p = { lat: value[0], lon: value[1] };
  else if (value && typeof value === 'object' && 'lat' in value && 'lon' in value) {
    const { lat, lon } = value as { lat: unknown; lon: unknown };
    if (typeof lat === 'number' && typeof lon === 'number') p = { lat, lon };
  }
  return p && isGeoPoint(p) ? p : undefined;
}

/** A dataset that cannot be synced (now): its source, with the reason, and no streams. */
export function unreadableDataset(dataset: WireDataset, reason: string): DatasetDiscovery {
  const recordsCount = dataset.metas?.default?.records_count ?? null;
  return {
    source: {
      ref: dataset.dataset_id,
      name: dataset.metas?.default?.title?.trim() || dataset.dataset_id,
      meta: { syncable: false, reason, ...(recordsCount === null ? {} : { recordsCount }) },
    },
    streams: [],
  };
}

/** A dataset's series: the fields that tell them apart and each series' values of those fields. */
export interface DatasetSeries {
  fields: string[];
  values: WireRecord[];
}

/**
 * One dataset → its source and, when it has a time field, one stream per field (numbers, text,
 * booleans as 1/0) and per series: `opendatasoft/<dataset>/<field>[/<series>...]`.
 */
export function mapDataset(
  dataset: WireDataset,
  series: DatasetSeries = { fields: [], values: [{}] },
): DatasetDiscovery {
  const id = dataset.dataset_id;
  const title = dataset.metas?.default?.title?.trim() || id;
  const recordsCount = dataset.metas?.default?.records_count ?? null;
  const timeField = pickTimeField(dataset.fields);
  const valued = dataset.fields.filter((f) => valueKind(f.type) !== null && !series.fields.includes(f.name));
  if (!timeField)
    return unreadableDataset(
      dataset,
      'The dataset has no date or datetime field, so its records cannot be placed in time.',
    );
  if (valued.length === 0) return unreadableDataset(dataset, 'The dataset has no number, text or boolean field.');
  const feed = {
    id: feedId(id),
    remote: {
      datasetId: id,
      timeField: timeField.name,
      timeType: timeField.type,
      ...(series.fields.length > 0 ? { seriesBy: JSON.stringify(series.fields) } : {}),
    },
  };
  const perSeries = recordsCount === null ? undefined : Math.round(recordsCount / Math.max(1, series.values.length));
  const streams = series.values.flatMap((values) =>
    valued.map((field): DiscoveredStream => {
      const unit = fieldUnit(field);
      const suffix = seriesSuffix(values, series.fields);
      const label = series.fields.map((f) => String(values[f] ?? '')).join(', ');
      const kind = valueKind(field.type) ?? 'number';
      return {
        key: `${streamKey(id, field.name)}${suffix}`,
        sourceRef: id,
        name: label ? `${fieldName(field, unit)} (${label})` : fieldName(field, unit),
        unit,
        kind: kind === 'text' ? 'text' : 'number',
        meta: {
          field: field.name,
          type: field.type,
          ...(label ? { series: label } : {}),
          ...(field.description ? { description: field.description } : {}),
        },
        ...(perSeries === undefined ? {} : { estimatedPoints: perSeries }),
        feed: feed.id,
        remote: { field: field.name, kind, series: suffix },
      };
    }),
  );
  return {
    source: {
      ref: id,
      name: title,
      meta: {
        syncable: true,
        timeField: timeField.name,
        seriesBy: series.fields.join(', '),
        ...(recordsCount === null ? {} : { recordsCount }),
      },
      info: wordsOf({ 'time zone': dataset.metas?.default?.timezone }),
    },
    streams,
    feed,
  };
}

/* ---------- Records paging: ODSQL windows and the cursor ---------- */

/**
 * Where a feed has got to: the time of the last record taken and how many records at that exact
 * time were taken (several records may share a timestamp; the next window starts at `t` inclusive
 * and skips those `n`), and the series of those records (`series`, their key suffixes), so that a
 * record of one of them at `t` on the next page is known as a collision. `bulk`: a first sync still
 * paging through the export endpoint.
 */
export const cursorSchema = z.object({
  t: z.number().int(),
  n: z.number().int().nonnegative(),
  series: z.array(z.string()).optional(),
  bulk: z.boolean().optional(),
});
export type OdsCursor = z.infer<typeof cursorSchema>;

/** ODSQL identifiers: bare when plain, else back-quoted. */
export function odsqlField(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '\\`')}\``;
}

/** ODSQL date literal; fractional seconds only when the time has them. */
export function odsqlDate(us: number): string {
  const text = us % 1_000_000 === 0 ? `${formatIsoMicros(us).slice(0, 19)}Z` : formatIsoMicros(us);
  return `date'${text}'`;
}

export interface Window {
  /** Lower bound (µs); null = from the beginning. */
  from: number | null;
  /** True: `>= from`; false: `> from` (every record at `from` already taken). */
  fromInclusive: boolean;
  /** Upper bound, exclusive (µs). */
  to: number;
}

export function odsqlWhere(timeField: string, w: Window): string {
  const f = odsqlField(timeField);
  const upper = `${f} < ${odsqlDate(w.to)}`;
  if (w.from === null) return upper;
  return `${f} ${w.fromInclusive ? '>=' : '>'} ${odsqlDate(w.from)} AND ${upper}`;
}

/**
 * The next `/records` request after `cursor`: the window starts at the cursor's time and skips the
 * records already taken there with `offset`. When that offset would break the `offset + limit ≤
 * 10000` rule, the window starts just after that time instead (the store keeps one value per
 * stream and time anyway, so the skipped records could only repeat points already held).
 */
export function recordsQuery(
  cursor: OdsCursor | null,
  from: number | undefined,
  to: number,
): { window: Window; offset: number } {
  if (!cursor) return { window: { from: from ?? null, fromInclusive: true, to }, offset: 0 };
  if (cursor.n + MAX_LIMIT > MAX_WINDOW) return { window: { from: cursor.t, fromInclusive: false, to }, offset: 0 };
  return { window: { from: cursor.t, fromInclusive: true, to }, offset: cursor.n };
}

/** A record read into a batch: its time (µs) and its series (the key suffix, '' without series). */
export interface TakenRecord {
  ts: number;
  series: string;
}

/** The cursor after taking `taken` (ascending by time). */
export function advanceCursor(
  cursor: OdsCursor | null,
  taken: readonly TakenRecord[],
  bulk: boolean,
): OdsCursor | null {
  if (taken.length === 0) {
    if (!cursor) return null;
    const kept = { t: cursor.t, n: cursor.n, ...(cursor.series ? { series: cursor.series } : {}) };
    return bulk ? { ...kept, bulk } : kept;
  }
  const t = taken[taken.length - 1].ts;
  let n = 0;
  const series = new Set<string>(cursor && cursor.t === t ? (cursor.series ?? []) : []);
  for (let i = taken.length - 1; i >= 0 && taken[i].ts === t; i--) {
    n++;
    series.add(taken[i].series);
  }
  if (cursor && cursor.t === t) n += cursor.n;
  const next = { t, n, series: [...series].sort() };
  return bulk ? { ...next, bulk } : next;
}

/** Record time → µs: a datetime with its offset, or a date at midnight UTC. */
export function recordTime(value: unknown): number | null {
  return typeof value === 'string' ? parseIsoMicros(value) : null;
}

/** A field's value as its stream keeps it: a number, text, or a boolean as 1/0; null when missing or unreadable. */
export function fieldValue(value: unknown, kind: ValueKind): number | string | null {
  if (kind === 'number') return numericValue(value);
  if (kind === 'boolean') return typeof value === 'boolean' ? (value ? 1 : 0) : null;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** A numeric field's value, or null when it is missing or not a number. */
export function numericValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export interface RecordBatch {
  points: Record<string, Point[]>;
  /** The records read, ascending, for the cursor. */
  taken: TakenRecord[];
  rejected: number;
  /** By stream key: records at a time the stream already had a value for (the first was kept). */
  collisions: Record<string, number>;
}

export interface BatchStream {
  key: string;
  field: string;
  kind?: ValueKind;
  /** The series suffix of the key ('' without series). */
  series?: string;
}

/**
 * Collects records into per-stream points: a record goes to its series' streams (records of series
 * not asked for are skipped). Each missing or unreadable value counts as rejected, and so does every
 * value of a record outside the window asked for (it must not move the cursor); a second record of a
 * series at one time is counted as a collision, never dropped silently, also when the first one came
 * on the previous page (`cursor.series`).
 */
export function createRecordBatch(
  streams: readonly BatchStream[],
  window: Window,
  seriesBy: readonly string[] = [],
  cursor: OdsCursor | null = null,
) {
  const batch: RecordBatch = {
    points: Object.fromEntries(streams.map((s) => [s.key, []])),
    taken: [],
    rejected: 0,
    collisions: {},
  };
  const bySeries = new Map<string, BatchStream[]>();
  for (const s of streams) {
    const group = bySeries.get(s.series ?? '');
    if (group) group.push(s);
    else bySeries.set(s.series ?? '', [s]);
  }
  const fieldsPerRecord = new Set(streams.map((s) => s.field)).size;
  const lowest = window.from === null ? -Infinity : window.fromInclusive ? window.from : window.from + 1;
  return {
    batch,
    add(record: WireRecord, timeField: string) {
      const ts = recordTime(record[timeField]);
      if (ts === null || ts < lowest || ts >= window.to) {
        batch.rejected += fieldsPerRecord;
        return;
      }
      const series = seriesSuffix(record, seriesBy);
      batch.taken.push({ ts, series });
      const takenBefore = cursor !== null && cursor.t === ts && (cursor.series?.includes(series) ?? false);
      for (const s of bySeries.get(series) ?? []) {
        const points = batch.points[s.key];
        if (takenBefore || (points.length > 0 && points[points.length - 1].ts === ts)) {
          batch.collisions[s.key] = (batch.collisions[s.key] ?? 0) + 1;
          continue;
        }
        const value = fieldValue(record[s.field], s.kind ?? 'number');
        if (value === null) batch.rejected++;
        else points.push({ ts, value });
      }
    },
  };
}

/* ---------- Errors ---------- */

/** Vendor words from either error shape, e.g. "ODSQLError: Unknown field: x". */
export function describeOdsError(bodyText: string): string | null {
  const body = parseJsonAs(errorBodySchema, bodyText);
  if (!body) return null;
  const code = body.error_code ?? body.errorcode;
  const text = body.message ?? body.error;
  if (code === null && !text) return null;
  return [code, text].filter((x) => x !== null && x !== undefined && x !== '').join(': ');
}

/** `reset_time` as ISO text, epoch seconds or epoch ms → epoch ms. */
export function resetTimeMs(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' || /^\d+$/.test(value)) {
    const n = Number(value);
    return n > 1e12 ? n : n * 1000;
  }
  const us = parseIsoMicros(value);
  return us === null ? undefined : Math.floor(us / 1000);
}

function quotaResetMs(bodyText: string): number | undefined {
  const body = parseJsonAs(errorBodySchema, bodyText);
  return body ? resetTimeMs(body.reset_time) : undefined;
}

/** Quotas reset daily (midnight UTC): no honest wait is longer than a day and a bit. */
const LONGEST_QUOTA_WAIT_MS = 25 * 3600_000;

/** OpenDataSoft's overrides of the default status table: the vendor's own words in every reason. */
export const opendatasoftPolicy: ErrorPolicy = ({ status, headers, bodyText, now }) => {
  if (status < 400) return undefined;
  const words = describeOdsError(bodyText);
  const detail = words ? ` (${status} ${words})` : ` (${status})`;
  if (status === 429)
    return {
      action: 'throttle',
      until: saneUntil(
        quotaResetMs(bodyText) ?? retryAfterUntil(headers['retry-after'], now) ?? rateLimitResetUntil(headers),
        now,
        60_000,
        LONGEST_QUOTA_WAIT_MS,
      ),
      reason: said('vendors.opendatasoft.quota', { detail }),
    };
  if (status === 401) return { action: 'fail-account', reason: said('vendors.opendatasoft.keyRefused', { detail }) };
  if (status === 403) return { action: 'fail-stream', reason: said('vendors.opendatasoft.forbidden', { detail }) };
  if (status === 404) return { action: 'fail-stream', reason: said('vendors.opendatasoft.noDataset', { detail }) };
  if (status >= 400 && status < 500)
    return { action: 'fail-stream', reason: said('vendors.opendatasoft.rejected', { detail }) };
  return undefined;
};

/* ---------- Catalog search ---------- */

/** The facets the search panel offers, in this order, where the portal has them. */
export const SEARCH_FACETS = ['theme', 'publisher', 'keyword'] as const;

/** ODSQL full-text search: a string literal alone (quotes and backslashes escaped). */
export function fullTextWhere(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : `"${trimmed.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `refine=facet:"value"`, one parameter per choice. */
export const refineParams = (refine: readonly FacetChoice[]): string[] =>
  refine.map((r) => `${r.facet}:"${r.value.replace(/"/g, '\\"')}"`);

export function catalogHit(dataset: WireDataset): CatalogHit {
  const metas = dataset.metas?.default;
  const theme = metas?.theme;
  return {
    ref: dataset.dataset_id,
    title: metas?.title?.trim() || dataset.dataset_id,
    publisher: metas?.publisher?.trim() || null,
    themes: theme === null || theme === undefined ? [] : Array.isArray(theme) ? theme : [theme],
    recordsCount: metas?.records_count ?? null,
    timeSeries: pickTimeField(dataset.fields) !== null,
  };
}

/** The portal's facets the panel offers, with the portal's counts; a facet the portal lacks is left out. */
export function searchFacets(wire: z.infer<typeof catalogFacetsSchema>): CatalogFacet[] {
  return SEARCH_FACETS.flatMap((name) => {
    const facet = wire.facets.find((f) => f.name === name);
    if (!facet || facet.facets.length === 0) return [];
    return [
      {
        name,
        values: facet.facets
          .filter((v) => v.state !== 'excluded')
          .map((v) => ({ value: v.value ?? v.name, count: v.count, refined: v.state === 'refined' })),
      },
    ];
  });
}
