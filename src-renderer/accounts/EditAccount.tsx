import { useState, type FormEvent } from 'react';
import type { AccountView, VendorInfo } from '../../src-main/api/contract';
import { api } from '../api';
import { translateWord, useTranslation } from '../i18n';
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
  const { t } = useTranslation();
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
    <Modal title={t('editAccount.title', { name: account.name })} onClose={onClose}>
      <form className="account-form edit-account" onSubmit={(e) => void submit(e)}>
        <label>
          {t('accountForm.name')}
          <input required value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </label>
        <label>
          {t('accountForm.baseUrl')}
          <input required type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
        </label>
        <fieldset>
          <legend>{t('editAccount.newCredentials')}</legend>
          {vendor.secretFields.map((f) => (
            <label key={f.name}>
              {translateWord('secretFields', `${vendor.id}.${f.name}`, f.label)}
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
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary">
            {newSecret ? t('editAccount.saveReplacing') : t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
