import { describe, expect, it } from 'vitest';
import { VendorError } from '../../../../src-main/http/errors';
import { parseWire } from '../../../../src-main/vendors/common';
import {
  dataPointPageSchema,
  datastreamPageSchema,
  type WireDataPoint,
  type WireDatastreamEntry,
} from '../../../../src-main/vendors/opti/api';
import {
  discoveredStream,
  groupDatastreams,
  historicalIdNewerThan,
  kindOfSample,
  microsFromId,
  newerId,
  nextPageQuery,
  parseTitle,
  pointsFromDataPoints,
  sitesOf,
  ticksFromId,
} from '../../../../src-main/vendors/opti/map';

// The example of vendor-notes §1: this id belongs to 2020-08-07T14:18:30Z.
const EXAMPLE_ID = '2518054908899999999';
const EXAMPLE_US = Date.UTC(2020, 7, 7, 14, 18, 30) * 1000;

const point = (
  id: string,
  timeValue: string,
  value: WireDataPoint['value'][number]['value'],
  resourceId = 1,
): WireDataPoint => ({
  id,
  timeValue,
  value: [{ resourceId, value }],
});
const everything = { from: -Infinity, to: Infinity, heldId: null };

describe('DataPoint ids', () => {
  it('turn into .NET ticks and microseconds exactly, beyond 2^53', () => {
    expect(ticksFromId(EXAMPLE_ID)).toBe(637_324_067_100_000_000n);
    expect(microsFromId(EXAMPLE_ID)).toBe(EXAMPLE_US);
    // A tick (100 ns) past a whole microsecond is cut, not rounded.
    expect(microsFromId((BigInt(EXAMPLE_ID) - 1_234_567n).toString())).toBe(EXAMPLE_US + 123_456);
  });

  it('step back by one for historicalId, which Number arithmetic would get wrong', () => {
    expect(historicalIdNewerThan(EXAMPLE_ID)).toBe('2518054908899999998');
    expect(String(Number(EXAMPLE_ID) - 1)).not.toBe('2518054908899999998');
  });

  it('are newer when smaller', () => {
    expect(newerId('2518054908899999990', '2518054908899999999')).toBe('2518054908899999990');
    expect(newerId('9', '10')).toBe('9');
    expect(newerId(null, '10')).toBe('10');
    expect(newerId('10', null)).toBe('10');
  });
});

describe('parseTitle', () => {
  it('splits "<Site> - <Product>: <Metric>"', () => {
    expect(parseTitle('Harbor Pond - CMAC: Water Level')).toEqual({ site: 'Harbor Pond', name: 'CMAC: Water Level' });
  });
  it('keeps dashes of the site and of the metric where they belong', () => {
    expect(parseTitle('Acme Co - Building 3 - CMAC: Valve - Position')).toEqual({
      site: 'Acme Co - Building 3',
      name: 'CMAC: Valve - Position',
    });
  });
  it('falls back to the part before the colon, or the whole title', () => {
    expect(parseTitle('Rain Gauge: Depth')).toEqual({ site: 'Rain Gauge', name: 'Rain Gauge: Depth' });
    expect(parseTitle('Lonely')).toEqual({ site: 'Lonely', name: 'Lonely' });
  });
});

describe('DataStream discovery', () => {
  const entries: WireDatastreamEntry[] = [
    {
      id: '77',
      resourceId: 502,
      title: 'Harbor Pond - CMAC: Level',
      validFrom: '2024-03-01T00:00:00',
      unitName: 'Inches',
      unitAbbreviation: 'in',
    },
    {
      id: '77',
      resourceId: 501,
      title: 'Old Pond - CMAC: Depth',
      validFrom: '2023-01-01T12:00:00.5000000+02:00',
      unitName: 'Feet',
      unitAbbreviation: null,
    },
    {
      id: '78',
      resourceId: 600,
      title: 'Harbor Pond - CMAC: Status',
      validFrom: null,
      unitName: null,
      location: { type: 'Point', coordinates: [-77, 38] },
    },
  ];

  it('groups Resources by DataStream id into one stream with its metadata history, newest last', () => {
    const groups = groupDatastreams(entries);
    expect(groups.map((g) => g.id)).toEqual(['77', '78']);
    const level = discoveredStream(groups[0], 'number');
    expect(level).toMatchObject({
      key: 'opti/77',
      feed: 'opti/77',
      sourceRef: 'Harbor Pond',
      name: 'CMAC: Level',
      unit: 'in',
      kind: 'number',
    });
    expect(level.remote).toEqual({ dataStreamId: '77', kind: 'number' });
    expect(level.metaHistory?.map((v) => [v.validFrom, v.name, v.unit])).toEqual([
      [Date.UTC(2023, 0, 1, 10, 0, 0) * 1000 + 500_000, 'CMAC: Depth', 'Feet'],
      // No offset: read as UTC.
      [Date.UTC(2024, 2, 1) * 1000, 'CMAC: Level', 'in'],
    ]);
  });

  it('reads a missing validFrom as the start of time and makes one source per site', () => {
    const streams = groupDatastreams(entries).map((g) => discoveredStream(g, 'text'));
    expect(streams[1].metaHistory?.[0].validFrom).toBe(0);
    expect(streams[1].meta?.coordinates).toEqual([-77, 38]);
    expect(sitesOf(streams)).toEqual([{ ref: 'Harbor Pond', name: 'Harbor Pond', location: { lat: 38, lon: -77 } }]);
  });

  it('fails loudly on a validFrom that is no date', () => {
    expect(() => groupDatastreams([{ ...entries[0], validFrom: 'soon' }])).toThrow(/validFrom of data stream 77/);
  });

  it('tells text from numbers by a sample value', () => {
    expect(kindOfSample(point(EXAMPLE_ID, '2020-08-07T14:18:30Z', 'ONLINE'))).toBe('text');
    expect(kindOfSample(point(EXAMPLE_ID, '2020-08-07T14:18:30Z', '42'))).toBe('number');
    expect(kindOfSample(point(EXAMPLE_ID, '2020-08-07T14:18:30Z', 3.5))).toBe('number');
    expect(kindOfSample(undefined)).toBe('number');
  });
});

describe('pointsFromDataPoints', () => {
  const page = [
    point('2518054908897654321', '2020-08-07T14:18:30.2345678+00:00', '42', 502),
    point('2518054908899999999', '2020-08-07T14:18:30.0000001Z', 17.5, 501),
    point('2518054908900000000', '2020-08-07T14:18:29.9999999Z', 'ONLINE', 501),
  ];

  it('keeps sub-millisecond digits of 7-digit times, with +00:00 or Z, oldest first', () => {
    const { points, rejected, newestId } = pointsFromDataPoints(page, 'number', everything);
    expect(points).toEqual([
      { ts: EXAMPLE_US, value: 17.5 },
      { ts: EXAMPLE_US + 234_567, value: 42 },
    ]);
    expect(rejected).toBe(1); // a word in a number stream
    expect(newestId).toBe('2518054908897654321');
  });

  it('keeps words and numbers as text in a text stream', () => {
    expect(pointsFromDataPoints(page, 'text', everything).points.map((p) => p.value)).toEqual(['ONLINE', '17.5', '42']);
  });

  it('keeps [from, to) and stops at the newest point held', () => {
    const ranged = pointsFromDataPoints(page, 'text', { from: EXAMPLE_US, to: EXAMPLE_US + 234_567, heldId: null });
    expect(ranged.points).toEqual([{ ts: EXAMPLE_US, value: '17.5' }]);
    expect(ranged.pastFrom).toBe(true);
    expect(ranged.newestId).toBe('2518054908899999999');
    const incremental = pointsFromDataPoints(page, 'text', { ...everything, heldId: '2518054908899999999' });
    expect(incremental.points).toEqual([{ ts: EXAMPLE_US + 234_567, value: '42' }]);
    expect(incremental.pastFrom).toBe(true);
  });
});

describe('wire pages', () => {
  it('reads a bare DataPoint (top=1) as a page of one', () => {
    const bare = {
      id: EXAMPLE_ID,
      timeValue: '2020-08-07T14:18:30.0000000+00:00',
      value: [{ resourceId: 1, value: 'ONLINE' }],
    };
    const page = parseWire(dataPointPageSchema, bare, 'Opti DataPoint');
    expect(page.Items).toHaveLength(1);
    expect(page.NextPageLink).toBeUndefined();
  });

  it('accepts a lone DataValue instead of an array', () => {
    const page = parseWire(
      dataPointPageSchema,
      { Items: [{ id: '5', timeValue: 'x', value: { value: 1 } }] },
      'Opti DataPoint',
    );
    expect(page.Items[0].value).toEqual([{ value: 1 }]);
  });

  it('refuses numeric ids (precision is already lost) naming the field', () => {
    const bad = { Items: [{ id: 2518054908899999999, timeValue: 't', value: [] }], Count: 1 };
    const err = (() => {
      try {
        parseWire(dataPointPageSchema, bad, 'Opti DataPoint');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).action).toBe('fail-stream');
    expect((err as VendorError).message).toMatch(/Items\.0\.id/);
  });

  it('takes numeric or text DataStream ids', () => {
    const page = parseWire(
      datastreamPageSchema,
      { Items: [{ id: 12, title: 'A - B: C' }], Count: 1 },
      'Opti Datastream',
    );
    expect(page.Items[0].id).toBe('12');
  });
});

describe('nextPageQuery', () => {
  it('drops the key, whatever its case, and keeps the link’s filters and skiptoken', () => {
    const link = 'https://public.optirtc.com/api/datapoint/?key=SECRET&dataStreamId=77&skiptoken=2518054908899999999';
    expect(nextPageQuery(link, { dataStreamId: '77' })).toEqual({
      dataStreamId: '77',
      skiptoken: '2518054908899999999',
    });
    expect(JSON.stringify(nextPageQuery(link.replace('key=', 'KEY='), {}))).not.toContain('SECRET');
  });

  it('carries filters the link does not repeat, but never an old skiptoken', () => {
    const link = 'https://x/api/datapoint?Skiptoken=9&datastreamid=77';
    expect(nextPageQuery(link, { dataStreamId: '77', historicalId: '100', skiptoken: '5' })).toEqual({
      historicalId: '100',
      Skiptoken: '9',
      datastreamid: '77',
    });
  });
});
