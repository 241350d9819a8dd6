/** How numbers and enumerated values read in the legend, the details panel and the table. */
import type { StreamView } from '../../src-main/api/contract';

const numberFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6, useGrouping: false });

const tickFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6, useGrouping: true });

/** An axis tick: digits grouped (`22,592,600`), so long values read at a glance. */
export function formatTick(v: number): string {
  return tickFormat.format(v);
}

export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return numberFormat.format(v);
}

/** An enumerated stream's label for a value, else the number itself. */
export function formatValue(
  stream: Pick<StreamView, 'kind' | 'enumLabels'>,
  v: number | string | null | undefined,
): string {
  if (typeof v === 'string') return v;
  if (stream.kind === 'enum' && v !== null && v !== undefined && stream.enumLabels)
    return stream.enumLabels[String(v)] ?? formatNumber(v);
  return formatNumber(v);
}

/** The enum values a stream declares, ascending. */
export function enumKeys(stream: Pick<StreamView, 'enumLabels'>): number[] {
  return Object.keys(stream.enumLabels ?? {})
    .map(Number)
    .filter((n) => Number.isFinite(n))
    .sort((a, b) => a - b);
}
