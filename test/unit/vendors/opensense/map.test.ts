import { describe, expect, it } from 'vitest';
import { say } from '../../../../src-main/model';
import {
  describeOpensenseError,
  mapSensor,
  measurementsQuery,
  nextCursor,
  opensensePolicy,
  rowsToPoints,
} from '../../../../src-main/vendors/opensense/map';

const T = Date.UTC(2026, 4, 17, 8, 0, 0) * 1000;

describe('sensors', () => {
  it('makes a channel stream with the alarm band in meta', () => {
    const stream = mapSensor(
      {
        id: 'snr_1',
        channel_id: 'chn_9',
        device_id: 'dev_2',
        kind: 'temperature',
        label: 'Fridge 1',
        unit: '°C',
        ok_min: 0,
        ok_max: 5,
        state: 'ok',
      },
      'dev_2',
    );
    expect(stream).toMatchObject({
      key: 'opensense/chn_9',
      sourceRef: 'dev_2',
      name: 'Fridge 1',
      unit: '°C',
      kind: 'number',
      feed: 'opensense/chn_9',
      remote: { channelId: 'chn_9' },
      meta: { sensorId: 'snr_1', kind: 'temperature', label: 'Fridge 1', okMin: 0, okMax: 5, state: 'ok' },
    });
  });
});

describe('measurements', () => {
  it('parses microsecond timestamps exactly and rejects bad rows and rows outside [from, to)', () => {
    const got = rowsToPoints(
      [
        ['2026-05-17T08:00:00.000001Z', 4.13],
        ['2026-05-17T08:00:00.999999Z', 4.2],
        ['2026-05-17T10:00:01.5+02:00', 4.3],
        ['not a time', 1],
        ['2026-05-17T08:00:02Z', null],
        ['2999-12-31T00:00:00Z', 1],
        ['2026-05-17T08:00:00Z', 1],
      ],
      T + 1,
      T + 10_000_000,
    );
    expect(got.points).toEqual([
      { ts: T + 1, value: 4.13 },
      { ts: T + 999_999, value: 4.2 },
      { ts: T + 1_500_000, value: 4.3 },
    ]);
    expect(got.rejected).toBe(4);
    expect(got.lastTs).toBe(T + 1_500_000);
  });
  it('asks the window [from, to) with microseconds, or the vendor cursor while paging', () => {
    expect(measurementsQuery(null, T + 1, T + 10)).toEqual({
      agg: 'raw',
      limit: '5000',
      from: '2026-05-17T08:00:00.000001Z',
      to: '2026-05-17T08:00:00.000010Z',
    });
    expect(measurementsQuery('abc', T, T + 10)).toEqual({ agg: 'raw', limit: '5000', cursor: 'abc' });
  });
  it('keeps the vendor cursor while has_more, then the last timestamp', () => {
    expect(nextCursor(null, T, { hasMore: true, next: 'c1' })).toEqual({ page: 'c1', last: T });
    expect(nextCursor({ page: 'c1', last: T }, T + 5, { hasMore: false, next: null })).toEqual({ last: T + 5 });
    expect(nextCursor({ last: T }, null, { hasMore: false, next: null })).toEqual({ last: T });
    expect(nextCursor(null, null, { hasMore: false, next: null })).toBeNull();
  });
});

describe('errors', () => {
  const body = (code: string) =>
    JSON.stringify({ error: { code, message: 'No channel with id chn_x in this account', request_id: 'req_b1d2' } });
  it('includes code and request id', () => {
    expect(describeOpensenseError(body('channel_not_found'))).toBe(
      'channel_not_found: No channel with id chn_x in this account (request req_b1d2)',
    );
  });
  it('maps 401 and 403 to the account, 404 to the stream', () => {
    expect(opensensePolicy({ status: 401, headers: {}, bodyText: body('token_invalid'), now: 0 })?.action).toBe(
      'fail-account',
    );
    const forbidden = opensensePolicy({ status: 403, headers: {}, bodyText: body('forbidden'), now: 0 });
    expect(forbidden?.action).toBe('fail-account');
    expect(forbidden?.reason && say(forbidden.reason, 'en')).toMatch(
      /token of the wrong kind \(need a ua_live_ user token\)/,
    );
    const missing = opensensePolicy({ status: 404, headers: {}, bodyText: body('channel_not_found'), now: 0 });
    expect(missing?.action).toBe('fail-stream');
    expect(missing?.reason && say(missing.reason, 'en')).toMatch(/req_b1d2/);
  });
  it('throttles by Retry-After, but not for years', () => {
    const at = (retryAfter: string) =>
      opensensePolicy({ status: 429, headers: { 'retry-after': retryAfter }, bodyText: '', now: 1000 });
    expect(at('7')).toMatchObject({ action: 'throttle', until: 8000 });
    expect(at('31536000')).toMatchObject({ action: 'throttle', until: 61_000 });
    expect(at('soon')).toMatchObject({ action: 'throttle', until: 61_000 });
  });
});
