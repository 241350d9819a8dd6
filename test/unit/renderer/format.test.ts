import { afterEach, describe, expect, it } from 'vitest';
import { formattingLocale, pickLanguage } from '../../../src-main/model/language';
import {
  formatBytes,
  formatCount,
  formatDateTime,
  formatDuration,
  formatEditable,
  formatNumber,
  formatRelative,
  formatTime,
  formatWallClock,
  monthDayTemplate,
  parseWallClock,
  sentence,
  setFormatLocale,
} from '../../../src-renderer/ui/format';
import { intervalLabel } from '../../../src-renderer/settings/intervals';

describe('formatBytes', () => {
  it('uses decimal units with one decimal below 10', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(9_960)).toBe('10 kB');
    expect(formatBytes(42_000_000)).toBe('42 MB');
    expect(formatBytes(3_200_000_000)).toBe('3.2 GB');
  });
  it('says – when the size is unknown', () => {
    expect(formatBytes(null)).toBe('–');
  });
});

describe('formatDuration', () => {
  it('reads in seconds, minutes and hours', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 5 s');
    expect(formatDuration(7_800)).toBe('2 h 10 min');
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(Infinity)).toBe('–');
  });
});

describe('formatTime, the one date-time style', () => {
  it('writes ISO dates on a 24-hour clock, in the zone given', () => {
    const us = Date.UTC(2026, 11, 6, 19, 12, 55) * 1000;
    expect(formatTime(us, 'UTC')).toBe('2026-12-06 19:12:55');
    expect(formatTime(us, 'America/New_York')).toBe('2026-12-06 14:12:55');
  });
});

describe('sentence', () => {
  it('gives a bare message a capital and a full stop, and leaves punctuated ones alone', () => {
    expect(sentence('connection refused')).toBe('Connection refused.');
    expect(sentence('Wrong key!')).toBe('Wrong key!');
    expect(sentence(' timed out after 30 s. ')).toBe('Timed out after 30 s.');
  });
});

describe('scheduleText', () => {
  it('follows plural rules', () => {
    expect(intervalLabel(0)).toBe('only when I ask');
    expect(intervalLabel(15)).toBe('every 15 minutes');
    expect(intervalLabel(60)).toBe('every hour');
    expect(intervalLabel(180)).toBe('every 3 hours');
  });
});

describe('local formats', () => {
  const at = Date.UTC(2026, 11, 6, 7, 0);
  afterEach(() => setFormatLocale('en'));

  it('writes German dates, times and numbers the German way', () => {
    setFormatLocale('de');
    expect(formatDateTime(at, 'UTC')).toBe('06.12.2026 07:00');
    expect(formatDateTime(at, 'Europe/Berlin', true)).toBe('06.12.2026 08:00:00');
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatCount(1234567)).toBe('1.234.567');
    expect(formatBytes(1500)).toBe('1,5 kB');
    expect(formatRelative(at - 20 * 60_000, at)).toBe('vor 20 Min.');
  });

  it('keeps the locale order in English, and day-month in British English', () => {
    expect(formatDateTime(at, 'UTC')).toBe('12/06/2026 07:00');
    expect(formatNumber(1234.5)).toBe('1,234.5');
    setFormatLocale('en-GB');
    expect(formatDateTime(at, 'UTC')).toBe('06/12/2026 07:00');
  });

  it('orders day and month on a chart axis as the locale does', () => {
    expect(monthDayTemplate()).toBe('{MMM} {D}');
    setFormatLocale('de');
    expect(monthDayTemplate()).toBe('{D}. {MMM}');
    setFormatLocale('en-GB');
    expect(monthDayTemplate()).toBe('{D} {MMM}');
  });

  it('puts numbers in input fields with the locale decimal sign and no grouping', () => {
    expect(formatEditable(1234.5)).toBe('1234.5');
    expect(formatEditable(null)).toBe('');
    setFormatLocale('de');
    expect(formatEditable(1234.5)).toBe('1234,5');
    expect(formatEditable(0.000125)).toBe('0,000125');
  });

  it('reads date fields in the locale order, or ISO', () => {
    setFormatLocale('de');
    expect(formatWallClock('2026-12-06T07:05')).toBe('06.12.2026 07:05');
    expect(parseWallClock('6.12.2026 7:05')).toBe('2026-12-06T07:05');
    expect(parseWallClock('2026-12-06T07:05')).toBe('2026-12-06T07:05');
    expect(parseWallClock('31.02.2026 07:00')).toBeNull();
    expect(parseWallClock('6.12.')).toBeNull();
    setFormatLocale('en');
    expect(parseWallClock('12/6/2026 07:05')).toBe('2026-12-06T07:05');
  });
});

describe('pickLanguage', () => {
  it('takes the first supported language of BCP 47 tags or POSIX locales, else English', () => {
    expect(pickLanguage(['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(pickLanguage(['de_DE.UTF-8'])).toBe('de');
    expect(pickLanguage(['C', 'POSIX'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
    expect(formattingLocale('en', ['de-DE', 'en-GB'])).toBe('en-GB');
    expect(formattingLocale('de', ['de_CH.UTF-8'])).toBe('de-CH');
  });
});

describe('date-only fields', () => {
  afterEach(() => setFormatLocale('en'));
  it('write and read a day in the locale order', () => {
    setFormatLocale('de');
    expect(formatWallClock('2026-12-06')).toBe('06.12.2026');
    expect(parseWallClock('6.12.2026', false)).toBe('2026-12-06');
    expect(parseWallClock('2026-12-06', false)).toBe('2026-12-06');
    expect(parseWallClock('2026-12-06', true)).toBeNull();
  });
});
