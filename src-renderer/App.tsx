import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, Tree } from '../src-main/api/contract';
import { AccountForm } from './AccountForm';
import { ExportHost } from './export/ExportButtons';
import { OpenFilesButton, OpenFilesHost } from './osf/OpenFiles';
import { FilesView } from './files/FilesView';
import { MainTabs } from './MainTabs';
import { SyncPanel } from './sync/SyncPanel';
import { BackgroundSettingsPanel } from './settings/BackgroundSettingsPanel';
import { RetentionWarnings } from './settings/RetentionWarnings';
import { api } from './api';
import { applyLanguage, useTranslation } from './i18n';
import { reportLanguageToMain } from './i18n/report';
import { Sidebar } from './sidebar/Sidebar';
import { StatusBar } from './StatusBar';
import { useChannel } from './useApi';
import { Viewer } from './viewer/Viewer';
import { useViewerState } from './viewer/viewState';
import { VaultBar } from './vault/VaultBar';
import { SourcesView } from './sources/SourcesView';
import { useSources } from './sources/useSources';
import { streamIdsUnder } from './sources/openSource';
import { SourceMap } from './map/SourceMap';
import type { SourceHealth } from '../src-main/api/contract';

export function App() {
  const { t } = useTranslation();
  const info = useChannel('app:info', {});
  const tree = useChannel('streams:tree', {});
  const [adding, setAdding] = useState(false);
  const viewer = useViewerState(tree.value);
  const sources = useSources();
  // The first-run form stays up while it works, even once its account briefly exists.
  const [onboarding, setOnboarding] = useState(false);
  const [tab, setTab] = useState('charts');
  // Stable, so the memoised sidebar is not redrawn on every tab switch.
  const addAccount = useCallback(() => setAdding(true), []);

  useEffect(() => {
    document.title = 'Tributary';
  }, []);
  const savedLanguage = info.value?.language ?? null;
  const osLocale = info.value?.locale ?? null;
  useEffect(() => applyLanguage(savedLanguage, osLocale), [savedLanguage, osLocale]);
  useEffect(reportLanguageToMain, []);

  if (info.error || tree.error) return <FatalError message={info.error ?? tree.error ?? ''} />;
  if (!info.value || !tree.value) return <div className="loading">{t('app.opening')}</div>;

  /** A source's streams on a new chart. */
  const openSource = (source: SourceHealth) => {
    const [first, ...rest] = streamIdsUnder(tree.value as Tree, source.id);
    if (first === undefined) return;
    viewer.addChart(first);
    for (const id of rest) viewer.addStream(id);
    setTab('charts');
  };
  const firstRun = onboarding || (tree.value.accounts.length === 0 && tree.value.streams.length === 0);
  return (
    <div className="app">
      {firstRun ? (
        <FirstRun
          info={info.value}
          showForm={onboarding}
          setShowForm={setOnboarding}
          onAdded={() => {
            setOnboarding(false);
            tree.reload();
          }}
        />
      ) : (
        <div className="workspace">
          <Sidebar
            tree={tree.value}
            charted={viewer.chartedIds}
            onAddToChart={viewer.addStream}
            onShowDetails={viewer.showDetails}
            onAddAccount={addAccount}
          />
          <main className="main">
            <RetentionWarnings />
            {adding ? (
              <div className="center">
                <AccountForm
                  vendors={info.value.vendors}
                  onDone={() => {
                    setAdding(false);
                    tree.reload();
                  }}
                  onCancel={() => setAdding(false)}
                />
              </div>
            ) : (
              <MainTabs
                current={tab}
                onSelect={setTab}
                tabs={[
                  { id: 'charts', label: t('app.tabs.charts'), content: <Viewer tree={tree.value} viewer={viewer} /> },
                  {
                    id: 'sources',
                    label: t('app.tabs.sources'),
                    content: <SourcesView sources={sources} onOpen={openSource} />,
                  },
                  {
                    id: 'map',
                    label: t('app.tabs.map'),
                    content: <SourceMap sources={sources.all ?? []} onOpen={openSource} />,
                  },
                  {
                    id: 'files',
                    label: t('app.tabs.files'),
                    content: <FilesView tree={tree.value} vendors={info.value.vendors} mode={info.value.mode} />,
                  },
                  { id: 'sync', label: t('app.tabs.sync'), content: <SyncPanel tree={tree.value} /> },
                  {
                    id: 'settings',
                    label: t('app.tabs.settings'),
                    content: <BackgroundSettingsPanel accounts={tree.value.accounts} />,
                  },
                ]}
              />
            )}
          </main>
        </div>
      )}
      <StatusBar info={info.value} tree={tree.value as Tree} />
      <ExportHost info={info.value} />
      <OpenFilesHost
        tree={tree.value as Tree}
        onShowStreams={(ids) => {
          for (const id of ids) viewer.addStream(id);
          setTab('charts');
        }}
      />
    </div>
  );
}

interface FirstRunProps {
  info: AppInfo;
  showForm: boolean;
  setShowForm: (open: boolean) => void;
  onAdded: () => void;
}

function FirstRun({ info, showForm, setShowForm, onAdded }: FirstRunProps) {
  const { t } = useTranslation();
  const [demo, setDemo] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const openDemo = async () => {
    setDemo({ busy: true, error: null });
    const r = await api.invoke('demo:open', {});
    setDemo({ busy: false, error: r.ok ? null : r.error });
    if (r.ok) onAdded();
  };
  return (
    <div className="first-run">
      <section className="welcome">
        <h1>{t('firstRun.title')}</h1>
        <p>{t('firstRun.intro')}</p>
        <p className="muted">{t('firstRun.supported', { vendors: info.vendors.map((v) => v.label).join(', ') })}</p>
        {showForm ? null : (
          <div className="actions">
            <button className="primary" onClick={() => setShowForm(true)}>
              {t('firstRun.addAccount')}
            </button>
            <button onClick={() => void openDemo()} disabled={demo.busy}>
              {demo.busy ? t('firstRun.demoStarting') : t('firstRun.openDemo')}
            </button>
            <OpenFilesButton />
          </div>
        )}
        <VaultBar />
        {demo.error ? (
          <p className="error" role="alert">
            {demo.error}
          </p>
        ) : null}
        {showForm ? null : <p className="muted small">{t('firstRun.demoNote')}</p>}
      </section>
      {showForm ? <AccountForm vendors={info.vendors} onDone={onAdded} onCancel={() => setShowForm(false)} /> : null}
    </div>
  );
}

function FatalError({ message }: { message: string }) {
  const { t } = useTranslation();
  return (
    <div className="center">
      <div className="card">
        <h2>{t('app.cannotOpen')}</h2>
        <p className="error" role="alert">
          {message}
        </p>
      </div>
    </div>
  );
}
