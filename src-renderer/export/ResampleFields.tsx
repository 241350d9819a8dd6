import type { ChannelInput } from '../../src-main/api/contract';
import { US_PER_S } from '../viewer/time';
import { useTranslation } from '../i18n';

type Aggregate = NonNullable<ChannelInput<'export:run'>['resample']>['aggregate'];

export interface ResampleChoice {
  on: boolean;
  /** Bucket length, µs. */
  interval: number;
  aggregate: Aggregate;
}

const intervals: { us: number; unit: 'minutes' | 'hours' | 'days'; count: number }[] = [
  { us: 60 * US_PER_S, unit: 'minutes', count: 1 },
  { us: 5 * 60 * US_PER_S, unit: 'minutes', count: 5 },
  { us: 15 * 60 * US_PER_S, unit: 'minutes', count: 15 },
  { us: 3600 * US_PER_S, unit: 'hours', count: 1 },
  { us: 86400 * US_PER_S, unit: 'days', count: 1 },
];
const aggregates: Aggregate[] = ['mean', 'min', 'max', 'first', 'last', 'sum', 'count'];

export const noResample: ResampleChoice = { on: false, interval: intervals[2].us, aggregate: 'mean' };

/** Resample on or off, its interval and its aggregate. */
export function ResampleFields({
  value: resample,
  onChange: setResample,
}: {
  value: ResampleChoice;
  onChange(v: ResampleChoice): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <label htmlFor="export-resample">
        <input
          id="export-resample"
          type="checkbox"
          checked={resample.on}
          onChange={(e) => setResample({ ...resample, on: e.target.checked })}
        />{' '}
        {t('resample.label')}
      </label>
      <div className="inline-fields">
        <select
          aria-label={t('resample.interval')}
          disabled={!resample.on}
          value={resample.interval}
          onChange={(e) => setResample({ ...resample, interval: Number(e.target.value) })}
        >
          {intervals.map((i) => (
            <option key={i.us} value={i.us}>
              {t(`resample.${i.unit}`, { count: i.count })}
            </option>
          ))}
        </select>
        <select
          aria-label={t('resample.aggregate')}
          disabled={!resample.on}
          value={resample.aggregate}
          onChange={(e) => setResample({ ...resample, aggregate: e.target.value as Aggregate })}
        >
          {aggregates.map((a) => (
            <option key={a} value={a}>
              {t(`resample.aggregates.${a}`)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
