import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from '../../../src-renderer/ui/format';

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
