import type { AccountView } from '../../src-main/api/contract';
import { useTranslation } from '../i18n';
import './vault.css';

/** Under an account in the tree: where its credentials are kept, or what is missing, in words. */
export function CredentialsLine({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  const problem = !account.hasSecret;
  return (
    <div
      className={`credentials-line small ${problem ? 'credentials-problem' : 'muted'}`}
      data-credentials={account.credentials}
      role={problem ? 'status' : undefined}
    >
      {account.credentials === 'demo' ? <span className="demo-badge">{t('vault.demo')}</span> : null}
      {account.credentialsText}
    </div>
  );
}
