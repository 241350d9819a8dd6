/**
 * How numbers, sizes, durations, dates and times read everywhere in the app, in the user's locale
 * through Intl: the one place that formats for people (`1.234,5` and `06.12.2026 07:00` in German).
 * The i18n module sets the locale when the language changes; exports never pass through here.
 * `formatTime` is the exact, sortable style (ISO 8601, 24-hour clock) for tables, copies and
 * tooltips; `formatDateTime` the locale's, for dates people read in sentences and lists.
 */

import { zoneWallClock, type WallClock } from '../../src-main/model/wall-clock';

export type { WallClock };

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;

let locale = 'en';
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

/** Called by the i18n module when the language (and so the formatting locale) changes. */
export function setFormatLocale(next: string): void {
  if (next === locale) return;
  locale = next;
  cache.clear();
}

export function formatLocale(): string {
  return locale;
}

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  key: string,
  make: () => F,
): F {
  let f = cache.get(key) as F | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

const numberFormat = (digits: number) =>
  cached(`n${digits}`, () => new Intl.NumberFormat(locale, { maximumSignificantDigits: digits }));

/** A measured value: six significant digits, the locale's separators; `—` when there is none. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return numberFormat(6).format(v);
}

/** A number for an input field: every digit, the locale's decimal sign, no grouping (`2,5`); '' for none. */
export function formatEditable(v: number | null): string {
  if (v === null) return '';
  return cached(
    'editable',
    () => new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 20 }),
  ).format(v);
}

/** A count (rows, points, files) with the locale's grouping: `12,345` or `12.345`. */
export function formatCount(n: number): string {
  return cached('count', () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })).format(n);
}

/** A count in few characters: `1.2M`, `1,2 Mio.`. */
export function formatCompact(n: number): string {
  return cached(
    'compact',
    () => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }),
  ).format(n);
}

const BYTE_UNITS = ['kB', 'MB', 'GB'];

/** Decimal units (1 kB = 1000 B), one decimal below 10: `512 B`, `1.5 kB`, `42 MB`; `–` when unknown. */
export function formatBytes(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '–';
  if (n < 1000) return `${formatCount(n)} B`;
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < BYTE_UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  // 9.96 would read "10.0": below 9.95 one decimal, from there none.
  const digits = v < 9.95 ? 1 : 0;
  const text = cached(
    `bytes${digits}`,
    () => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  ).format(v);
  return `${text} ${BYTE_UNITS[u]}`;
}

/** `42 s`, `3 min 5 s`, `2 h 10 min` (SI symbols, the same in every language); `–` when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${formatCount(Math.floor(s / 3600))} h ${Math.floor((s % 3600) / 60)} min`;
}

const dateTimeFormat = (zone: string | undefined, seconds: boolean) =>
  cached(
    `dt${zone ?? ''}${seconds ? 's' : ''}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: seconds ? '2-digit' : undefined,
        hourCycle: 'h23',
      }),
  );

/**
 * A date and time in `zone` (undefined: this computer's), the locale's order and separators, a
 * 24-hour clock: `06.12.2026 07:00` in German, `12/06/2026 07:00` in US English. Date and time are
 * joined by a space whatever the locale puts between them.
 */
export function formatDateTime(ms: number, zone?: string, seconds = false): string {
  const parts = dateTimeFormat(zone, seconds).formatToParts(new Date(ms));
  const halves = { date: '', time: '' };
  parts.forEach((p, i) => {
    const half = halfOf(p.type);
    if (half) halves[half] += p.value;
    else if (p.type === 'literal') {
      // A separator inside the date or the time stays; the one between them becomes a space.
      const before = halfOf(parts[i - 1]?.type);
      if (before && before === halfOf(parts[i + 1]?.type)) halves[before] += p.value;
    }
  });
  return `${halves.date} ${halves.time}`;
}

function halfOf(type: Intl.DateTimeFormatPartTypes | undefined): 'date' | 'time' | null {
  if (type === 'year' || type === 'month' || type === 'day') return 'date';
  if (type === 'hour' || type === 'minute' || type === 'second') return 'time';
  return null;
}

/** A time of day in this computer's zone: `07:00:12`. */
export function formatTimeOfDay(ms: number): string {
  return cached(
    'tod',
    () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
  ).format(new Date(ms));
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

/** How long ago (or ahead) `ms` is from `nowMs`: `20 min ago`, `vor 20 Min.`. */
export function formatRelative(ms: number, nowMs: number = Date.now()): string {
  let v = (ms - nowMs) / 1000;
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(v) < size)
      return cached('rel', () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' })).format(
        Math.round(v),
        unit,
      );
    v /= size;
  }
  return '';
}

/** `YYYY-MM-DDTHH:mm` (or `YYYY-MM-DD`), the wall-clock value date fields hold whatever the locale. */
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;

/** The order the locale writes day, month and year in. */
function dateOrder(): ('day' | 'month' | 'year')[] {
  return dateTimeFormat('UTC', false)
    .formatToParts(new Date(Date.UTC(2026, 11, 31)))
    .flatMap((p) => (p.type === 'day' || p.type === 'month' || p.type === 'year' ? [p.type] : []));
}

/** A wall-clock value (`2026-12-06T07:00`, `2026-12-06`) as the locale writes it (`06.12.2026 07:00`); '' stays ''. */
export function formatWallClock(value: string): string {
  const m = WALL_CLOCK.exec(value);
  if (!m) return value;
  const [year, month, day, hour, minute] = m.slice(1).map((v) => Number(v ?? 0));
  const text = formatDateTime(Date.UTC(year, month - 1, day, hour, minute), 'UTC');
  return m[4] === undefined ? text.split(' ')[0] : text;
}

/**
 * Reads a date and time typed in the locale's order (`6.12.2026 7:00`, `12/6/2026 07:00`), or as
 * ISO (`2026-12-06T07:00`), into a wall-clock value; null while it is incomplete or impossible.
 */
export function parseWallClock(text: string, withTime = true): string | null {
  const trimmed = text.trim();
  const iso = WALL_CLOCK.exec(trimmed);
  if (iso && (iso[4] !== undefined) === withTime) return trimmed.replace(' ', 'T');
  const numbers = trimmed.match(/\d+/g)?.map(Number) ?? [];
  if (numbers.length < (withTime ? 5 : 3)) return null;
  const date: Record<string, number> = {};
  dateOrder().forEach((part, i) => (date[part] = numbers[i]));
  const [hour, minute] = withTime ? numbers.slice(3, 5) : [0, 0];
  const { year, month, day } = date;
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute));
  if (year < 1000 || check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || hour > 23 || minute > 59)
    return null;
  const day_ = `${year}-${pad(month)}-${pad(day)}`;
  return withTime ? `${day_}T${pad(hour)}:${pad(minute)}` : day_;
}

/** Month and weekday names in the locale, long and short, in the shape uPlot's `fmtDate` takes. */
export function dateNames(): { MMMM: string[]; MMM: string[]; WWWW: string[]; WWW: string[] } {
  const names = (options: Intl.DateTimeFormatOptions, dates: Date[]) => {
    const f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    return dates.map((d) => f.format(d));
  };
  const months = Array.from({ length: 12 }, (_, m) => new Date(Date.UTC(2026, m, 15)));
  // 2026-01-04 is a Sunday: uPlot's weekdays start on Sunday.
  const days = Array.from({ length: 7 }, (_, d) => new Date(Date.UTC(2026, 0, 4 + d)));
  return {
    MMMM: names({ month: 'long' }, months),
    MMM: names({ month: 'short' }, months),
    WWWW: names({ weekday: 'long' }, days),
    WWW: names({ weekday: 'short' }, days),
  };
}

/** Day and short month in the locale's order, as a uPlot date template: `{MMM} {D}` (Dec 6), `{D}. {MMM}` (6. Dez). */
export function monthDayTemplate(): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' })
    .formatToParts(new Date(Date.UTC(2026, 11, 6)))
    .map((p) => (p.type === 'day' ? '{D}' : p.type === 'month' ? '{MMM}' : p.value))
    .join('');
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
  return zoneWallClock(ms, zone);
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
