import { describe, expect, it } from 'vitest';
import { VendorError } from '../../../../src-main/http/errors';
import type { WireTimeseries } from '../../../../src-main/vendors/opticloud/api';
import {
  advanceTelemetry,
  chooseTenant,
  deviceStreams,
  planTelemetryRequest,
  pointsFromTimeseries,
  telemetryDone,
  type PlanInput,
} from '../../../../src-main/vendors/opticloud/map';

const entry = (name: string | null, tenantId: string, authorityId: string) => ({
  tenant: name === null ? undefined : { id: { id: tenantId }, name },
  authorityId: { id: authorityId },
});

describe('chooseTenant', () => {
  const entries = [
    entry(null, '', 'auth-customer'),
    entry('Water Board', 't-1', 'auth-1'),
    entry('Lab', 't-2', 'auth-2'),
  ];

  it('picks the named tenant, skipping entries without one', () => {
    expect(chooseTenant(entries, 'Lab')).toEqual({ authorityId: 'auth-2', tenantId: 't-2' });
  });

  it('takes the only tenant when none is named', () => {
    expect(chooseTenant([entries[0], entries[1]], '')).toEqual({ authorityId: 'auth-1', tenantId: 't-1' });
  });

  it('lists the tenants there are when the name is unknown or needed', () => {
    const refusal = (wanted: string) => {
      try {
        chooseTenant(entries, wanted);
      } catch (e) {
        return e as VendorError;
      }
      throw new Error('no refusal');
    };
    expect(refusal('lab').message).toBe(
      'This optiCLOUD user has no tenant named "lab". Tenants available: "Water Board", "Lab".',
    );
    expect(refusal('').message).toMatch(/several tenants.*"Water Board", "Lab"/);
    expect(refusal('').action).toBe('fail-account');
    expect(() => chooseTenant([entries[0]], '')).toThrow(/no tenant.*available: none/);
  });
});

describe('deviceStreams', () => {
  it('makes one stream per key, text for words and JSON, number otherwise', () => {
    const latest: WireTimeseries = {
      temp: [{ ts: 1, value: 21.5 }],
      level: [{ ts: 1, value: '42.2' }],
      door: [{ ts: 1, value: true }],
      state: [{ ts: 1, value: 'OPEN' }],
      gps: [{ ts: 1, value: { lat: 1 } }],
    };
    const streams = deviceStreams('dev-1', ['temp', 'level', 'door', 'state', 'gps', 'silent'], latest);
    expect(streams.map((s) => [s.key, s.kind])).toEqual([
      ['opticloud/dev-1/temp', 'number'],
      ['opticloud/dev-1/level', 'number'],
      ['opticloud/dev-1/door', 'number'],
      ['opticloud/dev-1/state', 'text'],
      ['opticloud/dev-1/gps', 'text'],
      ['opticloud/dev-1/silent', 'number'],
    ]);
    expect(streams[0]).toMatchObject({
      sourceRef: 'dev-1',
      feed: 'opticloud/dev-1',
      remote: { telemetryKey: 'temp', kind: 'number' },
    });
  });
});

const DAY = 86_400_000;
const base: Omit<PlanInput, 'after'> = { keys: ['a', 'b'], lowerMs: 0, endMs: 100 * DAY, windowMs: 30 * DAY, limit: 3 };
const series = (...ts: number[]) => ts.map((t) => ({ ts: t, value: t }));

describe('telemetry paging', () => {
  it('probes keys never read for their first point, then walks windows from there', () => {
    const probe = planTelemetryRequest({ ...base, after: {} });
    expect(probe).toEqual({ type: 'probe', keys: ['a', 'b'], startTs: 0, endTs: 100 * DAY, limit: 1 });
    if (probe.type === 'done') throw new Error('unreachable');
    const after = advanceTelemetry({}, probe, { a: series(50 * DAY), b: series(60 * DAY) });
    expect(after).toEqual({ a: 50 * DAY, b: 60 * DAY });
    // The key furthest behind goes first, alone, from just past its last point.
    expect(planTelemetryRequest({ ...base, after })).toEqual({
      type: 'window',
      keys: ['a'],
      startTs: 50 * DAY + 1,
      endTs: 80 * DAY + 1,
      limit: 3,
    });
  });

  it('leaves an empty key unread while other keys filled a limit-1 probe, then settles it', () => {
    const probe = planTelemetryRequest({ ...base, after: {} });
    if (probe.type === 'done') throw new Error('unreachable');
    const after = advanceTelemetry({}, probe, { a: series(5) });
    expect(after).toEqual({ a: 5 });
    const second = planTelemetryRequest({ ...base, after });
    expect(second).toMatchObject({ type: 'probe', keys: ['b'] });
    if (second.type === 'done') throw new Error('unreachable');
    expect(advanceTelemetry(after, second, {})).toEqual({ a: 5, b: 100 * DAY - 1 });
  });

  it('moves a key that hit the limit to its last point, and one that did not to the window end', () => {
    const plan = { type: 'window' as const, keys: ['a', 'b'], startTs: 10, endTs: 1000, limit: 3 };
    expect(advanceTelemetry({ a: 9, b: 9 }, plan, { a: series(11, 12, 13), b: series(20) })).toEqual({ a: 13, b: 20 });
    expect(advanceTelemetry({ a: 9, b: 9 }, plan, { a: series(11), b: series(20) })).toEqual({ a: 999, b: 999 });
    // Points at one millisecond are one per key in ThingsBoard; the next start is just past the last.
    expect(planTelemetryRequest({ ...base, after: { a: 13, b: 999 } })).toMatchObject({ keys: ['a'], startTs: 14 });
  });

  it('does not move an empty key when the answer as a whole reached the limit', () => {
    const plan = { type: 'window' as const, keys: ['a', 'b'], startTs: 10, endTs: 1000, limit: 3 };
    expect(advanceTelemetry({ a: 9, b: 9 }, plan, { a: series(11, 12, 13) })).toEqual({ a: 13, b: 9 });
  });

  it('is done when every key has reached the end', () => {
    expect(planTelemetryRequest({ ...base, after: { a: 100 * DAY - 1, b: 100 * DAY } })).toEqual({ type: 'done' });
    expect(telemetryDone({ a: 100 * DAY - 1, b: 100 * DAY - 1 }, ['a', 'b'], 100 * DAY)).toBe(true);
    expect(telemetryDone({ a: 100 * DAY - 1 }, ['a', 'b'], 100 * DAY)).toBe(false);
  });
});

describe('pointsFromTimeseries', () => {
  const streams = [
    { key: 'opticloud/d/level', telemetryKey: 'level', kind: 'number' as const },
    { key: 'opticloud/d/state', telemetryKey: 'state', kind: 'text' as const },
  ];

  it('reads numeric text as numbers, counts words in number streams, and gives µs', () => {
    const answer: WireTimeseries = {
      level: [
        { ts: 1_609_459_200_000, value: '42.2' },
        { ts: 1_609_459_200_001, value: 7 },
        { ts: 1_609_459_200_002, value: 'n/a' },
      ],
      state: [
        { ts: 1_609_459_200_000, value: 'OPEN' },
        { ts: 1_609_459_200_003, value: 3 },
      ],
    };
    const { points, rejected } = pointsFromTimeseries(answer, streams, { startTs: 0, endTs: 2e12 });
    expect(points['opticloud/d/level']).toEqual([
      { ts: 1_609_459_200_000_000, value: 42.2 },
      { ts: 1_609_459_200_001_000, value: 7 },
    ]);
    expect(points['opticloud/d/state']).toEqual([
      { ts: 1_609_459_200_000_000, value: 'OPEN' },
      { ts: 1_609_459_200_003_000, value: '3' },
    ]);
    expect(rejected).toBe(1);
  });

  it('ignores points outside the span asked for', () => {
    const { points } = pointsFromTimeseries({ level: series(5, 10, 20) }, streams, { startTs: 10, endTs: 20 });
    expect(points['opticloud/d/level']).toEqual([{ ts: 10_000, value: 10 }]);
  });
});
