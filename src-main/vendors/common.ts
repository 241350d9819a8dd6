import type { z } from 'zod';
import type { RequestBudget } from '../http/budget';
import { ThrottledError, VendorError } from '../http/errors';
import { said } from '../model';

/**
 * Small helpers shared by the record-style connectors (OpenDataSoft, Realtime Online, OpenSense).
 * Times are integer microseconds since the epoch (DESIGN.md).
 */

export { parseIsoMicros } from '../model/iso-time';

/** µs → `2024-05-01T10:00:00.123456Z` (six fractional digits always). */
export function formatIsoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = us - ms * 1000;
  return `${new Date(ms).toISOString().slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

/** µs → `2024-05-01T10:00:00+00:00` (whole seconds, rounded down). */
export function formatIsoSeconds(us: number): string {
  return `${new Date(Math.floor(us / 1_000_000) * 1000).toISOString().slice(0, 19)}+00:00`;
}

/**
 * First sync without a `from`, for vendors that cannot say when a stream begins (Realtime Online,
 * OpenSense): a year back.
 */
export const DEFAULT_BACKFILL_US = 365 * 24 * 3600 * 1_000_000;

/** Cap of one JSON answer: real pages stay far below it; a bigger one is broken or hostile, not read. */
export const ANSWER_MAX_BYTES = 16 * 1024 * 1024;

/** Validates a vendor answer; a mismatch fails the stream with the field that did not fit. */
export function parseWire<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(the answer itself)';
  throw new VendorError(
    said('vendors.unexpectedAnswer', { what, field, problem: issue?.message ?? 'invalid' }),
    'fail-stream',
  );
}

/**
 * A vendor's "wait until" made sane: a missing, unreadable, past or absurdly far time (a Retry-After
 * of years, beyond `longestMs`) is not believed, and the wait is `fallbackMs` instead.
 */
export function saneUntil(until: number | undefined, now: number, fallbackMs: number, longestMs: number): number {
  const believable = until !== undefined && Number.isFinite(until) && until > now && until - now <= longestMs;
  return believable ? until : now + fallbackMs;
}

type Headers = Record<string, string | string[] | undefined>;

const headerValue = (headers: Headers, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Longest quota wait spent in the budget; a longer one (a daily quota) stops the sync instead. */
const LONGEST_QUIET_WAIT_MS = 5 * 60_000;

export interface QuotaGate {
  /** Before each request: throws "throttled until …" while a long quota wait runs. */
  check(): void;
  /** After each answer: `X-RateLimit-Remaining: 0` → wait for `X-RateLimit-Reset` (epoch seconds). */
  observe(headers: Headers): void;
}

/**
 * Paces by the vendor's quota headers, as the HTTP client paces by 429s: a short wait pauses the
 * account's budget; a long one (the quota is spent for the day) fails the next request at once,
 * so the sync can say "throttled until …" and keep what it has instead of sleeping for hours.
 */
export function createQuotaGate(budget: RequestBudget, now: () => number, vendorLabel: string): QuotaGate {
  let spentUntil = 0;
  return {
    check() {
      if (spentUntil > now())
        throw new ThrottledError(
          said('vendors.quotaUsedUp', { vendor: vendorLabel, until: new Date(spentUntil).toISOString() }),
          spentUntil,
        );
    },
    observe(headers) {
      const remaining = headerValue(headers, 'x-ratelimit-remaining');
      const reset = Number(headerValue(headers, 'x-ratelimit-reset')) * 1000;
      if (remaining === undefined || Number(remaining) > 0 || !Number.isFinite(reset) || reset <= now()) return;
      if (reset - now() <= LONGEST_QUIET_WAIT_MS) budget.pauseUntil(reset);
      else spentUntil = Math.max(spentUntil, reset);
    },
  };
}

/**
 * JSON text read with a schema, or null when it is absent, not JSON or not of that shape: a cursor from an
 * older version restarts from the plan; an error body of another shape is described by its status alone.
 */
export function parseJsonAs<S extends z.ZodType>(schema: S, text: string | null): z.output<S> | null {
  if (text === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A source's facts for people: the entries that have a value, as text (empty and missing ones left out). */
export function wordsOf(facts: Record<string, string | number | null | undefined>): Record<string, string> {
  const words: Record<string, string> = {};
  for (const [k, v] of Object.entries(facts)) {
    const text = v == null ? '' : String(v).trim();
    if (text) words[k] = text;
  }
  return words;
}
