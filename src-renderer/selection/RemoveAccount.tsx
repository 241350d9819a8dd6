import { useState } from 'react';
import type { AccountView } from '../../src-main/api/contract';
import { api } from '../api';
import { useTranslation } from '../i18n';
import { formatCount } from '../ui/format';
import { Modal } from '../ui/Modal';
import './selection.css';

/**
 * Removing an account: its credentials go and it stops syncing; its data stays read-only unless the
 * user asks to delete it too, which needs the account's name typed again.
 */
export function RemoveAccount({ account, points, onClose }: { account: AccountView; points: number; onClose(): void }) {
  const { t } = useTranslation();
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
    <Modal title={t('removeAccount.title', { name: account.name })} onClose={onClose}>
      <div className="remove-account">
        <p>{t('removeAccount.keepsData', { count: points, formatted: formatCount(points) })}</p>
        <label className="inline">
          <input type="checkbox" checked={deleteData} onChange={(e) => setDeleteData(e.target.checked)} />
          {t('removeAccount.alsoDelete', { count: points, formatted: formatCount(points) })}
        </label>
        {deleteData ? (
          <label>
            {t('removeAccount.typeName', { name: account.name })}
            <input
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-label={t('removeAccount.nameToConfirm')}
            />
          </label>
        ) : null}
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <footer className="choose-foot">
          <button onClick={onClose}>{t('removeAccount.keep')}</button>
          <button className="danger" disabled={!confirmed} onClick={() => void remove()}>
            {deleteData ? t('removeAccount.removeAndDelete') : t('removeAccount.removeKeepData')}
          </button>
        </footer>
      </div>
    </Modal>
  );
}
