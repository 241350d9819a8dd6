import { z } from 'zod';
import { parseIsoMicros, parseWire, parseJsonAs } from '../common';
import type {
  Connector,
  ConnectorContext,
  DiscoveredStream,
  Discovery,
  EventOperations,
  Page,
  PageRequest,
  VendorDefinition,
} from '../connector';
import {
  communicationPageSchema,
  devicePageSchema,
  timeseriesKeysSchema,
  timeseriesSchema,
  type WireDevice,
} from './api';
import { createOpticloudFiles, OPTICLOUD_FILE_STATUSES, type OpticloudFiles } from './files';
import {
  advanceTelemetry,
  deviceSource,
  deviceStreams,
  feedOf,
  mapCommunicationEvent,
  planTelemetryRequest,
  pointsFromTimeseries,
  telemetryDone,
  type FeedStream,
} from './map';
import { JSON_ACCEPT, allPages, createOpticloudSession, opticloudPolicy, opticloudSecretSchema } from './session';

/** One history request covers at most this span: ThingsBoard reads month partitions, keep each answer modest. */
const WINDOW_MS = 30 * 86_400_000;
/** Points per key per request, asked for explicitly: ThingsBoard's default is 100, newest first. */
const PAGE_LIMIT = 10_000;

/** The newest communication event held (ms): the next sync asks from just after it. */
const eventCursorSchema = z.object({ after: z.number() });
/** The log is read in one page per sync, as the vendor's own client asks (vendor-notes §2). */
const ALL_EVENTS = '2147483647';

/** `telemetryKey → ms` up to which, inclusive, every point is held (see map.ts `TelemetryAfter`). */
const cursorSchema = z.object({ after: z.record(z.string(), z.number()) });

export interface OpticloudConnector extends Connector {
  /** Logger files, on the same login as the telemetry. */
  readonly files: OpticloudFiles;
}

const enc = encodeURIComponent;

/**
 * The earliest time (ms) a first sync reads when not told: the account option `earliest` (ISO text or
 * ms), else all history. Device `createdTime` is no bound: loggers upload backlogs with their own,
 * older timestamps. The first request per key finds its oldest point, so empty years cost nothing.
 */
function earliestMs(options: Record<string, unknown>): number {
  const earliest = options.earliest;
  if (typeof earliest === 'number' && Number.isFinite(earliest)) return earliest;
  const us = typeof earliest === 'string' ? parseIsoMicros(earliest) : null;
  return us === null ? 0 : Math.floor(us / 1000);
}

export function createOpticloudConnector(ctx: ConnectorContext): OpticloudConnector {
  const session = createOpticloudSession(ctx);

  const getJson = async (path: string, query: Record<string, string>, signal?: AbortSignal) =>
    (await session.request({ url: session.url(path, query), headers: { accept: JSON_ACCEPT }, signal })).json();

  async function listDevices(signal?: AbortSignal): Promise<WireDevice[]> {
    const tenantId = await session.tenantId(signal);
    return allPages(
      async (page) =>
        parseWire(
          devicePageSchema,
          await getJson(`/api/tenants/${enc(tenantId)}/devices`, { page: String(page), limit: '-1' }, signal),
          'optiCLOUD devices',
        ),
      (device) => device.id.id,
    );
  }

  const telemetryPath = (deviceId: string, what: 'keys' | 'values') =>
    `/api/plugins/telemetry/DEVICE/${enc(deviceId)}/${what}/timeseries`;

  async function streamsOf(device: WireDevice, signal?: AbortSignal): Promise<DiscoveredStream[]> {
    const deviceId = device.id.id;
    const keys = parseWire(
      timeseriesKeysSchema,
      await getJson(telemetryPath(deviceId, 'keys'), {}, signal),
      'optiCLOUD telemetry keys',
    );
    if (keys.length === 0) return [];
    // Without `keys`: the latest value of every key, to tell numbers from text.
    const latest = parseWire(
      timeseriesSchema,
      await getJson(telemetryPath(deviceId, 'values'), { useStrictDataTypes: 'true' }, signal),
      'optiCLOUD latest telemetry',
    );
    return deviceStreams(deviceId, keys, latest);
  }

  const events: EventOperations = {
    async fetchEvents({ sourceRef, cursor, from, signal }) {
      const held = parseJsonAs(eventCursorSchema, cursor)?.after;
      const startMs =
        held !== undefined ? held + 1 : from !== undefined ? Math.floor(from / 1000) : earliestMs(ctx.options);
      const answer = parseWire(
        communicationPageSchema,
        await getJson(
          `/api/devices/${enc(sourceRef)}/communication/data`,
          { startTime: String(startMs), endTime: String(ctx.now()), limit: ALL_EVENTS, page: '0' },
          signal,
        ),
        'optiCLOUD communication log',
      );
      const mapped = answer.data.map(mapCommunicationEvent);
      const newestMs = Math.max(held ?? -1, ...mapped.map((e) => Math.floor(e.ts / 1000)));
      return { events: mapped, cursor: newestMs >= 0 ? JSON.stringify({ after: newestMs }) : null, done: true };
    },
  };

  return {
    vendor: 'opticloud',
    files: createOpticloudFiles(session),
    events,

    async testConnection(signal) {
      const devices = await listDevices(signal);
      return `${devices.length} device${devices.length === 1 ? '' : 's'}`;
    },

    async discover(signal): Promise<Discovery> {
      const devices = await listDevices(signal);
      const streams: DiscoveredStream[] = [];
      for (const device of devices) streams.push(...(await streamsOf(device, signal)));
      return {
        sources: devices.map(deviceSource),
        streams,
        feeds: Object.fromEntries(devices.map((d) => [feedOf(d.id.id), { deviceId: d.id.id }])),
      };
    },

    async fetchPage(req: PageRequest): Promise<Page> {
      const deviceId = String(req.feed.remote.deviceId);
      const streams: FeedStream[] = req.feed.streams.map((s) => ({
        key: s.key,
        telemetryKey: String(s.remote.telemetryKey),
        kind: s.remote.kind === 'text' ? 'text' : 'number',
      }));
      const keys = streams.map((s) => s.telemetryKey);
      const after = parseJsonAs(cursorSchema, req.cursor)?.after ?? {};
      const endMs = req.to !== undefined ? Math.ceil(req.to / 1000) : ctx.now();
      const lowerMs = req.from !== undefined ? Math.floor(req.from / 1000) : earliestMs(ctx.options);
      const plan = planTelemetryRequest({ after, keys, lowerMs, endMs, windowMs: WINDOW_MS, limit: PAGE_LIMIT });
      if (plan.type === 'done') return { points: {}, cursor: JSON.stringify({ after }), done: true };

      const query = {
        keys: plan.keys.join(','),
        startTs: String(plan.startTs),
        endTs: String(plan.endTs),
        limit: String(plan.limit),
        orderBy: 'ASC',
        agg: 'NONE',
        useStrictDataTypes: 'true',
      };
      const answer = parseWire(
        timeseriesSchema,
        await getJson(telemetryPath(deviceId, 'values'), query, req.signal),
        'optiCLOUD telemetry',
      );
      const next = advanceTelemetry(after, plan, answer);
      const requested = streams.filter((s) => plan.keys.includes(s.telemetryKey));
      const { points, rejected } = pointsFromTimeseries(answer, requested, plan);
      return {
        points,
        cursor: JSON.stringify({ after: next }),
        done: telemetryDone(next, keys, endMs),
        ...(rejected > 0 ? { rejected } : {}),
      };
    },
  };
}

export const opticloudVendor: VendorDefinition<typeof opticloudSecretSchema> = {
  id: 'opticloud',
  label: 'optiCLOUD',
  secretSchema: opticloudSecretSchema,
  secretFields: [
    { name: 'username', label: 'User name', secret: false },
    { name: 'password', label: 'Password', secret: true },
    { name: 'tenant', label: 'Tenant (if the user has several)', optional: true, secret: false },
  ],
  defaultBaseUrl: 'https://opticloud.io',
  // ThingsBoard's default REST limits are per tenant and generous; 120 a minute stays far below them
  // while one request carries up to 10 000 points per key.
  budget: { perMinute: 120, burst: 10 },
  capabilities: {
    files: { statuses: OPTICLOUD_FILE_STATUSES, listed: true, requestFromDevice: true, osf: true },
    reports: null,
    deviceEvents: true,
    retentionDays: null,
    seriesFields: false,
    catalogSearch: false,
  },
  policy: opticloudPolicy,
  create: createOpticloudConnector,
};
