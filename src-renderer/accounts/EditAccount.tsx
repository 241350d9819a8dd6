import { useState, type FormEvent } from 'react';
import type { AccountView, VendorInfo } from '../../src-main/api/contract';
import { api } from '../api';
import { Modal } from '../ui/Modal';
import { FirstSyncField, firstSyncMicros } from './FirstSyncField';
import './accounts.css';

/** Edits an account: rename, base URL, a new secret (blank fields keep the stored one), first-sync start. */
export function EditAccount({
  account,
  vendor,
  onClose,
}: {
  account: AccountView;
  vendor: VendorInfo;
  onClose(): void;
}) {
  const [name, setName] = useState(account.name);
  const [baseUrl, setBaseUrl] = useState(account.baseUrl);
  const [secret, setSecret] = useState<Record<string, string>>({});
  const [firstSync, setFirstSync] = useState(account.firstSyncFrom?.slice(0, 10) ?? '');
  const [error, setError] = useState<string | null>(null);
  const newSecret = Object.values(secret).some((v) => v !== '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await api.invoke('accounts:edit', {
      id: account.id,
      ...(name !== account.name ? { name } : {}),
      ...(baseUrl !== account.baseUrl ? { baseUrl } : {}),
      ...(newSecret ? { secret: Object.fromEntries(Object.entries(secret).filter(([, v]) => v !== '')) } : {}),
      ...(firstSync !== (account.firstSyncFrom?.slice(0, 10) ?? '') ? { from: firstSyncMicros(firstSync) } : {}),
    });
    if (r.ok) onClose();
    else setError(r.error);
  };
  return (
    <Modal title={`Edit ${account.name}`} onClose={onClose}>
      <form className="account-form edit-account" onSubmit={(e) => void submit(e)}>
        <label>
          Name
          <input required value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </label>
        <label>
          Base URL
          <input required type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
        </label>
        <fieldset>
          <legend>New credentials (leave empty to keep the stored ones)</legend>
          {vendor.secretFields.map((f) => (
            <label key={f.name}>
              {f.label}
              <input
                type={f.secret ? 'password' : 'text'}
                value={secret[f.name] ?? ''}
                onChange={(e) => setSecret({ ...secret, [f.name]: e.target.value })}
                autoComplete="off"
              />
            </label>
          ))}
        </fieldset>
        <FirstSyncField vendor={vendor} value={firstSync} onChange={setFirstSync} />
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            {newSecret ? 'Save, replacing the credentials' : 'Save'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
