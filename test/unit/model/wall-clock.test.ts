import { describe, expect, it } from 'vitest';
import { zoneOffset, zoneWallClock } from '../../../src-main/model/wall-clock';

describe('a zone’s wall clock', () => {
  it('reads Berlin across the spring change, milliseconds kept', () => {
    const before = Date.UTC(2026, 2, 29, 0, 59, 59, 250);
    expect(zoneWallClock(before, 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 3,
      day: 29,
      hour: 1,
      minute: 59,
      second: 59,
      ms: 250,
    });
    expect(zoneOffset(before, 'Europe/Berlin')).toBe(3_600_000);
    expect(zoneWallClock(before + 1000, 'Europe/Berlin').hour).toBe(3);
    expect(zoneOffset(before + 1000, 'Europe/Berlin')).toBe(7_200_000);
  });

  it('handles instants before 1970 and zones behind UTC', () => {
    expect(zoneWallClock(-1, 'UTC')).toMatchObject({ year: 1969, hour: 23, second: 59, ms: 999 });
    expect(zoneOffset(Date.UTC(2026, 6, 1), 'America/New_York')).toBe(-4 * 3_600_000);
  });
});
