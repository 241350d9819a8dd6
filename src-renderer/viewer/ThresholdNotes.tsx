import type { StreamView } from '../../src-main/api/contract';
import { useTranslation } from '../i18n';
import { formatCount, formatNumber } from '../ui/format';
import type { Threshold } from './useThresholds';

/** Under a chart: each range drawn, in words, with the values outside it in view. */
export function ThresholdNotes({ thresholds, streams }: { thresholds: readonly Threshold[]; streams: StreamView[] }) {
  const { t } = useTranslation();
  if (thresholds.length === 0) return null;
  return (
    <ul className="threshold-notes" data-testid="threshold-notes">
      {thresholds.map((th) => {
        const s = streams.find((x) => x.id === th.streamId);
        if (!s) return null;
        const end = (v: number | null, open: string) =>
          v === null ? open : `${formatNumber(v)}${s.unit ? ` ${s.unit}` : ''}`;
        return (
          <li key={th.streamId} data-testid="excursions" data-count={th.outside ?? ''}>
            <strong>{s.name}</strong>:{' '}
            {t(th.origin === 'user' ? 'thresholds.yours' : 'thresholds.vendor', {
              min: end(th.min, '−∞'),
              max: end(th.max, '+∞'),
            })}{' '}
            ·{' '}
            <span className={th.outside ? 'warning' : undefined}>
              {th.outside === null
                ? t('thresholds.counting')
                : t('thresholds.outside', { count: th.outside, formatted: formatCount(th.outside) })}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
