import { useState } from 'react';
import type { AccountView } from '../../src-main/api/contract';
import { api } from '../api';
import { Modal } from '../ui/Modal';
import './selection.css';

/**
 * Removing an account: its credentials go and it stops syncing; its data stays read-only unless the
 * user asks to delete it too, which needs the account's name typed again.
 */
export function RemoveAccount({ account, points, onClose }: { account: AccountView; points: number; onClose(): void }) {
  const [deleteData, setDeleteData] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const confirmed = !deleteData || typed === account.name;
  const remove = async () => {
    const r = await api.invoke('accounts:remove', { id: account.id, deleteData });
    if (r.ok) onClose();
    else setError(r.error);
  };
  return (
    <Modal title={`Remove ${account.name}`} onClose={onClose}>
      <div className="remove-account">
        <p>
          Its credentials are deleted from the keychain and it no longer syncs. Its {points.toLocaleString()} points
          stay on this computer, read-only: you can still browse and export them.
        </p>
        <label className="inline">
          <input type="checkbox" checked={deleteData} onChange={(e) => setDeleteData(e.target.checked)} />
          Also delete its data ({points.toLocaleString()} points, its streams and files list). This cannot be undone.
        </label>
        {deleteData ? (
          <label>
            Type “{account.name}” to confirm
            <input value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Account name to confirm" />
          </label>
        ) : null}
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <footer className="choose-foot">
          <button onClick={onClose}>Keep the account</button>
          <button className="danger" disabled={!confirmed} onClick={() => void remove()}>
            {deleteData ? 'Remove and delete data' : 'Remove, keep data'}
          </button>
        </footer>
      </div>
    </Modal>
  );
}
