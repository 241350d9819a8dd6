import { z } from 'zod';
import { retryAfterUntil, type ErrorPolicy } from '../../http/policy';
import type { DiscoveredSource, DiscoveredStream, Point } from '../connector';
import { saneUntil, formatIsoMicros, parseIsoMicros, parseJsonAs, wordsOf } from '../common';
import { isGeoPoint, said } from '../../model';
import {
  errorBodySchema,
  MEASUREMENTS_LIMIT,
  type WireDevice,
  type WireRow,
  type WireSensor,
  type WireSite,
} from './api';

/* ---------- Discovery ---------- */

export const feedId = (channelId: string) => `opensense/${channelId}`;

export function mapSite(site: WireSite): DiscoveredSource {
  return {
    ref: site.id,
    name: site.name?.trim() || site.id,
    meta: { vertical: site.vertical ?? null },
    info: wordsOf({ vertical: site.vertical, 'time zone': site.timezone }),
    ...(site.location && isGeoPoint(site.location) ? { location: site.location } : {}),
  };
}

/** A device with its health as the vendor states it (`online`, `last_seen_at`); it stands where its site is. */
export function mapDevice(device: WireDevice, site: WireSite): DiscoveredSource {
  const lastSeen = device.last_seen_at ? parseIsoMicros(device.last_seen_at) : null;
  return {
    ref: device.id,
    parentRef: site.id,
    name: device.name?.trim() || device.local_id || device.id,
    meta: { model: device.model ?? null, firmware: device.fw_version ?? null, localId: device.local_id ?? null },
    info: wordsOf({ model: device.model, firmware: device.fw_version, 'local id': device.local_id }),
    ...(site.location && isGeoPoint(site.location) ? { location: site.location } : {}),
    ...(lastSeen !== null ? { lastContact: lastSeen } : {}),
    ...(typeof device.online === 'boolean' ? { online: device.online } : {}),
  };
}

/** A sensor's channel is the stream: `opensense/<channel id>`; its alarm band and state go in meta. */
export function mapSensor(sensor: WireSensor, deviceId: string): DiscoveredStream {
  return {
    key: feedId(sensor.channel_id),
    sourceRef: sensor.device_id ?? deviceId,
    name: sensor.label?.trim() || sensor.kind || sensor.channel_id,
    unit: sensor.unit ?? '',
    kind: 'number',
    meta: {
      sensorId: sensor.id,
      kind: sensor.kind ?? null,
      label: sensor.label ?? null,
      okMin: sensor.ok_min ?? null,
      okMax: sensor.ok_max ?? null,
      state: sensor.state ?? null,
    },
    ...(sensor.ok_min != null || sensor.ok_max != null
      ? { range: { min: sensor.ok_min ?? null, max: sensor.ok_max ?? null } }
      : {}),
    feed: feedId(sensor.channel_id),
    remote: { channelId: sensor.channel_id },
  };
}

/* ---------- Measurements ---------- */

/**
 * Where a channel has got to. While a sync pages, the vendor's cursor (`page`); between syncs, the
 * last timestamp held (`last`, µs), so the next sync asks from `last + 1 µs` (`from` is inclusive).
 */
export const cursorSchema = z.union([
  z.object({ page: z.string().min(1), last: z.number().int().optional() }),
  z.object({ last: z.number().int() }),
]);
export type OpensenseCursor = z.infer<typeof cursorSchema>;

/** Query of the next measurements request: the vendor's cursor while paging, else the window [from, to). */
export function measurementsQuery(page: string | null, from: number, to: number): Record<string, string> {
  const base = { agg: 'raw', limit: String(MEASUREMENTS_LIMIT) };
  return page ? { ...base, cursor: page } : { ...base, from: formatIsoMicros(from), to: formatIsoMicros(to) };
}

/** The cursor after a page: the vendor's while it has more, else the newest timestamp held. */
export function nextCursor(
  previous: OpensenseCursor | null,
  lastTs: number | null,
  more: { hasMore: boolean; next: string | null },
): OpensenseCursor | null {
  const last = lastTs ?? previous?.last;
  if (more.hasMore && more.next) return last === undefined ? { page: more.next } : { page: more.next, last };
  return last === undefined ? null : { last };
}

export interface RowPoints {
  points: Point[];
  rejected: number;
  lastTs: number | null;
}

/**
 * `[ts, value]` rows → points, timestamps exact to the microsecond. Unreadable rows, and rows
 * outside the [from, to) asked for, are rejected: a row in the year 2999 must not move the cursor.
 */
export function rowsToPoints(rows: readonly WireRow[], from: number, to: number): RowPoints {
  const out: RowPoints = { points: [], rejected: 0, lastTs: null };
  for (const [text, value] of rows) {
    const ts = parseIsoMicros(text);
    if (ts === null || ts < from || ts >= to || typeof value !== 'number' || !Number.isFinite(value)) {
      out.rejected++;
      continue;
    }
    out.points.push({ ts, value });
    if (out.lastTs === null || ts > out.lastTs) out.lastTs = ts;
  }
  return out;
}

/* ---------- Errors ---------- */

/** "channel_not_found: No channel with id … (request req_…)" from the stable error shape. */
export function describeOpensenseError(bodyText: string): string | null {
  const body = parseJsonAs(errorBodySchema, bodyText);
  if (!body) return null;
  const { code, message, request_id: requestId } = body.error;
  const said = [code, message].filter(Boolean).join(': ');
  return `${said || 'error'}${requestId ? ` (request ${requestId})` : ''}`;
}

/** Limits are per minute: a Retry-After beyond an hour is nonsense, not a plan, and is not believed. */
const LONGEST_RETRY_AFTER_MS = 3600_000;

/** OpenSense's status table. */
export const opensensePolicy: ErrorPolicy = ({ status, headers, bodyText, now }) => {
  if (status < 400 || status >= 500) return undefined;
  const words = describeOpensenseError(bodyText);
  const detail = words ? ` (${status} ${words})` : ` (${status})`;
  if (status === 429)
    return {
      action: 'throttle',
      until: saneUntil(retryAfterUntil(headers['retry-after'], now), now, 60_000, LONGEST_RETRY_AFTER_MS),
      reason: said('vendors.opensense.rateLimit', { detail }),
    };
  if (status === 401) return { action: 'fail-account', reason: said('vendors.opensense.tokenRefused', { detail }) };
  if (status === 403) return { action: 'fail-account', reason: said('vendors.opensense.wrongTokenKind', { detail }) };
  if (status === 404) return { action: 'fail-stream', reason: said('vendors.opensense.noObject', { detail }) };
  return { action: 'fail-stream', reason: said('vendors.opensense.rejected', { detail }) };
};
