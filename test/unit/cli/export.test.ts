import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src-main/cli/args';
import { parseInterval, parseIsoMicros, progressText } from '../../../src-main/cli/export';

describe('parseIsoMicros', () => {
  it('reads offsets, dates, and up to six fractional digits', () => {
    expect(parseIsoMicros('2026-03-29T01:00:00Z', 'from')).toBe(Date.UTC(2026, 2, 29, 1) * 1000);
    expect(parseIsoMicros('2026-03-29T03:00:00+02:00', 'from')).toBe(Date.UTC(2026, 2, 29, 1) * 1000);
    expect(parseIsoMicros('2026-03-29', 'from')).toBe(Date.UTC(2026, 2, 29) * 1000);
    expect(parseIsoMicros('2026-03-29T00:00:00.000123Z', 'from')).toBe(Date.UTC(2026, 2, 29) * 1000 + 123);
    expect(parseIsoMicros('2026-03-29T00:00:00.5Z', 'from')).toBe(Date.UTC(2026, 2, 29) * 1000 + 500_000);
  });

  it('takes a time without an offset as UTC, whatever the machine zone', () => {
    expect(parseIsoMicros('2026-03-29T01:00:00', 'to')).toBe(Date.UTC(2026, 2, 29, 1) * 1000);
  });

  it('refuses what is not a time, as a usage error', () => {
    expect(() => parseIsoMicros('yesterday', 'from')).toThrow(UsageError);
  });
});

describe('parseInterval', () => {
  it.each([
    ['500ms', 500_000],
    ['30s', 30_000_000],
    ['15m', 900_000_000],
    ['1h', 3_600_000_000],
    ['1d', 86_400_000_000],
    ['250us', 250],
  ])('%s is %d µs', (text, micros) => expect(parseInterval(text)).toBe(micros));

  it('refuses a bare number or a zero interval', () => {
    expect(() => parseInterval('15')).toThrow(UsageError);
    expect(() => parseInterval('0s')).toThrow(UsageError);
  });
});

it('progressText says rows, rate and time left', () => {
  expect(progressText({ rows: 12_345, totalRows: 100_000, rowsPerSecond: 5000.4, etaSeconds: 17.5 })).toBe(
    '12,345 / 100,000 rows, 5,000 rows/s, 18 s left',
  );
});
