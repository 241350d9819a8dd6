import type { ReactNode } from 'react';
import { useTranslation } from './i18n';

export interface MainTab {
  id: string;
  label: string;
  content: ReactNode;
}

/** The main area's views (charts, files, sync), one shown at a time; App holds which (others switch it too). */
export function MainTabs({
  tabs,
  current,
  setCurrent,
}: {
  tabs: MainTab[];
  current: string;
  setCurrent(id: string): void;
}) {
  const { t } = useTranslation();
  const shown = tabs.find((t) => t.id === current) ?? tabs[0];
  return (
    <div className="main-tabs">
      <div className="segmented main-tab-bar" role="tablist" aria-label={t('app.tabs.label')}>
        {tabs.map((t) => (
          <button key={t.id} role="tab" aria-selected={t.id === shown?.id} onClick={() => setCurrent(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div className="main-tab-body" role="tabpanel">
        {shown?.content}
      </div>
    </div>
  );
}
