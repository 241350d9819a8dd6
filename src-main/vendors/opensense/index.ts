import { z } from 'zod';
import type { Connector, ConnectorContext, Discovery, Page, PageRequest, VendorDefinition } from '../connector';
import { DEFAULT_BACKFILL_US, parseWire, parseJsonAs } from '../common';
import { deviceSchema, listSchema, MAX_LIST_LIMIT, measurementsSchema, sensorSchema, siteSchema } from './api';
import { createOpensenseClient } from './client';
import {
  cursorSchema,
  mapDevice,
  mapSensor,
  mapSite,
  measurementsQuery,
  nextCursor,
  opensensePolicy,
  rowsToPoints,
} from './map';
import { createOpensenseReports, OPENSENSE_REPORTS } from './reports';

/**
 * OpenSense API v1: sites and devices are sources, each sensor's channel a stream and its own feed.
 * Measurements page by the vendor's cursor; between syncs the cursor is the last timestamp held.
 */

/** Device tokens (`ds_live_`) and webhook secrets (`whk_`) cannot read: say so before storing one. */
const secretSchema = z.object({
  token: z
    .string()
    .trim()
    .min(1)
    .refine(
      (t) => !/^(ds_live_|whk_)/.test(t),
      'This is a device token or webhook secret; OpenSense needs a user API token (ua_live_…).',
    ),
});

const channelRemoteSchema = z.object({ channelId: z.string().min(1) });

export function createOpensenseConnector(ctx: ConnectorContext): Connector {
  const api = createOpensenseClient(ctx);
  const enc = encodeURIComponent;

  async function fetchPage(req: PageRequest): Promise<Page> {
    const { channelId } = parseWire(channelRemoteSchema, req.feed.remote, `feed ${req.feed.id}`);
    const key = req.feed.streams[0]?.key ?? req.feed.id;
    const cursor = parseJsonAs(cursorSchema, req.cursor);
    const to = req.to ?? ctx.now() * 1000;
    const from = req.from ?? to - DEFAULT_BACKFILL_US;
    // Everything before `lower` is held (the vendor pages ascending).
    const lower = cursor?.last !== undefined ? cursor.last + 1 : from;
    const page = cursor && 'page' in cursor ? cursor.page : null;
    if (!page && lower >= to) return { points: { [key]: [] }, cursor: req.cursor, done: true };
    const body = parseWire(
      measurementsSchema,
      await api.send({
        url: api.url(`/v1/channels/${enc(channelId)}/measurements`, measurementsQuery(page, lower, to)),
        signal: req.signal,
      }),
      `OpenSense measurements of ${channelId}`,
    );
    const { points, rejected, lastTs } = rowsToPoints(body.data, lower, to);
    const next = nextCursor(cursor, lastTs, { hasMore: body.has_more === true, next: body.next_cursor ?? null });
    return {
      points: { [key]: points },
      cursor: next && JSON.stringify(next),
      done: !(next && 'page' in next),
      rejected,
    };
  }

  return {
    vendor: 'opensense',
    reports: createOpensenseReports(ctx, api),

    async testConnection(signal) {
      const page = parseWire(
        listSchema(siteSchema),
        await api.send({ url: api.url('/v1/sites', { limit: MAX_LIST_LIMIT }), signal }),
        'OpenSense sites',
      );
      const n = page.data.length;
      return `${n}${page.has_more ? '+' : ''} site${n === 1 ? '' : 's'}`;
    },

    async discover(signal) {
      const discovery: Discovery = { sources: [], streams: [], feeds: {} };
      for await (const site of api.list('/v1/sites', {}, siteSchema, 'OpenSense sites', signal)) {
        discovery.sources.push(mapSite(site));
        for await (const device of api.list(
          '/v1/devices',
          { site_id: site.id },
          deviceSchema,
          `OpenSense devices of ${site.id}`,
          signal,
        )) {
          discovery.sources.push(mapDevice(device, site));
          const sensors = api.list(
            `/v1/devices/${enc(device.id)}/sensors`,
            {},
            sensorSchema,
            `OpenSense sensors of ${device.id}`,
            signal,
          );
          for await (const sensor of sensors) {
            const stream = mapSensor(sensor, device.id);
            discovery.streams.push(stream);
            discovery.feeds[stream.feed] = stream.remote;
          }
        }
      }
      return discovery;
    },

    fetchPage,
  };
}

export const opensenseVendor: VendorDefinition = {
  id: 'opensense',
  label: 'OpenSense',
  secretSchema,
  secretFields: [{ name: 'token', label: 'User API token (ua_live_…)', secret: true }],
  defaultBaseUrl: 'https://api.opensense.murzin.digital',
  // The Read family allows 120 requests a minute per account; stay under it.
  budget: { perMinute: 100, burst: 10 },
  capabilities: {
    files: null,
    reports: OPENSENSE_REPORTS,
    deviceEvents: false,
    retentionDays: null,
    seriesFields: false,
    catalogSearch: false,
  },
  policy: opensensePolicy,
  create: createOpensenseConnector,
};
