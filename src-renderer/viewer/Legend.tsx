import type { RangeStatsView, StreamView } from '../../src-main/api/contract';
import { useTranslation } from '../i18n';
import { formatDateTime, formatNumber } from '../ui/format';
import { formatValue } from './format';
import { US_PER_MS } from './time';

export interface CursorReading {
  /** µs */
  ts: number;
  /** Per stream, in chart order. */
  values: { max: number | null; min: number | null }[];
}

interface Props {
  streams: StreamView[];
  colors: string[];
  /** Per stream, computed by the store for the visible range. */
  stats: RangeStatsView[] | null;
  /** Per text or enumerated stream: its share of time in each state, in words. */
  shares: ReadonlyMap<number, string>;
  cursor: CursorReading | null;
  zone: string | undefined;
  onRemove(streamId: number): void;
  onShowDetails(streamId: number): void;
}

/**
 * Under each chart: per stream the value under the crosshair and min / max / mean of the visible range;
 * for a stream of states, the share of time in each state instead.
 */
export function Legend({ streams, colors, stats, shares, cursor, zone, onRemove, onShowDetails }: Props) {
  const { t } = useTranslation();
  return (
    <table className="legend">
      <thead>
        <tr>
          <th scope="col" className="legend-name">
            {cursor ? formatDateTime(cursor.ts / US_PER_MS, zone, true) : t('legend.stream')}
          </th>
          <th scope="col">{cursor ? t('legend.value') : ''}</th>
          <th scope="col">{t('legend.min')}</th>
          <th scope="col">{t('legend.max')}</th>
          <th scope="col">{streams.every((s) => s.kind === 'number') ? t('legend.mean') : t('legend.meanShares')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('legend.remove')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {streams.map((s, i) => {
          const st = stats?.[i] ?? null;
          const reading = cursor?.values[i] ?? null;
          return (
            <tr
              key={s.id}
              data-stream-key={s.key}
              data-count={st?.count ?? ''}
              data-min={st?.min ?? ''}
              data-max={st?.max ?? ''}
              data-mean={st?.mean ?? ''}
            >
              <td className="legend-name">
                <span className="swatch" style={{ background: colors[i] }} aria-hidden="true" />
                <button className="link" onClick={() => onShowDetails(s.id)} title={s.key}>
                  {s.name}
                </button>
                {s.unit ? <span className="muted"> {s.unit}</span> : null}
              </td>
              <td className="num legend-value">{reading ? readingText(s, reading) : ''}</td>
              {s.kind === 'text' ? (
                <td colSpan={3} className="legend-shares" title={t('legend.sharesTitle')}>
                  {shares.get(s.id) ?? '…'}
                </td>
              ) : (
                <>
                  <td className="num legend-min">{formatValue(s, st?.min)}</td>
                  <td className="num legend-max">{formatValue(s, st?.max)}</td>
                  {s.kind === 'enum' ? (
                    <td className="legend-shares" title={t('legend.sharesTitle')}>
                      {shares.get(s.id) ?? '…'}
                    </td>
                  ) : (
                    <td className="num legend-mean">{formatNumber(st?.mean)}</td>
                  )}
                </>
              )}
              <td>
                <button
                  className="icon"
                  onClick={() => onRemove(s.id)}
                  aria-label={t('legend.removeStream', { name: s.name })}
                  title={t('legend.removeTitle')}
                >
                  ×
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** One value, or "min … max" when the crosshair sits on a bucket that spans several points. */
function readingText(s: StreamView, r: { max: number | null; min: number | null }): string {
  if (r.max === null || r.min === null) return '—';
  return r.max === r.min ? formatValue(s, r.max) : `${formatValue(s, r.min)} … ${formatValue(s, r.max)}`;
}
