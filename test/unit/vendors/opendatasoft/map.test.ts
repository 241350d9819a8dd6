import { describe, expect, it } from 'vitest';
import { say } from '../../../../src-main/model';
import type { WireDataset } from '../../../../src-main/vendors/opendatasoft/api';
import {
  advanceCursor,
  createRecordBatch,
  detectSeriesFields,
  describeOdsError,
  fieldUnit,
  mapDataset,
  odsqlDate,
  odsqlField,
  odsqlWhere,
  opendatasoftPolicy,
  pickTimeField,
  recordsQuery,
  resetTimeMs,
  type BatchStream,
} from '../../../../src-main/vendors/opendatasoft/map';

const T = Date.UTC(2024, 0, 2, 3, 4, 5) * 1000;

const dataset = (fields: WireDataset['fields'], id = 'air-quality'): WireDataset => ({
  dataset_id: id,
  metas: { default: { title: 'Air quality' } },
  fields,
});

describe('time field', () => {
  it('prefers datetime with timeserie_precision, then datetime, then date', () => {
    expect(
      pickTimeField([
        { name: 'day', type: 'date' },
        { name: 'created', type: 'datetime' },
        { name: 'measured', type: 'datetime', annotations: { timeserie_precision: 'hour' } },
      ]),
    ).toEqual({ name: 'measured', type: 'datetime' });
    expect(
      pickTimeField([
        { name: 'day', type: 'date' },
        { name: 'created', type: 'datetime' },
      ]),
    ).toEqual({ name: 'created', type: 'datetime' });
    expect(pickTimeField([{ name: 'day', type: 'date' }])).toEqual({ name: 'day', type: 'date' });
    expect(pickTimeField([{ name: 'x', type: 'double' }])).toBeNull();
  });
  it('reads v1-style annotation arrays too', () => {
    expect(
      pickTimeField([
        { name: 'a', type: 'datetime' },
        { name: 'b', type: 'datetime', annotations: [{ name: 'timeserie_precision', args: ['day'] }] },
      ])?.name,
    ).toBe('b');
  });
});

describe('units', () => {
  it('from the unit annotation, v2 or v1 shape', () => {
    expect(fieldUnit({ name: 'no2', type: 'double', annotations: { unit: 'µg/m³' } })).toBe('µg/m³');
    expect(fieldUnit({ name: 'no2', type: 'double', annotations: [{ name: 'unit', args: ['ppm'] }] })).toBe('ppm');
  });
  it('from a trailing (unit) or [unit] in the label, else none', () => {
    expect(fieldUnit({ name: 't', type: 'double', label: 'Température (°C)' })).toBe('°C');
    expect(fieldUnit({ name: 'q', type: 'double', label: 'Débit [m3/s]' })).toBe('m3/s');
    expect(fieldUnit({ name: 'n', type: 'int', label: 'Count' })).toBe('');
  });
});

describe('mapDataset', () => {
  it('makes one stream per numeric or text field, fed by the dataset', () => {
    const found = mapDataset(
      dataset([
        { name: 'date', type: 'datetime' },
        { name: 'station', type: 'text' },
        { name: 'temp', type: 'double', label: 'Temperature (°C)' },
        { name: 'count', type: 'int', label: 'Vehicles', annotations: { unit: 'veh' } },
      ]),
    );
    expect(found.source).toMatchObject({
      ref: 'air-quality',
      name: 'Air quality',
      meta: { syncable: true, timeField: 'date' },
    });
    expect(found.feed).toEqual({
      id: 'opendatasoft/air-quality',
      remote: { datasetId: 'air-quality', timeField: 'date', timeType: 'datetime' },
    });
    expect(found.streams.map((s) => [s.key, s.name, s.unit, s.kind, s.feed])).toEqual([
      ['opendatasoft/air-quality/station', 'station', '', 'text', 'opendatasoft/air-quality'],
      ['opendatasoft/air-quality/temp', 'Temperature', '°C', 'number', 'opendatasoft/air-quality'],
      ['opendatasoft/air-quality/count', 'Vehicles', 'veh', 'number', 'opendatasoft/air-quality'],
    ]);
  });
  it('marks a dataset without a time field as not syncable, with a reason', () => {
    const found = mapDataset(dataset([{ name: 'population', type: 'int' }], 'towns'));
    expect(found.streams).toEqual([]);
    expect(found.feed).toBeUndefined();
    expect(found.source.meta).toMatchObject({
      syncable: false,
      reason: expect.stringMatching(/no date or datetime field/),
    });
  });
});

describe('ODSQL', () => {
  it('quotes only identifiers that need it', () => {
    expect(odsqlField('date_mesure')).toBe('date_mesure');
    expect(odsqlField('date-mesure')).toBe('`date-mesure`');
  });
  it('writes date literals with fractions only when present', () => {
    expect(odsqlDate(T)).toBe("date'2024-01-02T03:04:05Z'");
    expect(odsqlDate(T + 1500)).toBe("date'2024-01-02T03:04:05.001500Z'");
  });
  it('builds [from, to) windows', () => {
    expect(odsqlWhere('ts', { from: null, fromInclusive: true, to: T })).toBe("ts < date'2024-01-02T03:04:05Z'");
    expect(odsqlWhere('ts', { from: T - 5_000_000, fromInclusive: true, to: T })).toBe(
      "ts >= date'2024-01-02T03:04:00Z' AND ts < date'2024-01-02T03:04:05Z'",
    );
    expect(odsqlWhere('ts', { from: T - 5_000_000, fromInclusive: false, to: T })).toMatch(/^ts > date/);
  });
});

describe('records cursor', () => {
  it('starts at from, then at the cursor time skipping the records already taken there', () => {
    expect(recordsQuery(null, 5, T)).toEqual({ window: { from: 5, fromInclusive: true, to: T }, offset: 0 });
    expect(recordsQuery({ t: 100, n: 3 }, 5, T)).toEqual({
      window: { from: 100, fromInclusive: true, to: T },
      offset: 3,
    });
  });
  it('never lets offset + limit pass 10000: moves the lower bound past the crowded time instead', () => {
    expect(recordsQuery({ t: 100, n: 9900 }, undefined, T)).toEqual({
      window: { from: 100, fromInclusive: true, to: T },
      offset: 9900,
    });
    expect(recordsQuery({ t: 100, n: 9901 }, undefined, T)).toEqual({
      window: { from: 100, fromInclusive: false, to: T },
      offset: 0,
    });
  });
  it('counts the records at the last time and names their series, across pages', () => {
    const taken = (...records: [number, string][]) => records.map(([ts, series]) => ({ ts, series }));
    expect(advanceCursor(null, taken([1, '/a'], [2, '/a'], [2, '/b'], [3, '/b'], [3, '/a'], [3, '/a']), false)).toEqual(
      { t: 3, n: 3, series: ['/a', '/b'] },
    );
    expect(advanceCursor({ t: 3, n: 3, series: ['/a'] }, taken([3, '/c'], [3, '/c']), false)).toEqual({
      t: 3,
      n: 5,
      series: ['/a', '/c'],
    });
    expect(advanceCursor({ t: 3, n: 5, series: ['/a'] }, taken([3, '/a'], [4, '']), true)).toEqual({
      t: 4,
      n: 1,
      series: [''],
      bulk: true,
    });
    expect(advanceCursor({ t: 4, n: 1, series: [''], bulk: true }, [], false)).toEqual({ t: 4, n: 1, series: [''] });
    expect(advanceCursor(null, [], true)).toBeNull();
  });
});

describe('records → points', () => {
  it('keeps numbers, counts nulls, words and out-of-window records as rejected, keeps µs times', () => {
    const { batch, add } = createRecordBatch(
      [
        { key: 'k/a', field: 'a' },
        { key: 'k/b', field: 'b' },
      ],
      { from: Date.UTC(2024, 0, 1) * 1000, fromInclusive: false, to: T + 2 },
    );
    add({ ts: '2024-01-02T04:04:05.000001+01:00', a: 1.5, b: null }, 'ts');
    add({ ts: '2024-01-02', a: '2', b: 'n/a' }, 'ts');
    add({ ts: null, a: 3, b: 4 }, 'ts');
    add({ ts: '2999-12-31T00:00:00Z', a: 3, b: 4 }, 'ts');
    add({ ts: '2024-01-01T00:00:00Z', a: 3, b: 4 }, 'ts');
    expect(batch.points['k/a']).toEqual([
      { ts: T + 1, value: 1.5 },
      { ts: Date.UTC(2024, 0, 2) * 1000, value: 2 },
    ]);
    expect(batch.points['k/b']).toEqual([]);
    expect(batch.rejected).toBe(8);
    expect(batch.taken.map((r) => r.ts)).toEqual([T + 1, Date.UTC(2024, 0, 2) * 1000]);
  });
});

describe('errors', () => {
  it('reads both error shapes', () => {
    expect(describeOdsError('{"error_code":"ODSQLError","message":"Unknown field: x"}')).toBe(
      'ODSQLError: Unknown field: x',
    );
    expect(describeOdsError('{"errorcode":10002,"error":"Too many requests"}')).toBe('10002: Too many requests');
    expect(describeOdsError('<html>')).toBeNull();
  });
  it('throttles a 429 until reset_time', () => {
    const verdict = opendatasoftPolicy({
      status: 429,
      headers: {},
      bodyText:
        '{"errorcode":10002,"reset_time":"2024-01-03T00:00:00Z","limit_time_unit":"day","call_limit":10000,"error":"Too many requests on the domain."}',
      now: Date.UTC(2024, 0, 2, 12),
    });
    expect(verdict).toMatchObject({ action: 'throttle', until: Date.UTC(2024, 0, 3) });
    expect(verdict?.reason && say(verdict.reason, 'en')).toMatch(
      /quota exceeded \(429 10002: Too many requests on the domain\.\)/,
    );
  });
  it('maps 400 and 401 with the vendor words', () => {
    const bad = opendatasoftPolicy({
      status: 400,
      headers: {},
      bodyText: '{"error_code":"InvalidRESTParameterError","message":"limit too big"}',
      now: 0,
    });
    expect(bad?.action).toBe('fail-stream');
    expect(bad?.reason && say(bad.reason, 'en')).toBe(
      'OpenDataSoft rejected the request (400 InvalidRESTParameterError: limit too big)',
    );
    expect(opendatasoftPolicy({ status: 401, headers: {}, bodyText: '', now: 0 })?.action).toBe('fail-account');
    expect(opendatasoftPolicy({ status: 503, headers: {}, bodyText: '', now: 0 })).toBeUndefined();
  });
  it('reads reset_time as ISO, epoch seconds or epoch ms', () => {
    expect(resetTimeMs('2024-01-03T00:00:00+00:00')).toBe(Date.UTC(2024, 0, 3));
    expect(resetTimeMs(1704240000)).toBe(1704240000_000);
    expect(resetTimeMs(1704240000_000)).toBe(1704240000_000);
    expect(resetTimeMs(null)).toBeUndefined();
  });
});

describe('series', () => {
  const at = (t: string, station: string, pollutant: string, unit = 'µg/m³') => ({ t, station, pollutant, unit });
  it('finds the smallest set of text fields that makes (time, series) unique, first in field order', () => {
    const fields = ['station', 'pollutant', 'unit'];
    expect(detectSeriesFields([at('1', 'A', 'NO2'), at('2', 'A', 'NO2')], 't', fields)).toEqual([]);
    expect(detectSeriesFields([at('1', 'A', 'NO2'), at('1', 'B', 'NO2')], 't', fields)).toEqual(['station']);
    const long = ['A', 'B'].flatMap((s) => ['NO2', 'O3'].map((p) => at('1', s, p)));
    expect(detectSeriesFields(long, 't', fields)).toEqual(['station', 'pollutant']);
  });
  it('keys streams by field and series, percent-encoded, and counts a second record of a series at one time', () => {
    const found = mapDataset(
      dataset([
        { name: 'date', type: 'datetime' },
        { name: 'station', type: 'text' },
        { name: 'no2', type: 'double' },
        { name: 'ok', type: 'boolean' },
      ]),
      { fields: ['station'], values: [{ station: 'Lyon Centre' }, { station: 'a/b' }] },
    );
    expect(found.streams.map((s) => s.key)).toEqual([
      'opendatasoft/air-quality/no2/Lyon%20Centre',
      'opendatasoft/air-quality/ok/Lyon%20Centre',
      'opendatasoft/air-quality/no2/a%2Fb',
      'opendatasoft/air-quality/ok/a%2Fb',
    ]);
    const streams = found.streams.map((s) => ({ key: s.key, ...(s.remote as Omit<BatchStream, 'key'>) }));
    const { batch, add } = createRecordBatch(streams, { from: null, fromInclusive: true, to: T }, ['station']);
    add({ date: '2024-01-01T00:00:00Z', station: 'Lyon Centre', no2: 10, ok: true }, 'date');
    add({ date: '2024-01-01T00:00:00Z', station: 'a/b', no2: 20, ok: false }, 'date');
    add({ date: '2024-01-01T00:00:00Z', station: 'Lyon Centre', no2: 11, ok: false }, 'date');
    const ts = Date.UTC(2024, 0, 1) * 1000;
    expect(batch.points['opendatasoft/air-quality/no2/Lyon%20Centre']).toEqual([{ ts, value: 10 }]);
    expect(batch.points['opendatasoft/air-quality/ok/a%2Fb']).toEqual([{ ts, value: 0 }]);
    expect(batch.collisions).toEqual({
      'opendatasoft/air-quality/no2/Lyon%20Centre': 1,
      'opendatasoft/air-quality/ok/Lyon%20Centre': 1,
    });

    // The next page, after a cursor at that time which took Lyon Centre: its record there again collides.
    const cursor = advanceCursor(null, batch.taken.slice(0, 1), false);
    const next = createRecordBatch(streams, { from: ts, fromInclusive: true, to: T }, ['station'], cursor);
    next.add({ date: '2024-01-01T00:00:00Z', station: 'a/b', no2: 20, ok: false }, 'date');
    next.add({ date: '2024-01-01T00:00:00Z', station: 'Lyon Centre', no2: 11, ok: false }, 'date');
    next.add({ date: '2024-01-01T01:00:00Z', station: 'Lyon Centre', no2: 12, ok: true }, 'date');
    expect(next.batch.points['opendatasoft/air-quality/no2/Lyon%20Centre']).toEqual([
      { ts: ts + 3_600_000_000, value: 12 },
    ]);
    expect(next.batch.points['opendatasoft/air-quality/no2/a%2Fb']).toEqual([{ ts, value: 20 }]);
    expect(next.batch.collisions).toEqual({
      'opendatasoft/air-quality/no2/Lyon%20Centre': 1,
      'opendatasoft/air-quality/ok/Lyon%20Centre': 1,
    });
  });
});
