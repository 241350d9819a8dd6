/**
 * The domain's words, shared by every layer (DESIGN.md convention 15): vendor ids, stream kinds,
 * points, metadata versions, file states, run states, keys. A leaf: it imports nothing of ours.
 */

/** The registry of vendors: one line per connector (its folder in `vendors/`). */
export const vendorIds = ['opti', 'opticloud', 'opendatasoft', 'realtime', 'opensense'] as const;
export type VendorId = (typeof vendorIds)[number];

/** What a stream's values are: numbers, enumerated codes with labels, or text. */
export const streamKinds = ['number', 'enum', 'text'] as const;
export type StreamKind = (typeof streamKinds)[number];

/** One observation: ts in microseconds since the epoch (UTC); value a number, or text for text streams. */
export interface Point {
  ts: number;
  value: number | string | null;
}

/** A stream's name, unit and metadata from `validFrom` (µs) on: renamed streams keep their history. */
export interface MetaVersion {
  validFrom: number;
  name: string;
  unit: string;
  meta: Record<string, unknown>;
}

/** One vendor login. Its secret lives in the keychain, never here. */
export interface Account {
  id: string;
  vendor: VendorId;
  name: string;
  baseUrl: string;
  options: Record<string, unknown>;
  createdAt: number;
  /** When the account was removed with its data kept (read-only: browsable, exportable, never synced). */
  removedAt?: number | null;
}

/** What happens to streams discovery finds later: selected (`include`) or not (`exclude`). */
export const newStreamRules = ['include', 'exclude'] as const;
export type NewStreamRule = (typeof newStreamRules)[number];

/** An account's credentials: field name → value, in the shape its vendor declares. */
export type Secret = Record<string, string>;

/** Every string value of a secret: what redaction must mask. */
export function secretValues(secret: Secret | null): string[] {
  return secret ? Object.values(secret).filter((v) => v.length > 0) : [];
}

/** Where a logger file is, from "only listed remotely" to "on this computer". */
export const fileStates = ['remote', 'requested', 'queued', 'downloading', 'downloaded', 'failed'] as const;
export type FileState = (typeof fileStates)[number];

/** How a sync run of an account stands or ended. */
export type RunState = 'running' | 'ok' | 'partial' | 'failed' | 'cancelled';

/** How points are summed up per interval when resampling. */
/** The export formats (DESIGN.md "CLI contract"). */
export const exportFormats = ['csv', 'json', 'parquet', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const aggregates = ['mean', 'min', 'max', 'first', 'last', 'sum', 'count'] as const;
export type Aggregate = (typeof aggregates)[number];

/** A stream key without its `vendor/` prefix (the `stream` column of long exports); other keys as they are. */
export function keyInVendor(key: string, vendor: string): string {
  const prefix = `${vendor}/`;
  return key.startsWith(prefix) ? key.slice(prefix.length) : key;
}

export { UserError, said, saidOf, say, sayKept, type Message, type MessageKey, type MessageValues } from './messages';

/** A place on Earth, WGS 84 degrees. */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/** Whether a point is a real place: finite degrees in range, and not the (0, 0) placeholder vendors send. */
export function isGeoPoint(p: { lat: number; lon: number }): boolean {
  return (
    Number.isFinite(p.lat) &&
    Number.isFinite(p.lon) &&
    Math.abs(p.lat) <= 90 &&
    Math.abs(p.lon) <= 180 &&
    !(p.lat === 0 && p.lon === 0)
  );
}

/** One entry of a device's communication log (optiCLOUD PING, ATTN, file responses); ts in µs. */
export interface DeviceEvent {
  ts: number;
  type: string;
  details: string;
}

/** An acceptable band of values; either end may be open (null). */
export interface ValueRange {
  min: number | null;
  max: number | null;
}

/** How a source stands against its own reporting interval. */
export const staleStates = ['ok', 'late', 'silent', 'unknown'] as const;
export type StaleState = (typeof staleStates)[number];

/** Late after this many expected intervals without contact; silent after SILENT_AFTER. */
export const LATE_AFTER = 2;
export const SILENT_AFTER = 10;
/** A source with no interval learned yet is late after a day and silent after a week. */
const DAY_US = 86_400e6;

/**
 * ok / late / silent from the last contact and the interval the source usually reports at (µs).
 * A source that never made contact is unknown.
 */
export function staleState(lastContact: number | null, intervalUs: number | null, nowUs: number): StaleState {
  if (lastContact === null) return 'unknown';
  const age = nowUs - lastContact;
  const late = intervalUs ? Math.max(intervalUs * LATE_AFTER, 60e6) : DAY_US;
  const silent = intervalUs ? Math.max(intervalUs * SILENT_AFTER, 600e6) : 7 * DAY_US;
  if (age >= silent) return 'silent';
  return age >= late ? 'late' : 'ok';
}
