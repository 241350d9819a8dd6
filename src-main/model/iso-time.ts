/**
 * ISO 8601 text → integer microseconds since the epoch (DESIGN.md). Vendors send text with up to
 * microsecond (or finer) fractions, which Date.parse would cut to milliseconds; users type dates on
 * the command line, where Date.parse would take 2026-02-30 for 2 March.
 */

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * ISO 8601 / RFC 3339 text → µs since the epoch, exactly; null when unreadable. A date alone is
 * midnight; no offset means UTC; fractions beyond microseconds are truncated.
 */
export function parseIsoMicros(text: string): number | null {
  const m = ISO_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  if (new Date(ms).getUTCDate() !== day) return null; // 31 February and the like
  const micros = Number(frac.slice(0, 6).padEnd(6, '0'));
  return (ms - offsetMinutes(zone) * 60_000) * 1000 + micros;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}
