/** How sizes and durations read everywhere in the app (files, downloads, exports). */

export { formatBytes } from '../../src-main/model/units';

/** `42 s`, `3 min 5 s`, `2 h 10 min`; `–` when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
