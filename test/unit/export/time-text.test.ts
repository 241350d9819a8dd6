import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveTimeZone, timestampFormatter } from '../../../src-main/export/time-text';

const us = (iso: string) => Date.parse(iso) * 1000;

describe('timestampFormatter UTC', () => {
  const utc = timestampFormatter('UTC');

  it('writes three fractional digits, six with sub-millisecond precision', () => {
    expect(utc(us('2026-01-15T12:34:56.789Z'))).toBe('2026-01-15T12:34:56.789Z');
    expect(utc(us('2026-01-15T12:34:56.789Z') + 12)).toBe('2026-01-15T12:34:56.789012Z');
    expect(utc(us('2026-01-15T00:00:00Z') + 1)).toBe('2026-01-15T00:00:00.000001Z');
    expect(utc(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(utc(-1)).toBe('1969-12-31T23:59:59.999999Z');
  });

  it('agrees with Date.toISOString for any instant (cached day prefix included)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_208_988_800_000_000, max: 4_102_444_800_000_000 }), (t) => {
        const ms = Math.floor(t / 1000);
        const micros = t - ms * 1000;
        const iso = new Date(ms).toISOString();
        expect(utc(t)).toBe(micros === 0 ? iso : `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('timestampFormatter in a zone', () => {
  const berlin = timestampFormatter('Europe/Berlin');

  it('switches to summer time at 01:00 UTC on 2026-03-29', () => {
    expect(berlin(us('2026-03-29T00:59:59.999Z'))).toBe('2026-03-29T01:59:59.999+01:00');
    expect(berlin(us('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00:00.000+02:00');
    expect(berlin(us('2026-03-28T23:00:00Z'))).toBe('2026-03-29T00:00:00.000+01:00');
  });

  it('switches back at 01:00 UTC on 2026-10-25, writing 02:30 twice with different offsets', () => {
    expect(berlin(us('2026-10-25T00:30:00Z'))).toBe('2026-10-25T02:30:00.000+02:00');
    expect(berlin(us('2026-10-25T00:59:59.999Z') + 999)).toBe('2026-10-25T02:59:59.999999+02:00');
    expect(berlin(us('2026-10-25T01:00:00Z'))).toBe('2026-10-25T02:00:00.000+01:00');
    expect(berlin(us('2026-10-25T01:30:00Z'))).toBe('2026-10-25T02:30:00.000+01:00');
  });

  it('keeps the instant: text read back gives the same µs, in either direction of time', () => {
    const start = us('2026-03-28T22:00:00Z');
    const instants = Array.from({ length: 200 }, (_, i) => start + i * 599_999_999);
    for (const t of [...instants, ...instants.reverse()]) {
      const text = berlin(t);
      const m = /^(.*\.\d{3})(\d{3})?([+-]\d{2}:\d{2})$/.exec(text);
      expect(m, text).not.toBeNull();
      expect(Date.parse(m![1] + m![3]) * 1000 + Number(m![2] ?? 0)).toBe(t);
    }
  });

  it('handles half-hour and negative offsets', () => {
    expect(timestampFormatter('Asia/Kolkata')(us('2026-01-01T00:00:00Z'))).toBe('2026-01-01T05:30:00.000+05:30');
    expect(timestampFormatter('America/St_Johns')(us('2026-01-01T00:00:00Z'))).toBe('2025-12-31T20:30:00.000-03:30');
  });

  it("writes +00:00, not Z, for a zone that happens to be on UTC, and resolves 'local'", () => {
    expect(timestampFormatter('Europe/London')(us('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00.000+00:00');
    expect(resolveTimeZone('local')).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
