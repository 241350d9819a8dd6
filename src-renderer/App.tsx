import { useEffect, useState } from 'react';
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
  const info = useChannel('app:info', {});
  const tree = useChannel('streams:tree', {});
  const [adding, setAdding] = useState(false);
  const viewer = useViewerState(tree.value);
  const sources = useSources();
  // The first-run form stays up while it works, even once its account briefly exists.
  const [onboarding, setOnboarding] = useState(false);
  const [tab, setTab] = useState('charts');

  useEffect(() => {
    document.title = 'Tributary';
  }, []);

  if (info.error || tree.error) return <FatalError message={info.error ?? tree.error ?? ''} />;
  if (!info.value || !tree.value) return <div className="loading">Opening workspace…</div>;

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
            onAddAccount={() => setAdding(true)}
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
                  { id: 'charts', label: 'Charts', content: <Viewer tree={tree.value} viewer={viewer} /> },
                  { id: 'sources', label: 'Sources', content: <SourcesView sources={sources} onOpen={openSource} /> },
                  {
                    id: 'map',
                    label: 'Map',
                    content: <SourceMap sources={sources.all ?? []} onOpen={openSource} />,
                  },
                  {
                    id: 'files',
                    label: 'Files',
                    content: <FilesView tree={tree.value} vendors={info.value.vendors} />,
                  },
                  { id: 'sync', label: 'Sync', content: <SyncPanel tree={tree.value} /> },
                  {
                    id: 'settings',
                    label: 'Settings',
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
        <h1>Welcome to Tributary</h1>
        <p>
          Tributary keeps a complete copy of your sensor data from vendor clouds on this computer, so you can browse,
          chart, export and download it with no network.
        </p>
        <p className="muted">Supported: {info.vendors.map((v) => v.label).join(', ')}.</p>
        {showForm ? null : (
          <div className="actions">
            <button className="primary" onClick={() => setShowForm(true)}>
              Add account
            </button>
            <button onClick={() => void openDemo()} disabled={demo.busy}>
              {demo.busy ? 'Starting demo…' : 'Open demo'}
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
        {showForm ? null : (
          <p className="muted small">
            The demo runs local copies of all five vendor services, with sample data, on this computer.
          </p>
        )}
      </section>
      {showForm ? <AccountForm vendors={info.vendors} onDone={onAdded} onCancel={() => setShowForm(false)} /> : null}
    </div>
  );
}

function FatalError({ message }: { message: string }) {
  return (
    <div className="center">
      <div className="card">
        <h2>Tributary cannot open</h2>
        <p className="error" role="alert">
          {message}
        </p>
      </div>
    </div>
  );
}
