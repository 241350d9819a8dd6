import type { SourceHealth } from '../../src-main/api/contract';

const iso = (us: number | null) => (us === null ? '' : new Date(Math.floor(us / 1000)).toISOString());

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets never run a name as a formula. */
function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const COLUMNS: [string, (s: SourceHealth) => string | number | boolean | null][] = [
  ['key', (s) => s.key],
  ['name', (s) => s.name],
  ['account', (s) => s.accountName],
  ['state', (s) => s.state],
  ['last_contact', (s) => iso(s.lastContact)],
  ['online', (s) => s.online],
  ['expected_interval_s', (s) => (s.expectedInterval === null ? null : s.expectedInterval / 1e6)],
  ['lat', (s) => s.location?.lat ?? null],
  ['lon', (s) => s.location?.lon ?? null],
  ['streams', (s) => s.streams],
  ['gaps', (s) => s.gaps],
  ['out_of_range', (s) => s.outOfRange],
  ['rejected', (s) => s.rejected],
  ['sync_errors', (s) => s.syncErrors],
];

/** The health overview as CSV, the rows as shown (filtered and sorted). */
export function sourcesCsv(rows: readonly SourceHealth[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const s of rows) lines.push(COLUMNS.map(([, get]) => cell(get(s))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Saves text as a file through the browser's download (nothing leaves the computer). */
export function saveText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
