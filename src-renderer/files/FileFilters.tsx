import type { AccountView, FilesCapability, FileListView, FileView } from '../../src-main/api/contract';
import { isDeviceOnly, isOnServer, isRequested } from './fileStatus';
import { useTranslation } from '../i18n';
import { DateTimeField } from '../ui/DateTimeField';

type StatusFilter = 'all' | 'server' | 'device' | 'requested';
type DownloadedFilter = 'all' | 'yes' | 'no';

export interface FileFilterValues {
  device: number | 'all';
  status: StatusFilter;
  downloaded: DownloadedFilter;
  /** `YYYY-MM-DD` (UTC), or empty. */
  from: string;
  to: string;
}

export const noFilters: FileFilterValues = { device: 'all', status: 'all', downloaded: 'all', from: '', to: '' };

/** The status filters; their labels are in the catalogs (`fileFilters.status.<value>`). */
const STATUS_FILTERS: StatusFilter[] = ['all', 'server', 'device', 'requested'];

/** `YYYY-MM-DD` (UTC) → µs at the start of that day; null when empty or unreadable. */
export function dayMicros(text: string, endOfDay = false): number | null {
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) ? null : (ms + (endOfDay ? 86_400_000 : 0)) * 1000;
}

function matchesStatus(files: FilesCapability, f: FileView, filter: StatusFilter): boolean {
  if (filter === 'server') return isOnServer(files, f);
  if (filter === 'device') return isDeviceOnly(files, f);
  if (filter === 'requested') return isRequested(files, f);
  return true;
}

/** The files the filters let through, in the list's order. */
export function filterFiles(files: FilesCapability, list: FileListView, filters: FileFilterValues): FileView[] {
  const fromUs = dayMicros(filters.from);
  const toUs = dayMicros(filters.to, true);
  return list.files.filter(
    (f) =>
      (filters.device === 'all' || f.sourceId === filters.device) &&
      matchesStatus(files, f, filters.status) &&
      (filters.downloaded === 'all' || f.downloaded === (filters.downloaded === 'yes')) &&
      (fromUs === null || (f.endTs ?? f.startTs ?? Infinity) >= fromUs) &&
      (toUs === null || (f.startTs ?? -Infinity) < toUs),
  );
}

interface Props {
  account: AccountView;
  accounts: AccountView[];
  onAccount: (id: string) => void;
  files: FilesCapability;
  list: FileListView | null;
  filters: FileFilterValues;
  onFilters: (next: FileFilterValues) => void;
  /** Present when the vendor keeps a list to refresh. */
  onRefresh: (() => void) | null;
  busy: boolean;
}

/** The account, device, status, here and time-range filters above the file list. */
export function FileFilters({ account, accounts, onAccount, files, list, filters, onFilters, onRefresh, busy }: Props) {
  const { t } = useTranslation();
  const set = (change: Partial<FileFilterValues>) => onFilters({ ...filters, ...change });
  return (
    <div className="toolbar files-toolbar" role="toolbar" aria-label={t('fileFilters.label')}>
      <label className="inline">
        {t('fileFilters.account')}
        <select value={account.id} onChange={(e) => onAccount(e.target.value)}>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        {t('fileFilters.device')}
        <select
          value={String(filters.device)}
          onChange={(e) => set({ device: e.target.value === 'all' ? 'all' : Number(e.target.value) })}
        >
          <option value="all">{t('fileFilters.allDevices')}</option>
          {(list?.devices ?? []).map((d) => (
            <option key={d.sourceId} value={d.sourceId}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      {files.statuses.length > 0 ? (
        <label className="inline">
          {t('fileFilters.statusLabel')}
          <select value={filters.status} onChange={(e) => set({ status: e.target.value as StatusFilter })}>
            {STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {t(`fileFilters.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="inline">
        {t('fileFilters.here')}
        <select value={filters.downloaded} onChange={(e) => set({ downloaded: e.target.value as DownloadedFilter })}>
          <option value="all">{t('fileFilters.all')}</option>
          <option value="yes">{t('files.state.downloaded')}</option>
          <option value="no">{t('fileFilters.notDownloaded')}</option>
        </select>
      </label>
      <label className="inline">
        {t('toolbar.from')}
        <DateTimeField
          dateOnly
          value={filters.from}
          onChange={(from) => set({ from })}
          aria-label={t('fileFilters.fromUtc')}
        />
      </label>
      <label className="inline">
        {t('toolbar.to')}
        <DateTimeField dateOnly value={filters.to} onChange={(to) => set({ to })} aria-label={t('fileFilters.toUtc')} />
      </label>
      <span className="toolbar-spacer" />
      {onRefresh ? (
        <button onClick={onRefresh} disabled={busy}>
          {t('fileFilters.refresh')}
        </button>
      ) : null}
    </div>
  );
}
