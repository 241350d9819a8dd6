/**
 * How sizes, durations and times read everywhere in the app. Times have one style: ISO 8601 with a
 * 24-hour clock, `YYYY-MM-DD HH:mm:ss`, through `formatTime` alone (issue 20 will make it follow the
 * locale, here in one place).
 */

export { formatBytes } from '../../src-main/model/units';

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;

/** `42 s`, `3 min 5 s`, `2 h 10 min`; `–` when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

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

function formatterFor(zone: string): Intl.DateTimeFormat {
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

/** The wall-clock reading in `zone` (undefined: the browser's zone) at `ms` since the epoch. */
export function wallClock(ms: number, zone: string | undefined): WallClock {
  const msPart = ((ms % 1000) + 1000) % 1000;
  if (zone === undefined) {
    const d = new Date(ms);
    return {
      year: d.getFullYear(),
      month: d.getMonth() + 1,
      day: d.getDate(),
      hour: d.getHours(),
      minute: d.getMinutes(),
      second: d.getSeconds(),
      ms: msPart,
    };
  }
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(ms)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    ms: msPart,
  };
}

export const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD HH:mm:ss` in `zone` (undefined: the browser's), with `.fff` or `.ffffff` when the time has sub-second digits. */
export function formatTime(us: number, zone: string | undefined, precise = false): string {
  const ms = Math.floor(us / US_PER_MS);
  const w = wallClock(ms, zone);
  const base = `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  if (!precise) return base;
  const micros = ((us % US_PER_S) + US_PER_S) % US_PER_S;
  if (micros === 0) return base;
  return micros % US_PER_MS === 0 ? `${base}.${pad(micros / US_PER_MS, 3)}` : `${base}.${pad(micros, 6)}`;
}

/**
 * A message as a sentence: a capital first letter and closing punctuation, so a vendor's bare
 * "connection refused" reads well before the app's next sentence.
 */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const capital = t[0].toUpperCase() + t.slice(1);
  return /[.!?…:]$/.test(capital) ? capital : `${capital}.`;
}
