import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { counterFor, type SimOptions } from '../common/faults';
import {
  absurdRetryAfter,
  absurdTimeMs,
  applyFlakyFault,
  drained,
  garbageValue,
  hostileHit,
  sendOversizedJson,
} from '../common/injected';
import { hashSeed } from '../common/rng';
import { requestUrl, sendJson, sendText } from '../common/server';
import type { TruthStream, VendorSimulator } from '../common/types';
import { portalDatasets, type Dataset, type OdsRow, type OdsValue } from './datasets';
import { OdsqlError, parseQuery, type Query } from './odsql';
import { CatalogParamError, catalogFacets, facetValues, matchCatalog } from './catalog';

/**
 * OpenDataSoft (Huwise) portal: Explore API v2.1 plus a minimal v1 records search.
 * README.md "OpenDataSoft" lists the choices made where the docs are silent.
 */

export interface OpendatasoftTuning {
  /** Calls per key (or per anonymous caller) per UTC day; default 100,000. */
  dailyQuota?: number;
  basePath?: string;
  /** Wall clock for the quota day; defaults to Date.now so a pinned `now` still lets quotas reset. */
  clock?: () => number;
  /** Reference tables added to the catalog, to make a large portal (default 0). */
  extraDatasets?: number;
}

const DEFAULT_DAILY_QUOTA = 100_000;
const MAX_RECORDS_LIMIT = 100;
const MAX_RECORDS_WINDOW = 10_000;
const DAY_MS = 86_400_000;
const EXPLORE = '/api/explore/v2.1/catalog/datasets';
const FACETS = '/api/explore/v2.1/catalog/facets';

type Caller = { kind: 'anonymous' } | { kind: 'key'; key: string } | { kind: 'bad-key' };

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message ?? body.error));
  }
}

const restError = (message: string): HttpError =>
  new HttpError(400, { error_code: 'InvalidRESTParameterError', message });

export function createOpendatasoftSimulator(opts: SimOptions, tuning: OpendatasoftTuning = {}): VendorSimulator {
  const apikey = `ods_${hashSeed(opts.seed, 'ods-apikey').toString(16).padStart(8, '0')}${hashSeed('key2', opts.seed).toString(16).padStart(8, '0')}`;
  const dailyQuota = tuning.dailyQuota ?? DEFAULT_DAILY_QUOTA;
  const basePath = tuning.basePath ?? '';
  const clock = tuning.clock ?? (() => Date.now());
  const datasets = portalDatasets(opts.seed, opts.scale, opts.now(), opts.now, tuning.extraDatasets);
  const nextSequence = counterFor();
  const quotaUsed = new Map<string, { day: number; used: number }>();
  let recordsRequests = 0;

  function callerOf(req: IncomingMessage, url: URL): Caller {
    const header = /^apikey\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const given = header?.[1] ?? url.searchParams.get('apikey');
    if (given === null || given === undefined) return { kind: 'anonymous' };
    return given === apikey ? { kind: 'key', key: given } : { kind: 'bad-key' };
  }

  /**
   * Counts the call against the caller's daily quota (a wrong key counts as anonymous) and sets the three
   * X-RateLimit headers, so every answer carries them.
   */
  function spendQuota(res: ServerResponse, caller: Caller): HttpError | null {
    const bucket = caller.kind === 'key' ? caller.key : 'anonymous';
    const day = Math.floor(clock() / DAY_MS);
    const state = quotaUsed.get(bucket);
    const used = state && state.day === day ? state.used : 0;
    const resetMs = (day + 1) * DAY_MS;
    res.setHeader('X-RateLimit-Limit', String(dailyQuota));
    res.setHeader('X-RateLimit-Reset', String(resetMs / 1000));
    if (used >= dailyQuota) {
      res.setHeader('X-RateLimit-Remaining', '0');
      return quotaExceeded(caller.kind === 'key' ? 10002 : 10005, resetMs);
    }
    quotaUsed.set(bucket, { day, used: used + 1 });
    res.setHeader('X-RateLimit-Remaining', String(dailyQuota - used - 1));
    return null;
  }

  function quotaExceeded(errorcode: number, resetMs: number, unit: 'day' | 'minute' = 'day'): HttpError {
    return new HttpError(429, {
      errorcode,
      reset_time: new Date(resetMs).toISOString().replace('.000Z', 'Z'),
      limit_time_unit: unit,
      call_limit: dailyQuota,
      error: 'Too many requests on the domain. Please contact the domain administrator.',
    });
  }

  function visibleDataset(id: string, caller: Caller): Dataset {
    const dataset = datasets.find((d) => d.id === id);
    if (!dataset) throw new HttpError(404, { error_code: 'NotFound', message: `Unknown dataset: ${id}` });
    if (dataset.isPrivate && caller.kind !== 'key') {
      throw new HttpError(401, {
        error_code: 'AuthenticationError',
        message: 'This dataset is restricted: an API key with access is required.',
      });
    }
    return dataset;
  }

  /** Hostile mode: some values malformed, some rows duplicated with other values or moved to absurd times. */
  function hostileRows(dataset: Dataset, row: OdsRow): OdsRow[] {
    if (opts.faults !== 'hostile' || !dataset.timeField) return [row];
    const fields: Record<string, OdsValue | unknown> = { ...row.fields };
    for (const name of dataset.numericFields) {
      if (hostileHit(opts.seed, 0.01, dataset.id, row.timeMs, name))
        fields[name] = garbageValue(opts.seed, dataset.id, row.timeMs, name);
    }
    const out: OdsRow[] = [{ timeMs: row.timeMs, fields: fields as Record<string, OdsValue> }];
    if (hostileHit(opts.seed, 0.005, dataset.id, row.timeMs, 'duplicate')) {
      const other = Object.fromEntries(
        dataset.numericFields.map((n) => [
          n,
          typeof row.fields[n] === 'number' ? (row.fields[n] as number) * 1.5 + 1 : 7,
        ]),
      );
      out.push({ timeMs: row.timeMs, fields: { ...row.fields, ...other } });
    }
    if (hostileHit(opts.seed, 0.003, dataset.id, row.timeMs, 'absurd-time')) {
      const t = absurdTimeMs(opts.seed, dataset.id, row.timeMs);
      out.push({ timeMs: t, fields: { ...row.fields, [dataset.timeField]: t } });
    }
    return out;
  }

  function render(dataset: Dataset, row: OdsRow, select: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of select) {
      const value = row.fields[name];
      out[name] = name === dataset.timeField && typeof value === 'number' ? odsDateTime(value) : (value ?? null);
    }
    return out;
  }

  function* servedRows(dataset: Dataset, q: Query, limit: number, offset: number): Generator<Record<string, unknown>> {
    let skipped = 0;
    let taken = 0;
    for (const row of matchingRows(dataset, q, limit + offset)) {
      if (skipped++ < offset) continue;
      if (taken++ >= limit) return;
      for (const served of hostileRows(dataset, row)) yield render(dataset, served, q.select);
    }
  }

  function totalCount(dataset: Dataset, q: Query): number {
    if (!q.hasResidual) return dataset.count(q.fromMs, q.toMs);
    let n = 0;
    for (const row of dataset.rows(q.fromMs, q.toMs, false)) if (q.residual(row)) n++;
    return n;
  }

  function records(res: ServerResponse, dataset: Dataset, params: URLSearchParams): Promise<void> | void {
    const limit = parseLimit(params.get('limit'));
    const offset = parseOffset(params.get('offset'));
    checkWindow(offset, limit);
    const q = parseQuery(dataset, params);
    const groupBy = params.get('group_by');
    if (groupBy) return sendJson(res, 200, groups(dataset, q, groupBy, limit, offset));
    recordsRequests++;
    if (opts.faults === 'hostile' && recordsRequests === 3) {
      return sendOversizedJson(res, 200, `{"total_count":1,"results":[{"${dataset.timeField ?? 'name'}":`, '}]}');
    }
    sendJson(res, 200, { total_count: totalCount(dataset, q), results: [...servedRows(dataset, q, limit, offset)] });
  }

  /** `group_by=f1,f2` with `select` of the same fields: the distinct values, sorted, as the portal's aggregation gives them. */
  function groups(dataset: Dataset, q: Query, groupBy: string, limit: number, offset: number) {
    const fields = groupBy.split(',').map((f) => f.trim());
    if (fields.some((f) => !q.select.includes(f)) || q.select.some((f) => !fields.includes(f)))
      throw new OdsqlError('ODSQL query is malformed: select must name exactly the group_by fields');
    const seen = new Map<string, Record<string, unknown>>();
    for (const row of dataset.rows(q.fromMs, q.toMs, false)) {
      if (!q.residual(row)) continue;
      const group = Object.fromEntries(fields.map((f) => [f, row.fields[f] ?? null]));
      seen.set(JSON.stringify(group), group);
    }
    const sorted = [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
    return { total_count: sorted.length, results: sorted.slice(offset, offset + limit) };
  }

  async function exportRows(
    res: ServerResponse,
    dataset: Dataset,
    format: string,
    params: URLSearchParams,
  ): Promise<void> {
    const writer = EXPORT_WRITERS[format];
    if (!writer)
      throw restError(
        `Invalid value for format API parameter: ${format} is not a supported export format (json, jsonl, csv).`,
      );
    const limitText = params.get('limit');
    const limit = limitText === null || limitText === '-1' ? Infinity : parseNonNegative('limit', limitText);
    const offset = parseOffset(params.get('offset'));
    const q = parseQuery(dataset, params);
    res.writeHead(200, {
      'Content-Type': writer.contentType,
      'Content-Disposition': `attachment; filename="${dataset.id}.${format}"`,
    });
    let chunk = writer.head(q.select);
    let index = 0;
    for (const row of servedRows(dataset, q, limit, offset)) {
      chunk += writer.row(row, q.select, index++);
      if (chunk.length < 65_536) continue;
      if (!res.write(chunk)) await drained(res);
      if (res.destroyed) return;
      chunk = '';
    }
    res.end(chunk + writer.tail);
  }

  function datasetJson(dataset: Dataset): Record<string, unknown> {
    const facets = facetValues(dataset);
    return {
      dataset_id: dataset.id,
      dataset_uid: `da_${hashSeed(dataset.id).toString(36)}`,
      visibility: dataset.isPrivate ? 'restricted' : 'domain',
      has_records: true,
      data_visible: true,
      features: facets.features,
      attachments: attachmentsOf(dataset).map((a) => a.metas),
      metas: {
        default: {
          title: dataset.title,
          records_count: dataset.count(-Infinity, Infinity),
          modified: odsDateTime(Math.floor(opts.now() / 3_600_000) * 3_600_000),
          timezone: null,
          language: 'fr',
          publisher: dataset.metas.publisher,
          theme: dataset.metas.theme,
          keyword: dataset.metas.keyword,
          license: 'Licence Ouverte v2.0',
        },
      },
      fields: dataset.fields.map((f) => ({
        name: f.name,
        label: f.label,
        type: f.type,
        annotations: {},
        description: null,
      })),
    };
  }

  function attachmentsOf(dataset: Dataset): { metas: Record<string, string>; content: string }[] {
    if (dataset.id !== 'weather-observations') return [];
    const title = opts.faults === 'hostile' ? '../../../../etc/cron.d/station-metadata.csv' : 'station-metadata.csv';
    return [
      {
        metas: { id: 'station_metadata_csv', title, mimetype: 'text/csv', url: 'odsfile://station-metadata.csv' },
        content: 'station;altitude_m;opened\nLyon-Bron;201;1920-01-01\n',
      },
    ];
  }

  const visibleTo = (caller: Caller) => datasets.filter((d) => !d.isPrivate || caller.kind === 'key');

  /** `/catalog/datasets`: the matching datasets, paged under the same limits as records. */
  function catalog(res: ServerResponse, caller: Caller, params: URLSearchParams): void {
    const limit = parseLimit(params.get('limit'));
    const offset = parseOffset(params.get('offset'));
    checkWindow(offset, limit);
    const matching = matchCatalog(visibleTo(caller), params);
    sendJson(res, 200, {
      total_count: matching.length,
      results: matching.slice(offset, offset + limit).map(datasetJson),
    });
  }

  function route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    url: URL,
    caller: Caller,
  ): Promise<void> | void {
    const params = url.searchParams;
    if (path === EXPLORE) return catalog(res, caller, params);
    if (path === FACETS) {
      const self = `${basePath}${FACETS}`;
      return sendJson(res, 200, {
        links: [{ rel: 'self', href: self }],
        facets: catalogFacets(visibleTo(caller), params),
      });
    }
    const m =
      /^\/api\/explore\/v2\.1\/catalog\/datasets\/([^/]+)(?:\/(records|exports|attachments)(?:\/([^/]+))?)?$/.exec(
        path,
      );
    if (m) {
      const dataset = visibleDataset(decodeURIComponent(m[1]), caller);
      if (!m[2]) return sendJson(res, 200, datasetJson(dataset));
      if (m[2] === 'records' && !m[3]) return records(res, dataset, params);
      if (m[2] === 'exports' && m[3]) return exportRows(res, dataset, m[3], params);
      if (m[2] === 'attachments' && !m[3]) {
        const self = `${basePath}${EXPLORE}/${dataset.id}/attachments`;
        const items = attachmentsOf(dataset).map((a) => ({ href: `${self}/${a.metas.id}`, metas: a.metas }));
        return sendJson(res, 200, { links: [{ rel: 'self', href: self }], attachments: items });
      }
      const attachment = attachmentsOf(dataset).find((a) => a.metas.id === m[3]);
      if (m[2] === 'attachments' && attachment)
        return sendText(res, 200, attachment.content, attachment.metas.mimetype);
    }
    if (path === '/api/records/1.0/search') return searchV1(res, caller, params);
    throw new HttpError(404, { error_code: 'NotFound', message: `Unknown route: ${req.method} ${path}` });
  }

  /** API v1 records search, minimal: rows/start paging, sort on the datetime field, refine.F=V. */
  function searchV1(res: ServerResponse, caller: Caller, params: URLSearchParams): void {
    const dataset = visibleDataset(params.get('dataset') ?? '', caller);
    const rows = Number(params.get('rows') ?? '10');
    const start = Number(params.get('start') ?? '0');
    if (
      !Number.isInteger(rows) ||
      !Number.isInteger(start) ||
      rows < 0 ||
      start < 0 ||
      rows > MAX_RECORDS_WINDOW ||
      start + rows > MAX_RECORDS_WINDOW
    ) {
      throw new HttpError(400, {
        errorcode: 10002,
        error: `Invalid rows/start: start + rows must be <= ${MAX_RECORDS_WINDOW}`,
      });
    }
    const sort = params.get('sort') ?? '';
    const v2 = new URLSearchParams();
    for (const [name, value] of params)
      if (name.startsWith('refine.')) v2.append('refine', `${name.slice(7)}:${value}`);
    if (sort) v2.set('order_by', sort.startsWith('-') ? sort.slice(1) : `${sort} desc`);
    const q = parseQuery(dataset, v2);
    const records = [...servedRows(dataset, q, rows, start)].map((fields) => {
      const time = dataset.timeField ? String(fields[dataset.timeField]) : '';
      const location = fields.location as { lon: number; lat: number } | undefined;
      const v1Fields = Object.fromEntries(
        Object.entries(fields)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, k === 'location' && location ? [location.lat, location.lon] : v]),
      );
      return {
        datasetid: dataset.id,
        recordid: createHash('sha1')
          .update(`${dataset.id}/${time}/${JSON.stringify(fields)}`)
          .digest('hex'),
        fields: v1Fields,
        ...(location ? { geometry: { type: 'Point', coordinates: [location.lon, location.lat] } } : {}),
        record_timestamp: odsDateTime(Math.floor(opts.now() / 3_600_000) * 3_600_000),
      };
    });
    sendJson(res, 200, {
      nhits: totalCount(dataset, q),
      parameters: {
        dataset: [dataset.id],
        timezone: 'UTC',
        rows,
        start,
        format: 'json',
        ...(sort ? { sort: [sort] } : {}),
      },
      records,
    });
  }

  async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sequence = nextSequence();
    // Injected throttling is a per-minute burst limit about to roll over (the daily quota is real, above).
    const throttle = (): void => {
      const resetMs = Math.ceil(clock() / 1000) * 1000 + 3000;
      const headers: Record<string, string> = {
        'X-RateLimit-Limit': String(dailyQuota),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(resetMs / 1000),
        'Retry-After': opts.faults === 'hostile' ? absurdRetryAfter(opts.seed, sequence) : '3',
      };
      sendJson(res, 429, quotaExceeded(10002, resetMs, 'minute').body, headers);
    };
    if (await applyFlakyFault(opts.faults, opts.seed, sequence, res, throttle)) return;
    const url = requestUrl(req);
    const caller = callerOf(req, url);
    try {
      const overQuota = spendQuota(res, caller);
      if (overQuota) throw overQuota;
      if (!url.pathname.startsWith(`${basePath}/`))
        throw new HttpError(404, { error_code: 'NotFound', message: 'Unknown route' });
      const path = url.pathname.slice(basePath.length).replace(/\/+$/, '');
      if (req.method !== 'GET' && !(req.method === 'POST' && path.startsWith('/api/records/1.0'))) {
        throw new HttpError(405, {
          error_code: 'MethodNotAllowed',
          message: `${req.method} is not allowed; the Explore API is read-only`,
        });
      }
      if (caller.kind === 'bad-key')
        throw new HttpError(401, { error_code: 'InvalidAPIKey', message: 'The API key given is not valid.' });
      await route(req, res, path, url, caller);
    } catch (err) {
      if (err instanceof HttpError) return sendJson(res, err.status, err.body);
      if (err instanceof OdsqlError) return sendJson(res, 400, { error_code: 'ODSQLError', message: err.message });
      if (err instanceof CatalogParamError) return sendJson(res, 400, restError(err.message).body);
      throw err;
    }
  }

  /**
   * One stream per field (number, text, boolean as 1/0) per series; of records colliding on a stream and
   * time, the first is the truth (the second is counted by the sync, not stored).
   */
  function truth(): TruthStream[] {
    return datasets.flatMap((dataset) => {
      if (dataset.timeField === null) return [];
      const fields = dataset.fields.filter(
        (f) => f.name !== dataset.timeField && f.type !== 'geo_point_2d' && !dataset.seriesFields.includes(f.name),
      );
      // Series are known only from the records: one walk, held in memory (tests use small scales).
      const byKey = new Map<string, { ts: number; value: number | string }[]>();
      for (const row of dataset.rows(-Infinity, Infinity, false)) {
        const series = dataset.seriesFields.map((f) => `/${encodeURIComponent(String(row.fields[f]))}`).join('');
        for (const f of fields) {
          const raw = row.fields[f.name];
          const value = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
          if (typeof value !== 'number' && typeof value !== 'string') continue;
          const key = `opendatasoft/${dataset.id}/${f.name}${series}`;
          let points = byKey.get(key);
          if (!points) byKey.set(key, (points = []));
          if (points.length === 0 || points[points.length - 1].ts < row.timeMs * 1000)
            points.push({ ts: row.timeMs * 1000, value });
        }
      }
      return [...byKey].map(([key, points]) => ({ key, points: () => points }));
    });
  }

  return { handler, credentials: { apikey }, basePath, truth };
}

/** Rows matching the query in the requested order; a non-time order keeps only the first `keep`. */
function* matchingRows(dataset: Dataset, q: Query, keep: number): Generator<OdsRow> {
  const [first] = q.orderBy;
  if (!first || first.field === dataset.timeField) {
    for (const row of dataset.rows(q.fromMs, q.toMs, first?.descending ?? false)) if (q.residual(row)) yield row;
    return;
  }
  const compare = (a: OdsRow, b: OdsRow): number => {
    for (const key of q.orderBy) {
      const x = a.fields[key.field];
      const y = b.fields[key.field];
      const order =
        x === y ? 0 : x === null || x === undefined ? 1 : y === null || y === undefined ? -1 : x < y ? -1 : 1;
      if (order !== 0) return key.descending ? -order : order;
    }
    return a.timeMs - b.timeMs;
  };
  let best: OdsRow[] = [];
  for (const row of dataset.rows(q.fromMs, q.toMs, false)) {
    if (!q.residual(row)) continue;
    best.push(row);
    if (best.length > 2 * keep + 1000) best = best.sort(compare).slice(0, keep);
  }
  yield* best.sort(compare).slice(0, keep);
}

/** `offset + limit` ≤ 10000 on `/records` and `/catalog/datasets`. */
function checkWindow(offset: number, limit: number): void {
  if (offset + limit > MAX_RECORDS_WINDOW)
    throw restError(
      `Invalid value for sum of offset + limit API parameter: ${offset + limit} was found but <= ${MAX_RECORDS_WINDOW} is expected.`,
    );
}

function parseNonNegative(name: string, text: string): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || n < 0)
    throw restError(`Invalid value for ${name} API parameter: ${text} was found but 0 <= ${name} is expected.`);
  return n;
}

function parseOffset(text: string | null): number {
  return text === null ? 0 : parseNonNegative('offset', text);
}

/** `limit`: default 10; -1 means the maximum (100); anything above 100 is refused with the portal's message. */
function parseLimit(text: string | null): number {
  if (text === null) return 10;
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || n < -1 || n > MAX_RECORDS_LIMIT) {
    throw restError(
      `Invalid value for limit API parameter: ${text} was found but -1 <= limit <= ${MAX_RECORDS_LIMIT} is expected.`,
    );
  }
  return n === -1 ? MAX_RECORDS_LIMIT : n;
}

/** Datetimes as the portal renders them in UTC: seconds and `+00:00`. */
export function odsDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

interface ExportWriter {
  contentType: string;
  head: (select: string[]) => string;
  row: (record: Record<string, unknown>, select: string[], index: number) => string;
  tail: string;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'object' && 'lat' in value && 'lon' in value
      ? `${String(value.lat)}, ${String(value.lon)}`
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return /[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const EXPORT_WRITERS: Record<string, ExportWriter> = {
  json: {
    contentType: 'application/json; charset=utf-8',
    head: () => '[',
    row: (r, _s, i) => (i ? ',' : '') + JSON.stringify(r),
    tail: ']',
  },
  jsonl: {
    contentType: 'application/jsonl; charset=utf-8',
    head: () => '',
    row: (r) => `${JSON.stringify(r)}\n`,
    tail: '',
  },
  csv: {
    contentType: 'text/csv; charset=utf-8',
    head: (select) => `\uFEFF${select.join(';')}\r\n`,
    row: (r, select) => `${select.map((name) => csvCell(r[name])).join(';')}\r\n`,
    tail: '',
  },
};
