import { useState } from 'react';
import { api } from '../api';
import { useChannel } from '../useApi';
import { useTranslation } from '../i18n';
import './settings.css';

/** Accounts on a vendor that keeps little (Opti: 3 days) whose last sync is getting old, with a way to sync now. */
export function RetentionWarnings() {
  const { t } = useTranslation();
  const warnings = useChannel('sync:warnings', {});
  const [started, setStarted] = useState<string[]>([]);
  const syncNow = async (accountId: string) => {
    const r = await api.invoke('sync:start', { accountId });
    if (r.ok) setStarted((s) => [...s, accountId]);
  };
  if (!warnings.value || warnings.value.length === 0) return null;
  return (
    <div className="retention-warnings" role="alert" aria-label={t('background.retentionWarnings')}>
      {warnings.value.map((w) => (
        <p key={w.accountId} className={`retention-warning${w.lost ? ' lost' : ''}`}>
          <span>
            <strong>{w.accountName}:</strong> {w.message}
          </span>
          <button onClick={() => void syncNow(w.accountId)} disabled={started.includes(w.accountId)}>
            {started.includes(w.accountId) ? t('sync.syncing') : t('sync.syncNow')}
          </button>
        </p>
      ))}
    </div>
  );
}
