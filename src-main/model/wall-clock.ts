/**
 * The wall clock of an IANA time zone at an instant, read from Intl with one cached formatter per
 * zone. The export's offsets and the app's dates both read zones here. Imports nothing, so the
 * renderer may import it too (see .dependency-cruiser.cjs).
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function fieldsOf(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** What a clock in `zone` reads at `ms` since the epoch. */
export function zoneWallClock(ms: number, zone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of fieldsOf(zone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    ms: ((ms % 1000) + 1000) % 1000,
  };
}

/** How far `zone`'s clock is ahead of UTC at `ms`, in ms (a whole number of seconds). */
export function zoneOffset(ms: number, zone: string): number {
  const at = Math.floor(ms / 1000) * 1000;
  const w = zoneWallClock(at, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - at;
}
