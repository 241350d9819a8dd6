import { useState } from 'react';
import type { AccountView, ReportsCapability, Tree } from '../../src-main/api/contract';
import { api } from '../api';
import { DateTimeInput } from '../ui/DateTimeInput';

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
    if (r.ok) onDone(`Report saved at ${r.value.path}`);
    else onError(r.error);
  };
  return (
    <div className="report-form">
      <label className="inline">
        Site
        <select value={site} onChange={(e) => setSite(e.target.value)}>
          {sites.map((s) => (
            <option key={s.id} value={s.vendorRef}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        Report
        <select value={template} onChange={(e) => setTemplate(e.target.value)}>
          {reports.templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      {reports.languages.length > 0 ? (
        <label className="inline">
          Language
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="">Default</option>
            {reports.languages.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="inline">
        From <DateTimeInput dateOnly label="Report from" value={from} onChange={setFrom} />
      </label>
      <label className="inline">
        To <DateTimeInput dateOnly label="Report to" value={to} onChange={setTo} />
      </label>
      <button onClick={() => void create()} disabled={busy || !site || !template}>
        {busy ? 'Making the report…' : 'Create report'}
      </button>
    </div>
  );
}
