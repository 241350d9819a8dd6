import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { Modal } from '../ui/Modal';
import './vault.css';

interface Props {
  /** No file yet: the password chosen now seals the credentials added next. */
  creating: boolean;
  onClose(): void;
}

/** Asks for the encrypted credentials file's password; it goes to main once and is never shown again. */
export function UnlockDialog({ creating, onClose }: Props) {
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
    <Modal title={creating ? 'Choose a vault password' : 'Unlock the credentials file'} onClose={onClose}>
      <form className="unlock-form" onSubmit={(e) => void submit(e)}>
        <p className="muted small">
          {creating
            ? 'No keychain answers on this computer, so credentials are kept in an encrypted file in the workspace. ' +
              'Choose the password that seals it; it is not stored anywhere.'
            : 'Credentials are kept in an encrypted file in the workspace. Enter its password to use them.'}
        </p>
        <label>
          Vault password{' '}
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
            Cancel
          </button>
          <button className="primary" type="submit" disabled={state.busy || password === ''}>
            {creating ? 'Use this password' : 'Unlock'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
