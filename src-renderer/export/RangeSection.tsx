import { DateTimeInput } from '../ui/DateTimeInput';
import { formatTime } from '../ui/format';
import type { ExportRequest } from './exportRequests';
import { Radio } from './fields';

export type RangeMode = 'view' | 'all' | 'custom';

interface Props {
  request: ExportRequest;
  mode: RangeMode;
  onMode(mode: RangeMode): void;
  /** The custom range as typed, `datetime-local` values. */
  custom: { from: string; to: string };
  onCustom(custom: { from: string; to: string }): void;
  /** The zone times are shown and typed in; undefined for this computer's. */
  zone: string | undefined;
}

/** Which time range to export: the chart's current view, all data, or one typed in. */
export function RangeSection({ request, mode, onMode, custom, onCustom, zone }: Props) {
  return (
    <>
      <span>Range</span>
      <div className="radio-row" role="radiogroup" aria-label="Range">
        {request.range ? (
          <Radio name="range" value="view" current={mode} onChange={onMode} label="Current view" />
        ) : null}
        <Radio name="range" value="all" current={mode} onChange={onMode} label="All data" />
        <Radio name="range" value="custom" current={mode} onChange={onMode} label="Custom" />
      </div>
      {mode === 'view' && request.range ? (
        <p className="muted small span-2">
          {formatTime(request.range.from, zone)} – {formatTime(request.range.to, zone)}
        </p>
      ) : null}
      {mode === 'custom' ? (
        <div className="range-inputs span-2">
          <DateTimeInput label="Export from" value={custom.from} onChange={(from) => onCustom({ ...custom, from })} />
          <span className="muted">–</span>
          <DateTimeInput label="Export to" value={custom.to} onChange={(to) => onCustom({ ...custom, to })} />
        </div>
      ) : null}
    </>
  );
}
