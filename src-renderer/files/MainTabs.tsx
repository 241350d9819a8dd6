import { useState, type ReactNode } from 'react';

type Tab = 'charts' | 'files';

/** The main area's two views: the charts and the logger files, one shown at a time. */
export function MainTabs({ charts, files }: { charts: ReactNode; files: ReactNode }) {
  const [tab, setTab] = useState<Tab>('charts');
  return (
    <div className="main-tabs">
      <div className="segmented main-tab-bar" role="tablist" aria-label="View">
        {(['charts', 'files'] as const).map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} aria-pressed={tab === t} onClick={() => setTab(t)}>
            {t === 'charts' ? 'Charts' : 'Files'}
          </button>
        ))}
      </div>
      <div className="main-tab-body" role="tabpanel">
        {tab === 'charts' ? charts : files}
      </div>
    </div>
  );
}
