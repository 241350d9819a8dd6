/**
 * How sizes read everywhere: the app's files, downloads and exports, and the CLI's summaries.
 * Imports nothing, so the renderer may import it too (see .dependency-cruiser.cjs).
 */

const BYTE_UNITS = ['kB', 'MB', 'GB'];

/** Decimal units (1 kB = 1000 B), one decimal below 10: `512 B`, `1.5 kB`, `42 MB`; `–` when unknown. */
export function formatBytes(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '–';
  if (n < 1000) return `${n} B`;
  let v = n / 1000;
  let u = 0;
  while (v >= 1000 && u < BYTE_UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  // 9.96 would read "10.0": below 9.95 one decimal, from there none.
  return `${v.toFixed(v < 9.95 ? 1 : 0)} ${BYTE_UNITS[u]}`;
}
