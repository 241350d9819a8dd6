import { useState, type FormEvent } from 'react';
import type { AccountView, VendorInfo } from '../src-main/api/contract';
import { api } from './api';
import { sentence } from './ui/format';
import { defaultFirstSync, FirstSyncField, firstSyncMicros } from './accounts/FirstSyncField';
import { translateWord, useTranslation } from './i18n';

interface Props {
  vendors: VendorInfo[];
  onDone: (account: AccountView) => void;
  onCancel?: () => void;
}

/** One form for every vendor: its secret fields come from the vendor's definition in main. */
export function AccountForm({ vendors, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const [vendorId, setVendorId] = useState(vendors[0]?.id);
  const vendor = vendors.find((v) => v.id === vendorId) ?? vendors[0];
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState(vendor?.defaultBaseUrl ?? '');
  const [secret, setSecret] = useState<Record<string, string>>({});
  const [firstSync, setFirstSync] = useState(vendor ? defaultFirstSync(vendor) : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const chooseVendor = (id: string) => {
    const next = vendors.find((v) => v.id === id);
    setVendorId(next?.id ?? vendorId);
    setBaseUrl(next?.defaultBaseUrl ?? '');
    setSecret({});
    setFirstSync(next ? defaultFirstSync(next) : '');
  };

  const secretInput = () => Object.fromEntries(Object.entries(secret).filter(([, v]) => v !== ''));

  /** Adds the account; unless `untested`, keeps it only when the vendor accepts the credentials. */
  const save = async (untested: boolean) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    const added = await api.invoke('accounts:add', { vendor: vendorId, name, baseUrl, secret: secretInput() });
    if (!added.ok) {
      setBusy(false);
      setError(added.error);
      return;
    }
    const from = firstSyncMicros(firstSync);
    const account = from === undefined ? added : await api.invoke('accounts:edit', { id: added.value.id, from });
    if (!account.ok) {
      setBusy(false);
      setError(account.error);
      return;
    }
    if (untested) return onDone(account.value);
    const tested = await api.invoke('accounts:test', { id: added.value.id });
    if (tested.ok) return onDone(account.value);
    // Never kept: nothing of it may stay behind.
    await api.invoke('accounts:remove', { id: added.value.id, deleteData: true });
    setBusy(false);
    setNotice(t('accountForm.testFailed', { error: tested.error }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };

  if (!vendor) return null;
  return (
    <form className="card account-form" onSubmit={submit} aria-label={t('firstRun.addAccount')}>
      <h2>{t('firstRun.addAccount')}</h2>
      <label>
        {t('accountForm.vendor')}
        <select value={vendorId} onChange={(e) => chooseVendor(e.target.value)} name="vendor">
          {vendors.map((v) => (
            <option key={v.id} value={v.id}>
              {v.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('accountForm.name')}
        <input
          name="name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t('accountForm.namePlaceholder')}
          autoComplete="off"
        />
      </label>
      <label>
        {t('accountForm.baseUrl')}
        <input
          name="baseUrl"
          required
          type="url"
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.target.value)}
          autoComplete="off"
        />
      </label>
      {vendor.secretFields.map((f) => (
        <label key={f.name}>
          {translateWord('secretFields', `${vendor.id}.${f.name}`, f.label)}
          {f.optional ? <span className="muted"> {t('accountForm.optional')}</span> : null}
          <input
            name={`secret-${f.name}`}
            type={f.secret ? 'password' : 'text'}
            required={!f.optional}
            value={secret[f.name] ?? ''}
            onChange={(e) => setSecret({ ...secret, [f.name]: e.target.value })}
            autoComplete="off"
          />
        </label>
      ))}
      <FirstSyncField vendor={vendor} value={firstSync} onChange={setFirstSync} />
      <p className="muted small">{t('accountForm.keychainNote')}</p>
      {error ? (
        <p className="error" role="alert">
          {sentence(error)}
        </p>
      ) : null}
      {notice ? (
        <p className="warning" role="status">
          {sentence(notice)} {t('accountForm.checkDetails')}
        </p>
      ) : null}
      <div className="actions">
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
        {notice ? (
          <button type="button" onClick={() => void save(true)} disabled={busy}>
            {t('accountForm.saveUntested')}
          </button>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('accountForm.checking') : t('accountForm.addAndTest')}
        </button>
      </div>
    </form>
  );
}
