import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ErrorPolicy } from '../../http/policy';
import type { DiscoveredSource, DiscoveredStream, Point, Remote, StreamKind } from '../connector';
import { formatIsoSeconds, parseIsoMicros, parseJsonAs, wordsOf } from '../common';
import { said } from '../../model';
import { failureSchema, type WireRecord, type WireSensor, type WireSystem, type WireUnit } from './api';

/* ---------- Requests ---------- */

/** `request_date` as the doc's examples write it: whole seconds, `+00:00`. */
export const requestDate = (nowMs: number) => formatIsoSeconds(nowMs * 1000);

/** The request body, built once as the exact text that is sent and hashed. */
export function requestBody(action: string, params: Record<string, unknown>, nowMs: number): string {
  return JSON.stringify({ action, request_date: requestDate(nowMs), ...params });
}

/** `X-RT2-API-Hash`: SHA-256 (hex) of the body's exact bytes followed by the shared secret. */
export function requestHash(body: string, secret: string): string {
  return createHash('sha256').update(body, 'utf8').update(secret, 'utf8').digest('hex');
}

/* ---------- Discovery ---------- */

export const systemRef = (systemId: number) => String(systemId);
export const sensorRef = (systemId: number, sensorId: string) => `${systemId}/${sensorId}`;
export const feedId = (systemId: number, sensorId: string) => `realtime/${systemId}/${sensorId}`;
export const streamKey = (systemId: number, sensorId: string, field: string) =>
  `realtime/${systemId}/${sensorId}/${field}`;

export function mapSystem(system: WireSystem): DiscoveredSource {
  return {
    ref: systemRef(system.system_id),
    name: system.name?.trim() || `System ${system.system_id}`,
    timezone: system.timezone ?? undefined,
    meta: { systemId: system.system_id, sensorsCount: system.sensors_count ?? null },
    info: wordsOf({ 'time zone': system.timezone, sensors: system.sensors_count }),
  };
}

/** A field's unit: a plain unit string, or enumerated states → an enum stream with labels and no unit. */
export function mapUnit(unit: WireUnit | null | undefined): {
  unit: string;
  kind: StreamKind;
  enumLabels?: Record<string, string>;
} {
  if (Array.isArray(unit))
    return { unit: '', kind: 'enum', enumLabels: Object.fromEntries(unit.map((u) => [String(u.value), u.unit])) };
  return { unit: unit ?? '', kind: 'number' };
}

/**
 * A sensor's fields: the union of the keys of `names`, `units` and `meta_data`, which the doc says
 * cover the same data points but which can differ (its example has `door_countt` in names and
 * `door_count` in units); a field without a name is named after itself.
 */
export function sensorFields(sensor: WireSensor): string[] {
  const keys = [sensor.names, sensor.units, sensor.meta_data].flatMap((m) => (m ? Object.keys(m) : []));
  return [...new Set(keys)];
}

export interface SensorDiscovery {
  source: DiscoveredSource;
  streams: DiscoveredStream[];
  feed: { id: string; remote: Remote };
}

/**
 * A sensor, named in words: by its first named field, else by its type's name (`getSensorTypes`).
 * `typeNames`: type id → name.
 */
export function mapSensor(sensor: WireSensor, typeNames: ReadonlyMap<number, string> = new Map()): SensorDiscovery {
  const { system_id: systemId, sensor_id: sensorId } = sensor;
  const ref = sensorRef(systemId, sensorId);
  const feed = { id: feedId(systemId, sensorId), remote: { systemId, sensorId } };
  const streams = sensorFields(sensor).map((field): DiscoveredStream => {
    const name = sensor.names?.[field]?.trim() || field;
    const meta = sensor.meta_data?.[field] ?? {};
    return {
      key: streamKey(systemId, sensorId, field),
      sourceRef: ref,
      name,
      ...mapUnit(sensor.units?.[field]),
      meta: { field, ...(Object.keys(meta).length > 0 ? { custom: meta } : {}) },
      feed: feed.id,
      remote: { field },
    };
  });
  const typeName = sensor.type_id == null ? undefined : typeNames.get(sensor.type_id);
  const label = streams.find((s) => s.name !== s.remote.field)?.name ?? typeName;
  return {
    source: {
      ref,
      parentRef: systemRef(systemId),
      name: label ? `${sensorId} (${label})` : sensorId,
      meta: { sensorId, typeId: sensor.type_id ?? null },
      info: wordsOf({ type: typeName ?? sensor.type_id }),
    },
    streams,
    feed,
  };
}

/* ---------- Records ---------- */

/**
 * Where a sensor has got to: `next` = the start (µs) of the next window, everything before it is
 * held; `latest` = the sensor's latest record date as asked at the start of this sync, kept while
 * it runs, so a backfill asks once, not per page.
 */
export const cursorSchema = z.object({ next: z.number().int(), latest: z.number().int().optional() });
export type RealtimeCursor = z.infer<typeof cursorSchema>;

/**
 * 30 days per getSensorRecords: the doc gives no maximum; a month keeps a year's backfill to 13 requests
 * per sensor, and an answer cut short by a server-side cap is continued (POSSIBLY_CAPPED_RECORDS).
 */
export const WINDOW_US = 30 * 24 * 3600 * 1_000_000;
/**
 * An answer this long may have been cut short: the doc sets no cap on records per answer, but a
 * server could have one, so the next window then starts at the newest record received (re-reading
 * that one record, which the store ignores) instead of at the window's end.
 */
export const POSSIBLY_CAPPED_RECORDS = 1000;
const PULSE_WINDOW_US = 15 * 60 * 1_000_000;

/**
 * Whether a sensor whose latest_record_date is `latest` has no record at or after `start`. For a
 * sensor with pulse records the doc makes that date "the earlier of the last transmission date and
 * the end of the previous 15 minute window", so status records up to 15 minutes newer may exist:
 * only a date before the 15-minute window holding `start` proves there is nothing new.
 */
export function nothingNewSince(latest: number, start: number): boolean {
  return latest < Math.floor(start / PULSE_WINDOW_US) * PULSE_WINDOW_US;
}

/** A 413 halves the window, down to this. */
export const SMALLEST_WINDOW_US = 3600 * 1_000_000;

const SECOND_US = 1_000_000;

/**
 * The dates sent for a window [start, end): a second wider on each side, whole seconds (the API's
 * resolution), so neither an exclusive start nor an exclusive end can lose a record; records
 * outside [start, end) are dropped on arrival.
 */
export function windowDates(start: number, end: number): { start_date: string; end_date: string } {
  return {
    start_date: formatIsoSeconds(start - SECOND_US),
    end_date: formatIsoSeconds(Math.ceil(end / SECOND_US) * SECOND_US + SECOND_US),
  };
}

export interface RecordPoints {
  points: Record<string, Point[]>;
  rejected: number;
  /** The newest record time in the window (µs), null when none. */
  newest: number | null;
}

/**
 * Records → points per field stream, keeping [start, end). A record need not carry every field
 * (pulse counts come in 15-minute buckets); a value that is not a number is rejected.
 */
export function recordsToPoints(
  records: readonly WireRecord[],
  streams: readonly { key: string; field: string }[],
  start: number,
  end: number,
): RecordPoints {
  const out: RecordPoints = { points: Object.fromEntries(streams.map((s) => [s.key, []])), rejected: 0, newest: null };
  for (const record of records) {
    const ts = parseIsoMicros(record.record_date);
    if (ts === null) {
      out.rejected += Object.keys(record.values).length;
      continue;
    }
    if (ts < start || ts >= end) continue;
    if (out.newest === null || ts > out.newest) out.newest = ts;
    for (const s of streams) {
      if (!(s.field in record.values)) continue;
      const value = record.values[s.field];
      if (typeof value === 'number' && Number.isFinite(value)) out.points[s.key].push({ ts, value });
      else out.rejected++;
    }
  }
  for (const list of Object.values(out.points)) list.sort((a, b) => a.ts - b.ts);
  return out;
}

/* ---------- Errors ---------- */

interface Outcome {
  code?: number | null;
  message?: string | null;
  detail?: string | null;
}

const failed = (o: Outcome) => typeof o.code === 'number' && o.code !== 0;
const describeOutcome = (o: Outcome) =>
  `${o.message || 'failed'}${o.detail ? ` (${o.detail})` : ''}${typeof o.code === 'number' ? ` [code ${o.code}]` : ''}`;

/** The failing objects of a "Failed with errors" answer, e.g. "sensor 1 of system 2571: Sensor does not exist…". */
export function describeFailure(bodyText: string): string | null {
  const body = parseJsonAs(failureSchema, bodyText);
  if (!body) return null;
  const parts: string[] = [];
  for (const system of body.systems ?? []) {
    if (failed(system)) parts.push(`system ${system.system_id}: ${describeOutcome(system)}`);
    for (const sensor of system.sensors ?? [])
      if (failed(sensor))
        parts.push(`sensor ${sensor.sensor_id} of system ${system.system_id}: ${describeOutcome(sensor)}`);
  }
  if (parts.length > 0) return parts.join('; ');
  return body.message ?? null;
}

const DATE_REJECTED = /request date is (in the future|too old)/i;
const TEN_MINUTES_MS = 10 * 60_000;
const DAY_MS = 24 * 3600_000;

const clockAdvice = (words: string) => said('vendors.realtime.clock', { said: words });

/** Realtime Online's status table. The 403 on a request date says the clock is wrong (see requestPolicy). */
export const realtimePolicy: ErrorPolicy = ({ status, bodyText, now }) => {
  if (status < 400) return undefined;
  const words = describeFailure(bodyText);
  const detail = words ? `: ${words}` : ` (${status})`;
  if (status === 401) return { action: 'fail-account', reason: said('vendors.realtime.keyRefused', { detail }) };
  if (status === 403 && words && DATE_REJECTED.test(words))
    return { action: 'fail-account', reason: clockAdvice(words) };
  if (status === 429) {
    const perDay = /per day/i.test(words ?? '');
    return {
      action: 'throttle',
      until: now + (perDay ? DAY_MS : TEN_MINUTES_MS),
      reason: said('vendors.realtime.usageLimit', { detail }),
    };
  }
  if (status === 413) return { action: 'fail-stream', reason: said('vendors.realtime.tooLarge') };
  if (status >= 400 && status < 500)
    return { action: 'fail-stream', reason: said('vendors.realtime.rejected', { detail }) };
  return undefined;
};

/**
 * The policy of one request: a request date refused as too old or in the future is retried once
 * (each attempt gets a fresh date and hash); a second refusal means the clock is wrong.
 */
export function requestPolicy(): ErrorPolicy {
  let dateRefusals = 0;
  let tenMinuteRefusals = 0;
  return (facts) => {
    if (facts.status === 403 && DATE_REJECTED.test(facts.bodyText) && dateRefusals++ === 0)
      return { action: 'retry', reason: said('vendors.realtime.dateRefused') };
    const verdict = realtimePolicy(facts);
    // The ten-minute window rolls: capacity comes back as old requests age out, so probe after
    // 15 s, then 1 min, before waiting the whole window (which surfaces as "throttled until").
    if (verdict?.action === 'throttle' && !/per day/i.test(facts.bodyText)) {
      const wait = TEN_MINUTE_PROBES_MS[tenMinuteRefusals++] ?? TEN_MINUTES_MS;
      return { ...verdict, until: facts.now + wait };
    }
    return verdict;
  };
}

const TEN_MINUTE_PROBES_MS = [15_000, 60_000];
