import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { counterFor, type SimOptions } from '../common/faults';
import {
  absurdRetryAfter,
  absurdTimeMs,
  applyFlakyFault,
  garbageValue,
  hostileHit,
  sendOversizedJson,
} from '../common/injected';
import { hashSeed, unit } from '../common/rng';
import { readBody, requestUrl, sendJson, sendText } from '../common/server';
import type { TruthStream, VendorSimulator } from '../common/types';
import {
  buildFleet,
  generatedAt,
  generatedSamples,
  ingestChannel,
  KIND_RANGES,
  type Channel,
  type Device,
} from './fleet';
import { textPdf } from './pdf';

/**
 * OpenSense HTTP API v1 (murzin.digital). README.md "OpenSense" lists the choices made where the doc is
 * silent.
 */

export type RouteFamily = 'Device' | 'Read' | 'Report' | 'Mgmt';

export interface OpensenseTuning {
  /** Requests per minute per family (doc defaults: Device 60/device, Read 120, Report 4, Mgmt 600). */
  limits?: Partial<Record<RouteFamily, number>>;
  /** Time from a report's creation until it is ready (default 1,500 ms). */
  reportDelayMs?: number;
  basePath?: string;
  /** Clock of rate windows, report progress and idempotency memory; defaults to Date.now. */
  clock?: () => number;
}

export interface OpensenseSimulator extends VendorSimulator {
  /** One `ds_live_` token per device id: what a device (or a test) uses for POST /v1/ingest. */
  deviceTokens: Record<string, string>;
}

const DEFAULT_LIMITS: Record<RouteFamily, number> = { Device: 60, Read: 120, Report: 4, Mgmt: 600 };
const DEFAULT_MEASUREMENT_LIMIT = 5000;
const MAX_MEASUREMENT_LIMIT = 10_000;
const MAX_MULTI_CHANNELS = 32;
const IDEMPOTENCY_MEMORY_MS = 86_400_000;
const AGG_US: Record<string, number | null> = { raw: null, '5m': 300e6, '1h': 3600e6, '1d': 86_400e6 };
const FNS = ['mean', 'min', 'max', 'count', 'last', 'p50', 'p95'];
export const REPORT_TEMPLATES = ['haccp_temperature_log', 'legionella_flush_log', 'monthly_summary'];
const LANGUAGES = ['en', 'de', 'fr'];
const MAX_REPORT_DAYS = 366;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

type Caller = { kind: 'user' } | { kind: 'device'; device: Device };
interface Report {
  id: string;
  siteId: string;
  template: string;
  language: string;
  fromUs: number;
  toUs: number;
  period: { from: string; to: string };
  createdMs: number;
}
interface MeasurementQuery {
  fromUs: number;
  toUs: number;
  agg: string;
  fn: string;
}

export function createOpensenseSimulator(opts: SimOptions, tuning: OpensenseTuning = {}): OpensenseSimulator {
  const limits = { ...DEFAULT_LIMITS, ...tuning.limits };
  const reportDelayMs = tuning.reportDelayMs ?? 1500;
  const basePath = tuning.basePath ?? '';
  const clock = tuning.clock ?? (() => Date.now());
  const fleet = buildFleet(opts.seed, opts.scale, opts.now());
  const userToken = `ua_live_${hashSeed(opts.seed, 'user-token').toString(36)}${hashSeed('ua', opts.seed).toString(36)}`;
  const deviceTokens = Object.fromEntries(
    fleet.devices.map((d) => [d.id, `ds_live_${hashSeed(opts.seed, 'device-token', d.id).toString(36)}`]),
  );
  const nextSequence = counterFor();
  const windows = new Map<string, { window: number; used: number }>();
  const idempotency = new Map<string, { bodyHash: string; status: number; body: unknown; expiresMs: number }>();
  const ingested = new Map<string, [number, number][]>();
  const reports = new Map<string, Report>();
  let measurementRequests = 0;

  const nowUs = (): number => opts.now() * 1000;

  function callerOf(req: IncomingMessage): Caller {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) throw new ApiError(401, 'auth_required', 'Send Authorization: Bearer <token>');
    if (m[1] === userToken) return { kind: 'user' };
    const deviceId = Object.keys(deviceTokens).find((id) => deviceTokens[id] === m[1]);
    if (deviceId) return { kind: 'device', device: fleet.devices.find((d) => d.id === deviceId) as Device };
    throw new ApiError(401, 'token_invalid', 'The token is unknown or has been revoked');
  }

  /** Fixed one-minute windows per family (and per device for ingest); sets the three headers. */
  function spendRate(res: ServerResponse, family: RouteFamily, subject: string): void {
    const now = clock();
    const window = Math.floor(now / 60_000);
    const resetS = (window + 1) * 60;
    const key = `${family}/${subject}`;
    const state = windows.get(key);
    const used = state && state.window === window ? state.used : 0;
    res.setHeader(`X-RateLimit-${family}`, String(limits[family]));
    res.setHeader('X-RateLimit-Reset', String(resetS));
    if (used >= limits[family]) {
      res.setHeader('X-RateLimit-Remaining', '0');
      const retry = String(Math.max(1, Math.ceil(resetS - now / 1000)));
      throw new ApiError(
        429,
        'rate_limited',
        `Rate limit of ${limits[family]} requests per minute exceeded (${family})`,
        { 'Retry-After': retry },
      );
    }
    windows.set(key, { window, used: used + 1 });
    res.setHeader('X-RateLimit-Remaining', String(limits[family] - used - 1));
  }

  function channelById(id: string): Channel {
    const channel = fleet.channels.find((c) => c.channelId === id);
    if (!channel) throw new ApiError(404, 'channel_not_found', `No channel with id ${id} in this account`);
    return channel;
  }

  /** Samples of a channel in [fromUs, toUs): generated history merged with ingested points. */
  function* samples(channel: Channel, fromUs: number, toUs: number): Generator<[number, number]> {
    const extra = (ingested.get(channel.channelId) ?? []).filter(([t]) => t >= fromUs && t < toUs);
    let i = 0;
    for (const sample of generatedSamples(channel, fromUs, toUs, fleet.originUs, nowUs())) {
      while (i < extra.length && extra[i][0] < sample[0]) yield extra[i++];
      yield sample;
    }
    while (i < extra.length) yield extra[i++];
  }

  /** Rows `[ts, value]` from q.fromUs on, at most `limit`; `nextFromUs` is where the following page starts. */
  function measurementRows(
    channel: Channel,
    q: MeasurementQuery,
    limit: number,
  ): { rows: [string, number][]; nextFromUs: number | null } {
    const bucketUs = AGG_US[q.agg];
    const rows: [string, number][] = [];
    if (bucketUs === null) {
      for (const [t, v] of samples(channel, q.fromUs, q.toUs)) {
        if (rows.length === limit) return { rows, nextFromUs: t };
        rows.push([rfc3339Us(t), v]);
      }
      return { rows, nextFromUs: null };
    }
    let bucket: number | null = null;
    let values: number[] = [];
    for (const [t, v] of samples(channel, q.fromUs, q.toUs)) {
      const start = Math.floor(t / bucketUs) * bucketUs;
      if (bucket !== null && start !== bucket) {
        if (rows.length === limit) return { rows, nextFromUs: bucket };
        rows.push([rfc3339Seconds(bucket), aggregate(q.fn, values)]);
        values = [];
      }
      bucket = start;
      values.push(v);
    }
    if (bucket !== null) {
      if (rows.length === limit) return { rows, nextFromUs: bucket };
      rows.push([rfc3339Seconds(bucket), aggregate(q.fn, values)]);
    }
    return { rows, nextFromUs: null };
  }

  /** Hostile mode: malformed values, duplicate timestamps with other values, rows at absurd times. */
  function hostileRows(channel: Channel, rows: [string, number][]): [string, unknown][] {
    if (opts.faults !== 'hostile') return rows;
    return rows.flatMap(([ts, v]): [string, unknown][] => {
      const out: [string, unknown][] = [
        [ts, hostileHit(opts.seed, 0.01, channel.channelId, ts) ? garbageValue(opts.seed, channel.channelId, ts) : v],
      ];
      if (hostileHit(opts.seed, 0.005, channel.channelId, ts, 'duplicate')) out.push([ts, v + 3.5]);
      if (hostileHit(opts.seed, 0.003, channel.channelId, ts, 'absurd-time'))
        out.push([rfc3339Us(absurdTimeMs(opts.seed, channel.channelId, ts) * 1000), v]);
      return out;
    });
  }

  function parseMeasurementQuery(params: URLSearchParams, channelId: string | null): MeasurementQuery {
    const cursor = params.get('cursor');
    if (cursor !== null) return decodeCursor(cursor, channelId);
    const toUs = params.has('to') ? timeParam(params, 'to') : nowUs();
    const fromUs = params.has('from') ? timeParam(params, 'from') : toUs - 86_400e6;
    if (fromUs >= toUs) throw new ApiError(422, 'out_of_range', '`from` must be before `to`');
    const agg = params.get('agg') ?? 'raw';
    const fn = params.get('fn') ?? 'mean';
    if (!(agg in AGG_US))
      throw new ApiError(400, 'invalid_parameter', `agg must be one of ${Object.keys(AGG_US).join(', ')}`);
    if (!FNS.includes(fn)) throw new ApiError(400, 'invalid_parameter', `fn must be one of ${FNS.join(', ')}`);
    return { fromUs, toUs, agg, fn };
  }

  function encodeCursor(channelId: string, q: MeasurementQuery, nextFromUs: number): string {
    return Buffer.from(JSON.stringify({ c: channelId, f: nextFromUs, t: q.toUs, a: q.agg, fn: q.fn })).toString(
      'base64url',
    );
  }

  function decodeCursor(cursor: string, channelId: string | null): MeasurementQuery {
    try {
      const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
        c: string;
        f: number;
        t: number;
        a: string;
        fn: string;
      };
      if (
        (channelId === null || c.c === channelId) &&
        Number.isFinite(c.f) &&
        Number.isFinite(c.t) &&
        c.a in AGG_US &&
        FNS.includes(c.fn)
      ) {
        return { fromUs: c.f, toUs: c.t, agg: c.a, fn: c.fn };
      }
    } catch {
      // falls through to the error below
    }
    throw new ApiError(400, 'invalid_cursor', 'The cursor is malformed or belongs to another query');
  }

  async function channelMeasurements(res: ServerResponse, channelId: string, params: URLSearchParams): Promise<void> {
    const channel = channelById(channelId);
    const q = parseMeasurementQuery(params, channelId);
    const limit = intParam(params, 'limit', DEFAULT_MEASUREMENT_LIMIT, 1, MAX_MEASUREMENT_LIMIT);
    const format = params.get('format') ?? 'json';
    if (format !== 'json' && format !== 'csv')
      throw new ApiError(400, 'invalid_parameter', 'format must be json or csv');
    if (opts.faults === 'hostile' && ++measurementRequests === 3) {
      return sendOversizedJson(
        res,
        200,
        `{"channel_id":"${channelId}","agg":"${q.agg}","fn":null,"data":[["${rfc3339Us(q.fromUs)}",1]],"next_cursor":null,"has_more":false,"note":`,
        '}',
      );
    }
    const { rows, nextFromUs } = measurementRows(channel, q, limit);
    const nextCursor = nextFromUs === null ? null : encodeCursor(channelId, q, nextFromUs);
    const served = hostileRows(channel, rows);
    if (format === 'csv') {
      const csv = `ts,value\r\n${served.map(([ts, v]) => `${ts},${String(v)}`).join('\r\n')}${served.length ? '\r\n' : ''}`;
      return sendText(res, 200, csv, 'text/csv; charset=utf-8', {
        'X-Has-More': String(nextCursor !== null),
        ...(nextCursor ? { 'X-Next-Cursor': nextCursor } : {}),
      });
    }
    sendJson(res, 200, {
      channel_id: channelId,
      agg: q.agg,
      fn: q.agg === 'raw' ? null : q.fn,
      data: served,
      next_cursor: nextCursor,
      has_more: nextCursor !== null,
    });
  }

  function multiMeasurements(res: ServerResponse, params: URLSearchParams): void {
    const ids = (params.get('channel_ids') ?? '').split(',').filter(Boolean);
    if (ids.length === 0) throw new ApiError(400, 'invalid_parameter', 'channel_ids is required');
    if (ids.length > MAX_MULTI_CHANNELS)
      throw new ApiError(400, 'invalid_parameter', `At most ${MAX_MULTI_CHANNELS} channel_ids per request`);
    if (params.has('cursor'))
      throw new ApiError(400, 'invalid_parameter', 'cursor is not supported here; page per channel');
    const q = parseMeasurementQuery(params, null);
    const limit = intParam(params, 'limit', DEFAULT_MEASUREMENT_LIMIT, 1, MAX_MEASUREMENT_LIMIT);
    const data: Record<string, [string, unknown][]> = {};
    const hasMore: Record<string, boolean> = {};
    for (const id of ids) {
      const channel = channelById(id);
      const { rows, nextFromUs } = measurementRows(channel, q, limit);
      data[id] = hostileRows(channel, rows);
      hasMore[id] = nextFromUs !== null;
    }
    sendJson(res, 200, {
      agg: q.agg,
      fn: q.agg === 'raw' ? null : q.fn,
      from: rfc3339Us(q.fromUs),
      to: rfc3339Us(q.toUs),
      data,
      has_more: hasMore,
    });
  }

  function lastSample(channel: Channel): [number, number] | null {
    const now = nowUs();
    for (let span = 3_600e6; span <= 64 * 86_400e6; span *= 4) {
      let last: [number, number] | null = null;
      for (const s of samples(channel, now - span, now + 1)) last = s;
      if (last) return last;
    }
    return null;
  }

  function sensorJson(channel: Channel): Record<string, unknown> {
    const last = lastSample(channel);
    const outside = (v: number): boolean =>
      (channel.okMin !== null && v < channel.okMin) || (channel.okMax !== null && v > channel.okMax);
    const state = !last
      ? 'no_data'
      : nowUs() - last[0] > 3_600e6
        ? 'silent'
        : outside(last[1])
          ? unit(channel.seed, last[0]) < 0.5
            ? 'grace'
            : 'alarm'
          : 'ok';
    return {
      id: channel.sensorId,
      channel_id: channel.channelId,
      device_id: channel.deviceId,
      kind: channel.kind,
      label: channel.label,
      unit: channel.unit,
      ok_min: channel.okMin,
      ok_max: channel.okMax,
      last_value: last ? last[1] : null,
      last_ts: last ? rfc3339Us(last[0]) : null,
      state,
    };
  }

  function deviceJson(device: Device): Record<string, unknown> {
    const lastTs = Math.max(
      ...fleet.channels.filter((c) => c.deviceId === device.id).map((c) => lastSample(c)?.[0] ?? 0),
    );
    return {
      id: device.id,
      site_id: device.siteId,
      local_id: device.localId,
      name: device.name,
      model: device.model,
      fw_version: device.fwVersion,
      created_at: rfc3339Seconds(fleet.originUs),
      last_seen_at: lastTs ? rfc3339Seconds(lastTs) : null,
      online: lastTs > 0 && nowUs() - lastTs < 3_600e6,
    };
  }

  function listPage<T>(res: ServerResponse, items: T[], params: URLSearchParams, toJson: (item: T) => unknown): void {
    const limit = intParam(params, 'limit', 100, 1, 500);
    const cursor = params.get('cursor');
    let offset = 0;
    if (cursor !== null) {
      offset = Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^o:/, ''));
      if (!Number.isInteger(offset) || offset < 0) throw new ApiError(400, 'invalid_cursor', 'The cursor is malformed');
    }
    const end = offset + limit;
    const hasMore = end < items.length;
    sendJson(res, 200, {
      data: items.slice(offset, end).map(toJson),
      next_cursor: hasMore ? Buffer.from(`o:${end}`).toString('base64url') : null,
      has_more: hasMore,
    });
  }

  /** Replays or refuses a repeated Idempotency-Key; returns a function that remembers this response. */
  function idempotent(
    req: IncomingMessage,
    res: ServerResponse,
    raw: Buffer,
  ): ((status: number, body: unknown) => void) | 'replayed' {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string') return () => undefined;
    if (key.length === 0 || key.length > 128)
      throw new ApiError(400, 'invalid_parameter', 'Idempotency-Key must be 1-128 characters');
    const bodyHash = createHash('sha256')
      .update(`${req.url ?? ''}\n`)
      .update(raw)
      .digest('hex');
    const seen = idempotency.get(key);
    if (seen && seen.expiresMs > clock()) {
      if (seen.bodyHash !== bodyHash)
        throw new ApiError(409, 'idempotency_conflict', 'This Idempotency-Key was used with a different body');
      sendJson(res, seen.status, seen.body, { 'Idempotent-Replayed': 'true' });
      return 'replayed';
    }
    return (status, body) =>
      idempotency.set(key, { bodyHash, status, body, expiresMs: clock() + IDEMPOTENCY_MEMORY_MS });
  }

  function parseJsonBody(raw: Buffer): Record<string, unknown> {
    try {
      const value: unknown = JSON.parse(raw.toString('utf8'));
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw new ApiError(400, 'bad_json', 'The body is not a JSON object');
  }

  function createReport(body: Record<string, unknown>): { status: number; body: unknown } {
    const period = body.period as { from?: unknown; to?: unknown } | undefined;
    if (
      typeof body.site_id !== 'string' ||
      typeof body.template !== 'string' ||
      typeof period?.from !== 'string' ||
      typeof period.to !== 'string'
    ) {
      throw new ApiError(422, 'invalid_report', 'site_id, template and period {from, to} are required');
    }
    if (!fleet.sites.some((s) => s.id === body.site_id))
      throw new ApiError(404, 'site_not_found', `No site with id ${body.site_id} in this account`);
    if (!REPORT_TEMPLATES.includes(body.template))
      throw new ApiError(422, 'unknown_template', `template must be one of ${REPORT_TEMPLATES.join(', ')}`);
    const language = typeof body.language === 'string' ? body.language : 'en';
    if (!LANGUAGES.includes(language))
      throw new ApiError(422, 'out_of_range', `language must be one of ${LANGUAGES.join(', ')}`);
    const fromUs = parseInstant(period.from, false);
    const toUs = parseInstant(period.to, true);
    if (fromUs === null || toUs === null)
      throw new ApiError(422, 'invalid_report', 'period.from and period.to must be dates or RFC 3339 times');
    if (fromUs > toUs || toUs - fromUs > MAX_REPORT_DAYS * 86_400e6)
      throw new ApiError(422, 'out_of_range', `period must be ordered and at most ${MAX_REPORT_DAYS} days`);
    const id = `rpt_${hashSeed(opts.seed, 'report', reports.size, JSON.stringify(body)).toString(36)}`;
    reports.set(id, {
      id,
      siteId: body.site_id,
      template: body.template,
      language,
      fromUs,
      toUs,
      period: { from: period.from, to: period.to },
      createdMs: clock(),
    });
    return { status: 202, body: { id, state: 'queued', poll: `${basePath}/v1/reports/${id}` } };
  }

  function reportState(report: Report): 'queued' | 'running' | 'ready' {
    const age = clock() - report.createdMs;
    return age >= reportDelayMs ? 'ready' : age >= reportDelayMs / 3 ? 'running' : 'queued';
  }

  function reportJson(report: Report): Record<string, unknown> {
    const state = reportState(report);
    return {
      id: report.id,
      state,
      site_id: report.siteId,
      template: report.template,
      language: report.language,
      period: report.period,
      created_at: rfc3339Seconds(report.createdMs * 1000),
      file: state === 'ready' ? `${basePath}/v1/reports/${report.id}/file` : null,
    };
  }

  function reportPdf(report: Report): Buffer {
    const site = fleet.sites.find((s) => s.id === report.siteId);
    const lines = [
      `Site: ${site?.name ?? ''} (${report.siteId})`,
      `Template: ${report.template}   Language: ${report.language}`,
      `Period: ${report.period.from} to ${report.period.to} (inclusive)`,
      `Generated: ${rfc3339Seconds(report.createdMs * 1000)}`,
      '',
    ];
    const deviceIds = new Set(fleet.devices.filter((d) => d.siteId === report.siteId).map((d) => d.id));
    for (const channel of fleet.channels.filter((c) => deviceIds.has(c.deviceId))) {
      let n = 0;
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (const [, v] of samples(channel, report.fromUs, report.toUs + 1)) {
        n++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      const stats = n ? `n=${n} min=${min.toFixed(2)} mean=${(sum / n).toFixed(2)} max=${max.toFixed(2)}` : 'no data';
      lines.push(`${channel.label} ${channel.kind} [${channel.unit}] (${channel.channelId}): ${stats}`);
    }
    return textPdf(`OpenSense report - ${report.template}`, lines, report.createdMs);
  }

  function ingest(device: Device, body: Record<string, unknown>): { status: number; body: unknown } {
    if (body.device !== device.id && body.device !== device.localId)
      throw new ApiError(403, 'forbidden', 'This device token belongs to another device');
    const tsUs = body.ts === undefined ? nowUs() : typeof body.ts === 'string' ? parseInstant(body.ts, false) : null;
    if (tsUs === null) throw new ApiError(400, 'invalid_measurement', 'ts must be an RFC 3339 time');
    const list = body.measurements;
    if (!Array.isArray(list) || list.length < 1 || list.length > 32)
      throw new ApiError(400, 'invalid_measurement', 'measurements must hold 1 to 32 items');
    const checked = list.map((m: unknown) => {
      const item = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
      if (typeof item.type !== 'string' || typeof item.value !== 'number' || !Number.isFinite(item.value)) {
        throw new ApiError(
          400,
          'invalid_measurement',
          'Each measurement needs a string type and a finite numeric value',
        );
      }
      const range = KIND_RANGES[item.type];
      if (!range) throw new ApiError(422, 'unknown_kind', `Unknown measurement type ${item.type}`);
      if (item.value < range[0] || item.value > range[1])
        throw new ApiError(422, 'out_of_range', `${item.type} ${item.value} is outside ${range[0]}..${range[1]}`);
      return {
        type: item.type,
        value: item.value,
        label: typeof item.label === 'string' ? item.label : null,
        unit: typeof item.unit === 'string' ? item.unit : '',
      };
    });
    let accepted = 0;
    let deduplicated = 0;
    const channels = checked.map((m) => {
      const channel = channelFor(device, m.type, m.label, m.unit);
      const stored = ingested.get(channel.channelId) ?? [];
      const duplicate = stored.some(([t]) => t === tsUs) || generatedAt(channel, tsUs, fleet.originUs, nowUs());
      if (duplicate) deduplicated++;
      else {
        accepted++;
        stored.push([tsUs, m.value]);
        stored.sort((a, b) => a[0] - b[0]);
        ingested.set(channel.channelId, stored);
      }
      return { type: m.type, label: channel.label, channel_id: channel.channelId };
    });
    return { status: 200, body: { accepted, deduplicated, channels } };
  }

  function channelFor(device: Device, kind: string, label: string | null, unitText: string): Channel {
    const own = fleet.channels.filter((c) => c.deviceId === device.id && c.kind === kind);
    const found = label === null ? own[0] : own.find((c) => c.label === label);
    if (found) return found;
    const created = ingestChannel(opts.seed, device, kind, label ?? kind, unitText);
    fleet.channels.push(created);
    return created;
  }

  async function post(
    req: IncomingMessage,
    res: ServerResponse,
    family: RouteFamily,
    subject: string,
    run: (body: Record<string, unknown>) => { status: number; body: unknown },
  ): Promise<void> {
    spendRate(res, family, subject);
    const raw = await readBody(req, 1_000_000);
    if (raw === null) throw new ApiError(413, 'payload_too_large', 'The body exceeds 1 MB');
    const remember = idempotent(req, res, raw);
    if (remember === 'replayed') return;
    const result = run(parseJsonBody(raw));
    remember(result.status, result.body);
    sendJson(res, result.status, result.body);
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    params: URLSearchParams,
  ): Promise<void> {
    const caller = callerOf(req);
    if (req.method === 'POST' && path === '/v1/ingest') {
      if (caller.kind !== 'device') throw new ApiError(403, 'forbidden', 'Ingest needs a ds_live_ device token');
      return post(req, res, 'Device', caller.device.id, (body) => ingest(caller.device, body));
    }
    if (caller.kind !== 'user')
      throw new ApiError(403, 'forbidden', 'A device token may only call the ingest endpoints');
    if (req.method === 'POST' && path === '/v1/reports') return post(req, res, 'Report', 'account', createReport);
    if (req.method !== 'GET') throw new ApiError(404, 'not_found', `No route ${req.method} ${path}`);
    const channelRoute = /^\/v1\/channels\/([^/]+)\/measurements$/.exec(path);
    spendRate(res, channelRoute || path === '/v1/measurements' ? 'Read' : 'Mgmt', 'account');
    if (channelRoute) return channelMeasurements(res, decodeURIComponent(channelRoute[1]), params);
    if (path === '/v1/measurements') return multiMeasurements(res, params);
    if (path === '/v1/sites') {
      return listPage(res, fleet.sites, params, (s) => ({
        id: s.id,
        name: s.name,
        vertical: s.vertical,
        timezone: s.timezone,
        location: s.location,
        created_at: rfc3339Seconds(fleet.originUs),
      }));
    }
    if (path === '/v1/devices') {
      const siteId = params.get('site_id');
      if (siteId !== null && !fleet.sites.some((s) => s.id === siteId))
        throw new ApiError(404, 'site_not_found', `No site with id ${siteId} in this account`);
      return listPage(
        res,
        fleet.devices.filter((d) => siteId === null || d.siteId === siteId),
        params,
        deviceJson,
      );
    }
    const sensorsRoute = /^\/v1\/devices\/([^/]+)\/sensors$/.exec(path);
    if (sensorsRoute) {
      const id = decodeURIComponent(sensorsRoute[1]);
      if (!fleet.devices.some((d) => d.id === id))
        throw new ApiError(404, 'device_not_found', `No device with id ${id} in this account`);
      return sendJson(res, 200, { data: fleet.channels.filter((c) => c.deviceId === id).map(sensorJson) });
    }
    const reportRoute = /^\/v1\/reports\/([^/]+)(\/file)?$/.exec(path);
    const report = reportRoute ? reports.get(decodeURIComponent(reportRoute[1])) : undefined;
    if (reportRoute && !report) throw new ApiError(404, 'report_not_found', `No report with id ${reportRoute[1]}`);
    if (report && !reportRoute?.[2]) return sendJson(res, 200, reportJson(report));
    if (report) {
      if (reportState(report) !== 'ready')
        throw new ApiError(409, 'report_not_ready', 'The report is not ready yet; poll GET /v1/reports/{id}');
      const name = opts.faults === 'hostile' ? '../../../../tmp/opensense-report.pdf' : `${report.id}.pdf`;
      return sendText(res, 200, reportPdf(report), 'application/pdf', {
        'Content-Disposition': `attachment; filename="${name}"`,
      });
    }
    throw new ApiError(404, 'not_found', `No route GET ${path}`);
  }

  async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sequence = nextSequence();
    const requestId = `req_${hashSeed(opts.seed, 'request', sequence).toString(16).padStart(8, '0')}`;
    res.setHeader('X-Request-Id', requestId);
    const throttle = (): void => {
      const retry =
        opts.faults === 'hostile'
          ? absurdRetryAfter(opts.seed, sequence)
          : String(1 + Math.floor(unit(opts.seed, 'retry', sequence) * 3));
      sendJson(
        res,
        429,
        { error: { code: 'rate_limited', message: 'Too many requests', request_id: requestId } },
        { 'Retry-After': retry },
      );
    };
    if (await applyFlakyFault(opts.faults, opts.seed, sequence, res, throttle)) return;
    const url = requestUrl(req);
    try {
      if (!url.pathname.startsWith(`${basePath}/v1/`)) throw new ApiError(404, 'not_found', `No route ${url.pathname}`);
      await route(req, res, url.pathname.slice(basePath.length).replace(/\/+$/, ''), url.searchParams);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      sendJson(
        res,
        err.status,
        { error: { code: err.code, message: err.message, request_id: requestId } },
        err.headers,
      );
    }
  }

  function truth(): TruthStream[] {
    return fleet.channels.map((channel) => ({
      key: `opensense/${channel.channelId}`,
      *points() {
        for (const [ts, value] of samples(channel, -Infinity, Infinity)) yield { ts, value };
      },
    }));
  }

  return { handler, credentials: { token: userToken }, basePath, truth, deviceTokens };
}

function aggregate(fn: string, values: number[]): number {
  const sorted = (): number[] => [...values].sort((a, b) => a - b);
  const pick = (q: number): number => sorted()[Math.min(values.length - 1, Math.floor(q * values.length))];
  switch (fn) {
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'count':
      return values.length;
    case 'last':
      return values[values.length - 1];
    case 'p50':
      return pick(0.5);
    case 'p95':
      return pick(0.95);
    default:
      return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10_000) / 10_000;
  }
}

function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const text = params.get(name);
  if (text === null) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new ApiError(400, 'invalid_parameter', `${name} must be an integer from ${min} to ${max}`);
  return n;
}

function timeParam(params: URLSearchParams, name: string): number {
  const us = parseInstant(params.get(name) ?? '', false);
  if (us === null) throw new ApiError(400, 'invalid_parameter', `${name} must be an RFC 3339 time`);
  return us;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2}))?$/;

/** RFC 3339 (any offset) to µs; a bare date is its day's start, or its end when `endOfDay` (inclusive ends). */
export function parseInstant(text: string, endOfDay: boolean): number | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  if (h === undefined) {
    const start = Date.UTC(+y, +mo - 1, +d) * 1000;
    return Number.isNaN(start) ? null : endOfDay ? start + 86_400e6 - 1 : start;
  }
  const offsetMin =
    zone.toUpperCase() === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (+zone.slice(1, 3) * 60 + +zone.slice(4, 6));
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - offsetMin * 60_000;
  return Number.isNaN(ms) ? null : ms * 1000 + Number(frac.padEnd(6, '0').slice(0, 6));
}

/** `2026-05-17T08:00:00.123456Z`: measurement times always carry six fractional digits. */
export function rfc3339Us(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(((us % 1e6) + 1e6) % 1e6).padStart(6, '0')}Z`;
}

/** `2026-05-17T08:00:00Z`: seconds resolution everywhere but measurement times. */
export function rfc3339Seconds(us: number): string {
  return `${new Date(Math.floor(us / 1000)).toISOString().slice(0, 19)}Z`;
}
