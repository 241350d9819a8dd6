import type { IncomingMessage, ServerResponse } from 'node:http';
import { counterFor, type SimOptions } from '../common/faults';
import { applyFlakyFault } from '../common/injected';
import { retryAfterFor } from '../common/retry-after';
import { RateLimiter } from '../common/rate-limit';
import { hexOf } from '../common/ids';
import { unit } from '../common/rng';
import { requestUrl, sendText } from '../common/server';
import type { TruthStream, VendorSimulator } from '../common/types';
import {
  WINDOW_MS,
  buildCatalog,
  earliestMsWithIdAtMost,
  idOfTime,
  latestMsWithIdAtLeast,
  malformedValueAt,
  optiTruth,
  resourceAt,
  timesNewestFirst,
  type OptiStream,
} from './catalog';

/**
 * Opti Public API simulator (vendor-docs/opti-public-api.txt, vendor-notes.md §1).
 * ASP.NET behaviour: case-insensitive paths, optional trailing slash, `{"Message": …}` error bodies.
 * Choices where the docs are silent are listed in ../README.md.
 */

export interface OptiTuning {
  /** DataPoints per page when `top` is absent (default 500); `top` is capped at `maxPageSize` (default 1000). */
  pageSize?: number;
  maxPageSize?: number;
  /** DataStreams per page when `top` is absent (default 100). */
  datastreamPageSize?: number;
  /** Per-key token bucket on the real clock (default 20 requests/s, burst 40). */
  ratePerSecond?: number;
  burst?: number;
}

export interface OptiSimulator extends VendorSimulator {
  /** A second valid key that sees only every other stream. */
  readonly restrictedKey: string;
  /** Requests received so far (every request, faulty or not). */
  requestCount(): number;
  /** The account's streams at the simulated now, including one no key may read (403). */
  streams(): OptiStream[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** `+00:00` or `Z`, always 7 fractional digits, as the real API writes DataPoint times. */
function dotnetTime(ms: number, zulu: boolean): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000${zulu ? 'Z' : '+00:00'}`;
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i;
const ISO_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** utcHistorical/utcModern/at: ISO (no offset = UTC) or US dates like `5/2/2013` or `5/2/2013 3:04 PM`. */
function parseApiTime(name: string, text: string): number {
  const us = US_DATE.exec(text.trim());
  if (us) {
    let hour = Number(us[4] ?? 0);
    if (us[7]?.toUpperCase() === 'PM' && hour < 12) hour += 12;
    if (us[7]?.toUpperCase() === 'AM' && hour === 12) hour = 0;
    return Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]), hour, Number(us[5] ?? 0), Number(us[6] ?? 0));
  }
  const ms = Date.parse(ISO_WITHOUT_OFFSET.test(text) ? `${text}Z` : text);
  if (Number.isNaN(ms)) throw new HttpError(400, `The value '${text}' is not valid for ${name}.`);
  return ms;
}

function parseId(name: string, text: string | null): bigint | null {
  if (text === null) return null;
  if (!/^\d{1,19}$/.test(text)) throw new HttpError(400, `The value '${text}' is not valid for ${name}.`);
  return BigInt(text);
}

function parseCount(name: string, text: string | null, min: number): number | null {
  if (text === null) return null;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min)
    throw new HttpError(400, `The value '${text}' is not valid for ${name}.`);
  return Number(text);
}

/** The Accept header's version: null = latest (application/json, any type, none); a number for the vendor type. */
function requestedVersion(accept: string | undefined): number | null {
  const m = /application\/vhd\.optirtc-v([^+;,\s]*)\+json/i.exec(accept ?? '');
  if (!m) return null;
  return /^[1-9]\d*$/.test(m[1]) ? Number(m[1]) : NaN;
}

export function createOptiSimulator(opts: SimOptions, tuning: OptiTuning = {}): OptiSimulator {
  const pageSize = tuning.pageSize ?? 500;
  const maxPageSize = tuning.maxPageSize ?? 1000;
  const datastreamPageSize = tuning.datastreamPageSize ?? 100;
  const limiter = new RateLimiter(tuning.ratePerSecond ?? 20, tuning.burst ?? 40);
  const accountKey = hexOf(32, opts.seed, 'opti-account-key');
  const restrictedKey = hexOf(32, opts.seed, 'opti-restricted-key');
  const nextSequence = counterFor();
  let requests = 0;
  const catalogs = new Map<number, OptiStream[]>();
  /** The catalogue depends on the simulated day only (the rename is anchored to it). */
  const catalogAt = (nowMs: number): OptiStream[] => {
    const day = Math.floor(nowMs / 86_400_000);
    let c = catalogs.get(day);
    if (!c) catalogs.set(day, (c = buildCatalog(opts, nowMs)));
    return c;
  };

  const visibleTo = (key: string, s: OptiStream): boolean =>
    key === accountKey ? s.visibleToAccountKey : s.visibleToRestrictedKey;

  function sendBody(res: ServerResponse, status: number, body: unknown, version: number | null): void {
    // 1e400 is a hostile raw JSON number (parses to Infinity); everything else is plain JSON.
    const text = JSON.stringify(body).replace(/"__raw:([^"]+)"/g, '$1');
    const type = version === null ? 'application/json' : `application/vhd.optirtc-v${version}+json`;
    sendText(res, status, text, `${type}; charset=utf-8`);
  }

  function sendError(res: ServerResponse, status: number, message: string): void {
    sendText(res, status, JSON.stringify({ Message: message }), 'application/json; charset=utf-8');
  }

  function sendTooManyRequests(res: ServerResponse, retryAfter: string): void {
    sendText(
      res,
      429,
      '<html><head><title>Too Many Requests</title></head><body>Too Many Requests</body></html>',
      'text/html',
      { 'Retry-After': retryAfter },
    );
  }

  function listDatastreams(url: URL, key: string, nowMs: number): { body: unknown } {
    const atText = url.searchParams.get('at');
    const at = atText === null ? null : parseApiTime('at', atText);
    const top = parseCount('top', url.searchParams.get('top'), 1) ?? datastreamPageSize;
    const skip = parseCount('skiptoken', url.searchParams.get('skiptoken'), 0) ?? 0;
    const entries = catalogAt(nowMs)
      .filter((s) => visibleTo(key, s))
      .flatMap((s) => {
        const versions = at === null ? s.resources : s.resources.filter((r) => r.validFromMs <= at).slice(-1);
        return versions.map((r) => ({
          title: r.title,
          id: s.id,
          resourceId: r.resourceId,
          validFrom: r.validFrom,
          location: { type: 'Point', coordinates: [r.lon, r.lat], bbox: [r.lon, r.lat, r.lon, r.lat] },
          unitName: r.unitName,
          unitAbbreviation: r.unitAbbreviation,
        }));
      });
    const items = entries.slice(skip, skip + top);
    const body: Record<string, unknown> = { Items: items, Count: items.length };
    if (skip + top < entries.length) {
      const next = new URLSearchParams(url.searchParams);
      next.delete('skiptoken');
      next.set('skiptoken', String(skip + top));
      body.NextPageLink = `${url.origin}/api/datastream/?${next.toString()}`;
    }
    return { body };
  }

  function dataPointJson(stream: OptiStream, t: number, verbose: boolean): Record<string, unknown> {
    const malformed = malformedValueAt(opts, stream, t);
    const value = malformed === '1e400' ? '__raw:1e400' : (malformed ?? stream.valueAt(t));
    const dataValue: Record<string, unknown> = { resourceId: resourceAt(stream, t).resourceId, value };
    if (verbose) Object.assign(dataValue, { quality: malformed ? 'Bad' : 'Good', originalValue: value });
    const point: Record<string, unknown> = {
      id: idOfTime(t).toString(),
      timeValue: dotnetTime(t, stream.zulu),
      value: [dataValue],
    };
    if (verbose) point.networkStatus = 'Online';
    return point;
  }

  function listDataPoints(url: URL, key: string, nowMs: number): { body: unknown } {
    const p = url.searchParams;
    const streamIdText = p.get('dataStreamId');
    if (streamIdText === null || !/^\d+$/.test(streamIdText))
      throw new HttpError(400, 'The request is invalid. The dataStreamId parameter is required.');
    const stream = catalogAt(nowMs).find((s) => s.id === Number(streamIdText));
    if (!stream) throw new HttpError(404, `DataStream ${streamIdText} was not found.`);
    if (!visibleTo(key, stream))
      throw new HttpError(403, `The API key does not have access to DataStream ${streamIdText}.`);
    const verbosity = p.get('verbosity')?.toLowerCase() ?? 'identity';
    if (verbosity !== 'identity' && verbosity !== 'display')
      throw new HttpError(400, `The value '${verbosity}' is not valid for verbosity.`);
    const top = Math.min(parseCount('top', p.get('top'), 1) ?? pageSize, maxPageSize);

    // The window: the last 3 days; a sample exists only strictly before the simulated now.
    let from = nowMs - WINDOW_MS;
    let to = nowMs - 1;
    const historicalId = parseId('historicalId', p.get('historicalId'));
    const modernId = parseId('modernId', p.get('modernId'));
    const skiptoken = parseId('skiptoken', p.get('skiptoken'));
    if (historicalId !== null) from = Math.max(from, earliestMsWithIdAtMost(historicalId));
    if (modernId !== null) to = Math.min(to, latestMsWithIdAtLeast(modernId));
    if (skiptoken !== null) to = Math.min(to, latestMsWithIdAtLeast(skiptoken + 1n));
    const utcHistorical = p.get('utcHistorical');
    const utcModern = p.get('utcModern');
    const tss = parseCount('tss', p.get('tss'), 1);
    if (utcHistorical !== null) from = Math.max(from, parseApiTime('utcHistorical', utcHistorical));
    if (utcModern !== null) to = Math.min(to, parseApiTime('utcModern', utcModern));
    if (tss !== null) from = Math.max(from, nowMs - tss * 1000);

    const times: number[] = [];
    for (const t of timesNewestFirst(stream, from, to)) {
      times.push(t);
      if (times.length > top) break;
    }
    const hasMore = times.length > top;
    const page = times.slice(0, top).map((t) => dataPointJson(stream, t, verbosity === 'display'));
    // Official examples disagree on top=1: for half the streams (fixed per seed) it answers a bare DataPoint.
    if (top === 1 && page.length === 1 && unit(opts.seed, 'bare', stream.id) < 0.5) return { body: page[0] };
    const body: Record<string, unknown> = { Items: page, Count: page.length };
    if (hasMore) {
      const next = new URLSearchParams(p);
      next.delete('skiptoken');
      next.set('skiptoken', String(page[page.length - 1].id));
      body.NextPageLink = `${url.origin}/api/datapoint/?${next.toString()}`;
    }
    return { body };
  }

  const verbosityDefinitions = [
    {
      name: 'display',
      definition: 'Values with their quality, original value and the network status of the point.',
      isDefault: false,
      isAvailableInApi: true,
    },
    {
      name: 'identity',
      definition: 'Values with the identifier of the resource that describes them.',
      isDefault: true,
      isAvailableInApi: true,
    },
  ];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sequence = nextSequence();
    requests++;
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Vary', 'Origin');
    const url = requestUrl(req);
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    const fullUrl = new URL(url.pathname + url.search, origin);
    const route = url.pathname.toLowerCase().replace(/\/+$/, '');
    const routes = ['/api/datastream', '/api/datapoint', '/api/datapointverbosity'];
    if (!routes.includes(route))
      return sendError(res, 404, `No HTTP resource was found that matches the request URI '${fullUrl.href}'.`);
    if (req.method === 'OPTIONS') {
      res.writeHead(200, {
        'Access-Control-Allow-Methods': 'GET, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Accept, Content-Type',
        'Access-Control-Max-Age': '3600',
        'Content-Length': '0',
      });
      return void res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(res, 405, `The requested resource does not support http method '${req.method}'.`);
    const version = requestedVersion(req.headers.accept);
    if (version !== null && version !== 1)
      return sendError(res, 406, `The requested API version is not available. Available versions: 1.`);
    const key = url.searchParams.get('key');
    if (key !== accountKey && key !== restrictedKey)
      return sendError(res, 401, 'Authorization has been denied for this request.');
    const wait = limiter.take(key);
    if (wait !== null)
      return sendTooManyRequests(res, opts.faults === 'hostile' ? retryAfterFor(opts, sequence) : String(wait));
    const answered = await applyFlakyFault(opts.faults, opts.seed, sequence, res, () =>
      sendTooManyRequests(res, retryAfterFor(opts, sequence)),
    );
    if (answered) return;
    const nowMs = opts.now();
    try {
      if (route === '/api/datapointverbosity') return sendBody(res, 200, verbosityDefinitions, version);
      const { body } =
        route === '/api/datastream' ? listDatastreams(fullUrl, key, nowMs) : listDataPoints(fullUrl, key, nowMs);
      sendBody(res, 200, body, version);
    } catch (err) {
      if (err instanceof HttpError) return sendError(res, err.status, err.message);
      throw err;
    }
  }

  return {
    handler: handle,
    credentials: { key: accountKey },
    basePath: '',
    restrictedKey,
    requestCount: () => requests,
    streams: () => catalogAt(opts.now()),
    truth: (): TruthStream[] => optiTruth(opts, catalogAt(opts.now()), opts.now()),
  };
}
