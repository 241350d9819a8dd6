import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatTime, sentence } from '../../../src-renderer/ui/format';
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
