/**
 * Time for the viewer: the API speaks integer microseconds (UTC), uPlot speaks seconds, people read
 * wall-clock time in UTC, their own zone, or the source's zone. Zones are IANA names handled by Intl;
 * `undefined` means the browser's own zone.
 */
import type { ViewSpec } from '../../src-main/api/contract';
import { pad, US_PER_MS, US_PER_S, wallClock, type WallClock } from '../ui/format';

export { US_PER_MS, US_PER_S } from '../ui/format';

export type Preset = Extract<ViewSpec['range'], { preset: string }>['preset'];
export type TimeZoneChoice = ViewSpec['timeZone'];

/** A visible time range, µs; `to` is exclusive, like the store's queries. */
export interface Range {
  from: number;
  to: number;
}

const HOUR_US = 3_600 * US_PER_S;
const DAY_US = 24 * HOUR_US;

/** The range presets; their labels are in the catalogs (`toolbar.presets.<id>`). */
export const presets: { id: Preset; span: number | null }[] = [
  { id: '24h', span: DAY_US },
  { id: '7d', span: 7 * DAY_US },
  { id: '30d', span: 30 * DAY_US },
  { id: '1y', span: 365 * DAY_US },
  { id: 'all', span: null },
];

export const toSeconds = (us: number): number => us / US_PER_S;
export const fromSeconds = (s: number): number => Math.round(s * US_PER_S);

/** The range a preset stands for: the last span up to now, or everything the streams hold. */
export function presetRange(preset: Preset, nowMs: number, extent: Range | null): Range | null {
  const span = presets.find((p) => p.id === preset)?.span ?? null;
  const now = nowMs * US_PER_MS;
  if (span !== null) return { from: now - span, to: now };
  return extent;
}

/** The span covering every given stream's stored points (to exclusive), or null when none has any. */
export function extentOf(streams: readonly { firstTs: number | null; lastTs: number | null }[]): Range | null {
  let from = Infinity;
  let to = -Infinity;
  for (const s of streams) {
    if (s.firstTs !== null && s.firstTs < from) from = s.firstTs;
    if (s.lastTs !== null && s.lastTs > to) to = s.lastTs;
  }
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  return { from, to: to + 1 };
}

/** A Date whose local fields read as the wall clock in `zone`: what uPlot's `tzDate` option wants. */
export function zonedDate(ms: number, zone: string | undefined): Date {
  if (zone === undefined) return new Date(ms);
  const w = wallClock(ms, zone);
  return new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
}

/** The instant (ms) at which `zone`'s wall clock reads `w`; for a skipped or doubled hour, the first fit. */
export function instantOf(w: WallClock, zone: string | undefined): number {
  if (zone === undefined) return new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms).getTime();
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  let guess = asUtc;
  // Two rounds settle the zone offset, also across a daylight-saving change.
  for (let i = 0; i < 2; i++) {
    const seen = wallClock(guess, zone);
    const seenUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second, seen.ms);
    guess += asUtc - seenUtc;
  }
  return guess;
}

/** The value of a date-time field (`YYYY-MM-DDTHH:mm`) showing `us` in `zone`. */
export function toInputValue(us: number, zone: string | undefined): string {
  const w = wallClock(Math.floor(us / US_PER_MS), zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** Reads a date-time field (`T` or a space between date and time) as wall-clock time in `zone`; null when incomplete. */
export function fromInputValue(value: string, zone: string | undefined): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0));
  return instantOf({ year, month, day, hour, minute, second, ms: 0 }, zone) * US_PER_MS;
}

/** The IANA zone for a choice: undefined is the browser's own; a source without a zone falls back to UTC. */
export function zoneFor(choice: TimeZoneChoice, sourceZone: string | null): string | undefined {
  if (choice === 'UTC') return 'UTC';
  if (choice === 'local') return undefined;
  return sourceZone ?? 'UTC';
}

/**
 * A learned reporting interval as people say it: a median of gaps is never exact, so it is rounded to
 * the second under a minute, the minute under an hour, five minutes under a day, else the hour
 * (599 s reads "10 min", 1 h 3 s reads "1 h").
 */
export function formatInterval(us: number): string {
  const step = us < 60 * US_PER_S ? US_PER_S : us < HOUR_US ? 60 * US_PER_S : us < DAY_US ? 5 * 60 * US_PER_S : HOUR_US;
  return formatSpan(Math.max(step, Math.round(us / step) * step));
}

/** A short human span: "3 d 4 h", "12 min", "800 ms". */
export function formatSpan(us: number): string {
  const units: [number, string][] = [
    [DAY_US, 'd'],
    [HOUR_US, 'h'],
    [60 * US_PER_S, 'min'],
    [US_PER_S, 's'],
    [US_PER_MS, 'ms'],
  ];
  const parts: string[] = [];
  let rest = Math.abs(us);
  for (const [size, label] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${label}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ') || `${us} µs`;
}
