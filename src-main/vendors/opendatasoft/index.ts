import { createInterface } from 'node:readline';
import { z } from 'zod';
import { VendorError } from '../../http/errors';
import { said, UserError } from '../../model';
import { CATALOG_PAGE_SIZE, type CatalogQuery } from '../../model/catalog';
import type {
  CatalogOperations,
  Connector,
  ConnectorContext,
  DetectedSeries,
  Discovery,
  DiscoveryMemory,
  Page,
  PageRequest,
  SeriesMemory,
  VendorDefinition,
} from '../connector';
import { ANSWER_MAX_BYTES, createQuotaGate, parseWire, parseJsonAs } from '../common';
import {
  catalogFacetsSchema,
  catalogPageSchema,
  datasetSchema,
  EXPLORE,
  fieldsSignature,
  MAX_LIMIT,
  MAX_WINDOW,
  recordSchema,
  recordsPageSchema,
  type WireDataset,
} from './api';
import { createOpendatasoftFiles, datasetPath } from './files';
import {
  advanceCursor,
  catalogHit,
  createRecordBatch,
  fullTextWhere,
  refineParams,
  rememberedSeriesFields,
  searchFacets,
  cursorSchema,
  detectSeriesFields,
  geoField,
  geoPointOf,
  mapDataset,
  pickTimeField,
  textFields,
  odsqlField,
  odsqlWhere,
  opendatasoftPolicy,
  recordsQuery,
  recordTime,
  type DatasetSeries,
  unreadableDataset,
  type OdsCursor,
  type Window,
} from './map';

/**
 * OpenDataSoft (Huwise) Explore API v2.1. A dataset is a source and a feed; its fields are its
 * streams, one per series where records of several series share a time (one per station): the series
 * fields are detected on a sample of recent records (again only when the dataset's fields change, or
 * taken as the user named them), and the series listed with `group_by`. The catalog is searched by
 * text and the portal's facets (`/catalog/datasets`, `/catalog/facets`); a dataset picked there is
 * looked into alone. A first sync pages through `/exports/jsonl` (no 100-record limit, read line by line)
 * in pages of EXPORT_PAGE_RECORDS; later syncs, usually a few records, page through `/records`.
 * Its files are the dataset's attachments and its CSV and JSONL exports.
 */

/** Public portals need no key: `{}` and `{"apikey": ""}` are both accepted. */
const secretSchema = z.object({ apikey: z.string().trim().default('') });

/** Records per export page: big enough to make few requests, small enough for one page in memory. */
const EXPORT_PAGE_RECORDS = 20_000;

const feedRemoteSchema = z.object({ datasetId: z.string(), timeField: z.string(), seriesBy: z.string().optional() });
const streamRemoteSchema = z.object({
  field: z.string(),
  kind: z.enum(['number', 'text', 'boolean']).optional(),
  series: z.string().optional(),
});
const seriesFieldsSchema = z.array(z.string());

/** A portal with more datasets than this syncs nothing until the user chooses (DESIGN.md). */
const LARGE_CATALOG = 50;
/** Recent records read to tell whether a dataset holds several series. */
const SERIES_SAMPLE = 100;

/** Query parameters; a list repeats its parameter (`refine`). */
type Params = Record<string, string | number | readonly string[] | undefined>;

export function createOpendatasoftConnector(ctx: ConnectorContext): Connector {
  const apikey = (ctx.secret.apikey ?? '').trim();
  const headers: Record<string, string> = apikey ? { authorization: `Apikey ${apikey}` } : {};
  const quota = createQuotaGate(ctx.http.budget, ctx.now, 'OpenDataSoft');

  const explore = (path: string, params: Params) => {
    const url = new URL(`${ctx.baseUrl}${EXPLORE}${path}`);
    for (const [k, v] of Object.entries(params)) {
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, item);
      else if (v !== undefined) url.searchParams.set(k, String(v));
    }
    return url;
  };

  async function getJson(path: string, params: Params, signal?: AbortSignal): Promise<unknown> {
    quota.check();
    const res = await ctx.http.request({ url: explore(path, params), headers, signal, maxBytes: ANSWER_MAX_BYTES });
    quota.observe(res.headers);
    return res.json();
  }

  async function catalogPage(offset: number, limit: number, signal?: AbortSignal) {
    return parseWire(
      catalogPageSchema,
      await getJson('/catalog/datasets', { limit, offset }, signal),
      'OpenDataSoft catalog',
    );
  }

  /** Where a dataset's newest record is, when it has a geo_point_2d field (one small request). */
  async function datasetLocation(dataset: WireDataset, timeField: string, signal?: AbortSignal) {
    const field = geoField(dataset);
    if (!field) return undefined;
    const page = parseWire(
      recordsPageSchema,
      await getJson(
        datasetPath(dataset.dataset_id, '/records'),
        { select: odsqlField(field), order_by: `${odsqlField(timeField)} DESC`, limit: 1 },
        signal,
      ),
      `OpenDataSoft location of ${dataset.dataset_id}`,
    );
    return geoPointOf(page.results[0]?.[field]);
  }

  function feedOf(req: PageRequest) {
    const remote = parseWire(feedRemoteSchema, req.feed.remote, `feed ${req.feed.id}`);
    const seriesBy = parseWire(seriesFieldsSchema, JSON.parse(remote.seriesBy ?? '[]'), `feed ${req.feed.id}`);
    const streams = req.feed.streams.map((s) => ({ key: s.key, ...parseWire(streamRemoteSchema, s.remote, s.key) }));
    const fields = [...new Set([remote.timeField, ...seriesBy, ...streams.map((s) => s.field)])];
    const query = (w: Window): Params => ({
      select: fields.map(odsqlField).join(','),
      where: odsqlWhere(remote.timeField, w),
      order_by: `${odsqlField(remote.timeField)} ASC`,
    });
    const batch = (w: Window, cursor: OdsCursor | null) => createRecordBatch(streams, w, seriesBy, cursor);
    return { ...remote, streams, query, batch };
  }

  function toPage(cursor: OdsCursor | null, batch: ReturnType<typeof createRecordBatch>['batch'], done: boolean): Page {
    return {
      points: batch.points,
      cursor: cursor && JSON.stringify(cursor),
      done,
      rejected: batch.rejected,
      collisions: batch.collisions,
    };
  }

  /** A first sync: the export endpoint, streamed; records at the cursor's time already taken are skipped. */
  async function exportPage(req: PageRequest, cursor: OdsCursor | null, to: number): Promise<Page> {
    const feed = feedOf(req);
    const skip = cursor?.n ?? 0;
    const window: Window = { from: cursor ? cursor.t : (req.from ?? null), fromInclusive: true, to };
    const limit = skip + EXPORT_PAGE_RECORDS;
    quota.check();
    const res = await ctx.http.stream({
      url: explore(datasetPath(feed.datasetId, '/exports/jsonl'), { ...feed.query(window), limit }),
      headers,
      signal: req.signal,
    });
    quota.observe(res.headers);
    const { batch, add } = feed.batch(window, cursor);
    const lines = createInterface({ input: res.body, crlfDelay: Infinity });
    let read = 0;
    let skipped = 0;
    try {
      for await (const line of lines) {
        if (line.trim() === '') continue;
        read++;
        const record = parseWire(recordSchema, parseJsonLine(line, read), `OpenDataSoft export line ${read}`);
        if (cursor && skipped < skip && recordTime(record[feed.timeField]) === cursor.t) {
          skipped++;
          continue;
        }
        add(record, feed.timeField);
      }
    } catch (err) {
      if (err instanceof VendorError) throw err;
      req.signal?.throwIfAborted();
      throw new VendorError(
        said('vendors.opendatasoft.exportCutOff', { datasetId: feed.datasetId, why: (err as Error).message }),
        'retry',
      );
    } finally {
      lines.close();
      res.body.destroy();
    }
    const done = read < limit;
    return toPage(advanceCursor(cursor, batch.taken, !done), batch, done);
  }

  /** An incremental sync: `/records`, 100 at a time, the window moving with the cursor. */
  async function recordsPage(req: PageRequest, cursor: OdsCursor, to: number): Promise<Page> {
    const feed = feedOf(req);
    const { window, offset } = recordsQuery(cursor, req.from, to);
    const params = { ...feed.query(window), limit: MAX_LIMIT, offset };
    const body = parseWire(
      recordsPageSchema,
      await getJson(datasetPath(feed.datasetId, '/records'), params, req.signal),
      `OpenDataSoft records of ${feed.datasetId}`,
    );
    const { batch, add } = feed.batch(window, cursor);
    for (const record of body.results) add(record, feed.timeField);
    const done = body.results.length < MAX_LIMIT;
    return toPage(advanceCursor(cursor, batch.taken, false), batch, done);
  }

  /**
   * A dataset's series: the fields the user named, else the ones detected before while its fields were
   * the same, else the smallest set of text fields that makes (time, fields) unique on the most recent
   * records (reported in `detected`, to be remembered); then every value of those fields, listed with
   * the portal's `group_by` aggregation.
   */
  async function seriesOf(
    dataset: WireDataset,
    memory: SeriesMemory | undefined,
    detected: Record<string, DetectedSeries>,
    signal?: AbortSignal,
  ): Promise<DatasetSeries | undefined> {
    const timeField = pickTimeField(dataset.fields);
    const candidates = textFields(dataset);
    if (!timeField || candidates.length === 0) return undefined;
    const path = datasetPath(dataset.dataset_id, '/records');
    const signature = fieldsSignature(dataset.fields);
    let fields = rememberedSeriesFields(memory, signature, candidates);
    if (!fields) {
      const sample = parseWire(
        recordsPageSchema,
        await getJson(
          path,
          {
            select: [timeField.name, ...candidates].map(odsqlField).join(','),
            order_by: `${odsqlField(timeField.name)} DESC`,
            limit: SERIES_SAMPLE,
          },
          signal,
        ),
        `OpenDataSoft records of ${dataset.dataset_id}`,
      );
      fields = detectSeriesFields(sample.results, timeField.name, candidates);
      detected[dataset.dataset_id] = { signature, fields };
    }
    if (fields.length === 0) return undefined;
    const values = [];
    for (let offset = 0; offset + MAX_LIMIT <= MAX_WINDOW; offset += MAX_LIMIT) {
      const groups = parseWire(
        recordsPageSchema,
        await getJson(
          path,
          {
            select: fields.map(odsqlField).join(','),
            group_by: fields.map(odsqlField).join(','),
            limit: MAX_LIMIT,
            offset,
          },
          signal,
        ),
        `OpenDataSoft series of ${dataset.dataset_id}`,
      );
      values.push(...groups.results);
      if (groups.results.length < MAX_LIMIT) break;
    }
    return { fields, values };
  }

  /** Datasets → sources and streams; those `look` names are looked into (series, where they are). */
  async function discoveryOf(
    datasets: readonly WireDataset[],
    look: (d: WireDataset) => boolean,
    memory: DiscoveryMemory | undefined,
    signal?: AbortSignal,
  ): Promise<Discovery> {
    const detectedSeries: Record<string, DetectedSeries> = {};
    const discovery: Discovery = { sources: [], streams: [], feeds: {}, detectedSeries };
    for (const dataset of datasets) {
      const looked = look(dataset);
      let found;
      try {
        const series = looked
          ? await seriesOf(dataset, memory?.get(dataset.dataset_id), detectedSeries, signal)
          : undefined;
        found = mapDataset(dataset, series);
      } catch (err) {
        // One dataset that cannot be looked into must not hide the others; it is retried next time.
        if (!(err instanceof VendorError) || err.action !== 'fail-stream') throw err;
        found = unreadableDataset(dataset, err.message);
      }
      // Where its records are: one small request, for the datasets looked into.
      const where =
        looked && found.feed ? await datasetLocation(dataset, String(found.feed.remote.timeField), signal) : undefined;
      discovery.sources.push(where ? { ...found.source, location: where } : found.source);
      discovery.streams.push(...found.streams);
      if (found.feed) discovery.feeds[found.feed.id] = found.feed.remote;
    }
    return discovery;
  }

  /** Catalog search: one page of datasets and the facets, both for the same text and choices. */
  const catalog: CatalogOperations = {
    async search(query: CatalogQuery, signal?: AbortSignal) {
      if (query.offset + CATALOG_PAGE_SIZE > MAX_WINDOW)
        throw new UserError('vendors.opendatasoft.catalogWindow', { max: MAX_WINDOW });
      const filter = { where: fullTextWhere(query.text), refine: refineParams(query.refine) };
      const [page, facets] = await Promise.all([
        getJson('/catalog/datasets', { ...filter, limit: CATALOG_PAGE_SIZE, offset: query.offset }, signal),
        getJson('/catalog/facets', filter, signal),
      ]);
      const datasets = parseWire(catalogPageSchema, page, 'OpenDataSoft catalog');
      return {
        total: datasets.total_count,
        hits: datasets.results.map(catalogHit),
        pageSize: CATALOG_PAGE_SIZE,
        facets: searchFacets(parseWire(catalogFacetsSchema, facets, 'OpenDataSoft catalog facets')),
      };
    },
    async discoverSource(ref, signal, memory) {
      const dataset = parseWire(
        datasetSchema,
        await getJson(datasetPath(ref), {}, signal),
        `OpenDataSoft dataset ${ref}`,
      );
      return discoveryOf([dataset], () => true, memory, signal);
    },
  };

  return {
    vendor: 'opendatasoft',
    files: createOpendatasoftFiles({
      url: (path) => explore(path, {}),
      headers,
      getJson: (path, signal) => getJson(path, {}, signal),
      checkQuota: quota.check,
    }),

    async testConnection(signal) {
      const page = await catalogPage(0, 1, signal);
      const access = apikey ? '' : ' (public access, no API key)';
      return `${page.total_count} dataset${page.total_count === 1 ? '' : 's'}${access}`;
    },

    async discover(signal, focus, memory) {
      const datasets: WireDataset[] = [];
      // The catalog obeys the same offset + limit ≤ 10000 rule as records.
      for (let offset = 0; offset + MAX_LIMIT <= MAX_WINDOW; offset += MAX_LIMIT) {
        const page = await catalogPage(offset, MAX_LIMIT, signal);
        datasets.push(...page.results);
        if (page.results.length < MAX_LIMIT || offset + MAX_LIMIT >= page.total_count) break;
      }
      const large = datasets.length > LARGE_CATALOG;
      // On a large portal, only the datasets the user syncs from are looked into (two requests each).
      const look = (d: WireDataset) => !large || (focus?.has(d.dataset_id) ?? false);
      const discovery = await discoveryOf(datasets, look, memory, signal);
      if (large) discovery.defaultNewStreams = 'exclude';
      return discovery;
    },

    catalog,

    async fetchPage(req) {
      const cursor = parseJsonAs(cursorSchema, req.cursor);
      const to = req.to ?? ctx.now() * 1000;
      return cursor === null || cursor.bulk ? exportPage(req, cursor, to) : recordsPage(req, cursor, to);
    },
  };
}

function parseJsonLine(line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new VendorError(said('vendors.opendatasoft.unreadableLine', { line: lineNumber }), 'fail-stream');
  }
}

export const opendatasoftVendor: VendorDefinition = {
  id: 'opendatasoft',
  label: 'OpenDataSoft (Huwise)',
  secretSchema,
  secretFields: [{ name: 'apikey', label: 'API key (not needed for public portals)', optional: true, secret: true }],
  defaultBaseUrl: 'https://public.opendatasoft.com',
  // Quotas are per day (X-RateLimit-* headers pace us when they run low); this only keeps bursts polite.
  budget: { perMinute: 120, burst: 10 },
  capabilities: {
    // Dataset exports and attachments: always on the server, nothing to ask a device for.
    files: { statuses: [], listed: true, requestFromDevice: false, osf: false },
    reports: null,
    deviceEvents: false,
    retentionDays: null,
    seriesFields: true,
    catalogSearch: true,
  },
  policy: opendatasoftPolicy,
  create: createOpendatasoftConnector,
};
