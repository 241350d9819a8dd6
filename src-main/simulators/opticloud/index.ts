import { createHmac } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { counterFor, type SimOptions } from '../common/faults';
import { applyFlakyFault, sendOversizedJson } from '../common/injected';
import { retryAfterFor } from '../common/retry-after';
import { hexOf, uuidOf } from '../common/ids';
import { sendBytesWithRange } from '../common/range';
import { sampleTimesNewestFirst } from '../common/sample-times';
import { readBody, requestUrl, sendJson, sendText } from '../common/server';
import type { TruthStream, VendorSimulator } from '../common/types';
import { zipArchive } from './archive';
import { osfFiller, type ServedFile } from './osf-writer';
import {
  DAY_MS,
  HOUR_MS,
  TELEMETRY_KEYS,
  buildPlatform,
  deviceFiles,
  deviceOffline,
  fileBytes,
  fileSamples,
  fillerBytes,
  malformedTelemetry,
  opticloudTruth,
  telemetryTimes,
  type Device,
  type DeviceFile,
  type FileStatus,
  type Platform,
  type TelemetryKey,
} from './catalog';

/**
 * optiCLOUD REST simulator (vendor-docs/opticloud-api.txt, vendor-notes.md §2): ThingsBoard CE
 * semantics for login, errors, devices and telemetry; optiMEAS's own file endpoints. Paths are
 * case-sensitive (Spring); error bodies are ThingsBoard's `{status, message, errorCode, timestamp}`.
 * Choices where the docs are silent are listed in ../README.md.
 */

export interface OpticloudTuning {
  /** Access-token lifetime on the real clock (default 600 s). */
  tokenTtlSeconds?: number;
  /** A device "next connects" after this many further requests to the simulator (default 3) or this long (default 2000 ms). */
  connectAfterRequests?: number;
  connectAfterMs?: number;
  /**
   * Benchmarks: every file's `.osfz` carries this many bytes of incompressible filler after its own
   * content (ZIPs then store entries rather than deflate them). Default: files as a device writes them.
   */
  fillerBytes?: number;
  /** Benchmarks: every answer waits this long first, a WAN round trip on loopback (default 0). */
  responseDelayMs?: number;
}

export interface FileView extends DeviceFile {
  /** The status now, request-lists included. */
  currentStatus: FileStatus;
}

export interface OpticloudSimulator extends VendorSimulator {
  requestCount(): number;
  /** Every access token issued so far expires now (refresh tokens stay valid). */
  expireTokens(): void;
  /** The device calls in now: its queued LIST_FILES advance one step (0 → 1 requested, then 1 → 3 uploaded). */
  connectDevice(deviceId: string): void;
  platform(): Platform;
  files(deviceId: string): FileView[];
  /** The `.osfz` bytes served for a file, and the samples inside it. */
  fileBytes(deviceId: string, name: string): Buffer;
  fileSamples(deviceId: string, name: string): ReturnType<typeof fileSamples>;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorCode: number,
  ) {
    super(message);
  }
}

const NO_PERMISSION = "You don't have permission to perform this operation!";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Session {
  tenantId: string | null;
  canReadCredentials: boolean;
  expiresAtMs: number;
}

interface ListCommand {
  deviceId: string;
  fromMs: number;
  toMs: number;
  tag: string;
  /** 0 queued, 1 listed (files requested), 2 done (files uploaded). */
  stage: 0 | 1 | 2;
  sinceRequest: number;
  sinceMs: number;
}

interface CommEvent {
  ts: number;
  type: 'PING' | 'ATTN' | 'LIST_FILES' | 'FILE_RESPONSE';
  direction: 'UP' | 'DOWN';
  message: string;
}

interface Context {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: string[];
  session: Session;
  nowMs: number;
}

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** false for the two login endpoints. */
  auth: boolean;
  run(ctx: Context): void | Promise<void>;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** Java's Double.toString, as ThingsBoard writes doubles into string values: 12 → "12.0", 1.5e-4 → "1.5E-4". */
export function javaDouble(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(v);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) return Number.isInteger(v) ? v.toFixed(1) : String(v);
  const [mantissa, exponent] = v.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

function requiredInt(url: URL, name: string): number {
  const text = url.searchParams.get(name);
  if (text === null)
    throw new ApiError(400, `Required request parameter '${name}' for method parameter type int is not present`, 31);
  return parseIntParam(name, text);
}

function parseIntParam(name: string, text: string): number {
  if (!/^-?\d{1,16}$/.test(text))
    throw new ApiError(
      400,
      `Failed to convert value of type 'java.lang.String' to required type 'long'; For input string: "${text}" (${name})`,
      31,
    );
  return Number(text);
}

function optionalInt(url: URL, name: string): number | null {
  const text = url.searchParams.get(name);
  return text === null ? null : parseIntParam(name, text);
}

/** ThingsBoard's page: `limit` −1 = everything. */
function pageOf<T>(
  items: T[],
  page: number,
  limit: number,
): { data: T[]; totalPages: number; totalElements: number; hasNext: boolean } {
  if (page < 0) throw new ApiError(400, 'Page index must not be less than zero', 31);
  if (limit === 0 || limit < -1) throw new ApiError(400, 'Page size must not be less than one', 31);
  const size = limit === -1 ? Math.max(1, items.length) : limit;
  const data = items.slice(page * size, page * size + size);
  const totalPages = Math.ceil(items.length / size);
  return { data, totalPages, totalElements: items.length, hasNext: page + 1 < totalPages };
}

/** True when the Accept header names an XML type with q > 0 (a bare wildcard does not count: the endpoint wants XML asked for). */
function acceptsXml(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => {
    const [type, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (
      /^(application|text)\/(xml|[\w.+-]+\+xml)$/i.test(type.trim()) && (q === undefined || Number(q.slice(2)) > 0)
    );
  });
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Billion laughs plus an external entity: what `hostile` puts in front of every XML file list. */
const HOSTILE_DOCTYPE = [
  '<!DOCTYPE FileList [',
  '  <!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
  '  <!ENTITY xxe SYSTEM "file:///etc/passwd">',
  ']>',
].join('\n');

export function createOpticloudSimulator(opts: SimOptions, tuning: OpticloudTuning = {}): OpticloudSimulator {
  const tokenTtlMs = (tuning.tokenTtlSeconds ?? 600) * 1000;
  const connectAfterRequests = tuning.connectAfterRequests ?? 3;
  const connectAfterMs = tuning.connectAfterMs ?? 2000;
  const filler = tuning.fillerBytes === undefined ? undefined : osfFiller(fillerBytes(opts.seed, tuning.fillerBytes));
  const jwtSecret = hexOf(64, opts.seed, 'jwt-secret');
  const nextSequence = counterFor();
  const nextTokenNumber = counterFor();
  let requests = 0;
  let historyRequests = 0;
  const sessions = new Map<string, Session>();
  const refreshTokens = new Map<string, { authorityId: string; expiresAtMs: number }>();
  const downloads = new Map<string, { deviceId: string; names: string[] }>();
  const commands: ListCommand[] = [];
  const events = new Map<string, CommEvent[]>();
  /** Status changes made by request-lists: device id + name → requested (1) or uploaded at a time. */
  const overrides = new Map<string, { status: 1 } | { status: 3; uploadedMs: number }>();
  /** Each file's bytes, built at first sight (its size is listed then) and kept: a file does not change on the server. */
  const built = new Map<string, ServedFile>();
  const platforms = new Map<number, Platform>();

  const platformAt = (nowMs: number): Platform => {
    const day = Math.floor(nowMs / DAY_MS);
    let p = platforms.get(day);
    if (!p) platforms.set(day, (p = buildPlatform(opts, nowMs)));
    return p;
  };
  const allDevices = (p: Platform): Device[] => p.tenants.flatMap((t) => t.devices);

  function issueTokens(authorityId: string, p: Platform): { token: string; refreshToken: string } {
    const tenant = p.tenants.find((t) => t.authorityId === authorityId) ?? null;
    const issuedMs = Date.now();
    const number = nextTokenNumber();
    const jwt = (claims: Record<string, unknown>): string => {
      const head = `${base64url(JSON.stringify({ alg: 'HS512' }))}.${base64url(JSON.stringify(claims))}`;
      return `${head}.${base64url(createHmac('sha512', jwtSecret).update(head).digest())}`;
    };
    const common = {
      sub: p.username,
      userId: uuidOf(opts.seed, 'user'),
      iss: 'opticloud.io',
      iat: Math.floor(issuedMs / 1000),
      jti: String(number),
    };
    const token = jwt({
      ...common,
      scopes: [tenant ? 'TENANT_ADMIN' : 'CUSTOMER_USER'],
      tenantId: tenant?.id ?? '13814000-1dd2-11b2-8080-808080808080',
      exp: Math.floor((issuedMs + tokenTtlMs) / 1000),
    });
    const refreshToken = jwt({ ...common, scopes: ['REFRESH_TOKEN'], exp: Math.floor((issuedMs + 7 * DAY_MS) / 1000) });
    sessions.set(token, {
      tenantId: tenant?.id ?? null,
      canReadCredentials: tenant?.canReadCredentials ?? false,
      expiresAtMs: issuedMs + tokenTtlMs,
    });
    refreshTokens.set(refreshToken, { authorityId, expiresAtMs: issuedMs + 7 * DAY_MS });
    return { token, refreshToken };
  }

  function sendError(
    res: ServerResponse,
    status: number,
    message: string,
    errorCode: number,
    headers: Record<string, string> = {},
  ): void {
    sendJson(res, status, { status, message, errorCode, timestamp: opts.now() }, headers);
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type))
      throw new ApiError(415, `Content-Type '${type || 'application/octet-stream'}' is not supported`, 31);
    const body = await readBody(req, 1_000_000);
    if (body === null) throw new ApiError(413, 'Request body is too large', 31);
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      throw new ApiError(400, 'Invalid request body', 31);
    }
  }

  function field(body: unknown, name: string): string {
    const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
    if (typeof value !== 'string' || value === '')
      throw new ApiError(400, `Invalid request body: '${name}' is required`, 31);
    return value;
  }

  /** A device the session's tenant owns. */
  function ownDevice(ctx: Context, id: string): Device {
    if (!UUID.test(id)) throw new ApiError(400, `Invalid UUID string: ${id}`, 31);
    const device = allDevices(platformAt(ctx.nowMs)).find((d) => d.id === id);
    if (!device) throw new ApiError(404, "Device with requested id wasn't found!", 32);
    if (device.tenantId !== ctx.session.tenantId) throw new ApiError(403, NO_PERMISSION, 20);
    return device;
  }

  function currentFiles(device: Device, nowMs: number): FileView[] {
    return deviceFiles(opts, platformAt(nowMs), device, nowMs).map((f) => {
      const o = overrides.get(`${device.id}|${f.name}`);
      if (!o || f.status !== 0) return { ...f, currentStatus: f.status };
      return o.status === 1 ? { ...f, currentStatus: 1 } : { ...f, currentStatus: 3, uploadedMs: o.uploadedMs };
    });
  }

  function fileSize(device: Device, file: DeviceFile, nowMs: number): number {
    return served(platformAt(nowMs), device, file).size;
  }

  function served(p: Platform, device: Device, file: DeviceFile): ServedFile {
    const key = `${device.id}|${file.name}`;
    let found = built.get(key);
    if (!found) built.set(key, (found = fileBytes(p, device, file, filler)));
    return found;
  }

  const bytesOf = (p: Platform, device: Device, file: DeviceFile): Buffer => served(p, device, file).bytes();

  function logEvent(deviceId: string, event: CommEvent): void {
    const list = events.get(deviceId) ?? [];
    list.push(event);
    events.set(deviceId, list);
  }

  /** One step of a queued LIST_FILES when its device calls in. */
  function stepCommand(c: ListCommand): void {
    const nowMs = opts.now();
    const device = allDevices(platformAt(nowMs)).find((d) => d.id === c.deviceId);
    if (!device || c.stage === 2) return;
    const inRange = currentFiles(device, nowMs).filter((f) => f.startMs >= c.fromMs && f.startMs <= c.toMs);
    logEvent(device.id, { ts: nowMs, type: 'ATTN', direction: 'UP', message: 'device connected' });
    if (c.stage === 0) {
      const pending = inRange.filter((f) => f.currentStatus === 0);
      for (const f of pending) overrides.set(`${device.id}|${f.name}`, { status: 1 });
      logEvent(device.id, {
        ts: nowMs,
        type: 'LIST_FILES',
        direction: 'UP',
        message: `${pending.length} files listed (tag ${c.tag})`,
      });
    } else {
      for (const f of inRange.filter((x) => x.currentStatus === 1)) {
        overrides.set(`${device.id}|${f.name}`, { status: 3, uploadedMs: nowMs });
        logEvent(device.id, { ts: nowMs, type: 'FILE_RESPONSE', direction: 'UP', message: f.name });
      }
    }
    c.stage = c.stage === 0 ? 1 : 2;
    c.sinceRequest = requests;
    c.sinceMs = Date.now();
  }

  function advanceCommands(): void {
    for (const c of commands) {
      if (c.stage < 2 && (requests - c.sinceRequest > connectAfterRequests || Date.now() - c.sinceMs >= connectAfterMs))
        stepCommand(c);
    }
  }

  // ---- Route handlers ----

  async function authorization(ctx: Context): Promise<void> {
    const body = await readJson(ctx.req);
    const p = platformAt(ctx.nowMs);
    if (field(body, 'username') !== p.username || field(body, 'password') !== p.password)
      throw new ApiError(401, 'Invalid username or password', 10);
    // The other tenant first and an entry without a tenant: picking the first entry picks wrong.
    const [account, other] = p.tenants;
    const entry = (t: (typeof p.tenants)[number]): unknown => ({
      tenant: { id: { entityType: 'TENANT', id: t.id }, name: t.name },
      authorityId: { id: t.authorityId },
    });
    sendJson(ctx.res, 200, [
      entry(other),
      { authorityId: { id: p.tenantlessAuthorityId }, authority: 'CUSTOMER_USER' },
      entry(account),
    ]);
  }

  async function login(ctx: Context): Promise<void> {
    const body = await readJson(ctx.req);
    const p = platformAt(ctx.nowMs);
    if (field(body, 'username') !== p.username || field(body, 'password') !== p.password)
      throw new ApiError(401, 'Invalid username or password', 10);
    const authorityId = field(body, 'authorityId');
    const known = authorityId === p.tenantlessAuthorityId || p.tenants.some((t) => t.authorityId === authorityId);
    if (!known) throw new ApiError(401, 'Authentication failed', 10);
    sendJson(ctx.res, 200, issueTokens(authorityId, p));
  }

  async function refresh(ctx: Context): Promise<void> {
    const body = await readJson(ctx.req);
    const entry = refreshTokens.get(field(body, 'refreshToken'));
    if (!entry) throw new ApiError(401, 'Authentication failed', 10);
    if (entry.expiresAtMs <= Date.now()) throw new ApiError(401, 'Token has expired', 11);
    sendJson(ctx.res, 200, issueTokens(entry.authorityId, platformAt(ctx.nowMs)));
  }

  function listDevices(ctx: Context): void {
    const tenantId = ctx.params[0];
    if (!UUID.test(tenantId)) throw new ApiError(400, `Invalid UUID string: ${tenantId}`, 31);
    if (tenantId !== ctx.session.tenantId) throw new ApiError(403, NO_PERMISSION, 20);
    const page = requiredInt(ctx.url, 'page');
    const limit = requiredInt(ctx.url, 'limit');
    const tenant = platformAt(ctx.nowMs).tenants.find((t) => t.id === tenantId);
    const devices = (tenant?.devices ?? []).map((d) => ({
      id: { entityType: 'DEVICE', id: d.id },
      createdTime: d.createdTime,
      tenantId: { entityType: 'TENANT', id: d.tenantId },
      customerId: { entityType: 'CUSTOMER', id: '13814000-1dd2-11b2-8080-808080808080' },
      name: d.name,
      type: 'smartDEVICE',
      label: d.label,
      additionalInfo: { description: '' },
    }));
    sendJson(ctx.res, 200, pageOf(devices, page, limit));
  }

  /** A telemetry value on the wire: strings unless strict; hostile samples malformed. */
  function wireValue(device: Device, key: TelemetryKey, t: number, strict: boolean): unknown {
    const malformed = malformedTelemetry(opts, device, key, t);
    if (malformed !== null) return strict && malformed === '1e400' ? '__raw:1e400' : malformed;
    const v = key.value(device.seed, t);
    if (strict) return v;
    return key.kind === 'double' ? javaDouble(Number(v)) : String(v);
  }

  function sendTelemetry(res: ServerResponse, body: Record<string, unknown>): void {
    sendText(res, 200, JSON.stringify(body).replace(/"__raw:([^"]+)"/g, '$1'), 'application/json');
  }

  function latestTelemetry(ctx: Context, device: Device, keys: TelemetryKey[], strict: boolean): void {
    const p = platformAt(ctx.nowMs);
    const body: Record<string, unknown> = {};
    const latest = sampleTimesNewestFirst(device.seed, p.shape.telemetryStepMs, p.historyStartMs, ctx.nowMs).next();
    if (!latest.done)
      for (const key of keys)
        body[key.name] = [{ ts: latest.value, value: wireValue(device, key, latest.value, strict) }];
    sendTelemetry(ctx.res, body);
  }

  type Agg = 'NONE' | 'MIN' | 'MAX' | 'AVG' | 'SUM' | 'COUNT';

  function aggregate(agg: Agg, values: number[]): number {
    switch (agg) {
      case 'MIN':
        return Math.min(...values);
      case 'MAX':
        return Math.max(...values);
      case 'SUM':
        return values.reduce((a, b) => a + b, 0);
      case 'COUNT':
        return values.length;
      default:
        return values.reduce((a, b) => a + b, 0) / values.length;
    }
  }

  async function telemetry(ctx: Context): Promise<void> {
    const device = ownDevice(ctx, ctx.params[0]);
    const u = ctx.url;
    const strict = u.searchParams.get('useStrictDataTypes') === 'true';
    const keysParam = u.searchParams.get('keys');
    const keys =
      keysParam === null
        ? TELEMETRY_KEYS
        : TELEMETRY_KEYS.filter((k) =>
            keysParam
              .split(',')
              .map((s) => s.trim())
              .includes(k.name),
          );
    const startTs = optionalInt(u, 'startTs');
    const endTs = optionalInt(u, 'endTs');
    // Without keys, or without a whole window, ThingsBoard answers the latest values.
    if (keysParam === null || startTs === null || endTs === null) return latestTelemetry(ctx, device, keys, strict);
    const limit = optionalInt(u, 'limit') ?? 100;
    if (limit < 1) throw new ApiError(400, 'limit must be positive', 31);
    const orderBy = (u.searchParams.get('orderBy') ?? 'DESC').toUpperCase();
    if (orderBy !== 'ASC' && orderBy !== 'DESC') throw new ApiError(400, `Invalid orderBy: ${orderBy}`, 31);
    const agg = (u.searchParams.get('agg') ?? 'NONE').toUpperCase() as Agg;
    if (!['NONE', 'MIN', 'MAX', 'AVG', 'SUM', 'COUNT'].includes(agg))
      throw new ApiError(400, `No enum constant Aggregation.${agg}`, 31);
    const interval = optionalInt(u, 'interval') ?? 0;
    if (agg !== 'NONE' && interval <= 0) throw new ApiError(400, 'interval must be positive when agg is set', 31);
    if (opts.faults === 'hostile' && historyRequests++ === 1)
      return sendOversizedJson(ctx.res, 200, `{"waterLevel":[{"ts":${startTs},"value":`, '}]}');

    const p = platformAt(ctx.nowMs);
    const to = Math.min(endTs, ctx.nowMs);
    const body: Record<string, unknown> = {};
    for (const key of keys) {
      let rows: { ts: number; value: unknown }[] = [];
      if (agg === 'NONE') {
        const times =
          orderBy === 'DESC'
            ? sampleTimesNewestFirst(device.seed, p.shape.telemetryStepMs, Math.max(startTs, p.historyStartMs), to)
            : telemetryTimes(p, device, startTs, to);
        for (const t of times) {
          rows.push({ ts: t, value: wireValue(device, key, t, strict) });
          if (rows.length >= limit) break;
        }
      } else {
        if (key.kind === 'string' && agg !== 'COUNT') continue;
        for (let b = startTs; b < endTs; b += interval) {
          const bucketEnd = Math.min(b + interval, endTs);
          const values = [...telemetryTimes(p, device, b, Math.min(bucketEnd, to))].map((t) =>
            Number(key.value(device.seed, t)),
          );
          if (values.length === 0) continue;
          const v = aggregate(agg, values);
          rows.push({
            ts: b + Math.floor((bucketEnd - b) / 2),
            value: strict ? v : agg === 'COUNT' ? String(v) : javaDouble(v),
          });
        }
        if (orderBy === 'DESC') rows.reverse();
        rows = rows.slice(0, limit);
      }
      if (rows.length > 0) body[key.name] = rows;
    }
    sendTelemetry(ctx.res, body);
  }

  function telemetryKeys(ctx: Context): void {
    ownDevice(ctx, ctx.params[0]);
    sendJson(ctx.res, 200, TELEMETRY_KEYS.map((k) => k.name).sort());
  }

  function serverFiles(ctx: Context): void {
    const device = ownDevice(ctx, ctx.params[0]);
    const page = requiredInt(ctx.url, 'page');
    const limit = requiredInt(ctx.url, 'limit');
    const from = optionalInt(ctx.url, 'startTime') ?? 0;
    const to = optionalInt(ctx.url, 'endTime') ?? Number.MAX_SAFE_INTEGER;
    const items = currentFiles(device, ctx.nowMs)
      .filter((f) => (f.currentStatus === 2 || f.currentStatus === 3) && f.startMs >= from && f.startMs <= to)
      .sort((a, b) => b.startMs - a.startMs)
      .map((f) => ({
        id: { id: uuidOf(opts.seed, 'file', device.id, f.name) },
        createdTime: f.uploadedMs,
        deviceId: { entityType: 'DEVICE', id: device.id },
        name: f.name,
        size: fileSize(device, f, ctx.nowMs),
        startTime: f.startMs,
        endTime: f.endMs,
        tag: 'preview',
        status: f.currentStatus,
      }));
    sendJson(ctx.res, 200, pageOf(items, page, limit));
  }

  function credentials(ctx: Context): void {
    const device = ownDevice(ctx, ctx.params[0]);
    if (!ctx.session.canReadCredentials) throw new ApiError(403, NO_PERMISSION, 20);
    sendJson(ctx.res, 200, {
      id: { id: uuidOf(opts.seed, 'credentials', device.id) },
      createdTime: device.createdTime,
      deviceId: { entityType: 'DEVICE', id: device.id },
      credentialsType: 'ACCESS_TOKEN',
      credentialsId: device.credentialsId,
      credentialsValue: null,
    });
  }

  function fileListXml(ctx: Context): void {
    if (!acceptsXml(ctx.req.headers.accept)) throw new ApiError(406, 'Could not find acceptable representation', 31);
    const [credentialsId, startText, endText] = ctx.params;
    const device = allDevices(platformAt(ctx.nowMs)).find((d) => d.credentialsId === credentialsId);
    if (!device) throw new ApiError(404, "Device with requested credentials wasn't found!", 32);
    if (device.tenantId !== ctx.session.tenantId || !ctx.session.canReadCredentials)
      throw new ApiError(403, NO_PERMISSION, 20);
    const startSec = parseIntParam('StartTime', startText);
    const endSec = parseIntParam('EndTime', endText);
    const hostile = opts.faults === 'hostile';
    const entry = (name: string, size: number, timeSec: number, status: number): string =>
      device.xmlStyle === 'elements'
        ? `  <GeoLogFile><Name>${name}</Name><Size>${size}</Size><Time>${timeSec}</Time><Status>${status}</Status></GeoLogFile>`
        : `  <GeoLogFile fileName="${name}" size="${size}" startTime="${timeSec}" status="${status}"/>`;
    const files = currentFiles(device, ctx.nowMs).filter(
      (f) => f.startMs >= startSec * 1000 && f.startMs <= endSec * 1000,
    );
    const lines = files.map((f) =>
      entry(xmlEscape(f.name), fileSize(device, f, ctx.nowMs), Math.floor(f.startMs / 1000), f.currentStatus),
    );
    if (hostile) lines.push(entry('&lol9;', 1, startSec, 2), entry('&xxe;', 1, startSec, 2));
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      ...(hostile ? [HOSTILE_DOCTYPE] : []),
      '<FileList>',
      ...lines,
      '</FileList>',
      '',
    ].join('\n');
    sendText(ctx.res, 200, xml, 'application/xml;charset=UTF-8');
  }

  async function requestDownload(ctx: Context): Promise<void> {
    const device = ownDevice(ctx, ctx.params[0]);
    const body = await readJson(ctx.req);
    if (!Array.isArray(body) || body.length === 0 || !body.every((n): n is string => typeof n === 'string'))
      throw new ApiError(400, 'Invalid request body: a non-empty array of file names is required', 31);
    const downloadable = new Set(
      currentFiles(device, ctx.nowMs)
        .filter((f) => f.currentStatus === 2 || f.currentStatus === 3)
        .map((f) => f.name),
    );
    const missing = body.find((n) => !downloadable.has(n));
    if (missing !== undefined) throw new ApiError(404, `File ${missing} wasn't found!`, 32);
    const token = hexOf(32, opts.seed, 'download', downloads.size);
    downloads.set(token, { deviceId: device.id, names: body });
    sendText(ctx.res, 200, token, 'text/plain;charset=UTF-8');
  }

  async function download(ctx: Context): Promise<void> {
    const device = ownDevice(ctx, ctx.params[0]);
    const grant = downloads.get(ctx.params[1]);
    if (!grant || grant.deviceId !== device.id) throw new ApiError(404, "Download token wasn't found!", 32);
    const p = platformAt(ctx.nowMs);
    const byName = new Map(currentFiles(device, ctx.nowMs).map((f) => [f.name, f]));
    const files = grant.names.map((n) => byName.get(n)).filter((f): f is FileView => f !== undefined);
    if (files.length === 0) throw new ApiError(404, 'Requested files are no longer available', 32);
    if (files.length === 1) {
      const baseName = files[0].name.split(/[\\/]/).pop() ?? 'file.osfz';
      return sendBytesWithRange(ctx.req, ctx.res, bytesOf(p, device, files[0]), {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': `attachment; filename="${baseName}"`,
      });
    }
    const entries = files.map((f) => ({ name: f.name.replace(/^\/+/, ''), data: bytesOf(p, device, f) }));
    // Zip slip: in a hostile archive the first requested file's entry climbs out of the target folder
    // (good entries beside it), and an entry nobody asked for has an absolute path.
    if (opts.faults === 'hostile') {
      entries[0] = { ...entries[0], name: `../../${entries[0].name.split('/').pop()}` };
      entries.push({ name: '/tmp/evil-absolute.osfz', data: entries[0].data });
    }
    const zip = zipArchive(
      entries.map((e) => ({ ...e, compress: filler === undefined })),
      new Date(Math.max(...files.map((f) => f.endMs))),
    );
    sendBytesWithRange(ctx.req, ctx.res, zip, {
      'Content-Type': 'application/zip',
      'Content-Disposition': 'attachment; filename="files.zip"',
    });
  }

  function communication(ctx: Context): void {
    const device = ownDevice(ctx, ctx.params[0]);
    const from = requiredInt(ctx.url, 'startTime');
    const to = requiredInt(ctx.url, 'endTime');
    const page = requiredInt(ctx.url, 'page');
    const limit = requiredInt(ctx.url, 'limit');
    const p = platformAt(ctx.nowMs);
    const all: CommEvent[] = [];
    const firstHour = Math.ceil(Math.max(from, p.historyStartMs) / HOUR_MS) * HOUR_MS;
    for (let t = firstHour; t <= Math.min(to, ctx.nowMs - 1); t += HOUR_MS) {
      if (!deviceOffline(device, t)) all.push({ ts: t, type: 'PING', direction: 'UP', message: 'ping' });
    }
    for (const f of currentFiles(device, ctx.nowMs)) {
      if (!f.hostile && f.endMs >= from && f.endMs <= to)
        all.push({ ts: f.endMs, type: 'ATTN', direction: 'UP', message: `file closed ${f.name}` });
      if (!f.hostile && f.uploadedMs !== null && f.uploadedMs >= from && f.uploadedMs <= to)
        all.push({ ts: f.uploadedMs, type: 'FILE_RESPONSE', direction: 'UP', message: f.name });
    }
    for (const e of events.get(device.id) ?? []) if (e.ts >= from && e.ts <= to) all.push(e);
    all.sort((a, b) => b.ts - a.ts);
    const withIds = all.map((e, i) => ({
      id: { id: uuidOf(opts.seed, 'event', device.id, e.ts, e.type, i) },
      deviceId: { entityType: 'DEVICE', id: device.id },
      ...e,
    }));
    sendJson(ctx.res, 200, pageOf(withIds, page, limit));
  }

  async function requestList(ctx: Context): Promise<void> {
    const device = ownDevice(ctx, ctx.params[0]);
    const body = await readJson(ctx.req);
    const fromMs = Date.parse(field(body, 'startTime'));
    const toMs = Date.parse(field(body, 'endTime'));
    if (Number.isNaN(fromMs) || Number.isNaN(toMs))
      throw new ApiError(400, 'Invalid request body: startTime and endTime must be ISO-8601', 31);
    const tag =
      typeof (body as Record<string, unknown>).tag === 'string'
        ? String((body as Record<string, unknown>).tag)
        : 'preview';
    commands.push({ deviceId: device.id, fromMs, toMs, tag, stage: 0, sinceRequest: requests, sinceMs: Date.now() });
    logEvent(device.id, {
      ts: ctx.nowMs,
      type: 'LIST_FILES',
      direction: 'DOWN',
      message: `LIST_FILES queued (tag ${tag})`,
    });
    ctx.res.writeHead(200, { 'Content-Length': '0' });
    ctx.res.end();
  }

  const ID = '([^/]+)';
  const routes: Route[] = [
    { method: 'POST', pattern: /^\/api\/noauth\/authorization$/, auth: false, run: authorization },
    { method: 'POST', pattern: /^\/api\/auth\/login$/, auth: false, run: login },
    { method: 'POST', pattern: /^\/api\/auth\/token$/, auth: false, run: refresh },
    { method: 'GET', pattern: new RegExp(`^/api/tenants/${ID}/devices$`), auth: true, run: listDevices },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/plugins/telemetry/DEVICE/${ID}/values/timeseries$`),
      auth: true,
      run: telemetry,
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/plugins/telemetry/DEVICE/${ID}/keys/timeseries$`),
      auth: true,
      run: telemetryKeys,
    },
    { method: 'GET', pattern: new RegExp(`^/api/devices/${ID}/data-files/original$`), auth: true, run: serverFiles },
    { method: 'GET', pattern: new RegExp(`^/api/device/${ID}/credentials$`), auth: true, run: credentials },
    {
      method: 'GET',
      pattern: new RegExp(`^/API/filelist/list/deviceid/${ID}/StartTime/${ID}/${ID}$`),
      auth: true,
      run: fileListXml,
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/device/${ID}/data-files/CLIENT_SCOPE/download$`),
      auth: true,
      run: requestDownload,
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/device/${ID}/data-files/CLIENT_SCOPE/token/${ID}$`),
      auth: true,
      run: download,
    },
    { method: 'GET', pattern: new RegExp(`^/api/devices/${ID}/communication/data$`), auth: true, run: communication },
    { method: 'POST', pattern: new RegExp(`^/api/devices/${ID}/request-list$`), auth: true, run: requestList },
  ];

  function authenticate(req: IncomingMessage): Session {
    const header = req.headers['x-authorization'];
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : null;
    const session = token === null ? undefined : sessions.get(token);
    if (!session) throw new ApiError(401, 'Authentication failed', 10);
    if (session.expiresAtMs <= Date.now()) throw new ApiError(401, 'Token has expired', 11);
    return session;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sequence = nextSequence();
    requests++;
    advanceCommands();
    if (tuning.responseDelayMs) await delay(tuning.responseDelayMs);
    const url = requestUrl(req);
    const path = url.pathname;
    const matching = routes.filter((r) => r.pattern.test(path));
    if (matching.length === 0) {
      return sendJson(res, 404, {
        timestamp: new Date(opts.now()).toISOString(),
        status: 404,
        error: 'Not Found',
        path,
      });
    }
    const route = matching.find((r) => r.method === req.method);
    if (!route)
      return sendError(res, 405, `Request method '${req.method}' is not supported`, 31, {
        Allow: matching.map((r) => r.method).join(', '),
      });
    const answered = await applyFlakyFault(opts.faults, opts.seed, sequence, res, () =>
      sendError(res, 429, 'Too many requests for current tenant!', 33, {
        'Retry-After': retryAfterFor(opts, sequence),
      }),
    );
    if (answered) return;
    try {
      const session = route.auth ? authenticate(req) : { tenantId: null, canReadCredentials: false, expiresAtMs: 0 };
      const params = (route.pattern.exec(path) ?? []).slice(1).map(decodeURIComponent);
      await route.run({ req, res, url, params, session, nowMs: opts.now() });
    } catch (err) {
      if (err instanceof ApiError) return sendError(res, err.status, err.message, err.errorCode);
      throw err;
    }
  }

  const deviceById = (id: string): Device => {
    const device = allDevices(platformAt(opts.now())).find((d) => d.id === id);
    if (!device) throw new Error(`no device ${id}`);
    return device;
  };
  const fileByName = (device: Device, name: string): FileView => {
    const file = currentFiles(device, opts.now()).find((f) => f.name === name);
    if (!file) throw new Error(`no file ${name} on ${device.id}`);
    return file;
  };

  const p0 = platformAt(opts.now());
  return {
    handler: handle,
    credentials: { username: p0.username, password: p0.password, tenant: p0.tenants[0].name },
    basePath: '',
    truth: (): TruthStream[] => opticloudTruth(opts, platformAt(opts.now()), opts.now()),
    requestCount: () => requests,
    expireTokens: () => {
      for (const s of sessions.values()) s.expiresAtMs = 0;
    },
    connectDevice: (deviceId) => {
      for (const c of commands) if (c.deviceId === deviceId) stepCommand(c);
    },
    platform: () => platformAt(opts.now()),
    files: (deviceId) => currentFiles(deviceById(deviceId), opts.now()),
    fileBytes: (deviceId, name) => {
      const device = deviceById(deviceId);
      return bytesOf(platformAt(opts.now()), device, fileByName(device, name));
    },
    fileSamples: (deviceId, name) => {
      const device = deviceById(deviceId);
      return fileSamples(platformAt(opts.now()), device, fileByName(device, name));
    },
  };
}
