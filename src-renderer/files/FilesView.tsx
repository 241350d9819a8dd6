import { useMemo, useState } from 'react';
import type {
  AccountView,
  AppInfo,
  FilesCapability,
  FileView,
  Tree,
  VendorCapabilities,
  VendorInfo,
} from '../../src-main/api/contract';
import { api } from '../api';
import { Banner } from '../ui/Banner';
import { saveFromLink } from '../ui/download';
import { formatBytes, formatCount } from '../ui/format';
import { DownloadQueue } from './DownloadQueue';
import { dayMicros, FileFilters, filterFiles, noFilters, type FileFilterValues } from './FileFilters';
import { isDeviceOnly, isOnServer } from './fileStatus';
import { FileTable } from './FileTable';
import { ReportForm } from './ReportForm';
import { useFileList } from './useFileList';
import { useFileSelection } from './useFileSelection';
import { nextSort, sortFiles, type FileSort } from './sortFiles';
import { useTranslation } from '../i18n';

/** A vendor with reports but no file list of its own: its files are the reports made here, on the server. */
const REPORTS_ONLY: FilesCapability = { statuses: [], listed: false, requestFromDevice: false, osf: false };

const holdsFiles = (c: VendorCapabilities) => c.files !== null || c.reports !== null;

/** `mode`: where the app runs; in browser mode downloaded files are saved on the browser's machine. */
export function FilesView({ tree, vendors, mode }: { tree: Tree; vendors: VendorInfo[]; mode: AppInfo['mode'] }) {
  const { t } = useTranslation();
  const capabilities = new Map(vendors.map((v) => [v.id, v.capabilities]));
  const accounts = tree.accounts.filter((a) => {
    const c = capabilities.get(a.vendor);
    return c !== undefined && holdsFiles(c);
  });
  const [accountId, setAccountId] = useState<string | null>(accounts[0]?.id ?? null);
  const account = accounts.find((a) => a.id === accountId) ?? accounts[0] ?? null;
  const accountCapabilities = account ? capabilities.get(account.vendor) : undefined;
  if (!account || !accountCapabilities) {
    const withFiles = vendors.filter((v) => holdsFiles(v.capabilities)).map((v) => v.label);
    return (
      <div className="files-view">
        <p className="pad muted">{t('files.noAccount', { vendors: withFiles.join(' / ') })}</p>
      </div>
    );
  }
  return (
    <AccountFiles
      key={account.id}
      account={account}
      accounts={accounts}
      onAccount={setAccountId}
      capabilities={accountCapabilities}
      tree={tree}
      mode={mode}
    />
  );
}

interface AccountFilesProps {
  account: AccountView;
  accounts: AccountView[];
  onAccount: (id: string) => void;
  capabilities: VendorCapabilities;
  tree: Tree;
  mode: AppInfo['mode'];
}

function AccountFiles({ account, accounts, onAccount, capabilities, tree, mode }: AccountFilesProps) {
  const { t } = useTranslation();
  const files = capabilities.files ?? REPORTS_ONLY;
  const [filters, setFilters] = useState<FileFilterValues>(noFilters);
  const { list, busy, setBusy, error, setError, notice, setNotice, progress, setProgress, load } = useFileList(
    account.id,
    files.listed,
  );

  const [sort, setSort] = useState<FileSort | null>(null);
  const shown = useMemo(
    () => sortFiles(list ? filterFiles(files, list, filters) : [], sort),
    [files, list, filters, sort],
  );
  const selection = useFileSelection(shown);
  const chosen = shown.filter((f) => selection.selected.has(f.id));
  const downloadable = chosen.filter((f) => isOnServer(files, f) && !f.downloaded);
  const deviceOnly = chosen.filter((f) => isDeviceOnly(files, f));
  const savable = mode === 'browser' ? chosen.filter((f) => f.downloaded) : [];
  const totalBytes = downloadable.reduce((n, f) => n + (f.size ?? 0), 0);

  const download = async (ids: number[]) => {
    setNotice(null);
    const r = await api.invoke('files:download', { accountId: account.id, fileIds: ids });
    if (!r.ok) return setError(r.error);
    selection.clear();
    void load(false);
  };

  const requestFromDevice = async () => {
    const { device, from, to } = filters;
    const sourceIds = device === 'all' ? [...new Set(chosen.map((f) => f.sourceId))] : [device];
    const fromUs = dayMicros(from) ?? Math.min(...chosen.map((f) => f.startTs ?? Infinity));
    const toUs = dayMicros(to, true) ?? Math.max(...chosen.map((f) => f.endTs ?? f.startTs ?? -Infinity)) + 1;
    if (!Number.isFinite(fromUs) || !Number.isFinite(toUs) || sourceIds.some((s) => s === null))
      return setError(t('files.chooseDevice'));
    setBusy(t('files.queuing'));
    let requested = 0;
    for (const sourceId of sourceIds as number[]) {
      const r = await api.invoke('files:request', { accountId: account.id, sourceId, from: fromUs, to: toUs });
      if (!r.ok) {
        setBusy(null);
        return setError(r.error);
      }
      requested += r.value.requested;
    }
    setBusy(null);
    setNotice(t('files.requestQueued', { count: requested }));
    void load(false);
  };

  const reveal = async (f: FileView) => {
    const r = await api.invoke('files:reveal', { fileId: f.id });
    if (!r.ok) return setError(r.error);
    if (!r.value.shown) setNotice(t('files.savedAt', { path: r.value.path }));
  };

  /** Browser mode: one file as it is, several as one ZIP with a folder per device. */
  const save = async (chosenFiles: FileView[]) => {
    const r = await api.invoke('files:ticket', { accountId: account.id, fileIds: chosenFiles.map((f) => f.id) });
    if (!r.ok) return setError(r.error);
    saveFromLink(r.value);
  };

  const setAutoImport = async (on: boolean) => {
    const r = await api.invoke('files:autoImport', { on });
    if (r.ok) void load(false);
  };

  const emptyText =
    list && shown.length === 0
      ? list.files.length === 0
        ? files.listed
          ? t('files.noneListed')
          : t('files.noReports')
        : t('files.noMatch')
      : null;

  return (
    <div className="files-view">
      <FileFilters
        account={account}
        accounts={accounts}
        onAccount={onAccount}
        files={files}
        list={list}
        filters={filters}
        onFilters={setFilters}
        onRefresh={files.listed ? () => void load(true) : null}
        busy={busy !== null}
      />

      {list && list.interrupted.length > 0 ? (
        <Banner>
          {t('files.interrupted', { count: list.interrupted.length })}{' '}
          <button onClick={() => void download(list.interrupted)}>{t('files.resume')}</button>
        </Banner>
      ) : null}
      {busy ? <Banner kind="info">{busy}</Banner> : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
      {notice ? <Banner kind="info">{notice}</Banner> : null}

      <div className="files-body">
        <section className="files-list" aria-label={t('app.tabs.files')}>
          <div className="files-actions">
            <span className="muted small">
              {t('files.count', { count: shown.length, formatted: formatCount(shown.length) })}
              {chosen.length > 0 ? ` · ${t('files.selected', { count: chosen.length })}` : ''}
              {downloadable.length > 0 ? ` · ${t('files.toDownload', { size: formatBytes(totalBytes) })}` : ''}
            </span>
            <span className="toolbar-spacer" />
            {files.requestFromDevice ? (
              <button
                onClick={() => void requestFromDevice()}
                disabled={
                  busy !== null ||
                  (deviceOnly.length === 0 && (filters.device === 'all' || !filters.from || !filters.to))
                }
                title={t('files.requestTitle')}
              >
                {t('files.request')}
                {deviceOnly.length > 0 ? ` (${deviceOnly.length})` : ''}
              </button>
            ) : null}
            {savable.length > 0 ? (
              <button onClick={() => void save(savable)} title={t('files.saveSelectedTitle')}>
                {t('files.saveSelected', { count: savable.length })}
              </button>
            ) : null}
            <button
              className="primary"
              onClick={() => void download(downloadable.map((f) => f.id))}
              disabled={downloadable.length === 0}
              title={t('files.downloadTitle')}
            >
              {t('files.download')}
              {downloadable.length > 0 ? ` ${downloadable.length}` : ''}
            </button>
          </div>
          {capabilities.reports ? (
            <ReportForm
              account={account}
              reports={capabilities.reports}
              tree={tree}
              onDone={(m) => {
                setNotice(m);
                void load(false);
              }}
              onError={setError}
            />
          ) : null}
          <FileTable
            files={files}
            shown={shown}
            selection={selection}
            here={
              mode === 'browser'
                ? { action: 'save', run: (f) => void save([f]) }
                : { action: 'reveal', run: (f) => void reveal(f) }
            }
            emptyText={emptyText}
            sort={sort}
            onSort={(key) => setSort((current) => nextSort(current, key))}
          />
          {files.osf ? (
            <label className="inline small files-autoimport">
              <input
                type="checkbox"
                checked={list?.autoImportOsf ?? true}
                onChange={(e) => void setAutoImport(e.target.checked)}
              />
              {t('files.autoImport')}
            </label>
          ) : null}
        </section>
        <DownloadQueue
          progress={progress}
          onCancel={() => void api.invoke('files:cancel', { accountId: account.id })}
          onClose={() => setProgress(null)}
        />
      </div>
    </div>
  );
}
