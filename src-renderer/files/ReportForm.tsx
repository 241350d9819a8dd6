import { useState } from 'react';
import type { AccountView, ReportsCapability, Tree } from '../../src-main/api/contract';
import { api } from '../api';
import { useTranslation } from '../i18n';
import { DateTimeField } from '../ui/DateTimeField';

interface Props {
  account: AccountView;
  reports: ReportsCapability;
  tree: Tree;
  onDone: (message: string) => void;
  onError: (message: string) => void;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A report (PDF) for a site and period, in one of the vendor's templates, made by the vendor and saved here. */
export function ReportForm({ account, reports, tree, onDone, onError }: Props) {
  const { t } = useTranslation();
  const sites = tree.sources.filter((s) => s.accountId === account.id && s.parentId === null);
  const [site, setSite] = useState(sites[0]?.vendorRef ?? '');
  const [template, setTemplate] = useState(reports.templates[0]?.id ?? '');
  /** Empty: the vendor's default language. */
  const [language, setLanguage] = useState('');
  const [from, setFrom] = useState(() => isoDay(Date.now() - 7 * 86_400_000));
  const [to, setTo] = useState(() => isoDay(Date.now()));
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    const r = await api.invoke('reports:create', {
      accountId: account.id,
      siteId: site,
      template,
      from,
      to,
      ...(language ? { language } : {}),
    });
    setBusy(false);
    if (r.ok) onDone(t('reports.saved', { path: r.value.path }));
    else onError(r.error);
  };
  return (
    <div className="report-form">
      <label className="inline">
        {t('reports.site')}
        <select value={site} onChange={(e) => setSite(e.target.value)}>
          {sites.map((s) => (
            <option key={s.id} value={s.vendorRef}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        {t('reports.report')}
        <select value={template} onChange={(e) => setTemplate(e.target.value)}>
          {reports.templates.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      {reports.languages.length > 0 ? (
        <label className="inline">
          {t('settings.language')}
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="">{t('reports.defaultLanguage')}</option>
            {reports.languages.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="inline">
        {t('toolbar.from')} <DateTimeField dateOnly value={from} onChange={setFrom} />
      </label>
      <label className="inline">
        {t('toolbar.to')} <DateTimeField dateOnly value={to} onChange={setTo} />
      </label>
      <button onClick={() => void create()} disabled={busy || !site || !template}>
        {busy ? t('reports.making') : t('reports.create')}
      </button>
    </div>
  );
}
