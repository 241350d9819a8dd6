import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { say } from '../../../../src-main/model';
import { sensorSchema } from '../../../../src-main/vendors/realtime/api';
import {
  describeFailure,
  mapSensor,
  mapUnit,
  nothingNewSince,
  realtimePolicy,
  recordsToPoints,
  requestBody,
  requestHash,
  requestPolicy,
  sensorFields,
  windowDates,
} from '../../../../src-main/vendors/realtime/map';

const NOW = Date.UTC(2020, 1, 4, 11, 59, 28, 765);

describe('request signing', () => {
  it('stamps request_date in whole seconds with +00:00', () => {
    const body = requestBody('getSensors', { systems: [2571] }, NOW);
    expect(body).toBe('{"action":"getSensors","request_date":"2020-02-04T11:59:28+00:00","systems":[2571]}');
  });
  it('hashes body then secret with SHA-256, as the doc describes', () => {
    // SHA-256("abc") is the FIPS 180-2 test vector.
    expect(requestHash('ab', 'c')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const body = requestBody('getSystems', {}, NOW);
    const secret = 'asdf5%123456';
    expect(requestHash(body, secret)).toBe(
      createHash('sha256')
        .update(Buffer.from(body + secret, 'utf8'))
        .digest('hex'),
    );
  });
  it('hashes the UTF-8 bytes, so non-ASCII bodies verify', () => {
    const body = '{"unit":"°C"}';
    const bytes = Buffer.concat([Buffer.from(body, 'utf8'), Buffer.from('k', 'utf8')]);
    expect(requestHash(body, 'k')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

// The doc's fourth getSensors example, names/units mismatch included.
const docSensor = sensorSchema.parse({
  sensor_id: '9704474',
  system_id: 2571,
  type_id: 1009,
  names: {
    temperature: 'Blah Temperature',
    door_status: 'Blah Door',
    door_countt: 'Blah Door Count',
    light_status: 'Blah Light Status',
    light_count: 'Blah Light Count',
  },
  units: {
    temperature: '°C',
    door_status: [
      { value: 0, unit: 'standby' },
      { value: 1, unit: 'running' },
    ],
    door_count: '',
    light_status: [
      { value: 0, unit: 'armed' },
      { value: 1, unit: 'disarmed' },
    ],
    light_count: '',
  },
  meta_data: {
    temperature: { custom_meta_field: 'custom meta value' },
    door_status: {},
    door_count: [],
    light_status: {},
    light_count: {},
  },
});

describe('sensors', () => {
  it('takes the union of names and units keys', () => {
    expect(sensorFields(docSensor)).toEqual([
      'temperature',
      'door_status',
      'door_countt',
      'light_status',
      'light_count',
      'door_count',
    ]);
  });
  it('maps enumerated units to enum streams with labels', () => {
    expect(
      mapUnit([
        { value: 0, unit: 'standby' },
        { value: 1, unit: 'running' },
      ]),
    ).toEqual({
      unit: '',
      kind: 'enum',
      enumLabels: { '0': 'standby', '1': 'running' },
    });
    expect(mapUnit('kWh')).toEqual({ unit: 'kWh', kind: 'number' });
    expect(mapUnit(undefined)).toEqual({ unit: '', kind: 'number' });
  });
  it('makes a child source, a feed and keyed streams; names fall back to the field', () => {
    const found = mapSensor(docSensor);
    expect(found.source).toMatchObject({ ref: '2571/9704474', parentRef: '2571' });
    expect(found.feed).toEqual({ id: 'realtime/2571/9704474', remote: { systemId: 2571, sensorId: '9704474' } });
    const byField = Object.fromEntries(found.streams.map((s) => [s.remote.field, s]));
    expect(byField.temperature).toMatchObject({
      key: 'realtime/2571/9704474/temperature',
      name: 'Blah Temperature',
      unit: '°C',
      kind: 'number',
      meta: { custom: { custom_meta_field: 'custom meta value' } },
    });
    expect(byField.door_status).toMatchObject({ kind: 'enum', enumLabels: { '0': 'standby', '1': 'running' } });
    expect(byField.door_count).toMatchObject({ name: 'door_count', unit: '' });
    expect(byField.door_countt).toMatchObject({ name: 'Blah Door Count' });
  });
  it('accepts meta_data as [] and integer sensor ids', () => {
    const sensor = sensorSchema.parse({
      sensor_id: 6321402,
      system_id: 1,
      names: [],
      units: { e: 'kWh' },
      meta_data: [],
    });
    expect(sensor.sensor_id).toBe('6321402');
    expect(mapSensor(sensor).streams.map((s) => s.key)).toEqual(['realtime/1/6321402/e']);
  });
});

describe('latest_record_date', () => {
  const at = (h: number, m: number, sec = 0) => Date.UTC(2026, 4, 17, h, m, sec) * 1000;

  it('skips a sensor only when its latest date is before the 15-minute window holding the start', () => {
    // A pulse sensor's date is capped at the window's end (12:00) while status records of 12:04 exist.
    expect(nothingNewSince(at(12, 0), at(12, 7, 30))).toBe(false);
    expect(nothingNewSince(at(11, 59, 59), at(12, 7, 30))).toBe(true);
    expect(nothingNewSince(at(12, 7, 30), at(12, 7, 30))).toBe(false);
    expect(nothingNewSince(at(9, 0), at(12, 0))).toBe(true);
  });
});

describe('records', () => {
  const start = Date.UTC(2019, 4, 8, 23, 0, 0) * 1000;
  const end = Date.UTC(2019, 4, 9, 0, 0, 0) * 1000;
  const streams = [
    { key: 's/status', field: 'channel_1_status' },
    { key: 's/pulse', field: 'channel_1_pulse_count' },
  ];
  it('keeps [start, end), converts offsets, allows records without every field', () => {
    const got = recordsToPoints(
      [
        { record_date: '2019-05-08T23:03:48+00:00', values: { channel_1_status: 0 } },
        { record_date: '2019-05-09T00:11:48+01:00', values: { channel_1_status: 1 } },
        { record_date: '2019-05-08T23:15:00+00:00', values: { channel_1_pulse_count: 12, channel_1_status: 'x' } },
        { record_date: '2019-05-09T00:00:00+00:00', values: { channel_1_pulse_count: 3 } },
        { record_date: '2019-05-08T22:59:59+00:00', values: { channel_1_pulse_count: 3 } },
      ],
      streams,
      start,
      end,
    );
    expect(got.points['s/status']).toEqual([
      { ts: start + 3 * 60e6 + 48e6, value: 0 },
      { ts: start + 11 * 60e6 + 48e6, value: 1 },
    ]);
    expect(got.points['s/pulse']).toEqual([{ ts: start + 15 * 60e6, value: 12 }]);
    expect(got.rejected).toBe(1);
  });
  it('asks a second wider on each side', () => {
    expect(windowDates(start, end + 500_000)).toEqual({
      start_date: '2019-05-08T22:59:59+00:00',
      end_date: '2019-05-09T00:00:02+00:00',
    });
  });
});

describe('errors', () => {
  const failed = JSON.stringify({
    status: 400,
    message: 'Failed with errors',
    systems: [
      { system_id: 999999999999, code: 20, message: 'System does not exist or is not accessible', detail: '' },
      {
        system_id: 2571,
        code: 0,
        message: 'OK',
        sensors: [{ sensor_id: '1', code: 30, message: 'Sensor does not exist or is not accessible', detail: '' }],
      },
    ],
  });
  it('names every failing object', () => {
    expect(describeFailure(failed)).toBe(
      'system 999999999999: System does not exist or is not accessible [code 20]; sensor 1 of system 2571: Sensor does not exist or is not accessible [code 30]',
    );
  });
  it('fails the stream on 400, the account on 401', () => {
    expect(realtimePolicy({ status: 400, headers: {}, bodyText: failed, now: 0 })?.action).toBe('fail-stream');
    const auth = realtimePolicy({
      status: 401,
      headers: {},
      bodyText: '{"status":401,"message":"Authentication failed"}',
      now: 0,
    });
    expect(auth?.action).toBe('fail-account');
    expect(auth?.reason && say(auth.reason, 'en')).toBe(
      'Realtime Online refused the API token or secret: Authentication failed',
    );
  });
  it('throttles 10 minutes or a day, by the message', () => {
    const tenMinutes = realtimePolicy({
      status: 429,
      headers: {},
      bodyText: '{"status":429,"message":"Exceeded number of requests per ten minutes"}',
      now: 1000,
    });
    expect(tenMinutes).toMatchObject({ action: 'throttle', until: 1000 + 600_000 });
    const day = realtimePolicy({
      status: 429,
      headers: {},
      bodyText: '{"status":429,"message":"Exceeded number of requests per day"}',
      now: 1000,
    });
    expect(day).toMatchObject({ action: 'throttle', until: 1000 + 86_400_000 });
  });
  it('retries a refused request date once, then blames the clock', () => {
    const policy = requestPolicy();
    const facts = {
      status: 403,
      headers: {},
      bodyText: '{"status":403,"message":"The specified request date is too old"}',
      now: 0,
    };
    expect(policy(facts)?.action).toBe('retry');
    const second = policy(facts);
    expect(second?.action).toBe('fail-account');
    expect(second?.reason && say(second.reason, 'en')).toMatch(/clock/);
    expect(second?.reason && say(second.reason, 'de')).toMatch(/Uhr und Zeitzone/);
  });
});

describe('the ten-minute limit of one request', () => {
  it('probes after 15 s, then 1 min, then waits the whole window (a day for the daily limit)', () => {
    const policy = requestPolicy();
    const facts = (message: string, now: number) => ({
      status: 429,
      headers: {},
      bodyText: JSON.stringify({ status: 429, message }),
      now,
    });
    const waits = [0, 1, 2, 3].map(
      (i) => (policy(facts('Exceeded number of requests per ten minutes', 1000 * i))?.until ?? 0) - 1000 * i,
    );
    expect(waits).toEqual([15_000, 60_000, 600_000, 600_000]);
    expect(requestPolicy()(facts('Exceeded number of requests per day', 0))?.until ?? 0).toBe(86_400_000);
  });
});
