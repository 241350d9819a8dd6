import { describe, expect, it } from 'vitest';
import { timeOption, timeRange, UsageError } from '../../../src-main/cli/args';
import { parseInterval, progressText } from '../../../src-main/cli/export';

describe('timeOption', () => {
  it('reads offsets, dates, and up to six fractional digits', () => {
    expect(timeOption('2026-03-29T01:00:00Z', '--from')).toBe(Date.UTC(2026, 2, 29, 1) * 1000);
    expect(timeOption('2026-03-29T03:00:00+02:00', '--from')).toBe(Date.UTC(2026, 2, 29, 1) * 1000);
    expect(timeOption('2026-03-29', '--from')).toBe(Date.UTC(2026, 2, 29) * 1000);
    expect(timeOption('2026-03-29T00:00:00.000123Z', '--from')).toBe(Date.UTC(2026, 2, 29) * 1000 + 123);
    expect(timeOption('2026-03-29T00:00:00.5Z', '--from')).toBe(Date.UTC(2026, 2, 29) * 1000 + 500_000);
  });

  it('takes a time without an offset as UTC, whatever the machine zone', () => {
    expect(timeOption('2026-03-29T01:00:00', '--to')).toBe(Date.UTC(2026, 2, 29, 1) * 1000);
  });

  it('refuses what is not a time, as a usage error', () => {
    expect(() => timeOption('yesterday', '--from')).toThrow(UsageError);
  });

  it.each(['2026-02-30', '2026-02-29', '2026-13-01', '2026-01-31T25:00', '2026-01-31T12:60:00Z'])(
    'refuses the impossible %s in the same words as any bad time',
    (text) =>
      expect(() => timeOption(text, '--from')).toThrow(
        `--from must be a real ISO 8601 date or time, such as 2026-01-31 or 2026-01-31T12:00:00Z, not "${text}".`,
      ),
  );
});

describe('timeRange', () => {
  it('reads both ends, either one, or none', () => {
    expect(timeRange({ from: '2026-01-01', to: '2026-01-02' })).toEqual({
      from: Date.UTC(2026, 0, 1) * 1000,
      to: Date.UTC(2026, 0, 2) * 1000,
    });
    expect(timeRange({})).toEqual({ from: undefined, to: undefined });
  });

  it('says plainly when --to is not after --from', () => {
    expect(() => timeRange({ from: '2026-01-02', to: '2026-01-01' })).toThrow(
      '--to (2026-01-01) must be after --from (2026-01-02).',
    );
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
