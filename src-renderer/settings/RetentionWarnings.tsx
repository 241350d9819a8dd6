import { useState } from 'react';
import { api } from '../api';
import { useChannel } from '../useApi';
import './settings.css';

/** Accounts on a vendor that keeps little (Opti: 3 days) whose last sync is getting old, with a way to sync now. */
export function RetentionWarnings() {
  const warnings = useChannel('sync:warnings', {});
  const [started, setStarted] = useState<string[]>([]);
  const syncNow = async (accountId: string) => {
    const r = await api.invoke('sync:start', { accountId });
    if (r.ok) setStarted((s) => [...s, accountId]);
  };
  if (!warnings.value || warnings.value.length === 0) return null;
  return (
    <div className="retention-warnings" role="alert" aria-label="Retention warnings">
      {warnings.value.map((w) => (
        <p key={w.accountId} className={`retention-warning${w.lost ? ' lost' : ''}`}>
          <span>
            <strong>{w.accountName}:</strong> {w.message}
          </span>
          <button onClick={() => void syncNow(w.accountId)} disabled={started.includes(w.accountId)}>
            {started.includes(w.accountId) ? 'Syncing…' : 'Sync now'}
          </button>
        </p>
      ))}
    </div>
  );
}
