import { useTranslation } from '../i18n';
import { intervalLabel, SYNC_INTERVALS } from './intervals';

/**
 * The sync-interval picker of the Sync tab and the background settings. With `defaultMinutes`, a
 * first choice "as the default (…)" stands for null: the account follows the default.
 */
export function IntervalSelect({
  label,
  value,
  defaultMinutes,
  onChange,
}: {
  label: string;
  value: number | null;
  defaultMinutes?: number;
  onChange: (minutes: number | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <select
      aria-label={label}
      value={value === null ? 'default' : String(value)}
      onChange={(e) => onChange(e.target.value === 'default' ? null : Number(e.target.value))}
    >
      {defaultMinutes === undefined ? null : (
        <option value="default">{t('background.asDefault', { interval: intervalLabel(defaultMinutes) })}</option>
      )}
      {SYNC_INTERVALS.map((m) => (
        <option key={m} value={String(m)}>
          {intervalLabel(m)}
        </option>
      ))}
    </select>
  );
}
