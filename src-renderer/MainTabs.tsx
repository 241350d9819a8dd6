import { useState, type ReactNode } from 'react';
import { useTranslation } from './i18n';

export interface MainTab {
  id: string;
  label: string;
  content: ReactNode;
}

interface Props {
  tabs: MainTab[];
  /** Given: the caller holds which tab is shown (another view can switch tabs). */
  current?: string;
  onSelect?(id: string): void;
}

/** The main area's views (charts, sources, map, files, sync), one shown at a time. */
export function MainTabs({ tabs, current: held, onSelect }: Props) {
  const [own, setOwn] = useState(tabs[0]?.id);
  const current = held ?? own;
  const setCurrent = onSelect ?? setOwn;
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
