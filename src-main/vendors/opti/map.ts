import { VendorError } from '../../http/errors';
import { parseIsoMicros } from '../common';
import type { DiscoveredSource, DiscoveredStream, GeoPoint, MetaVersion, Point, StreamKind } from '../connector';
import { isGeoPoint, said } from '../../model';
import { numericValue, textValue } from '../values';
import type { WireDatastreamEntry, WireDataPoint } from './api';

/** Pure mapping from Opti wire shapes to the common model (vendor-notes §1). */

/** A DataPoint id is this minus the .NET ticks (100 ns since 0001-01-01) of its time: newer → smaller. */
export const ID_TICKS_BASE = 3_155_378_975_999_999_999n;
/** .NET ticks at 1970-01-01T00:00:00Z. */
export const TICKS_AT_UNIX_EPOCH = 621_355_968_000_000_000n;
/** The Public API serves only the last 3 days of DataPoints. */
export const RETENTION_DAYS = 3;
export const RETENTION_US = RETENTION_DAYS * 86_400 * 1_000_000;

export function ticksFromId(id: string): bigint {
  return ID_TICKS_BASE - BigInt(id);
}

/** A DataPoint's time from its id, µs since the epoch (100 ns ticks truncated to µs). */
export function microsFromId(id: string): number {
  return Number((ticksFromId(id) - TICKS_AT_UNIX_EPOCH) / 10n);
}

/** `historicalId` that asks for DataPoints strictly newer than `id` (ids shrink as time grows). */
export function historicalIdNewerThan(id: string): string {
  return (BigInt(id) - 1n).toString();
}

/** The id of the newer of two DataPoints (the smaller id); null counts as "none". */
export function newerId(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return BigInt(a) <= BigInt(b) ? a : b;
}

/**
 * `"<Site> - <Product>: <Metric>"` → site and the rest as the stream's name. The site is what comes
 * before the last " - " ahead of the first ": ", since site names hold dashes more often than product
 * names do. Without " - " the whole title is the name and the part before ": " (or the title) the site.
 */
export function parseTitle(title: string): { site: string; name: string } {
  const trimmed = title.trim();
  const colon = trimmed.indexOf(': ');
  const head = colon >= 0 ? trimmed.slice(0, colon) : trimmed;
  const dash = head.lastIndexOf(' - ');
  if (dash > 0) return { site: trimmed.slice(0, dash).trim(), name: trimmed.slice(dash + 3).trim() };
  return { site: head.trim(), name: trimmed };
}

/** One DataStream: its Resources (metadata versions), oldest first. */
export interface DatastreamGroup {
  id: string;
  versions: { validFrom: number; entry: WireDatastreamEntry }[];
}

/** Datastream entries (one per Resource) → one group per DataStream id, versions by validFrom. */
export function groupDatastreams(entries: readonly WireDatastreamEntry[]): DatastreamGroup[] {
  const groups = new Map<string, DatastreamGroup>();
  for (const entry of entries) {
    let group = groups.get(entry.id);
    if (!group) groups.set(entry.id, (group = { id: entry.id, versions: [] }));
    if (group.versions.some((v) => v.entry.resourceId != null && v.entry.resourceId === entry.resourceId)) continue;
    group.versions.push({ validFrom: validFromMicros(entry), entry });
  }
  for (const group of groups.values()) group.versions.sort((a, b) => a.validFrom - b.validFrom);
  return [...groups.values()];
}

/** `validFrom` → µs; no offset means UTC; absent means "since the start" (0). Unreadable fails loudly. */
function validFromMicros(entry: WireDatastreamEntry): number {
  if (entry.validFrom == null || entry.validFrom === '') return 0;
  const us = parseIsoMicros(entry.validFrom);
  if (us === null) throw new VendorError(said('vendors.opti.validFromNotDate', { id: entry.id }), 'fail-stream');
  return us;
}

const unitOf = (entry: WireDatastreamEntry) => entry.unitAbbreviation || entry.unitName || '';

export const streamKey = (datastreamId: string) => `opti/${datastreamId}`;

/** A DataStream as a stream of the common model; `kind` comes from a sample of its values. */
export function discoveredStream(group: DatastreamGroup, kind: StreamKind): DiscoveredStream {
  const current = group.versions[group.versions.length - 1].entry;
  const { site, name } = parseTitle(current.title);
  const metaHistory: MetaVersion[] = group.versions.map(({ validFrom, entry }) => ({
    validFrom,
    name: parseTitle(entry.title).name,
    unit: unitOf(entry),
    meta: { title: entry.title, resourceId: entry.resourceId ?? null, unitName: entry.unitName ?? null },
  }));
  const key = streamKey(group.id);
  return {
    key,
    sourceRef: site,
    name,
    unit: unitOf(current),
    kind,
    meta: {
      title: current.title,
      resourceIds: group.versions.map((v) => v.entry.resourceId ?? null),
      coordinates: current.location?.coordinates ?? null,
    },
    metaHistory,
    feed: key,
    remote: { dataStreamId: group.id, kind },
  };
}

/** A GeoJSON point's `[lon, lat]` as a place, when it is one. */
export function pointOf(coordinates: unknown): GeoPoint | undefined {
  if (!Array.isArray(coordinates) || coordinates.length < 2) return undefined;
  const [lon, lat] = coordinates as unknown[];
  if (typeof lat !== 'number' || typeof lon !== 'number') return undefined;
  const p = { lat, lon };
  return isGeoPoint(p) ? p : undefined;
}

/** The sites the streams come from, one source each, placed where the first of its streams with a location is. */
export function sitesOf(streams: readonly DiscoveredStream[]): DiscoveredSource[] {
  return [...new Set(streams.map((s) => s.sourceRef))].map((site) => {
    const location = streams
      .filter((s) => s.sourceRef === site)
      .map((s) => pointOf(s.meta?.coordinates))
      .find((p) => p !== undefined);
    return { ref: site, name: site, ...(location ? { location } : {}) };
  });
}

/** Words ("ONLINE") make a text stream; numbers and numeric text a number stream; no sample: number. */
export function kindOfSample(point: WireDataPoint | undefined): StreamKind {
  const value = point?.value[0]?.value;
  if (value === undefined || value === null) return 'number';
  return numericValue(value) === null ? 'text' : 'number';
}

export interface MappedPoints {
  /** Oldest first. */
  points: Point[];
  rejected: number;
  /** The newest DataPoint read before `to` (kept or rejected): what the cursor may move to. */
  newestId: string | null;
  /** True when the page reached back past `from` or the newest point held: older pages hold nothing wanted. */
  pastFrom: boolean;
}

export interface PointRange {
  /** µs, inclusive. */
  from: number;
  /** µs, exclusive. */
  to: number;
  /** The newest DataPoint id already held: it and older ones are skipped. */
  heldId: string | null;
}

/**
 * DataPoints (newest first) → the points of one stream in the range. Each DataPoint holds the
 * stream's DataValue; its resourceId only says which metadata version applies, so every version
 * lands in the same stream.
 */
export function pointsFromDataPoints(
  items: readonly WireDataPoint[],
  kind: StreamKind,
  range: PointRange,
): MappedPoints {
  const out: MappedPoints = { points: [], rejected: 0, newestId: null, pastFrom: false };
  const held = range.heldId === null ? null : BigInt(range.heldId);
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    const ts = parseIsoMicros(item.timeValue);
    if (ts !== null && ts >= range.to) continue;
    if ((ts !== null && ts < range.from) || (held !== null && BigInt(item.id) >= held)) {
      out.pastFrom = true;
      continue;
    }
    out.newestId = newerId(out.newestId, item.id);
    if (item.value.length === 0) continue;
    const value = kind === 'number' ? numericValue(item.value[0].value) : textValue(item.value[0].value);
    if (ts === null || value === null) out.rejected++;
    else out.points.push({ ts, value });
  }
  return out;
}

/**
 * The query of the next page, from `NextPageLink`, without the key: the link carries the key, and what
 * the cursor holds is stored in SQLite, so the URL is rebuilt from this and the key at request time.
 * Filters of the current query the link does not repeat are carried over (never its skiptoken).
 */
export function nextPageQuery(link: string, current: Readonly<Record<string, string>>): Record<string, string> {
  const linked = new URL(link, 'http://link.invalid').searchParams;
  const linkedNames = new Set([...linked.keys()].map((name) => name.toLowerCase()));
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(current))
    if (!linkedNames.has(name.toLowerCase()) && name.toLowerCase() !== 'skiptoken') query[name] = value;
  for (const [name, value] of linked) if (name.toLowerCase() !== 'key') query[name] = value;
  return query;
}
