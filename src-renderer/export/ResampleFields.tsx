import type { ChannelInput } from '../../src-main/api/contract';
import { US_PER_S } from '../viewer/time';

type Aggregate = NonNullable<ChannelInput<'export:run'>['resample']>['aggregate'];

export interface ResampleChoice {
  on: boolean;
  /** Bucket length, µs. */
  interval: number;
  aggregate: Aggregate;
}

const intervals: { us: number; label: string }[] = [
  { us: 60 * US_PER_S, label: '1 minute' },
  { us: 5 * 60 * US_PER_S, label: '5 minutes' },
  { us: 15 * 60 * US_PER_S, label: '15 minutes' },
  { us: 3600 * US_PER_S, label: '1 hour' },
  { us: 86400 * US_PER_S, label: '1 day' },
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
  return (
    <>
      <label htmlFor="export-resample">
        <input
          id="export-resample"
          type="checkbox"
          checked={resample.on}
          onChange={(e) => setResample({ ...resample, on: e.target.checked })}
        />{' '}
        Resample
      </label>
      <div className="inline-fields">
        <select
          aria-label="Resample interval"
          disabled={!resample.on}
          value={resample.interval}
          onChange={(e) => setResample({ ...resample, interval: Number(e.target.value) })}
        >
          {intervals.map((i) => (
            <option key={i.us} value={i.us}>
              {i.label}
            </option>
          ))}
        </select>
        <select
          aria-label="Aggregate"
          disabled={!resample.on}
          value={resample.aggregate}
          onChange={(e) => setResample({ ...resample, aggregate: e.target.value as Aggregate })}
        >
          {aggregates.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
