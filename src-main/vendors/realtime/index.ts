import { z } from 'zod';
import { VendorError } from '../../http/errors';
import { said } from '../../model';
import type { Connector, ConnectorContext, Discovery, Page, PageRequest, VendorDefinition } from '../connector';
import { ANSWER_MAX_BYTES, DEFAULT_BACKFILL_US, parseIsoMicros, parseWire, parseJsonAs } from '../common';
import {
  API_PATH,
  envelopeSchema,
  latestResponseSchema,
  recordsResponseSchema,
  sensorsResponseSchema,
  sensorTypesResponseSchema,
  systemsResponseSchema,
  type WireRecord,
} from './api';
import {
  cursorSchema,
  mapSensor,
  nothingNewSince,
  sensorRef,
  mapSystem,
  POSSIBLY_CAPPED_RECORDS,
  realtimePolicy,
  recordsToPoints,
  requestBody,
  requestHash,
  requestPolicy,
  SMALLEST_WINDOW_US,
  WINDOW_US,
  windowDates,
} from './map';

/**
 * Realtime Online Core API v3: one POST endpoint, every body signed with SHA-256(body + secret).
 * A system is a source, each of its sensors a child source and a feed; each sensor field a stream.
 */

const secretSchema = z.object({ token: z.string().trim().min(1), secret: z.string().min(1) });

const feedRemoteSchema = z.object({ systemId: z.number().int(), sensorId: z.string() });
const streamRemoteSchema = z.object({ field: z.string() });

interface Outcome {
  code?: number | null;
  message?: string | null;
  detail?: string | null;
}

/** A sensor or system the answer marks as failed (code ≠ 0) fails its stream with the vendor's words. */
function assertOk(o: Outcome | undefined, what: string): void {
  if (!o) throw new VendorError(said('vendors.realtime.noAnswer', { what }), 'fail-stream');
  if (typeof o.code === 'number' && o.code !== 0)
    throw new VendorError(
      said('vendors.realtime.failed', {
        what,
        message: `${o.message || 'failed'}${o.detail ? ` (${o.detail})` : ''}`,
        code: o.code,
      }),
      'fail-stream',
    );
}

export function createRealtimeConnector(ctx: ConnectorContext): Connector {
  const endpoint = new URL(`${ctx.baseUrl}${API_PATH}`);
  const token = ctx.secret.token ?? '';
  const secret = ctx.secret.secret ?? '';

  /** One API call. The body is built in `prepare`, so every attempt carries a fresh date and hash. */
  async function call<S extends z.ZodType>(
    action: string,
    params: Record<string, unknown>,
    schema: S,
    signal?: AbortSignal,
  ) {
    const res = await ctx.http.request({
      method: 'POST',
      url: endpoint,
      signal,
      maxBytes: ANSWER_MAX_BYTES,
      policy: requestPolicy(),
      prepare: (req) => {
        const body = requestBody(action, params, ctx.now());
        req.body = body;
        req.headers['content-type'] = 'application/json';
        req.headers['x-rt2-api-token'] = token;
        req.headers['x-rt2-api-hash'] = requestHash(body, secret);
      },
    });
    const json = res.json();
    // The status is repeated in the body; trust it over a 200 from a proxy.
    const envelope = envelopeSchema.safeParse(json);
    if (envelope.success && typeof envelope.data.status === 'number' && envelope.data.status !== 200)
      throw new VendorError(
        said('vendors.realtime.status', {
          action,
          status: envelope.data.status,
          message: envelope.data.message ?? '—',
        }),
        'fail-stream',
        envelope.data.status,
      );
    return parseWire(schema, json, `Realtime Online ${action}`);
  }

  const sensorTree = (systemId: number, sensor: Record<string, unknown>) => ({
    systems: [{ system_id: systemId, sensors: [sensor] }],
  });

  /** The sensor's latest record date (µs), or null when it has none. */
  async function latestRecordDate(systemId: number, sensorId: string, signal?: AbortSignal): Promise<number | null> {
    const body = await call(
      'getLatestRecordDate',
      sensorTree(systemId, { sensor_id: sensorId }),
      latestResponseSchema,
      signal,
    );
    const system = body.systems.find((s) => s.system_id === systemId);
    assertOk(system, `system ${systemId}`);
    const sensor = system?.sensors?.find((s) => s.sensor_id === sensorId);
    assertOk(sensor, `sensor ${sensorId}`);
    const text = sensor?.latest_record_date;
    if (!text) return null;
    const latest = parseIsoMicros(text);
    if (latest === null) throw new VendorError(said('vendors.realtime.badLatest', { text, sensorId }), 'fail-stream');
    return latest;
  }

  async function sensorRecords(
    systemId: number,
    sensorId: string,
    start: number,
    end: number,
    signal?: AbortSignal,
  ): Promise<WireRecord[]> {
    const params = sensorTree(systemId, { sensor_id: sensorId, ...windowDates(start, end) });
    const body = await call('getSensorRecords', params, recordsResponseSchema, signal);
    const system = body.systems.find((s) => s.system_id === systemId);
    assertOk(system, `system ${systemId}`);
    const sensor = system?.sensors?.find((s) => s.sensor_id === sensorId);
    assertOk(sensor, `sensor ${sensorId}`);
    return sensor?.data ?? [];
  }

  async function fetchPage(req: PageRequest): Promise<Page> {
    const { systemId, sensorId } = parseWire(feedRemoteSchema, req.feed.remote, `feed ${req.feed.id}`);
    const streams = req.feed.streams.map((s) => ({
      key: s.key,
      field: parseWire(streamRemoteSchema, s.remote, s.key).field,
    }));
    const to = req.to ?? ctx.now() * 1000;
    const cursor = parseJsonAs(cursorSchema, req.cursor);
    const start = cursor?.next ?? req.from ?? to - DEFAULT_BACKFILL_US;
    const upToDate = (next: number): Page => ({ points: {}, cursor: JSON.stringify({ next }), done: true });
    if (start >= to) return upToDate(start);

    // Ask once per sync for the latest record, so idle sensors cost one small request; it is also the
    // sensor's last contact. It only decides whether to fetch: records newer than it exist (see
    // `nothingNewSince`), so fetch to `to`.
    let latest = cursor?.latest;
    let contact: Page['contact'];
    if (latest === undefined) {
      const asked = await latestRecordDate(systemId, sensorId, req.signal);
      if (asked !== null) contact = { sourceRef: sensorRef(systemId, sensorId), at: asked };
      if (asked === null || nothingNewSince(asked, start)) return { ...upToDate(start), contact };
      latest = asked;
    }

    const stop = to;
    for (let span = Math.min(WINDOW_US, stop - start); ; span = Math.max(SMALLEST_WINDOW_US, Math.floor(span / 2))) {
      const end = Math.min(start + span, stop);
      try {
        const records = await sensorRecords(systemId, sensorId, start, end, req.signal);
        const { points, rejected, newest } = recordsToPoints(records, streams, start, end);
        const next = records.length >= POSSIBLY_CAPPED_RECORDS && newest !== null && newest > start ? newest : end;
        const done = next >= stop;
        return { points, rejected, cursor: JSON.stringify(done ? { next } : { next, latest }), done, contact };
      } catch (err) {
        // 413: too many records for one answer; a narrower window is smaller.
        if (err instanceof VendorError && err.status === 413 && span > SMALLEST_WINDOW_US) continue;
        throw err;
      }
    }
  }

  return {
    vendor: 'realtime',

    async testConnection(signal) {
      const { systems } = await call('getSystems', {}, systemsResponseSchema, signal);
      return `${systems.length} system${systems.length === 1 ? '' : 's'}`;
    },

    async discover(signal) {
      const { systems } = await call('getSystems', {}, systemsResponseSchema, signal);
      const discovery: Discovery = { sources: systems.map(mapSystem), streams: [], feeds: {} };
      if (systems.length === 0) return discovery;
      const { sensors } = await call(
        'getSensors',
        { systems: systems.map((s) => s.system_id) },
        sensorsResponseSchema,
        signal,
      );
      const { sensor_types: types } = await call('getSensorTypes', {}, sensorTypesResponseSchema, signal);
      const typeNames = new Map(types.map((t) => [t.type_id, t.name]));
      for (const sensor of sensors) {
        const found = mapSensor(sensor, typeNames);
        discovery.sources.push(found.source);
        discovery.streams.push(...found.streams);
        discovery.feeds[found.feed.id] = found.feed.remote;
      }
      return discovery;
    },

    fetchPage,
  };
}

export const realtimeVendor: VendorDefinition = {
  id: 'realtime',
  label: 'Realtime Online',
  secretSchema,
  secretFields: [
    { name: 'token', label: 'API token', secret: true },
    { name: 'secret', label: 'Shared secret key', secret: true },
  ],
  defaultBaseUrl: 'https://www.realtime-online.com',
  // Limits per 10 minutes and per day exist but are not published, and no headers tell: 30 a minute
  // in bursts of 10 (300 per 10 minutes) for backfills; scheduled syncs ask one small request per idle sensor.
  budget: { perMinute: 30, burst: 10 },
  capabilities: {
    files: null,
    reports: null,
    deviceEvents: false,
    retentionDays: null,
    seriesFields: false,
    catalogSearch: false,
  },
  policy: realtimePolicy,
  create: createRealtimeConnector,
};
