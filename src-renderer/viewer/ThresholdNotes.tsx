import type { StreamView } from '../../src-main/api/contract';
import { formatNumber } from '../ui/format';
import type { Threshold } from './useThresholds';

/** Under a chart: each range drawn, in words, with the values outside it in view. */
export function ThresholdNotes({ thresholds, streams }: { thresholds: readonly Threshold[]; streams: StreamView[] }) {
  if (thresholds.length === 0) return null;
  return (
    <ul className="threshold-notes" data-testid="threshold-notes">
      {thresholds.map((t) => {
        const s = streams.find((x) => x.id === t.streamId);
        if (!s) return null;
        const end = (v: number | null, open: string) =>
          v === null ? open : `${formatNumber(v)}${s.unit ? ` ${s.unit}` : ''}`;
        return (
          <li key={t.streamId} data-testid="excursions" data-count={t.outside ?? ''}>
            <strong>{s.name}</strong>: {t.origin === 'user' ? 'your range' : 'vendor range'} {end(t.min, '−∞')} to{' '}
            {end(t.max, '+∞')} ·{' '}
            <span className={t.outside ? 'warning' : undefined}>
              {t.outside === null
                ? 'counting…'
                : `${t.outside.toLocaleString()} value${t.outside === 1 ? '' : 's'} outside in view`}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
