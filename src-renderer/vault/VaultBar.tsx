import { useState } from 'react';
import { api } from '../api';
import { useChannel } from '../useApi';
import { UnlockDialog } from './UnlockDialog';
import { useTranslation } from '../i18n';
import './vault.css';

/**
 * The vault's own state under the tree: the encrypted file waiting for its password (or for one to be
 * chosen, where no keychain answers), and secrets that can move into a keychain that appeared since.
 */
export function VaultBar() {
  const { t } = useTranslation();
  const status = useChannel('vault:status', {}).value;
  const [dialog, setDialog] = useState(false);
  const [moved, setMoved] = useState<string | null>(null);
  if (!status) return null;
  const locked = status.file === 'locked';
  const noPasswordYet = status.file === 'absent' && status.keychain === 'keychain-unavailable';
  const canMove = status.file === 'unlocked' && status.inFile > 0 && status.keychain === 'available';
  if (!locked && !noPasswordYet && !canMove && moved === null) return null;
  const move = async () => {
    const r = await api.invoke('vault:moveToKeychain', {});
    if (!r.ok) return setMoved(r.error);
    const failed = r.value.failed.map((f) => `${f.name}: ${f.message}`);
    setMoved([t('vault.moved', { count: r.value.moved.length }), ...failed].join(' '));
  };
  return (
    <div className="vault-bar" aria-label={t('vault.file')} role="region">
      {locked ? <p className="small">{t('vault.needsPassword')}</p> : null}
      {noPasswordYet ? <p className="small muted">{t('vault.noKeychain')}</p> : null}
      {locked || noPasswordYet ? (
        <button onClick={() => setDialog(true)}>
          {locked ? t('vault.unlockCredentials') : t('vault.setPassword')}
        </button>
      ) : null}
      {canMove ? <button onClick={() => void move()}>{t('vault.moveToKeychain')}</button> : null}
      {moved ? (
        <p className="small" role="status">
          {moved}
        </p>
      ) : null}
      {dialog ? <UnlockDialog creating={noPasswordYet} onClose={() => setDialog(false)} /> : null}
    </div>
  );
}
