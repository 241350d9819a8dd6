import { useCallback, useEffect, useRef, useState } from 'react';
import type { OsfImportView, OsfSummary } from '../../src-main/api/contract';
import { api, call } from '../api';
import { Modal } from '../ui/Modal';
import { formatNumber } from '../ui/format';
import { formatTime } from '../viewer/time';
import { OSF_FILE, uploadFile } from './upload';
import './osf.css';

/** Files to open: picked or dropped in the browser (uploaded first), or paths from the desktop's dialog. */
type FileSource = { files: File[] } | { paths: string[] };

interface Item {
  key: number;
  name: string;
  state: 'uploading' | 'reading' | 'ready' | 'failed';
  summary: OsfSummary | null;
  error: string | null;
}

const listeners = new Set<(source: FileSource) => void>();
const openFiles = (source: FileSource) => listeners.forEach((l) => l(source));

/** Dropped files: the desktop app hands them to main (which answers with their paths); the browser uploads them. */
async function openDropped(files: File[]): Promise<void> {
  const desktop = window.tributaryDesktop;
  openFiles(desktop ? { paths: await desktop.openDropped(files) } : { files });
}

let nextKey = 1;
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
const baseName = (path: string) => path.split(/[/\\]/).pop() ?? path;

/** Mounted once by App: the drop target over the whole window and the summary dialog. */
export function OpenFilesHost() {
  const [items, setItems] = useState<Item[] | null>(null);
  const [imported, setImported] = useState<OsfImportView[] | null>(null);
  const [importing, setImporting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dragging = useFileDrag((files) => void openDropped(files));

  const update = (key: number, patch: Partial<Item>) =>
    setItems((list) => list?.map((i) => (i.key === key ? { ...i, ...patch } : i)) ?? null);

  const open = useCallback((source: FileSource) => {
    setImported(null);
    setError(null);
    const entries =
      'files' in source
        ? source.files.map((file) => ({ key: nextKey++, name: file.name, file, path: null }))
        : source.paths.map((path) => ({ key: nextKey++, name: baseName(path), file: null, path }));
    const refusal = (e: (typeof entries)[number]) =>
      OSF_FILE.test(e.name) ? null : 'Not an OSF logger file (.osf or .osfz).';
    setItems(
      entries.map((e) => ({
        key: e.key,
        name: e.name,
        state: refusal(e) ? 'failed' : e.file ? 'uploading' : 'reading',
        summary: null,
        error: refusal(e),
      })),
    );
    for (const e of entries.filter((e) => !refusal(e))) {
      void (async () => {
        try {
          const path = e.path ?? (await uploadFile(e.file as File));
          update(e.key, { state: 'reading' });
          update(e.key, { state: 'ready', summary: await call('osf:inspect', { path }) });
        } catch (err) {
          update(e.key, { state: 'failed', error: messageOf(err) });
        }
      })();
    }
  }, []);

  useEffect(() => {
    listeners.add(open);
    return () => void listeners.delete(open);
  }, [open]);

  const ready = items?.filter((i) => i.state === 'ready' && i.summary) ?? [];
  const pending = items?.some((i) => i.state === 'uploading' || i.state === 'reading') ?? false;
  const runImport = async () => {
    setImporting(true);
    const r = await api.invoke('osf:import', { paths: ready.map((i) => (i.summary as OsfSummary).path) });
    setImporting(false);
    if (r.ok) setImported(r.value);
    else setError(r.error);
  };
  const close = () => {
    setItems(null);
    setImported(null);
  };

  return (
    <>
      {dragging ? (
        <div className="file-drop-overlay" aria-hidden="true">
          <div>Drop .osf or .osfz files to open them</div>
        </div>
      ) : null}
      {items ? (
        <Modal
          title={
            imported ? 'Imported' : items.length === 1 ? 'Open a logger file' : `Open ${items.length} logger files`
          }
          wide
          onClose={close}
        >
          <div className="osf-dialog">
            {imported ? (
              <ImportResults results={imported} />
            ) : (
              items.map((item) => <FileSummary key={item.key} item={item} />)
            )}
            {error ? (
              <p className="error" role="alert">
                {error}
              </p>
            ) : null}
            <div className="modal-actions">
              {imported ? (
                <button className="primary" onClick={close}>
                  Done
                </button>
              ) : (
                <>
                  <button
                    className="primary"
                    disabled={ready.length === 0 || pending || importing}
                    onClick={() => void runImport()}
                  >
                    {importing ? 'Importing…' : ready.length > 1 ? `Import ${ready.length} files` : 'Import'}
                  </button>
                  <button onClick={close}>Cancel</button>
                </>
              )}
            </div>
          </div>
        </Modal>
      ) : null}
    </>
  );
}

/** True while files are dragged over the window; dropped OSF files (or any files) go to `onDrop`. */
function useFileDrag(onDrop: (files: File[]) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const latest = useRef(onDrop);
  useEffect(() => {
    latest.current = onDrop;
  });
  useEffect(() => {
    const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const over = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    // relatedTarget is null only when the drag leaves the window itself.
    const leave = (e: DragEvent) => e.relatedTarget === null && setDragging(false);
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      latest.current([...(e.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return dragging;
}

/** "Open files…": the native dialog on the desktop, the browser's file picker in browser mode. */
export function OpenFilesButton() {
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const choose = async () => {
    if (!window.tributaryDesktop) return input.current?.click();
    const r = await api.invoke('osf:choose', {});
    setError(r.ok ? null : r.error);
    if (!r.ok) return;
    if (r.value.paths.length > 0) openFiles({ paths: r.value.paths });
  };
  return (
    <>
      <button onClick={() => void choose()} title="Open OSF logger files (.osf, .osfz) — or drop them on the window">
        Open files…
      </button>
      {error ? (
        <span className="error small" role="alert">
          {error}
        </span>
      ) : null}
      <input
        ref={input}
        type="file"
        multiple
        accept=".osf,.osfz"
        hidden
        data-testid="open-files-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length > 0) openFiles({ files });
        }}
      />
    </>
  );
}

const utc = (us: number | null) => (us === null ? '—' : formatTime(us, 'UTC', true));

function FileSummary({ item }: { item: Item }) {
  const s = item.summary;
  return (
    <section className="osf-file" aria-label={item.name}>
      <h3>{item.name}</h3>
      {item.state === 'uploading' || item.state === 'reading' ? (
        <p className="muted" role="status">
          {item.state === 'uploading' ? 'Uploading…' : 'Reading the file…'}
        </p>
      ) : null}
      {item.error ? (
        <p className="error" role="alert">
          {item.error}
        </p>
      ) : null}
      {s ? (
        <>
          <dl className="osf-facts">
            <dt>Creator</dt>
            <dd>{s.creator || '—'}</dd>
            <dt>Created</dt>
            <dd>{s.created || '—'}</dd>
            <dt>Format</dt>
            <dd>
              {s.format}, {s.compression === 'none' ? 'uncompressed' : s.compression}, {(s.size / 1024).toFixed(1)} kB
            </dd>
            <dt>Channels</dt>
            <dd data-testid="osf-channel-count">{s.channels.length}</dd>
            <dt>Samples</dt>
            <dd>{s.channels.reduce((n, c) => n + c.count, 0).toLocaleString('en-US')}</dd>
          </dl>
          {s.truncated ? (
            <p className="warning small">The file is cut off: it is read up to its last whole sample.</p>
          ) : null}
          <div className="osf-channels">
            <table>
              <thead>
                <tr>
                  <th>Channel</th>
                  <th>Unit</th>
                  <th>Type</th>
                  <th className="num">Samples</th>
                  <th>First (UTC)</th>
                  <th>Last (UTC)</th>
                  <th className="num">Min</th>
                  <th className="num">Max</th>
                </tr>
              </thead>
              <tbody>
                {s.channels.map((c) => (
                  <tr key={c.index}>
                    <td>{c.name}</td>
                    <td>{c.unit}</td>
                    <td>{c.datatype}</td>
                    <td className="num" title={c.events > 0 ? `${c.events} events` : undefined}>
                      {c.count.toLocaleString('en-US')}
                      {c.events > 0 ? <span className="muted"> +{c.events} ev.</span> : null}
                    </td>
                    <td>{utc(c.first)}</td>
                    <td>{utc(c.last)}</td>
                    <td className="num">{formatNumber(c.min)}</td>
                    <td className="num">{formatNumber(c.max)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {s.warnings.length > 0 ? (
            <details className="osf-warnings">
              <summary className="warning">
                {s.warnings.length} warning{s.warnings.length === 1 ? '' : 's'}
              </summary>
              <ul>
                {s.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function ImportResults({ results }: { results: OsfImportView[] }) {
  return (
    <ul className="osf-results" data-testid="osf-results">
      {results.map((r) => (
        <li key={r.name}>
          <strong>{r.name}</strong>{' '}
          {r.alreadyImported
            ? 'was imported before: nothing new.'
            : `→ ${r.streams} streams, ${r.pointsAdded.toLocaleString('en-US')} points added${r.pointsIgnored > 0 ? ` (${r.pointsIgnored} at a time already stored)` : ''}.`}
          <span className="muted small"> They are in the tree under “Opened files” › {r.source}.</span>
        </li>
      ))}
    </ul>
  );
}
