import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { counterFor, type SimOptions } from '../common/faults';
import { absurdTimeMs, applyFlakyFault, garbageValue, hostileHit, sendOversizedJson } from '../common/injected';
import { hashSeed } from '../common/rng';
import { readBody, requestUrl, sendJson } from '../common/server';
import type { TruthStream, VendorSimulator } from '../common/types';
import { latestRecordDate, organisation, sensorRecords, SENSOR_TYPES, type RtSystem, type Sensor } from './systems';

/**
 * Realtime Online Core API v3: one POST endpoint, body signed with sha256(raw body + secret).
 * README.md "Realtime Online" lists the choices made where the doc is silent.
 */

export interface RealtimeTuning {
  /** Requests per token in any rolling 10 minutes (default 600) and 24 hours (default 20,000). */
  perTenMinutes?: number;
  perDay?: number;
  basePath?: string;
  /** Clock of the rolling windows; defaults to Date.now so a pinned `now` still lets windows roll. */
  clock?: () => number;
}

export const MAX_PAYLOAD_BYTES = 2_000_000;
/** Allowed distance between request_date and the simulated now. */
export const REQUEST_DATE_TOLERANCE_MS = 5 * 60_000;
/** getSensorRecords: longest window per sensor, and most records per sensor in one response. */
export const MAX_WINDOW_DAYS = 31;
export const MAX_RECORDS_PER_SENSOR = 5000;
const ENDPOINT = '/api/v3/json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A whole-request failure: status and message, mirrored in the body. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: JsonObject = {},
  ) {
    super(message);
  }
}

/** One object of a request (a system or a sensor) and its outcome code (doc: Failure Response). */
interface Outcome {
  code: number;
  message: string;
  detail: string;
}
const OK: Outcome = { code: 0, message: 'OK', detail: '' };
const outcome = (code: number, detail = ''): Outcome => ({ code, message: OUTCOME_MESSAGES[code], detail });
const OUTCOME_MESSAGES: Record<number, string> = {
  0: 'OK',
  1: 'Invalid',
  10: 'Required parameter missing',
  11: 'Parameter type is invalid',
  20: 'System does not exist or is not accessible',
  30: 'Sensor does not exist or is not accessible',
};

export function createRealtimeSimulator(opts: SimOptions, tuning: RealtimeTuning = {}): VendorSimulator {
  const token =
    hashSeed(opts.seed, 'rt-token').toString(16).padStart(8, '0') + hashSeed('rt', opts.seed).toString(16).slice(0, 4);
  const secret = `s3cr%${hashSeed(opts.seed, 'rt-secret').toString(36)}`;
  const perTenMinutes = tuning.perTenMinutes ?? 600;
  const perDay = tuning.perDay ?? 20_000;
  const basePath = tuning.basePath ?? '';
  const clock = tuning.clock ?? (() => Date.now());
  const systems = organisation(opts.seed, opts.scale, opts.now(), opts.now);
  const nextSequence = counterFor();
  const acceptedAt: number[] = [];
  let recordRequests = 0;

  /** The server's own clock in its failure responses: UK local time, as in the doc's examples. */
  const serverDate = (): string => isoWithOffset(opts.now(), 'Europe/London');

  function enforceRateLimit(): void {
    const t = clock();
    while (acceptedAt.length && acceptedAt[0] <= t - 86_400_000) acceptedAt.shift();
    if (acceptedAt.length >= perDay) throw new ApiError(429, 'Exceeded number of requests per day');
    if (acceptedAt.filter((at) => at > t - 600_000).length >= perTenMinutes)
      throw new ApiError(429, 'Exceeded number of requests per ten minutes');
    acceptedAt.push(t);
  }

  /** Headers, body size, hash and JSON, in that order; returns the request object. */
  function authenticate(req: IncomingMessage, raw: Buffer | null): JsonObject {
    if (raw === null) throw new ApiError(413, 'Payload Too Large');
    const givenToken = header(req, 'x-rt2-api-token');
    const givenHash = header(req, 'x-rt2-api-hash');
    if (givenToken === undefined) throw new ApiError(401, 'Missing token header');
    if (givenHash === undefined) throw new ApiError(401, 'Missing hash header');
    if (raw.length === 0) throw new ApiError(400, 'Payload Empty');
    const expected = createHash('sha256')
      .update(Buffer.concat([raw, Buffer.from(secret, 'utf8')]))
      .digest('hex');
    if (givenToken !== token || givenHash.toLowerCase() !== expected) throw new ApiError(401, 'Authentication failed');
    enforceRateLimit();
    const text = raw.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new ApiError(415, `Could not decode payload "${text}" as JSON: ${(err as Error).message}`, {
        request_payload: text,
      });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new ApiError(415, 'Expected a JSON object, got some other type.', { request_payload: text });
    return parsed as JsonObject;
  }

  function checkRequestDate(request: JsonObject): void {
    const missing = (name: string): ApiError =>
      new ApiError(400, 'Required parameter missing', { code: 10, detail: name, request_payload: request });
    if (typeof request.action !== 'string') throw missing('action');
    if (typeof request.request_date !== 'string') throw missing('request_date');
    const sent = parseRtDate(request.request_date);
    if (sent === null)
      throw new ApiError(400, 'Parameter type is invalid', {
        code: 11,
        detail: 'request_date',
        request_payload: request,
      });
    if (sent > opts.now() + REQUEST_DATE_TOLERANCE_MS)
      throw new ApiError(403, 'The specified request date is in the future');
    if (sent < opts.now() - REQUEST_DATE_TOLERANCE_MS) throw new ApiError(403, 'The specified request date is too old');
  }

  const systemById = (id: Json): RtSystem | undefined =>
    systems.find((s) => String(s.systemId) === String(id) && /^\d+$/.test(String(id)));

  function sensorJson(sensor: Sensor): JsonObject {
    return {
      sensor_id: sensor.sensorId,
      system_id: sensor.systemId,
      type_id: sensor.typeId,
      names: Object.fromEntries(sensor.fields.map((f) => [f.nameKey, f.name])),
      units: Object.fromEntries(sensor.fields.map((f) => [f.key, f.unit])),
      meta_data: Object.fromEntries(sensor.fields.map((f) => [f.key, f.meta])),
    };
  }

  function getSensors(request: JsonObject): JsonObject {
    const requested = request.systems;
    if (!Array.isArray(requested))
      throw new ApiError(400, 'Required parameter missing', { code: 10, detail: 'systems', request_payload: request });
    const outcomes = requested.map((id) => ({ system_id: id, ...(systemById(id) ? OK : outcome(20)) }));
    if (outcomes.some((o) => o.code !== 0)) throw failedWithErrors(request, outcomes);
    return { sensors: requested.flatMap((id) => systemById(id)?.sensors.map(sensorJson) ?? []) };
  }

  /**
   * Checks every (system, sensor) object of getSensorRecords / getLatestRecordDate. Any failure fails the
   * whole request with per-object codes and no data (doc: Failure Response).
   */
  function resolveSensors(
    request: JsonObject,
    needsWindow: boolean,
  ): { sensor: Sensor; spec: JsonObject; window: [number, number] }[] {
    if (!Array.isArray(request.systems))
      throw new ApiError(400, 'Required parameter missing', { code: 10, detail: 'systems', request_payload: request });
    const resolved: { sensor: Sensor; spec: JsonObject; window: [number, number] }[] = [];
    let failed = false;
    const fail = (o: JsonObject): JsonObject => {
      failed = true;
      return o;
    };
    const outcomes = request.systems.map((item) => {
      const spec = isObject(item) ? item : {};
      const system = systemById(spec.system_id ?? null);
      const base = { system_id: spec.system_id ?? null };
      if (!isObject(item) || spec.system_id === undefined) return fail({ ...base, ...outcome(10, 'system_id') });
      if (!system) return fail({ ...base, ...outcome(20) });
      if (!Array.isArray(spec.sensors)) return fail({ ...base, ...outcome(10, 'sensors') });
      const sensors = spec.sensors.map((entry) => {
        const s = isObject(entry) ? entry : {};
        const sensor = system.sensors.find((x) => x.sensorId === String(s.sensor_id));
        const check =
          !isObject(entry) || s.sensor_id === undefined
            ? outcome(10, 'sensor_id')
            : !sensor
              ? outcome(30)
              : needsWindow
                ? windowOutcome(s)
                : OK;
        if (check.code !== 0) failed = true;
        else if (sensor)
          resolved.push({
            sensor,
            spec: s,
            window: needsWindow
              ? [parseRtDate(String(s.start_date)) ?? 0, parseRtDate(String(s.end_date)) ?? 0]
              : [0, 0],
          });
        return { sensor_id: s.sensor_id ?? null, ...check };
      });
      return { ...base, ...OK, sensors };
    });
    if (failed) throw failedWithErrors(request, outcomes);
    return resolved;
  }

  function getSensorRecords(request: JsonObject): JsonObject {
    const resolved = resolveSensors(request, true);
    const bySystem = new Map<number, JsonObject[]>();
    for (const { sensor, spec, window } of resolved) {
      const json = sensorJson(sensor);
      const data = [...servedRecords(sensor, window[0], window[1])];
      const list = bySystem.get(sensor.systemId) ?? [];
      list.push({
        sensor_id: sensor.sensorId,
        start_date: spec.start_date,
        end_date: spec.end_date,
        names: json.names,
        units: json.units,
        data,
      });
      bySystem.set(sensor.systemId, list);
    }
    return { systems: [...bySystem].map(([systemId, sensors]) => ({ system_id: systemId, sensors })) };
  }

  /** Records of one window, capped per response; hostile mode corrupts some of them. */
  function* servedRecords(sensor: Sensor, fromMs: number, toMs: number): Generator<JsonObject> {
    let n = 0;
    for (const record of sensorRecords(sensor, fromMs, toMs)) {
      if (n++ >= MAX_RECORDS_PER_SENSOR) return;
      const values: JsonObject = { ...record.values };
      const hostile = opts.faults === 'hostile';
      for (const key of Object.keys(values)) {
        if (hostile && hostileHit(opts.seed, 0.01, sensor.sensorId, record.tMs, key))
          values[key] = garbageValue(opts.seed, sensor.sensorId, record.tMs, key) as Json;
      }
      yield { record_date: isoWithOffset(record.tMs, 'UTC'), values };
      if (hostile && hostileHit(opts.seed, 0.005, sensor.sensorId, record.tMs, 'duplicate')) {
        yield {
          record_date: isoWithOffset(record.tMs, 'UTC'),
          values: Object.fromEntries(Object.entries(record.values).map(([k, v]) => [k, v + 1.5])),
        };
      }
      if (hostile && hostileHit(opts.seed, 0.003, sensor.sensorId, record.tMs, 'absurd-time')) {
        yield {
          record_date: isoWithOffset(absurdTimeMs(opts.seed, sensor.sensorId, record.tMs), 'UTC'),
          values: record.values,
        };
      }
    }
  }

  function getLatestRecordDate(request: JsonObject): JsonObject {
    const resolved = resolveSensors(request, false);
    const bySystem = new Map<number, JsonObject[]>();
    for (const { sensor } of resolved) {
      const system = systems.find((s) => s.systemId === sensor.systemId) as RtSystem;
      const latest = latestRecordDate(sensor);
      const list = bySystem.get(sensor.systemId) ?? [];
      list.push({
        sensor_id: sensor.sensorId,
        ...(latest === null ? {} : { latest_record_date: isoWithOffset(latest, system.timezone) }),
      });
      bySystem.set(sensor.systemId, list);
    }
    return { systems: [...bySystem].map(([systemId, sensors]) => ({ system_id: systemId, sensors })) };
  }

  function failedWithErrors(request: JsonObject, systemsOutcome: JsonObject[]): ApiError {
    return new ApiError(400, 'Failed with errors', { request_payload: request, systems: systemsOutcome });
  }

  const ACTIONS: Record<string, (request: JsonObject) => JsonObject> = {
    getSystems: () => ({
      systems: systems.map((s) => ({
        system_id: s.systemId,
        name: s.name,
        timezone: s.timezone,
        sensors_count: s.sensors.length,
      })),
    }),
    getSensors,
    getSensorTypes: () => ({
      sensor_types: SENSOR_TYPES.map((t) => ({ type_id: t.type_id, name: t.name, fields: t.fields })),
    }),
    getSensorRecords,
    getLatestRecordDate,
  };

  async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sequence = nextSequence();
    const throttle = (): void =>
      sendJson(res, 429, {
        status: 429,
        message: 'Exceeded number of requests per ten minutes',
        request_date: serverDate(),
      });
    if (await applyFlakyFault(opts.faults, opts.seed, sequence, res, throttle)) return;
    const path = requestUrl(req).pathname;
    if (path.replace(/\/+$/, '') !== `${basePath}${ENDPOINT}`)
      return sendJson(res, 404, { status: 404, message: 'Not Found', request_date: serverDate() });
    if (req.method !== 'POST')
      return sendJson(res, 405, { status: 405, message: 'Method Not Allowed', request_date: serverDate() });
    try {
      const request = authenticate(req, await readBody(req, MAX_PAYLOAD_BYTES));
      checkRequestDate(request);
      const action = ACTIONS[request.action as string];
      if (!action) throw new ApiError(404, 'Unknown Action', { code: 1, request_payload: request });
      if (request.action === 'getSensorRecords' && opts.faults === 'hostile' && ++recordRequests === 3) {
        return sendOversizedJson(
          res,
          200,
          `{"action":"getSensorRecords","status":200,"message":"OK","request_date":${JSON.stringify(request.request_date)},"padding":`,
          '}',
        );
      }
      const body = {
        action: request.action,
        status: 200,
        message: 'OK',
        request_date: request.request_date,
        ...action(request),
      };
      sendJson(res, 200, body);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // The body was not (fully) read on 413: close rather than drain two megabytes we will not use.
      if (err.status === 413) res.setHeader('Connection', 'close');
      const { code, ...rest } = err.extra;
      sendJson(res, err.status, {
        status: err.status,
        ...(code === undefined ? {} : { code }),
        message: err.message,
        request_date: serverDate(),
        ...rest,
      });
    }
  }

  function truth(): TruthStream[] {
    return systems.flatMap((system) =>
      system.sensors.flatMap((sensor) =>
        sensor.fields.map((f) => ({
          key: `realtime/${system.systemId}/${sensor.sensorId}/${f.key}`,
          *points() {
            for (const record of sensorRecords(sensor, -Infinity, Infinity)) {
              const value = record.values[f.key];
              if (value !== undefined) yield { ts: record.tMs * 1000, value };
            }
          },
        })),
      ),
    );
  }

  return { handler, credentials: { token, secret }, basePath, truth };
}

function windowOutcome(spec: JsonObject): Outcome {
  for (const name of ['start_date', 'end_date']) {
    if (spec[name] === undefined) return outcome(10, name);
    if (typeof spec[name] !== 'string' || parseRtDate(spec[name]) === null)
      return outcome(11, `${name} must be an ISO 8601 date`);
  }
  const start = parseRtDate(String(spec.start_date)) as number;
  const end = parseRtDate(String(spec.end_date)) as number;
  if (end < start) return outcome(1, 'end_date is before start_date');
  if (end - start > MAX_WINDOW_DAYS * 86_400_000)
    return outcome(1, `The requested period exceeds the maximum of ${MAX_WINDOW_DAYS} days`);
  return OK;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const RT_DATE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;

/** ISO 8601 date-time; a date without offset (Python's datetime.now().isoformat()) is taken as UTC. */
export function parseRtDate(text: string): number | null {
  const m = RT_DATE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const base = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) + Math.floor(Number(`0${frac || '.0'}`) * 1000);
  if (Number.isNaN(base)) return null;
  if (zone === 'Z') return base;
  const digits = zone.replace(/[^0-9]/g, '');
  return base - (zone.startsWith('-') ? -1 : 1) * (+digits.slice(0, 2) * 60 + +digits.slice(2)) * 60_000;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC of `timeZone` at `ms`. */
function offsetMinutes(ms: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  let format = zoneFormats.get(timeZone);
  if (!format) {
    const parts = {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    } as const;
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', ...parts });
    zoneFormats.set(timeZone, format);
  }
  const get = (type: string): number => Number(format.formatToParts(new Date(ms)).find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** `2019-05-09T00:00:00+01:00`: whole seconds, the zone's offset written out (`+00:00` for UTC). */
export function isoWithOffset(ms: number, timeZone: string): string {
  const offset = offsetMinutes(ms, timeZone);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
