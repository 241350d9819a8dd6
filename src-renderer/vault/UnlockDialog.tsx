import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { Modal } from '../ui/Modal';
import { useTranslation } from '../i18n';
import './vault.css';

interface Props {
  /** No file yet: the password chosen now seals the credentials added next. */
  creating: boolean;
  onClose(): void;
}

/** Asks for the encrypted credentials file's password; it goes to main once and is never shown again. */
export function UnlockDialog({ creating, onClose }: Props) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setState({ busy: true, error: null });
    const r = await api.invoke('vault:unlock', { password });
    setPassword('');
    if (r.ok) onClose();
    else setState({ busy: false, error: r.error });
  };
  return (
    <Modal title={creating ? t('vault.choosePassword') : t('vault.unlockTitle')} onClose={onClose}>
      <form className="unlock-form" onSubmit={(e) => void submit(e)}>
        <p className="muted small">{creating ? t('vault.creatingNote') : t('vault.unlockNote')}</p>
        <label>
          {t('vault.password')}{' '}
          <input
            type="password"
            autoComplete={creating ? 'new-password' : 'current-password'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus
            required
          />
        </label>
        {state.error ? (
          <p className="error" role="alert">
            {state.error}
          </p>
        ) : null}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button className="primary" type="submit" disabled={state.busy || password === ''}>
            {creating ? t('vault.usePassword') : t('vault.unlock')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
