import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBudget } from '../../../src-main/http/budget';
import { ThrottledError, VendorError } from '../../../src-main/http/errors';
import {
  createQuotaGate,
  formatIsoMicros,
  formatIsoSeconds,
  parseIsoMicros,
  parseWire,
  parseJsonAs,
  saneUntil,
} from '../../../src-main/vendors/common';

const T0 = Date.UTC(2026, 4, 17, 8, 0, 0) * 1000; // 2026-05-17T08:00:00Z in µs

describe('parseIsoMicros', () => {
  it('keeps microseconds exactly', () => {
    expect(parseIsoMicros('2026-05-17T08:00:00.123456Z')).toBe(T0 + 123_456);
    expect(parseIsoMicros('2026-05-17T08:00:00.000001Z')).toBe(T0 + 1);
  });
  it('truncates finer fractions and pads shorter ones', () => {
    expect(parseIsoMicros('2026-05-17T08:00:00.1234567Z')).toBe(T0 + 123_456);
    expect(parseIsoMicros('2026-05-17T08:00:00.5Z')).toBe(T0 + 500_000);
  });
  it('applies offsets, in all their spellings', () => {
    expect(parseIsoMicros('2026-05-17T10:00:00+02:00')).toBe(T0);
    expect(parseIsoMicros('2026-05-17T09:00:00+0100')).toBe(T0);
    expect(parseIsoMicros('2026-05-17T03:30:00-04:30')).toBe(T0);
    expect(parseIsoMicros('2026-05-17T08:00:00+00:00')).toBe(T0);
  });
  it('reads naive times as UTC and dates as midnight UTC', () => {
    expect(parseIsoMicros('2026-05-17T08:00:00.000250')).toBe(T0 + 250);
    expect(parseIsoMicros('2026-05-17')).toBe(Date.UTC(2026, 4, 17) * 1000);
    expect(parseIsoMicros('2026-05-17 08:00')).toBe(T0);
  });
  it('refuses what is not a time', () => {
    expect(parseIsoMicros('yesterday')).toBeNull();
    expect(parseIsoMicros('2026-02-31T00:00:00Z')).toBeNull();
    expect(parseIsoMicros('2026-05-17T25:00:00Z')).toBeNull();
    expect(parseIsoMicros('')).toBeNull();
  });
});

describe('formatting', () => {
  it('writes six fractional digits and round-trips', () => {
    expect(formatIsoMicros(T0 + 123_456)).toBe('2026-05-17T08:00:00.123456Z');
    expect(formatIsoMicros(T0 + 7)).toBe('2026-05-17T08:00:00.000007Z');
    expect(parseIsoMicros(formatIsoMicros(T0 + 987_654))).toBe(T0 + 987_654);
  });
  it('writes whole seconds with +00:00', () => {
    expect(formatIsoSeconds(T0 + 999_999)).toBe('2026-05-17T08:00:00+00:00');
  });
});

describe('parseWire', () => {
  it('names the field that did not fit', () => {
    const schema = z.object({ data: z.array(z.object({ id: z.string() })) });
    expect(() => parseWire(schema, { data: [{ id: 3 }] }, 'the test API')).toThrow(/field data\.0\.id/);
    try {
      parseWire(schema, {}, 'the test API');
    } catch (err) {
      expect(err).toBeInstanceOf(VendorError);
      expect((err as VendorError).action).toBe('fail-stream');
    }
  });
});

describe('quota gate', () => {
  const at = (t: number) => () => t;
  it('pauses the budget for a short wait at Remaining 0, and not before', () => {
    const budget = createBudget({ perMinute: 60 }, at(1_000_000));
    const gate = createQuotaGate(budget, at(1_000_000), 'Test');
    gate.observe({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '1060' });
    expect(budget.pausedUntil).toBe(0);
    gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1060' });
    expect(budget.pausedUntil).toBe(1_060_000);
    expect(() => gate.check()).not.toThrow();
  });
  it('fails fast instead of sleeping through a daily reset, without pausing the budget', () => {
    const budget = createBudget({ perMinute: 60 }, at(0));
    const gate = createQuotaGate(budget, at(0), 'Test');
    gate.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3600' });
    expect(budget.pausedUntil).toBe(0);
    expect(() => gate.check()).toThrow(ThrottledError);
    expect(() => gate.check()).toThrow(/Test request quota is used up: throttled until 1970-01-01T01:00:00.000Z/);
  });
});

describe('parseJsonAs', () => {
  const schema = z.object({ t: z.number() });
  it('reads a valid cursor, forgets an unreadable one', () => {
    expect(parseJsonAs(schema, '{"t":5}')).toEqual({ t: 5 });
    expect(parseJsonAs(schema, null)).toBeNull();
    expect(parseJsonAs(schema, 'not json')).toBeNull();
    expect(parseJsonAs(schema, '{"x":1}')).toBeNull();
  });
});

describe('saneUntil', () => {
  it('believes a near future, not a missing, past or absurd one', () => {
    expect(saneUntil(5000, 1000, 60_000, 3600_000)).toBe(5000);
    expect(saneUntil(undefined, 1000, 60_000, 3600_000)).toBe(61_000);
    expect(saneUntil(500, 1000, 60_000, 3600_000)).toBe(61_000);
    expect(saneUntil(1000 + 365 * 86_400_000, 1000, 60_000, 3600_000)).toBe(61_000);
    expect(saneUntil(Number.POSITIVE_INFINITY, 1000, 60_000, 3600_000)).toBe(61_000);
  });
});
