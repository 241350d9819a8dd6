import { XMLParser } from 'fast-xml-parser';
import { VendorError } from '../../http/errors';
import { said } from '../../model';
import { parseIsoMicros, wordsOf } from '../common';
import type { DeviceEvent, DiscoveredSource, DiscoveredStream, Point, RemoteFile, StreamKind } from '../connector';
import { numericValue, textValue } from '../values';
import type { WireAuthorizationEntry, WireCommunicationEvent, WireDevice, WireTimeseries } from './api';

/** Pure mapping from optiCLOUD wire shapes to the common model (vendor-notes §2). */

// ---------------------------------------------------------------------------------------------- login

export interface ChosenTenant {
  authorityId: string;
  tenantId: string;
}

/**
 * The authorization entry for the tenant the account names. With no tenant named, the user's only
 * tenant; otherwise a message listing the tenants there are (entries without a tenant do not count).
 */
export function chooseTenant(entries: readonly WireAuthorizationEntry[], wanted: string): ChosenTenant {
  const tenants = entries.flatMap((e) => (e.tenant ? [{ tenant: e.tenant, authorityId: e.authorityId.id }] : []));
  const name = wanted.trim();
  const chosen = name ? tenants.find((t) => t.tenant.name === name) : tenants.length === 1 ? tenants[0] : undefined;
  if (chosen) return { authorityId: chosen.authorityId, tenantId: chosen.tenant.id.id };
  const available =
    tenants.length > 0 ? tenants.map((t) => `"${t.tenant.name}"`).join(', ') : said('vendors.opticloud.noTenants');
  throw new VendorError(
    name
      ? said('vendors.opticloud.noSuchTenant', { name, available })
      : said(tenants.length === 0 ? 'vendors.opticloud.noTenant' : 'vendors.opticloud.severalTenants', { available }),
    'fail-account',
  );
}

// ------------------------------------------------------------------------------------------ discovery

export const feedOf = (deviceId: string) => `opticloud/${deviceId}`;
export const streamKey = (deviceId: string, telemetryKey: string) => `opticloud/${deviceId}/${telemetryKey}`;

export function deviceSource(device: WireDevice): DiscoveredSource {
  return {
    ref: device.id.id,
    name: device.label || device.name,
    meta: {
      name: device.name,
      type: device.type ?? null,
      label: device.label ?? null,
      createdTime: device.createdTime ?? null,
    },
    info: wordsOf({
      name: device.name,
      type: device.type,
      label: device.label,
      created: device.createdTime == null ? null : new Date(device.createdTime).toISOString(),
    }),
  };
}

/** A log entry as a device event; one without a time is the vendor's bug, named. */
export function mapCommunicationEvent(e: WireCommunicationEvent): DeviceEvent {
  const ms = e.ts ?? e.createdTime;
  if (ms == null) throw new VendorError(said('vendors.opticloud.eventWithoutTime', { type: e.type }), 'fail-stream');
  const text = e.message ?? e.details ?? '';
  const direction = e.direction === 'UP' ? 'from the device' : e.direction === 'DOWN' ? 'to the device' : null;
  return { ts: ms * 1000, type: e.type, details: direction ? `${text} (${direction})` : text };
}

/** Numbers, numeric text and booleans make a number stream; other text and JSON a text stream; no value yet: number. */
export function kindOfLatest(value: unknown): StreamKind {
  if (value === undefined || value === null) return 'number';
  return numericValue(value) === null ? 'text' : 'number';
}

/** One stream per telemetry key; ThingsBoard keeps no units, so unit is empty. */
export function deviceStreams(deviceId: string, keys: readonly string[], latest: WireTimeseries): DiscoveredStream[] {
  return keys.map((telemetryKey) => {
    const kind = kindOfLatest(latest[telemetryKey]?.[0]?.value);
    return {
      key: streamKey(deviceId, telemetryKey),
      sourceRef: deviceId,
      name: telemetryKey,
      unit: '',
      kind,
      feed: feedOf(deviceId),
      remote: { telemetryKey, kind },
    };
  });
}

// --------------------------------------------------------------------------------- telemetry paging

/**
 * Cursor of a device feed: per telemetry key, the time (ms) up to which, inclusive, every point is held.
 * ThingsBoard keeps one value per (device, key, ts), and reads `startTs ≤ ts < endTs` (TsKvRepository),
 * so `after + 1` starts exactly past what is held: no tie at one millisecond is lost or repeated.
 */
export type TelemetryAfter = Record<string, number>;

export type TelemetryPlan =
  /** Keys never read: ask for the first point of each (limit 1) to skip empty years. */
  | { type: 'probe'; keys: string[]; startTs: number; endTs: number; limit: number }
  | { type: 'window'; keys: string[]; startTs: number; endTs: number; limit: number }
  | { type: 'done' };

export interface PlanInput {
  after: TelemetryAfter;
  keys: readonly string[];
  /** ms, inclusive: the earliest time wanted, for keys never read. */
  lowerMs: number;
  /** ms, exclusive: where this sync stops. */
  endMs: number;
  windowMs: number;
  limit: number;
}

/** The next request: probe new keys first, then the keys furthest behind, one time window at a time. */
export function planTelemetryRequest(input: PlanInput): TelemetryPlan {
  const { after, keys, lowerMs, endMs, windowMs, limit } = input;
  const unread = keys.filter((k) => after[k] === undefined);
  if (unread.length > 0 && lowerMs < endMs)
    return { type: 'probe', keys: unread, startTs: lowerMs, endTs: endMs, limit: 1 };
  const read = keys.filter((k) => after[k] !== undefined);
  const behind = Math.min(...read.map((k) => after[k]));
  if (read.length === 0 || behind >= endMs - 1) return { type: 'done' };
  const startTs = behind + 1;
  return {
    type: 'window',
    keys: read.filter((k) => after[k] === behind),
    startTs,
    endTs: Math.min(startTs + windowMs, endMs),
    limit,
  };
}

/**
 * Moves each requested key past what the answer proves held. A key that got fewer than `limit` points
 * is complete to the window's end; one that hit the limit, to its last point. Should the server count
 * the limit over all keys together, a key could come back short without being complete, so when the
 * answer as a whole reached the limit, keys move only to their last point (and empty ones not at all).
 */
export function advanceTelemetry(
  after: TelemetryAfter,
  plan: Exclude<TelemetryPlan, { type: 'done' }>,
  answer: WireTimeseries,
): TelemetryAfter {
  const inWindow = (key: string) => (answer[key] ?? []).filter((p) => p.ts >= plan.startTs && p.ts < plan.endTs);
  const total = plan.keys.reduce((n, k) => n + inWindow(k).length, 0);
  const next = { ...after };
  for (const key of plan.keys) {
    const got = inWindow(key);
    const last = Math.max(...got.map((p) => p.ts));
    if (got.length >= plan.limit || (total >= plan.limit && got.length > 0)) next[key] = last;
    else if (total < plan.limit) next[key] = plan.endTs - 1;
  }
  return next;
}

/** Every requested key has reached `endMs`. */
export function telemetryDone(after: TelemetryAfter, keys: readonly string[], endMs: number): boolean {
  return keys.every((k) => after[k] !== undefined && after[k] >= endMs - 1);
}

export interface FeedStream {
  key: string;
  telemetryKey: string;
  kind: StreamKind;
}

/** The answer's points within the plan's span, by stream key; values of the wrong sort are counted, not kept. */
export function pointsFromTimeseries(
  answer: WireTimeseries,
  streams: readonly FeedStream[],
  span: { startTs: number; endTs: number },
): { points: Record<string, Point[]>; rejected: number } {
  const points: Record<string, Point[]> = {};
  let rejected = 0;
  for (const stream of streams) {
    const got = answer[stream.telemetryKey];
    if (!got) continue;
    const out: Point[] = [];
    for (const { ts, value } of got) {
      if (ts < span.startTs || ts >= span.endTs) continue;
      const read = stream.kind === 'number' ? numericValue(value) : textValue(value);
      if (!Number.isSafeInteger(ts) || read === null) rejected++;
      else out.push({ ts: ts * 1000, value: read });
    }
    if (out.length > 0) points[stream.key] = out;
  }
  return { points, rejected };
}

// ------------------------------------------------------------------------------------------- files

/** Field spellings seen (or expected) for file items; XML matches them in any letter case. */
const FILE_FIELDS = {
  name: ['name', 'fileName', 'filename', 'path'],
  size: ['size', 'fileSize'],
  start: ['startTime', 'time', 'createdTime'],
  end: ['endTime'],
  status: ['status'],
} as const;

type FieldLookup = (spellings: readonly string[]) => unknown;

/**
 * One file entry, read through `lookup`; `numericTimeUnitMs` is what a bare number of the time fields
 * counts (1 for the JSON list's ms, 1000 for the XML list's seconds). Anything unreadable fails loudly.
 */
function readFileEntry(lookup: FieldLookup, sourceRef: string, numericTimeUnitMs: number, where: string): RemoteFile {
  const name = lookup(FILE_FIELDS.name);
  if (typeof name !== 'string' || name.trim() === '')
    throw fileError(where, `no file name (looked for ${FILE_FIELDS.name.join(', ')})`);
  return {
    name,
    sourceRef,
    size: readWhole(lookup(FILE_FIELDS.size), where, 'size'),
    status: readStatus(lookup(FILE_FIELDS.status), where),
    startTs: readTime(lookup(FILE_FIELDS.start), numericTimeUnitMs, where, 'startTime'),
    endTs: readTime(lookup(FILE_FIELDS.end), numericTimeUnitMs, where, 'endTime'),
  };
}

const fileError = (where: string, what: string) =>
  new VendorError(said('vendors.opticloud.fileListField', { where, what }), 'fail-stream');

function readWhole(value: unknown, where: string, field: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = numericValue(value);
  if (n === null || !Number.isSafeInteger(n) || n < 0 || typeof value === 'boolean')
    throw fileError(where, `a ${field} that is not a whole number`);
  return n;
}

function readStatus(value: unknown, where: string): number | null {
  const status = readWhole(value, where, 'status');
  if (status !== null && status > 3) throw fileError(where, `status ${status} (known: 0–3)`);
  return status;
}

/** A number (in `unitMs`) or ISO text → µs. */
function readTime(value: unknown, unitMs: number, where: string, field: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = numericValue(value);
  if (n !== null && typeof value !== 'boolean') return Math.round(n * unitMs * 1000);
  const iso = typeof value === 'string' ? parseIsoMicros(value) : null;
  if (iso === null) throw fileError(where, `a ${field} that is neither a number nor an ISO time`);
  return iso;
}

/** `data-files/original` items (times in ms). */
export function filesFromDataFiles(items: readonly Record<string, unknown>[], sourceRef: string): RemoteFile[] {
  return items.map((item, i) =>
    readFileEntry(
      (spellings) => spellings.map((s) => item[s]).find((v) => v !== undefined && v !== null),
      sourceRef,
      1,
      `data-files item ${i}`,
    ),
  );
}

const xmlParser = new XMLParser({
  // Entities are never expanded (billion laughs, external entities); the five XML ones are decoded below.
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (tagName) => tagName.toLowerCase() === 'geologfile',
});

const XML_ENTITY = /&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi;
const NAMED_ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The predefined XML entities and character references, in one pass: nothing can expand further. */
export function decodeXmlText(text: string): string {
  return text.replace(XML_ENTITY, (whole, ref: string) => {
    const lower = ref.toLowerCase();
    if (lower in NAMED_ENTITY) return NAMED_ENTITY[lower];
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** An element's or attribute's text: a plain string, or an element with attributes' `#text`. */
function xmlText(value: unknown): unknown {
  if (typeof value === 'string') return decodeXmlText(value);
  if (typeof value === 'object' && value !== null && '#text' in value)
    return xmlText((value as Record<string, unknown>)['#text']);
  return value;
}

/** Children and attributes by lower-cased name; `GeoLogFile` and `geologfile` siblings are one list. */
function childrenIgnoringCase(node: unknown): Map<string, unknown> {
  const byName = new Map<string, unknown>();
  if (typeof node !== 'object' || node === null) return byName;
  for (const [k, v] of Object.entries(node)) {
    const name = k.toLowerCase();
    const seen = byName.get(name);
    byName.set(name, Array.isArray(seen) && Array.isArray(v) ? [...seen, ...v] : v);
  }
  return byName;
}

/**
 * `/API/filelist/list/…` XML → files. `GeoLogFile` fields may be elements or attributes in any letter
 * case; times are seconds. A DOCTYPE (the way to entity bombs and external entities) is refused outright.
 */
export function filesFromFileListXml(xml: string, sourceRef: string): RemoteFile[] {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new VendorError(said('vendors.opticloud.fileListEntities'), 'fail-stream');
  let doc: unknown;
  try {
    doc = xmlParser.parse(xml);
  } catch {
    throw new VendorError(said('vendors.opticloud.fileListNotXml'), 'fail-stream');
  }
  const root = childrenIgnoringCase(doc);
  if (!root.has('filelist')) throw new VendorError(said('vendors.opticloud.fileListNoRoot'), 'fail-stream');
  const entries = childrenIgnoringCase(root.get('filelist')).get('geologfile') ?? [];
  return (entries as unknown[]).map((entry, i) => {
    const fields = childrenIgnoringCase(entry);
    const lookup: FieldLookup = (spellings) =>
      spellings.map((s) => xmlText(fields.get(s.toLowerCase()))).find((v) => v !== undefined && v !== null);
    return readFileEntry(lookup, sourceRef, 1000, `GeoLogFile ${i}`);
  });
}

/**
 * The server's files and the device's list, one entry per name. The list's status (0–3) is the only
 * one that knows about the device, so it wins; sizes and times prefer the server's, which has the file.
 */
export function mergeFileLists(onServer: readonly RemoteFile[], listed: readonly RemoteFile[]): RemoteFile[] {
  const byName = new Map<string, RemoteFile>();
  for (const file of onServer) byName.set(file.name, file);
  for (const file of listed) {
    const known = byName.get(file.name);
    byName.set(
      file.name,
      known
        ? {
            ...known,
            status: file.status ?? known.status,
            size: known.size ?? file.size,
            startTs: known.startTs ?? file.startTs,
            endTs: known.endTs ?? file.endTs,
          }
        : file,
    );
  }
  return [...byName.values()];
}
