import { useEffect, useState } from 'react';
import type {
  AccountView,
  Events,
  SourceView,
  StreamView,
  SyncRunView,
  Tree,
  VendorInfo,
} from '../../src-main/api/contract';
import { api } from '../api';
import { translate, useTranslation } from '../i18n';
import { formatCount, formatDateTime, formatTimeOfDay } from '../ui/format';
import { useChannel } from '../useApi';
import { HeldByNotice } from '../settings/HeldByNotice';
import { IntervalSelect } from '../settings/IntervalSelect';
import { ChooseSync } from '../selection/ChooseSync';
import { RemoveAccount } from '../selection/RemoveAccount';
import { EditAccount } from '../accounts/EditAccount';
import { isFromLoggerFiles } from '../sidebar/streamTree';

const when = (ms: number | null) => (ms === null ? '—' : formatDateTime(ms));
const stateWord = (state: SyncRunView['state']) => translate(`sync.state.${state}`);

/** Per account and stream: last success, last error in plain words, points stored, sync history. */
export function SyncPanel({ tree }: { tree: Tree }) {
  const { t } = useTranslation();
  const status = useChannel('sync:status', {});
  const [live, setLive] = useState<Record<string, Events['sync:progress']>>({});
  const [open, setOpen] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'choose' | 'edit' | 'remove'; account: AccountView } | null>(null);
  const info = useChannel('app:info', {});
  const [error, setError] = useState<string | null>(null);

  const reloadStatus = status.reload;
  useEffect(
    () =>
      api.on('sync:progress', (p) => {
        setLive((prev) => ({ ...prev, [p.accountId]: p }));
        if (p.state !== 'running' && p.state !== 'throttled') reloadStatus();
      }),
    [reloadStatus],
  );

  const start = async (accountId?: string) => {
    setError(null);
    const r = await api.invoke('sync:start', accountId ? { accountId } : {});
    if (!r.ok) setError(r.error);
    status.reload();
  };
  const cancel = async () => {
    await api.invoke('sync:cancel', {});
    status.reload();
  };
  const setSchedule = async (minutes: number) => {
    const r = await api.invoke('sync:schedule', { intervalMinutes: minutes });
    if (!r.ok) setError(r.error);
    status.reload();
  };

  const running = status.value?.running ?? [];
  return (
    <section className="sync-panel" aria-label={t('app.tabs.sync')}>
      <header className="sync-head">
        <h2>{t('app.tabs.sync')}</h2>
        <button className="primary" onClick={() => void start()} disabled={running.includes('*')}>
          {t('sync.syncAll')}
        </button>
        {running.length > 0 ? <button onClick={() => void cancel()}>{t('common.cancel')}</button> : null}
        <label className="inline">
          {t('sync.automatically')}
          <IntervalSelect
            label={t('sync.schedule')}
            value={status.value?.intervalMinutes ?? 0}
            onChange={(m) => void setSchedule(m ?? 0)}
          />
        </label>
      </header>
      <HeldByNotice />
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {tree.accounts.length === 0 ? <p className="muted">{t('sync.noAccounts')}</p> : null}
      <ul className="sync-accounts">
        {tree.accounts.map((a) => (
          <AccountSync
            key={a.id}
            account={a}
            streams={tree.streams.filter((s) => s.accountId === a.id)}
            sources={tree.sources}
            progress={live[a.id] ?? null}
            busy={running.includes(a.id) || running.includes('*')}
            expanded={open === a.id}
            onToggle={() => setOpen(open === a.id ? null : a.id)}
            onSync={() => void start(a.id)}
            onChoose={() => setDialog({ kind: 'choose', account: a })}
            onRemove={() => setDialog({ kind: 'remove', account: a })}
            onEdit={() => setDialog({ kind: 'edit', account: a })}
          />
        ))}
      </ul>
      {dialog?.kind === 'choose' ? (
        <ChooseSync account={dialog.account} tree={tree} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'edit' ? (
        <EditAccountFor account={dialog.account} vendors={info.value?.vendors ?? []} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'remove' ? (
        <RemoveAccount
          account={dialog.account}
          points={tree.streams.filter((s) => s.accountId === dialog.account.id).reduce((n, s) => n + s.pointCount, 0)}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </section>
  );
}

interface AccountSyncProps {
  account: AccountView;
  streams: StreamView[];
  sources: SourceView[];
  progress: Events['sync:progress'] | null;
  busy: boolean;
  expanded: boolean;
  onToggle: () => void;
  onSync: () => void;
  onChoose: () => void;
  onRemove: () => void;
  onEdit: () => void;
}

function EditAccountFor({
  account,
  vendors,
  onClose,
}: {
  account: AccountView;
  vendors: VendorInfo[];
  onClose(): void;
}) {
  const vendor = vendors.find((v) => v.id === account.vendor);
  return vendor ? <EditAccount account={account} vendor={vendor} onClose={onClose} /> : null;
}

function AccountSync(props: AccountSyncProps) {
  const { account, streams, sources, progress, busy, expanded, onToggle, onSync, onChoose, onRemove, onEdit } = props;
  const { t } = useTranslation();
  const run = account.lastRun;
  const points = streams.reduce((n, s) => n + s.pointCount, 0);
  return (
    <li className="sync-account">
      <div className="sync-account-row">
        <div className="sync-account-facts">
          <button className="link" onClick={onToggle} aria-expanded={expanded}>
            {expanded ? '▾' : '▸'} {account.name}
          </button>
          <span className="muted">{account.vendor}</span>
          <span>{t('status.pointsShort', { count: points, formatted: formatCount(points) })}</span>
          <span className="muted">
            {t('sync.streamsSyncing', { selected: streams.filter((s) => s.selected).length, total: streams.length })}
          </span>
          <span className={run?.state === 'ok' ? 'ok' : run?.state === 'failed' ? 'error' : 'warning'}>
            {busy && progress
              ? liveText(progress)
              : run
                ? `${stateWord(run.state)} ${when(run.finishedAt ?? run.startedAt)}`
                : t('sync.never')}
          </span>
        </div>
        {account.removed ? (
          <span className="muted">{t('sync.removedReadOnly')}</span>
        ) : (
          <div className="sync-account-actions">
            <button onClick={onChoose}>{t('sync.choose')}</button>
            <button onClick={onSync} disabled={busy}>
              {busy ? t('sync.syncing') : t('sync.syncNow')}
            </button>
            <button onClick={onEdit}>{t('sync.edit')}</button>
            <button onClick={onRemove}>{t('sync.remove')}</button>
          </div>
        )}
      </div>
      {run?.error && !busy ? <p className="error small">{run.error}</p> : null}
      {expanded ? <AccountDetails accountId={account.id} streams={streams} sources={sources} /> : null}
    </li>
  );
}

function liveText(p: Events['sync:progress']): string {
  if (p.state === 'throttled' && p.throttledUntil)
    return translate('sync.throttledUntil', { time: formatTimeOfDay(p.throttledUntil) });
  if (p.state === 'offline') return translate('sync.offline');
  return translate('sync.live', {
    done: p.feedsDone,
    total: p.feedsTotal,
    count: p.pointsAdded,
    formatted: formatCount(p.pointsAdded),
  });
}

function AccountDetails({
  accountId,
  streams,
  sources,
}: {
  accountId: string;
  streams: StreamView[];
  sources: SourceView[];
}) {
  const { t } = useTranslation();
  const history = useChannel('sync:history', { accountId }, [accountId]);
  // Streams imported from logger files are not synced: they are listed apart.
  const synced = streams.filter((s) => !isFromLoggerFiles(s));
  const fromFiles = streams.filter(isFromLoggerFiles);
  return (
    <div className="sync-details">
      <h3>{t('tree.streams')}</h3>
      <StreamTable streams={synced} sources={sources} label={t('sync.syncedStreams')} />
      {fromFiles.length > 0 ? (
        <>
          <h3>{t('sync.fromFiles')}</h3>
          <p className="muted small">{t('sync.fromFilesNote')}</p>
          <StreamTable streams={fromFiles} sources={sources} label={t('sync.fromFilesLabel')} />
        </>
      ) : null}
      <h3>{t('sync.history')}</h3>
      <table className="sync-table">
        <thead>
          <tr>
            <th>{t('sync.started')}</th>
            <th>{t('sync.result')}</th>
            <th>{t('sync.newPoints')}</th>
            <th>{t('sync.message')}</th>
          </tr>
        </thead>
        <tbody>
          {(history.value ?? []).map((r) => (
            <tr key={r.id}>
              <td>{when(r.startedAt)}</td>
              <td>{stateWord(r.state)}</td>
              <td>{formatCount(r.pointsAdded)}</td>
              <td>{r.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Streams with their device: failing ones first, then the rest by device and name. */
function StreamTable({ streams, sources, label }: { streams: StreamView[]; sources: SourceView[]; label: string }) {
  const deviceOf = (s: StreamView) => sources.find((d) => d.id === s.sourceId)?.name ?? '—';
  const rows = [...streams].sort(
    (a, b) =>
      Number(!a.lastError) - Number(!b.lastError) ||
      deviceOf(a).localeCompare(deviceOf(b)) ||
      a.name.localeCompare(b.name),
  );
  const { t } = useTranslation();
  return (
    <table className="sync-table" aria-label={label}>
      <thead>
        <tr>
          <th>{t('fileFilters.device')}</th>
          <th>{t('legend.stream')}</th>
          <th>{t('details.points')}</th>
          <th>{t('sync.lastSuccess')}</th>
          <th>{t('sync.lastError')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.id} className={s.reported ? '' : 'muted'}>
            <td>{deviceOf(s)}</td>
            <td title={s.key}>
              {s.name}
              {s.reported ? '' : ` (${t('tree.notReported')})`}
              {s.selected ? '' : ` (${t('sync.notSyncing')})`}
              {s.collisions > 0 ? ` (${t('sync.collisions', { count: s.collisions })})` : ''}
            </td>
            <td>{formatCount(s.pointCount)}</td>
            <td>{when(s.lastSuccessAt)}</td>
            <td className="error">{s.lastError ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
