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

/**
 * Account option `seriesBy`: source ref → the fields the user named to tell its series apart
 * (`select --series-by`), replacing the ones detected.
 */
export function seriesByOption(options: Record<string, unknown>): Record<string, string[]> {
  const value = options.seriesBy;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const entries = Object.entries(value as Record<string, unknown>).filter(
    (e): e is [string, string[]] => Array.isArray(e[1]) && e[1].every((f) => typeof f === 'string'),
  );
  return Object.fromEntries(entries);
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

/** An error whose message was written for users: every layer may throw it, and it is shown as is. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
