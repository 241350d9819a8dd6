import { z } from 'zod';
import { VendorError } from '../../http/errors';
import { said } from '../../model';
import { retryAfterUntil, type ErrorPolicy } from '../../http/policy';
import { parseWire, parseJsonAs } from '../common';
import type {
  Connector,
  ConnectorContext,
  Discovery,
  Page,
  PageRequest,
  StreamKind,
  VendorDefinition,
} from '../connector';
import {
  OPTI_ACCEPT,
  dataPointIdSchema,
  dataPointPageSchema,
  datastreamPageSchema,
  type WireDataPoint,
  type WireDatastreamEntry,
} from './api';
import {
  RETENTION_DAYS,
  RETENTION_US,
  discoveredStream,
  groupDatastreams,
  historicalIdNewerThan,
  kindOfSample,
  microsFromId,
  newerId,
  nextPageQuery,
  pointsFromDataPoints,
  sitesOf,
  streamKey,
} from './map';

const secretSchema = z.object({ key: z.string().trim().min(1, 'the API key is empty') });

/** Opti's own words for the statuses it documents; the rest follows the default table. */
const optiPolicy: ErrorPolicy = ({ status, headers, now }) => {
  if (status === 401) return { action: 'fail-account', reason: said('vendors.opti.keyRefused') };
  if (status === 403) return { action: 'fail-stream', reason: said('vendors.opti.forbidden') };
  // 429 comes with Retry-After (seconds) and an HTML body, never rate-limit headers.
  if (status === 429)
    return {
      action: 'throttle',
      until: retryAfterUntil(headers['retry-after'], now) ?? now + 60_000,
      reason: said('vendors.opti.throttling'),
    };
  return undefined;
};

/**
 * Where a DataStream's walk stands. Pages go newest → oldest, so `newestId` (the newest DataPoint held)
 * moves only once a walk has reached its end; a walk cut short resumes from `walk.query`, the next
 * page's query without the key. An interrupted walk therefore never skips the older part of its span.
 */
const cursorSchema = z.object({
  newestId: dataPointIdSchema.nullable(),
  walk: z
    .object({
      query: z.record(z.string(), z.string()),
      /** The newest DataPoint of this walk: becomes `newestId` when the walk ends. */
      newestId: dataPointIdSchema.nullable(),
    })
    .nullable(),
});
type OptiCursor = z.infer<typeof cursorSchema>;

const MAX_DATASTREAM_PAGES = 1000;

export function createOptiConnector(ctx: ConnectorContext): Connector {
  // The documented paths start with /api; accept a base URL given with or without it.
  const apiRoot = `${ctx.baseUrl.replace(/\/+$/, '').replace(/\/api$/i, '')}/api`;

  const apiKey = () => {
    const parsed = secretSchema.safeParse(ctx.secret);
    if (!parsed.success) throw new VendorError(said('vendors.opti.noKey'), 'fail-account');
    return parsed.data.key;
  };

  /** GET {api}/{path}?{query}&key=…; the client masks `key` in every message. */
  async function getJson(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<unknown> {
    const url = new URL(`${apiRoot}/${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    url.searchParams.set('key', apiKey());
    const res = await ctx.http.request({ url, headers: { accept: OPTI_ACCEPT }, signal });
    return res.json();
  }

  /** Every Resource of every DataStream the key may see, following `NextPageLink` when a page has one. */
  async function listDatastreamEntries(signal?: AbortSignal): Promise<WireDatastreamEntry[]> {
    const entries: WireDatastreamEntry[] = [];
    let query: Record<string, string> = {};
    for (let pages = 0; pages < MAX_DATASTREAM_PAGES; pages++) {
      const page = parseWire(datastreamPageSchema, await getJson('Datastream', query, signal), 'Opti Datastream');
      entries.push(...page.Items);
      if (!page.NextPageLink || page.Items.length === 0) return entries;
      query = nextDistinctQuery(page.NextPageLink, query);
    }
    throw new VendorError(said('vendors.opti.tooManyPages', { pages: MAX_DATASTREAM_PAGES }), 'fail-stream');
  }

  /** The newest DataPoint of a stream, to tell words from numbers; none when it has none or may not be read. */
  async function latestDataPoint(dataStreamId: string, signal?: AbortSignal): Promise<WireDataPoint | undefined> {
    try {
      const page = parseWire(
        dataPointPageSchema,
        await getJson('DataPoint', { dataStreamId, top: '1' }, signal),
        'Opti DataPoint',
      );
      return page.Items[0];
    } catch (err) {
      if (err instanceof VendorError && err.action === 'fail-stream') return undefined;
      throw err;
    }
  }

  return {
    vendor: 'opti',

    async testConnection(signal) {
      const groups = groupDatastreams(await listDatastreamEntries(signal));
      return `${groups.length} data stream${groups.length === 1 ? '' : 's'}`;
    },

    async discover(signal): Promise<Discovery> {
      const groups = groupDatastreams(await listDatastreamEntries(signal));
      const streams = [];
      for (const group of groups)
        streams.push(discoveredStream(group, kindOfSample(await latestDataPoint(group.id, signal))));
      return {
        sources: sitesOf(streams),
        streams,
        feeds: Object.fromEntries(streams.map((s) => [s.feed, { dataStreamId: String(s.remote.dataStreamId) }])),
      };
    },

    async fetchPage(req: PageRequest): Promise<Page> {
      const dataStreamId = String(req.feed.remote.dataStreamId);
      const key = streamKey(dataStreamId);
      const kind: StreamKind = req.feed.streams.find((s) => s.key === key)?.remote.kind === 'text' ? 'text' : 'number';
      const cursor: OptiCursor = parseJsonAs(cursorSchema, req.cursor) ?? { newestId: null, walk: null };
      const now = ctx.now() * 1000;
      const from = cursor.newestId === null ? (req.from ?? -Infinity) : -Infinity;
      const query = cursor.walk?.query ?? firstPageQuery(dataStreamId, cursor.newestId);

      const page = parseWire(dataPointPageSchema, await getJson('DataPoint', query, req.signal), 'Opti DataPoint');
      const mapped = pointsFromDataPoints(page.Items, kind, { from, to: req.to ?? now, heldId: cursor.newestId });
      const walkNewestId = newerId(cursor.walk?.newestId ?? null, mapped.newestId);
      const walkGoesOn = Boolean(page.NextPageLink) && !mapped.pastFrom && page.Items.length > 0;
      const next: OptiCursor = walkGoesOn
        ? {
            newestId: cursor.newestId,
            walk: { query: nextDistinctQuery(page.NextPageLink ?? '', query), newestId: walkNewestId },
          }
        : { newestId: newerId(cursor.newestId, walkNewestId), walk: null };

      return {
        points: { [key]: mapped.points },
        cursor: JSON.stringify(next),
        done: !walkGoesOn,
        ...(mapped.rejected > 0 ? { rejected: mapped.rejected } : {}),
        ...(cursor.walk === null ? lostToRetention(cursor.newestId, req.from, now) : {}),
      };
    },

    retentionStart: (now) => now - RETENTION_US,
  };
}

/** A walk's first query: everything served, or (incremental) only what is newer than the newest point held. */
function firstPageQuery(dataStreamId: string, newestId: string | null): Record<string, string> {
  return newestId === null ? { dataStreamId } : { dataStreamId, historicalId: historicalIdNewerThan(newestId) };
}

/** The next page's query; a server that links a page to itself would loop forever, so that fails. */
function nextDistinctQuery(link: string, current: Record<string, string>): Record<string, string> {
  const next = nextPageQuery(link, current);
  if (JSON.stringify(next) === JSON.stringify(current))
    throw new VendorError(said('vendors.opti.pageLoop'), 'fail-stream');
  return next;
}

/** At a walk's start: the span between what is held (or the backfill start) and what Opti still serves is gone. */
function lostToRetention(newestId: string | null, from: number | undefined, now: number): Pick<Page, 'lost'> {
  const heldUntil = newestId === null ? from : microsFromId(newestId);
  const servedFrom = now - RETENTION_US;
  return heldUntil !== undefined && heldUntil < servedFrom ? { lost: { from: heldUntil, to: servedFrom } } : {};
}

export const optiVendor: VendorDefinition<typeof secretSchema> = {
  id: 'opti',
  label: 'Opti',
  secretSchema,
  secretFields: [{ name: 'key', label: 'API key', secret: true }],
  defaultBaseUrl: 'https://public.optirtc.com',
  // No published rate; Opti throttles per key (429 + Retry-After). One request a second, small bursts,
  // leaves room for the key's other applications and still walks a stream's 3 days in seconds.
  budget: { perMinute: 60, burst: 5 },
  capabilities: {
    files: null,
    reports: null,
    deviceEvents: false,
    retentionDays: RETENTION_DAYS,
    seriesFields: false,
    catalogSearch: false,
  },
  policy: optiPolicy,
  create: createOptiConnector,
};
