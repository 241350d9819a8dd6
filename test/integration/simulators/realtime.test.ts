import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../../src-main/simulators/common/server';
import type { FaultMode, Scale } from '../../../src-main/simulators/common/faults';
import {
  createRealtimeSimulator,
  MAX_RECORDS_PER_SENSOR,
  type RealtimeTuning,
} from '../../../src-main/simulators/realtime/index';

const NOW = Date.UTC(2026, 4, 17, 12, 0, 0);
const open: Listening[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

/** Python's json.dumps spacing, as the vendor example sends it. */
function pyDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pyDumps).join(', ')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pyDumps(v)}`)
      .join(', ')}}`;
  return JSON.stringify(value);
}

type Body = Record<string, unknown> & { status: number; message: string };

async function start(
  options: { scale?: Scale; faults?: FaultMode; seed?: number; now?: () => number } & RealtimeTuning = {},
) {
  const { scale = 'small', faults = 'none', seed = 5, now = () => NOW, ...tuning } = options;
  const sim = createRealtimeSimulator({ seed, faults, scale, now }, tuning);
  const listening = await listen(sim.handler);
  open.push(listening);
  const url = `http://127.0.0.1:${listening.port}${sim.basePath}/api/v3/json/`;
  const { token, secret } = sim.credentials;
  /** Posts the raw text, signed unless told otherwise, without Content-Type. */
  const post = async (
    raw: string,
    headers: Record<string, string> | null = null,
  ): Promise<{ status: number; body: Body; res: Response }> => {
    const hash = createHash('sha256')
      .update(raw + secret)
      .digest('hex');
    const res = await fetch(url, {
      method: 'POST',
      body: raw,
      headers: headers ?? { 'X-RT2-API-Token': token, 'X-RT2-API-Hash': hash },
    });
    return { status: res.status, body: (await res.json()) as Body, res };
  };
  const call = (
    action: string,
    extra: Record<string, unknown> = {},
    requestDate = new Date(NOW).toISOString().replace('Z', '+00:00'),
  ) => post(pyDumps({ action, request_date: requestDate, ...extra }));
  return { sim, post, call, token, secret };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');

describe('Realtime simulator: authentication and envelope errors', () => {
  it('accepts the vendor example: json.dumps spacing, no Content-Type, naive request_date with microseconds', async () => {
    const { post } = await start();
    const naive = new Date(NOW + 30_000).toISOString().replace('Z', '123');
    const { status, body } = await post(pyDumps({ action: 'getSensors', request_date: naive, systems: ['2571'] }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ action: 'getSensors', status: 200, message: 'OK', request_date: naive });
  });

  it('hashes the raw bytes: the same object re-serialised differently does not match', async () => {
    const { post, token, secret } = await start();
    const raw = pyDumps({ action: 'getSystems', request_date: iso(NOW) });
    const compactHash = createHash('sha256')
      .update(JSON.stringify(JSON.parse(raw)) + secret)
      .digest('hex');
    const res = await post(raw, { 'X-RT2-API-Token': token, 'X-RT2-API-Hash': compactHash });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 401, message: 'Authentication failed' });
  });

  it('names each missing header, refuses an unknown token, an empty and an oversized payload', async () => {
    const { post, token } = await start();
    const raw = pyDumps({ action: 'getSystems', request_date: iso(NOW) });
    expect((await post(raw, { 'X-RT2-API-Hash': 'ab' })).body.message).toBe('Missing token header');
    expect((await post(raw, { 'X-RT2-API-Token': token })).body.message).toBe('Missing hash header');
    expect((await post(raw, { 'X-RT2-API-Token': 'nope', 'X-RT2-API-Hash': 'ab' })).body).toMatchObject({
      status: 401,
      message: 'Authentication failed',
    });
    expect((await post('')).body).toMatchObject({ status: 400, message: 'Payload Empty' });
    const big = await post(pyDumps({ action: 'getSystems', request_date: iso(NOW), pad: 'x'.repeat(2_000_001) }));
    expect(big.body).toMatchObject({ status: 413, message: 'Payload Too Large' });
  });

  it('answers 415 for undecodable JSON and for a non-object', async () => {
    const { post } = await start();
    const broken = await post('{"action": ');
    expect(broken.status).toBe(415);
    expect(broken.body.message).toMatch(/^Could not decode payload "\{"action": " as JSON:/);
    expect((await post('[1, 2]')).body).toMatchObject({
      status: 415,
      message: 'Expected a JSON object, got some other type.',
    });
  });

  it('checks request_date against the simulated now, ±5 minutes, offsets honoured', async () => {
    const { call } = await start();
    expect((await call('getSystems', {}, iso(NOW + 6 * 60_000))).body).toMatchObject({
      status: 403,
      message: 'The specified request date is in the future',
    });
    expect((await call('getSystems', {}, iso(NOW - 6 * 60_000))).body).toMatchObject({
      status: 403,
      message: 'The specified request date is too old',
    });
    const berlin = '2026-05-17T14:02:00+02:00';
    const ok = await call('getSystems', {}, berlin);
    expect(ok.status).toBe(200);
    expect(ok.body.request_date).toBe(berlin);
    const missing = await start().then((s) => s.post(pyDumps({ action: 'getSystems' })));
    expect(missing.body).toMatchObject({ status: 400, code: 10, detail: 'request_date' });
  });

  it('answers 404 Unknown Action with code 1 and the request payload', async () => {
    const { call } = await start();
    const { status, body } = await call('getRecords', { systems: [2571] });
    expect(status).toBe(404);
    expect(body).toMatchObject({
      status: 404,
      code: 1,
      message: 'Unknown Action',
      request_payload: { action: 'getRecords', systems: [2571] },
    });
  });
});

describe('Realtime simulator: actions', () => {
  it('getSystems and getSensorTypes', async () => {
    const { call } = await start();
    const systems = (await call('getSystems')).body.systems as {
      system_id: number;
      timezone: string;
      sensors_count: number;
    }[];
    expect(systems.map((s) => [s.system_id, s.timezone])).toEqual([
      [2571, 'Europe/London'],
      [3044, 'America/New_York'],
    ]);
    expect(systems[0].sensors_count).toBe(5);
    const types = (await call('getSensorTypes')).body.sensor_types as { type_id: number; fields: string[] }[];
    expect(types.find((t) => t.type_id === 113)?.fields).toContain('channel_2_pulse_count');
  });

  it('getSensors: string ids (one 14 digits), int system ids, enum units, {} and [] meta data, names/units key mismatch', async () => {
    const { call } = await start();
    type SensorJson = { sensor_id: unknown; system_id: unknown } & Record<
      'names' | 'units' | 'meta_data',
      Record<string, unknown>
    >;
    const sensors = (await call('getSensors', { systems: [2571, 3044] })).body.sensors as SensorJson[];
    expect(sensors.map((s) => s.sensor_id)).toContain('11000005800001');
    expect(sensors.every((s) => typeof s.sensor_id === 'string' && typeof s.system_id === 'number')).toBe(true);
    const door = sensors.find((s) => s.sensor_id === '9704474') as SensorJson;
    expect(Object.keys(door.names)).toContain('door_countt');
    expect(Object.keys(door.units)).toContain('door_count');
    expect(door.units.door_status).toEqual([
      { value: 0, unit: 'standby' },
      { value: 1, unit: 'running' },
    ]);
    expect(door.meta_data.temperature).toEqual({ custom_meta_field: 'custom meta value' });
    expect((sensors.find((s) => s.sensor_id === '6321402') as SensorJson).meta_data.channel_1_energy).toEqual([]);
    const failed = await call('getSensors', { systems: [2571, 999999999999] });
    expect(failed.status).toBe(400);
    expect(failed.body).toMatchObject({
      message: 'Failed with errors',
      systems: [
        { system_id: 2571, code: 0 },
        { system_id: 999999999999, code: 20 },
      ],
    });
  });

  it('getSensorRecords: +00:00 record dates, pulse counts in 15-minute buckets that carry only pulse fields', async () => {
    const { call } = await start();
    const start_date = '2026-05-17T07:00:00+01:00';
    const end_date = '2026-05-17T09:00:00+01:00';
    const { body } = await call('getSensorRecords', {
      systems: [{ system_id: 2571, sensors: [{ sensor_id: '6321402', start_date, end_date }] }],
    });
    const sensor = (
      body.systems as {
        sensors: { start_date: string; data: { record_date: string; values: Record<string, number> }[] }[];
      }[]
    )[0].sensors[0];
    expect(sensor.start_date).toBe(start_date);
    expect(sensor.data.every((r) => r.record_date.endsWith('+00:00'))).toBe(true);
    const buckets = sensor.data.filter((r) => 'channel_1_energy' in r.values);
    expect(buckets.length).toBeGreaterThan(4);
    expect(buckets.every((r) => Date.parse(r.record_date) % 900_000 === 0)).toBe(true);
    expect(sensor.data.some((r) => !('channel_1_energy' in r.values) && 'channel_1_current' in r.values)).toBe(true);
    expect(Date.parse(sensor.data[0].record_date)).toBeGreaterThanOrEqual(Date.parse(start_date));
    expect(Date.parse(sensor.data[sensor.data.length - 1].record_date)).toBeLessThanOrEqual(Date.parse(end_date));
  });

  it('getSensorRecords: per-object failures (codes 30, 20, 1 for a window over 31 days) and no data at all', async () => {
    const { call } = await start();
    const window = { start_date: '2026-05-16T00:00:00+00:00', end_date: '2026-05-17T00:00:00+00:00' };
    const { status, body } = await call('getSensorRecords', {
      systems: [
        { system_id: 999999999999, sensors: [{ sensor_id: '6322905', ...window }] },
        {
          system_id: 2571,
          sensors: [
            { sensor_id: '1', ...window },
            { sensor_id: '6322905', ...window },
            { sensor_id: '6110551', start_date: '2026-01-01T00:00:00+00:00', end_date: window.end_date },
          ],
        },
      ],
    });
    expect(status).toBe(400);
    expect(body.message).toBe('Failed with errors');
    const [bad, good] = body.systems as Record<string, unknown>[];
    expect(bad).toEqual({
      system_id: 999999999999,
      code: 20,
      message: 'System does not exist or is not accessible',
      detail: '',
    });
    expect((good.sensors as Record<string, unknown>[]).map((s) => s.code)).toEqual([30, 0, 1]);
    expect(JSON.stringify(body)).not.toContain('"data"');
  });

  it('caps a response at 5,000 records per sensor; continuing from the last record date gets the rest', async () => {
    const { call } = await start({ scale: 'medium' });
    const request = (from: string) =>
      call('getSensorRecords', {
        systems: [
          {
            system_id: 2571,
            sensors: [{ sensor_id: '6322905', start_date: from, end_date: '2026-05-16T00:00:00+00:00' }],
          },
        ],
      });
    const first = (await request('2026-04-20T00:00:00+00:00')).body.systems as {
      sensors: { data: { record_date: string }[] }[];
    }[];
    const data = first[0].sensors[0].data;
    expect(data).toHaveLength(MAX_RECORDS_PER_SENSOR);
    const rest = (await request(data[data.length - 1].record_date)).body.systems as {
      sensors: { data: { record_date: string }[] }[];
    }[];
    expect(rest[0].sensors[0].data.length).toBeGreaterThan(100);
    expect(rest[0].sensors[0].data.length).toBeLessThan(MAX_RECORDS_PER_SENSOR);
  });

  it('a complete sync by 31-day windows yields exactly the truth', async () => {
    const { call, sim } = await start({ scale: 'small' });
    const got = new Map<string, [number, unknown][]>();
    const sensors = (await call('getSensors', { systems: [2571, 3044] })).body.sensors as {
      sensor_id: string;
      system_id: number;
    }[];
    for (const s of sensors) {
      const { body } = await call('getSensorRecords', {
        systems: [
          {
            system_id: s.system_id,
            sensors: [{ sensor_id: s.sensor_id, start_date: iso(NOW - 30 * 86_400_000), end_date: iso(NOW) }],
          },
        ],
      });
      const data = (
        body.systems as { sensors: { data: { record_date: string; values: Record<string, number> }[] }[] }[]
      )[0].sensors[0].data;
      for (const record of data) {
        for (const [field, value] of Object.entries(record.values)) {
          const key = `realtime/${s.system_id}/${s.sensor_id}/${field}`;
          got.set(key, [...(got.get(key) ?? []), [Date.parse(record.record_date) * 1000, value]]);
        }
      }
    }
    const truth = [...sim.truth()];
    expect([...got.keys()].sort()).toEqual(truth.map((t) => t.key).sort());
    for (const stream of truth) expect(got.get(stream.key)).toEqual([...stream.points()].map((p) => [p.ts, p.value]));
  });

  it('getLatestRecordDate: in the system time zone, old for the idle sensor, pulse sensors capped at the last whole bucket', async () => {
    const { call } = await start({ scale: 'medium' });
    const { body } = await call('getLatestRecordDate', {
      systems: [
        { system_id: 2571, sensors: [{ sensor_id: '6322905' }, { sensor_id: '6321402' }] },
        { system_id: 3044, sensors: [{ sensor_id: '6400012' }] },
      ],
    });
    const [london, newYork] = body.systems as { sensors: { sensor_id: string; latest_record_date: string }[] }[];
    expect(london.sensors[0].latest_record_date).toMatch(/\+01:00$/);
    expect(NOW - Date.parse(london.sensors[0].latest_record_date)).toBeLessThan(3_600_000);
    expect(
      Date.parse(london.sensors[1].latest_record_date) % 900_000 === 0 ||
        NOW - Date.parse(london.sensors[1].latest_record_date) < 900_000,
    ).toBe(true);
    expect(newYork.sensors[0].latest_record_date).toMatch(/-04:00$/);
    expect(NOW - Date.parse(newYork.sensors[0].latest_record_date)).toBeGreaterThan(10 * 86_400_000);
  });
});

describe('Realtime simulator: throttling and faults', () => {
  it('enforces a rolling ten-minute window and a rolling day per token', async () => {
    let clock = NOW;
    const { call } = await start({ perTenMinutes: 2, perDay: 3, clock: () => clock });
    expect((await call('getSystems')).status).toBe(200);
    expect((await call('getSystems')).status).toBe(200);
    const throttled = await call('getSystems');
    expect(throttled.body).toMatchObject({ status: 429, message: 'Exceeded number of requests per ten minutes' });
    expect(throttled.res.headers.get('x-ratelimit-limit')).toBeNull();
    clock += 10 * 60_000 + 1;
    expect((await call('getSystems')).status).toBe(200);
    expect((await call('getSystems')).body).toMatchObject({
      status: 429,
      message: 'Exceeded number of requests per day',
    });
    clock += 86_400_000;
    expect((await call('getSystems')).status).toBe(200);
  });

  it('flaky: the same seed gives the same faults; its 429 mirrors the status in the body', async () => {
    const run = async () => {
      const { call } = await start({ faults: 'flaky', seed: 30 });
      return Promise.all(
        Array.from({ length: 40 }, () =>
          call('getSystems').then(
            (r) => `${r.status}:${r.body.status}`,
            () => 'reset',
          ),
        ),
      );
    };
    const first = await run();
    expect(first).toContain('429:429');
    expect(first).toContain('reset');
    expect((await run()).sort()).toEqual(first.sort());
  }, 15_000);

  it('hostile: malformed values among the records', async () => {
    const { call } = await start({ faults: 'hostile', seed: 9 });
    const values: unknown[] = [];
    for (const day of [1, 2]) {
      const from = iso(NOW - day * 86_400_000);
      const res = await call('getSensorRecords', {
        systems: [
          {
            system_id: 2571,
            sensors: [{ sensor_id: '11000005800001', start_date: from, end_date: iso(NOW - (day - 1) * 86_400_000) }],
          },
        ],
      }).catch(() => null);
      const sensors =
        (res?.body.systems as { sensors: { data: { values: Record<string, unknown> }[] }[] }[] | undefined)?.[0]
          .sensors[0].data ?? [];
      for (const r of sensors) values.push(...Object.values(r.values));
    }
    expect(values.some((v) => typeof v !== 'number' || v > 1e300 || v < -1e300)).toBe(true);
  });
});
