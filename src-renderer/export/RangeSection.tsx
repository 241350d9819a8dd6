import { DateTimeField } from '../ui/DateTimeField';
import { formatDateTime } from '../ui/format';
import { US_PER_MS } from '../viewer/time';
import type { ExportRequest } from './exportRequests';
import { Radio } from './fields';
import { useTranslation } from '../i18n';

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
  const { t } = useTranslation();
  return (
    <>
      <span>{t('export.range')}</span>
      <div className="radio-row" role="radiogroup" aria-label={t('export.range')}>
        {request.range ? (
          <Radio name="range" value="view" current={mode} onChange={onMode} label={t('export.currentViewLabel')} />
        ) : null}
        <Radio name="range" value="all" current={mode} onChange={onMode} label={t('export.allData')} />
        <Radio name="range" value="custom" current={mode} onChange={onMode} label={t('export.custom')} />
      </div>
      {mode === 'view' && request.range ? (
        <p className="muted small span-2">
          {formatDateTime(request.range.from / US_PER_MS, zone)} – {formatDateTime(request.range.to / US_PER_MS, zone)}
        </p>
      ) : null}
      {mode === 'custom' ? (
        <div className="range-inputs span-2">
          <DateTimeField
            aria-label={t('export.from')}
            value={custom.from}
            onChange={(from) => onCustom({ ...custom, from })}
          />
          <span className="muted">–</span>
          <DateTimeField aria-label={t('export.to')} value={custom.to} onChange={(to) => onCustom({ ...custom, to })} />
        </div>
      ) : null}
    </>
  );
}
