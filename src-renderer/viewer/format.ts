/** How enumerated values read in the legend, the details panel and the table. */
import type { StreamView } from '../../src-main/api/contract';
import { formatNumber } from '../ui/format';

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
