import { useState } from 'react';
import type { AccountView, BackgroundSettingsView, ChannelInput } from '../../src-main/api/contract';
import { api } from '../api';
import { useChannel } from '../useApi';
import { HeldByNotice } from './HeldByNotice';
import { intervalLabel, SYNC_INTERVALS } from './intervals';
import './settings.css';

type Change = ChannelInput<'background:set'>;

/** Background sync: closing to the tray, start at login, the default interval and each account's own. */
export function BackgroundSettingsPanel({ accounts }: { accounts: AccountView[] }) {
  const settings = useChannel('background:get', {});
  const [error, setError] = useState<string | null>(null);
  const save = async (change: Change) => {
    setError(null);
    const r = await api.invoke('background:set', change);
    if (!r.ok) setError(r.error);
    settings.reload();
  };
  const s = settings.value;
  if (!s) return <section className="settings-panel" aria-label="Background sync" aria-busy="true" />;
  return (
    <section className="settings-panel" aria-label="Background sync">
      <h2>Background sync</h2>
      <HeldByNotice />
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <DesktopOptions settings={s} onChange={(c) => void save(c)} />
      <fieldset>
        <legend>Schedule</legend>
        <label className="row">
          Sync each account
          <IntervalSelect
            label="Default sync interval"
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
  return (
    <fieldset>
      <legend>When the window is closed</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={settings.closeToTray}
          disabled={!settings.desktop}
          onChange={(e) => onChange({ closeToTray: e.target.checked })}
        />
        Keep syncing in the tray when I close the window
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={settings.startAtLogin}
          disabled={!settings.desktop}
          onChange={(e) => onChange({ startAtLogin: e.target.checked })}
        />
        Start Tributary in the tray when I log in
      </label>
      {settings.desktop ? null : (
        <p className="muted small">
          These apply to the desktop app. In browser mode, sync runs while Tributary serves this page; on a server, use{' '}
          <code>tributary sync --every 15m</code>.
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
  if (accounts.length === 0) return <p className="muted small">No accounts yet.</p>;
  return (
    <table className="settings-accounts">
      <thead>
        <tr>
          <th>Account</th>
          <th>Vendor</th>
          <th>Sync</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((a) => (
          <tr key={a.id}>
            <td>{a.name}</td>
            <td className="muted">{a.vendor}</td>
            <td>
              <IntervalSelect
                label={`Sync interval for ${a.name}`}
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

/** With `defaultMinutes`, a first choice "as the default (…)" stands for null: the account follows the default. */
function IntervalSelect({
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
  return (
    <select
      aria-label={label}
      value={value === null ? 'default' : String(value)}
      onChange={(e) => onChange(e.target.value === 'default' ? null : Number(e.target.value))}
    >
      {defaultMinutes === undefined ? null : (
        <option value="default">as the default ({intervalLabel(defaultMinutes)})</option>
      )}
      {SYNC_INTERVALS.map((m) => (
        <option key={m} value={String(m)}>
          {intervalLabel(m)}
        </option>
      ))}
    </select>
  );
}
