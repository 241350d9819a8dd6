import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { AccountView, FileListView, FilesProgress, FileView, Tree } from '../../src-main/api/contract';
import { api } from '../api';

type StatusFilter = 'all' | 'server' | 'device' | 'requested';
type DownloadedFilter = 'all' | 'yes' | 'no';

const STATUS_FILTERS: { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'Any status' },
  { value: 'server', label: 'On the server' },
  { value: 'device', label: 'Only on the device' },
  { value: 'requested', label: 'Requested' },
];

/** Vendors whose accounts hold files: optiCLOUD logger files, ODS exports and attachments, OpenSense reports. */
const FILE_VENDORS = new Set(['opticloud', 'opendatasoft', 'opensense']);
/** Vendors whose file lists come from the vendor (OpenSense reports are made here, on request). */
const LISTED_VENDORS = new Set(['opticloud', 'opendatasoft']);
const REPORT_TEMPLATES = ['monthly_summary', 'haccp_temperature_log', 'legionella_flush_log'];

const onServer = (f: FileView) => f.status === null || f.status === 2 || f.status === 3;

function matchesStatus(f: FileView, filter: StatusFilter): boolean {
  if (filter === 'server') return onServer(f);
  if (filter === 'device') return f.status === 0 && f.state !== 'requested';
  if (filter === 'requested') return f.state === 'requested' || f.status === 1;
  return true;
}

function formatBytes(n: number | null): string {
  if (n === null) return '–';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const utcDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const utcTime = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;

/** `2026-10-26 00:00–06:00`, or both days when the range crosses midnight. */
function formatRange(startUs: number | null, endUs: number | null): string {
  if (startUs === null) return '–';
  const a = new Date(startUs / 1000);
  if (endUs === null) return `${utcDay(a)} ${utcTime(a)}`;
  const b = new Date(endUs / 1000);
  const endText =
    utcDay(a) === utcDay(b) || (utcTime(b) === '00:00' && endUs - startUs <= 86_400_000_000)
      ? utcTime(b)
      : `${utcDay(b)} ${utcTime(b)}`;
  return `${utcDay(a)} ${utcTime(a)}–${endText}`;
}

/** Short words for the status column; the full words are its tooltip. */
const STATUS_SHORT: Record<number, string> = {
  0: 'device only',
  1: 'requested',
  2: 'server only',
  3: 'device + server',
};

/** `YYYY-MM-DD` (UTC) → µs at the start of that day; null when empty or unreadable. */
function dayMicros(text: string, endOfDay = false): number | null {
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) ? null : (ms + (endOfDay ? 86_400_000 : 0)) * 1000;
}

function stateText(f: FileView): string {
  if (f.state === 'downloaded') return 'Downloaded';
  if (f.state === 'failed') return 'Failed';
  if (f.state === 'queued' || f.state === 'downloading') return 'Interrupted';
  if (f.state === 'requested')
    return f.status === 0
      ? 'Request pending — waits for the device to call in'
      : 'Requested — the device uploads it next';
  return '';
}

export function FilesView({ tree }: { tree: Tree }) {
  const accounts = tree.accounts.filter((a) => FILE_VENDORS.has(a.vendor));
  const [accountId, setAccountId] = useState<string | null>(accounts[0]?.id ?? null);
  const account = accounts.find((a) => a.id === accountId) ?? accounts[0] ?? null;
  if (!account)
    return (
      <div className="files-view">
        <p className="pad muted">
          No account here holds files. Add an optiCLOUD account for logger files, or an OpenSense account for reports.
        </p>
      </div>
    );
  return <AccountFiles key={account.id} account={account} accounts={accounts} onAccount={setAccountId} tree={tree} />;
}

interface AccountFilesProps {
  account: AccountView;
  accounts: AccountView[];
  onAccount: (id: string) => void;
  tree: Tree;
}

function AccountFiles({ account, accounts, onAccount, tree }: AccountFilesProps) {
  const [list, setList] = useState<FileListView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [device, setDevice] = useState<number | 'all'>('all');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [downloaded, setDownloaded] = useState<DownloadedFilter>('all');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const anchor = useRef<number | null>(null);
  const [progress, setProgress] = useState<FilesProgress | null>(null);
  const canList = LISTED_VENDORS.has(account.vendor);

  const load = async (refresh: boolean) => {
    setBusy(refresh ? 'Asking the vendor for the file lists…' : null);
    const r = await api.invoke('files:list', { accountId: account.id, refresh });
    setBusy(null);
    if (r.ok) {
      setList(r.value);
      setError(r.value.problems.length > 0 ? r.value.problems.join(' · ') : null);
    } else setError(r.error);
  };

  useEffect(() => {
    void load(false);
  }, [account.id]);
  useEffect(
    () =>
      api.on('files:progress', (p) => {
        if (p.accountId !== account.id) return;
        setProgress(p);
        if (p.state !== 'running') void load(false);
      }),
    [account.id],
  );

  const visible = useMemo(() => {
    if (!list) return [];
    const fromUs = dayMicros(from);
    const toUs = dayMicros(to, true);
    return list.files.filter(
      (f) =>
        (device === 'all' || f.sourceId === device) &&
        matchesStatus(f, status) &&
        (downloaded === 'all' || f.downloaded === (downloaded === 'yes')) &&
        (fromUs === null || (f.endTs ?? f.startTs ?? Infinity) >= fromUs) &&
        (toUs === null || (f.startTs ?? -Infinity) < toUs),
    );
  }, [list, device, status, downloaded, from, to]);

  const chosen = visible.filter((f) => selected.has(f.id));
  const downloadable = chosen.filter((f) => onServer(f) && !f.downloaded);
  const allVisibleSelected = visible.length > 0 && visible.every((f) => selected.has(f.id));

  const toggle = (f: FileView, e: MouseEvent) => {
    const next = new Set(selected);
    const at = visible.findIndex((v) => v.id === f.id);
    const from = visible.findIndex((v) => v.id === anchor.current);
    const on = !selected.has(f.id);
    if (e.shiftKey && from !== -1) {
      // Shift-click: the whole range from the last click takes this row's new state.
      for (const v of visible.slice(Math.min(from, at), Math.max(from, at) + 1))
        if (on) next.add(v.id);
        else next.delete(v.id);
    } else if (on) next.add(f.id);
    else next.delete(f.id);
    anchor.current = f.id;
    setSelected(next);
  };

  const download = async (ids: number[]) => {
    setNotice(null);
    const r = await api.invoke('files:download', { accountId: account.id, fileIds: ids });
    if (!r.ok) return setError(r.error);
    setSelected(new Set());
    void load(false);
  };

  const requestFromDevice = async () => {
    const sourceIds = device === 'all' ? [...new Set(chosen.map((f) => f.sourceId))] : [device];
    const fromUs = dayMicros(from) ?? Math.min(...chosen.map((f) => f.startTs ?? Infinity));
    const toUs = dayMicros(to, true) ?? Math.max(...chosen.map((f) => f.endTs ?? f.startTs ?? -Infinity)) + 1;
    if (!Number.isFinite(fromUs) || !Number.isFinite(toUs) || sourceIds.some((s) => s === null))
      return setError('Choose a device and a time range (or select files only on the device) to request.');
    setBusy('Queuing the request for the device…');
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
    setNotice(
      `Request queued: ${requested} file${requested === 1 ? '' : 's'} will be listed and uploaded when the device next connects.`,
    );
    void load(false);
  };

  const reveal = async (f: FileView) => {
    const r = await api.invoke('files:reveal', { fileId: f.id });
    if (!r.ok) return setError(r.error);
    if (!r.value.shown) setNotice(`Saved at ${r.value.path}`);
  };

  const setAutoImport = async (on: boolean) => {
    const r = await api.invoke('files:autoImport', { on });
    if (r.ok) void load(false);
  };

  const deviceOnly = chosen.filter((f) => f.status === 0 && f.state !== 'requested');
  const totalBytes = downloadable.reduce((n, f) => n + (f.size ?? 0), 0);

  return (
    <div className="files-view">
      <div className="toolbar files-toolbar" role="toolbar" aria-label="File filters">
        <label className="inline">
          Account
          <select value={account.id} onChange={(e) => onAccount(e.target.value)}>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Device
          <select
            value={String(device)}
            onChange={(e) => setDevice(e.target.value === 'all' ? 'all' : Number(e.target.value))}
          >
            <option value="all">All devices</option>
            {(list?.devices ?? []).map((d) => (
              <option key={d.sourceId} value={d.sourceId}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            {STATUS_FILTERS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Here
          <select value={downloaded} onChange={(e) => setDownloaded(e.target.value as DownloadedFilter)}>
            <option value="all">All</option>
            <option value="yes">Downloaded</option>
            <option value="no">Not downloaded</option>
          </select>
        </label>
        <label className="inline">
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From (UTC)" />
        </label>
        <label className="inline">
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-label="To (UTC)" />
        </label>
        <span className="toolbar-spacer" />
        {canList ? (
          <button onClick={() => void load(true)} disabled={busy !== null}>
            Refresh list
          </button>
        ) : null}
      </div>

      {list && list.interrupted.length > 0 ? (
        <div className="banner" role="status">
          {list.interrupted.length} download{list.interrupted.length === 1 ? ' was' : 's were'} interrupted when
          Tributary last closed. <button onClick={() => void download(list.interrupted)}>Resume</button>
        </div>
      ) : null}
      {busy ? <div className="banner info">{busy}</div> : null}
      {error ? (
        <div className="banner files-error" role="alert">
          {error}
        </div>
      ) : null}
      {notice ? (
        <div className="banner info" role="status">
          {notice}
        </div>
      ) : null}

      <div className="files-body">
        <section className="files-list" aria-label="Files">
          <div className="files-actions">
            <span className="muted small">
              {visible.length.toLocaleString()} files{chosen.length > 0 ? ` · ${chosen.length} selected` : ''}
              {downloadable.length > 0 ? ` · ${formatBytes(totalBytes)} to download` : ''}
            </span>
            <span className="toolbar-spacer" />
            {canList ? (
              <button
                onClick={() => void requestFromDevice()}
                disabled={busy !== null || (deviceOnly.length === 0 && (device === 'all' || !from || !to))}
                title="Asks the device to list and upload its files in the selection or the time range"
              >
                Request from device{deviceOnly.length > 0 ? ` (${deviceOnly.length})` : ''}
              </button>
            ) : null}
            <button
              className="primary"
              onClick={() => void download(downloadable.map((f) => f.id))}
              disabled={downloadable.length === 0}
              title="Downloads the selected files: several at once, each resuming where it stopped"
            >
              Download{downloadable.length > 0 ? ` ${downloadable.length}` : ''}
            </button>
          </div>
          {account.vendor === 'opensense' ? (
            <ReportForm
              account={account}
              tree={tree}
              onDone={(m) => {
                setNotice(m);
                void load(false);
              }}
              onError={setError}
            />
          ) : null}
          <div className="files-table-wrap">
            <table className="files-table">
              <thead>
                <tr>
                  <th className="c-check">
                    <input
                      type="checkbox"
                      aria-label="Select all shown files"
                      checked={allVisibleSelected}
                      onChange={() => setSelected(allVisibleSelected ? new Set() : new Set(visible.map((f) => f.id)))}
                    />
                  </th>
                  <th>File</th>
                  <th className="c-device">Device</th>
                  <th className="c-status">Status</th>
                  <th className="c-time">Time (UTC)</th>
                  <th className="num c-size">Size</th>
                  <th className="c-here">Here</th>
                </tr>
              </thead>
              <tbody>
                {visible.map((f) => (
                  <tr key={f.id} className={selected.has(f.id) ? 'selected' : undefined}>
                    <td className="c-check">
                      <input
                        type="checkbox"
                        aria-label={`Select ${f.name}`}
                        checked={selected.has(f.id)}
                        onChange={() => undefined}
                        onClick={(e) => toggle(f, e)}
                      />
                    </td>
                    <td title={f.vendorName}>{f.name}</td>
                    <td>{f.device}</td>
                    <td>
                      <span className={`file-status s${f.status ?? 'x'}`} title={f.statusText}>
                        {f.status === null ? 'on the server' : (STATUS_SHORT[f.status] ?? f.statusText)}
                      </span>
                    </td>
                    <td className="nowrap">{formatRange(f.startTs, f.endTs)}</td>
                    <td className="num">{formatBytes(f.size)}</td>
                    <td className="nowrap">
                      {f.downloaded ? (
                        <button
                          className="link ok"
                          onClick={() => void reveal(f)}
                          title={`Downloaded: ${f.localPath ?? ''}`}
                        >
                          ✓ Show in folder
                        </button>
                      ) : (
                        <span className={f.state === 'failed' ? 'error' : 'muted'} title={f.error ?? undefined}>
                          {stateText(f)}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {list && visible.length === 0 ? (
              <p className="pad muted">
                {list.files.length === 0
                  ? canList
                    ? 'No files listed yet: press Refresh list.'
                    : 'No reports yet.'
                  : 'No files match the filters.'}
              </p>
            ) : null}
          </div>
          <label className="inline small files-autoimport">
            <input
              type="checkbox"
              checked={list?.autoImportOsf ?? true}
              onChange={(e) => void setAutoImport(e.target.checked)}
            />
            Import OSF files into the charts once downloaded
          </label>
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

interface DownloadQueueProps {
  progress: FilesProgress | null;
  onCancel: () => void;
  onClose: () => void;
}

/** The running or last download job; hidden until there is one, so the list has the room. */
function DownloadQueue({ progress, onCancel, onClose }: DownloadQueueProps) {
  if (!progress) return null;
  const fraction =
    progress.bytesTotal > 0
      ? progress.bytesDone / progress.bytesTotal
      : progress.filesTotal > 0
        ? progress.filesDone / progress.filesTotal
        : 0;
  const running = progress.state === 'running';
  const heading = running
    ? 'Downloading'
    : progress.state === 'done'
      ? 'Done'
      : progress.state === 'cancelled'
        ? 'Cancelled'
        : 'Failed';
  return (
    <aside className="download-queue" aria-label="Download queue">
      <div className="queue-head">
        <h3>{heading}</h3>
        {running ? (
          <button onClick={onCancel}>Cancel</button>
        ) : (
          <button onClick={onClose} aria-label="Close the download summary" title="Close">
            ×
          </button>
        )}
      </div>
      <div className="queue-total" data-testid="queue-total">
        {progress.filesDone} of {progress.filesTotal} files · {formatBytes(progress.bytesDone)} of{' '}
        {formatBytes(progress.bytesTotal)}
      </div>
      <progress max={1} value={fraction} aria-label="Total progress" />
      {running ? (
        <div className="muted small">
          {formatBytes(progress.speed)}/s · {formatDuration(progress.eta)} left
        </div>
      ) : null}
      {progress.message ? (
        <p className={progress.state === 'failed' ? 'error small' : 'warning small'}>{progress.message}</p>
      ) : null}
      {progress.state === 'cancelled' ? (
        <p className="muted small">Cancelled files stay queued and resume from where they stopped.</p>
      ) : null}
      <ul className="queue-items">
        {progress.items.map((i) => (
          <li key={i.fileId} className={`queue-item ${i.state}`}>
            <div className="queue-item-line">
              <span className="queue-name" title={i.name}>
                {i.name}
              </span>
              <span className="queue-state">
                {i.state === 'downloading' ? `${formatBytes(i.bytes)} / ${formatBytes(i.size)}` : i.state}
              </span>
            </div>
            {i.state === 'downloading' ? (
              <progress max={1} value={i.size ? i.bytes / i.size : 0} aria-label={`${i.name} progress`} />
            ) : null}
            {i.error ? <div className="error small">{i.error}</div> : null}
          </li>
        ))}
      </ul>
    </aside>
  );
}

interface ReportFormProps {
  account: AccountView;
  tree: Tree;
  onDone: (message: string) => void;
  onError: (message: string) => void;
}

/** OpenSense: a report (PDF) for a site and period, made by the vendor and saved here. */
function ReportForm({ account, tree, onDone, onError }: ReportFormProps) {
  const sites = tree.sources.filter((s) => s.accountId === account.id && s.parentId === null);
  const [site, setSite] = useState(sites[0]?.vendorRef ?? '');
  const [template, setTemplate] = useState(REPORT_TEMPLATES[0]);
  const today = new Date().toISOString().slice(0, 10);
  const [from, setFrom] = useState(new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10));
  const [to, setTo] = useState(today);
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    const r = await api.invoke('reports:create', { accountId: account.id, siteId: site, template, from, to });
    setBusy(false);
    if (r.ok) onDone(`Report saved at ${r.value.path}`);
    else onError(r.error);
  };
  return (
    <div className="report-form">
      <label className="inline">
        Site
        <select value={site} onChange={(e) => setSite(e.target.value)}>
          {sites.map((s) => (
            <option key={s.id} value={s.vendorRef}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        Report
        <select value={template} onChange={(e) => setTemplate(e.target.value)}>
          {REPORT_TEMPLATES.map((t) => (
            <option key={t} value={t}>
              {t.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label className="inline">
        To <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <button onClick={() => void create()} disabled={busy || !site}>
        {busy ? 'Making the report…' : 'Create report'}
      </button>
    </div>
  );
}
