import type { VendorInfo } from '../../src-main/api/contract';
import { useTranslation } from '../i18n';
import { DateTimeField } from '../ui/DateTimeField';
import { formatCount } from '../ui/format';

const DAY_MS = 86_400_000;

/** The vendor-aware default: as far back as a vendor with retention still serves, else its earliest data (''). */
export function defaultFirstSync(vendor: VendorInfo, now = Date.now()): string {
  const days = vendor.capabilities.retentionDays;
  return days === null ? '' : new Date(now - days * DAY_MS).toISOString().slice(0, 10);
}

/** A date (YYYY-MM-DD, UTC) → µs for the contract; undefined when empty. */
export function firstSyncMicros(date: string): number | undefined {
  const ms = date ? Date.parse(`${date}T00:00:00Z`) : NaN;
  return Number.isNaN(ms) ? undefined : ms * 1000;
}

/** Where the first sync of new streams starts, with what the vendor keeps said in words. */
export function FirstSyncField({
  vendor,
  value,
  onChange,
}: {
  vendor: VendorInfo;
  value: string;
  onChange(value: string): void;
}) {
  const { t } = useTranslation();
  const days = vendor.capabilities.retentionDays;
  return (
    <label>
      {t('firstSync.label')}
      <DateTimeField dateOnly name="firstSync" value={value} onChange={onChange} />
      <span className="muted small">
        {days !== null
          ? t('firstSync.retention', { vendor: vendor.label, count: days, formatted: formatCount(days) })
          : value
            ? t('firstSync.notBefore')
            : t('firstSync.earliest')}
      </span>
    </label>
  );
}
