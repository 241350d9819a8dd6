/**
 * Timestamps as RFC 3339 text, fast enough for millions of rows: the text up to the minute is cached
 * and the seconds come from lookup tables, with no Date object per row (one per minute of data).
 * Three fractional digits, six where the point has sub-millisecond precision (ts % 1000 !== 0).
 */
import { zoneOffset } from '../model/wall-clock';

const MS_PER_HOUR = 3_600_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

const MS_PER_MINUTE = 60_000;

/**
 * µs → `YYYY-MM-DDTHH:MM:SS.fff[fff]` of the same clock (no zone designator). The text up to the
 * minute is cached, so a row costs a few lookups and concatenations.
 */
function wallClockText(): (us: number) => string {
  let cachedMinute = NaN;
  let minutePart = '';
  return (us) => {
    const ms = Math.floor(us / 1000);
    const micros = us - ms * 1000;
    const minute = Math.floor(ms / MS_PER_MINUTE);
    if (minute !== cachedMinute) {
      const iso = new Date(minute * MS_PER_MINUTE).toISOString();
      minutePart = iso.slice(0, iso.indexOf('T') + 7); // YYYY-MM-DDTHH:MM:
      cachedMinute = minute;
    }
    const inMinute = ms - minute * MS_PER_MINUTE;
    const milli = inMinute % 1000;
    const text = `${minutePart}${TWO_DIGITS[(inMinute - milli) / 1000]}.${THREE_DIGITS[milli]}`;
    return micros === 0 ? text : text + THREE_DIGITS[micros];
  };
}

/**
 * Offset lookup cached per UTC hour: zone transitions fall on hour boundaries almost everywhere, and
 * an hour whose two ends disagree is looked up per instant, so DST changes are exact.
 */
function zoneOffsetLookup(zone: string): (ms: number) => number {
  let cachedHour = NaN;
  let hourOffset = 0;
  let uniformHour = false;
  return (ms) => {
    const hour = Math.floor(ms / MS_PER_HOUR);
    if (hour !== cachedHour) {
      cachedHour = hour;
      hourOffset = zoneOffset(hour * MS_PER_HOUR, zone);
      uniformHour = hourOffset === zoneOffset((hour + 1) * MS_PER_HOUR - 1, zone);
    }
    return uniformHour ? hourOffset : zoneOffset(ms, zone);
  };
}

function offsetText(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  return `${offsetMs < 0 ? '-' : '+'}${TWO_DIGITS[Math.floor(minutes / 60)]}:${TWO_DIGITS[minutes % 60]}`;
}

/** The zone 'local' stands for: this computer's, as Intl reports it. */
export function resolveTimeZone(timeZone: string): string {
  return timeZone === 'local' ? (Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC') : timeZone;
}

/**
 * A formatter µs → RFC 3339 text. 'UTC' ends in `Z`; any other zone (IANA name or 'local') is the
 * wall clock there with its offset at that instant, e.g. `2026-03-29T03:00:00.000+02:00`.
 */
export function timestampFormatter(timeZone: string): (us: number) => string {
  const wallClock = wallClockText();
  if (timeZone === 'UTC') return (us) => `${wallClock(us)}Z`;
  const offsetAt = zoneOffsetLookup(resolveTimeZone(timeZone));
  const offsets = new Map<number, string>();
  return (us) => {
    const offset = offsetAt(Math.floor(us / 1000));
    let suffix = offsets.get(offset);
    if (suffix === undefined) offsets.set(offset, (suffix = offsetText(offset)));
    return wallClock(us + offset * 1000) + suffix;
  };
}

/** Days from Excel's day 0 (1899-12-30, as Excel counts with its 1900 leap-year quirk) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25_569;

/**
 * A formatter µs → an Excel date-time serial (days since 1899-12-30, the time of day as a fraction).
 * Excel's dates have no zone, so the serial is the wall clock of `timeZone`, as the ts text shows it.
 */
export function excelSerialFormatter(timeZone: string): (us: number) => number {
  const offsetAt = timeZone === 'UTC' ? () => 0 : zoneOffsetLookup(resolveTimeZone(timeZone));
  return (us) => {
    const ms = us / 1000;
    return (ms + offsetAt(Math.floor(ms))) / 86_400_000 + EXCEL_EPOCH_DAYS;
  };
}
