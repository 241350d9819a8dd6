import { useState } from 'react';
import type { AccountView, BackgroundSettingsView, ChannelInput } from '../../src-main/api/contract';
import { api } from '../api';
import { useChannel } from '../useApi';
import { HeldByNotice } from './HeldByNotice';
import { IntervalSelect } from './IntervalSelect';
import { useTranslation } from '../i18n';
import './settings.css';

type Change = ChannelInput<'background:set'>;

/** A command, typed the same in every language. */
const SERVER_COMMAND = 'tributary sync --every 15m';

/** Background sync: closing to the tray, start at login, the default interval and each account's own. */
export function BackgroundSettingsPanel({ accounts }: { accounts: AccountView[] }) {
  const { t } = useTranslation();
  const settings = useChannel('background:get', {});
  const [error, setError] = useState<string | null>(null);
  const save = async (change: Change) => {
    setError(null);
    const r = await api.invoke('background:set', change);
    if (!r.ok) setError(r.error);
    settings.reload();
  };
  const s = settings.value;
  if (!s) return <section className="settings-panel" aria-label={t('background.title')} aria-busy="true" />;
  return (
    <section className="settings-panel" aria-label={t('background.title')}>
      <h2>{t('background.title')}</h2>
      <HeldByNotice />
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <DesktopOptions settings={s} onChange={(c) => void save(c)} />
      <fieldset>
        <legend>{t('background.schedule')}</legend>
        <label className="row">
          {t('background.eachAccount')}
          <IntervalSelect
            label={t('background.defaultInterval')}
            value={s.intervalMinutes}
            onChange={(m) => void save({ intervalMinutes: m ?? 0 })}
          />
        </label>
        <AccountIntervals
          accounts={accounts}
          settings={s}
          onChange={(id, minutes) => void save({ accountIntervals: { [id]: minutes } })}
        />
      </fieldset>
    </section>
  );
}

function DesktopOptions({ settings, onChange }: { settings: BackgroundSettingsView; onChange: (c: Change) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('background.windowClosed')}</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={settings.closeToTray}
          disabled={!settings.desktop}
          onChange={(e) => onChange({ closeToTray: e.target.checked })}
        />
        {t('background.closeToTray')}
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={settings.startAtLogin}
          disabled={!settings.desktop}
          onChange={(e) => onChange({ startAtLogin: e.target.checked })}
        />
        {t('background.startAtLogin')}
      </label>
      {settings.desktop ? null : (
        <p className="muted small">
          {t('background.desktopOnly')} <code>{SERVER_COMMAND}</code>.
        </p>
      )}
    </fieldset>
  );
}

function AccountIntervals({
  accounts,
  settings,
  onChange,
}: {
  accounts: AccountView[];
  settings: BackgroundSettingsView;
  onChange: (accountId: string, minutes: number | null) => void;
}) {
  const { t } = useTranslation();
  if (accounts.length === 0) return <p className="muted small">{t('sync.noAccounts')}</p>;
  return (
    <table className="settings-accounts">
      <thead>
        <tr>
          <th>{t('background.account')}</th>
          <th>{t('background.vendor')}</th>
          <th>{t('background.sync')}</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((a) => (
          <tr key={a.id}>
            <td>{a.name}</td>
            <td className="muted">{a.vendor}</td>
            <td>
              <IntervalSelect
                label={t('background.intervalFor', { name: a.name })}
                value={settings.accountIntervals[a.id] ?? null}
                defaultMinutes={settings.intervalMinutes}
                onChange={(m) => onChange(a.id, m)}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
