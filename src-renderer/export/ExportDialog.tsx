import { useEffect, useState } from 'react';
import type { AppInfo, ChannelInput, ExportJobProgress, ExportRecord } from '../../src-main/api/contract';
import { api, call } from '../api';
import { useChannel } from '../useApi';
import { formatTime, fromInputValue, toInputValue, US_PER_S } from '../viewer/time';
import type { ExportRequest } from './exportRequests';
import { formatBytes, formatDuration } from '../ui/format';
import { Modal } from '../ui/Modal';

type RunInput = ChannelInput<'export:run'>;
type Format = RunInput['format'];
type Aggregate = NonNullable<RunInput['resample']>['aggregate'];
type RangeMode = 'view' | 'all' | 'custom';

const formats: { id: Format; label: string }[] = [
  { id: 'csv', label: 'CSV' },
  { id: 'xlsx', label: 'Excel (xlsx)' },
  { id: 'json', label: 'JSON Lines' },
  { id: 'parquet', label: 'Parquet' },
];
const intervals: { us: number; label: string }[] = [
  { us: 60 * US_PER_S, label: '1 minute' },
  { us: 5 * 60 * US_PER_S, label: '5 minutes' },
  { us: 15 * 60 * US_PER_S, label: '15 minutes' },
  { us: 3600 * US_PER_S, label: '1 hour' },
  { us: 86400 * US_PER_S, label: '1 day' },
];
const aggregates: Aggregate[] = ['mean', 'min', 'max', 'first', 'last', 'sum', 'count'];
const delimiters: { id: ',' | ';' | '\t' | '|'; label: string }[] = [
  { id: ',', label: 'Comma ,' },
  { id: ';', label: 'Semicolon ;' },
  { id: '\t', label: 'Tab' },
  { id: '|', label: 'Bar |' },
];

/** The zone a custom range is typed in: the export's own, the browser's for 'local'. */
const inputZone = (timeZone: string) => (timeZone === 'local' ? undefined : timeZone);

interface Props {
  info: AppInfo;
  request: ExportRequest;
  onClose(): void;
}

/** Export what is charted (or selected in the tree): options, progress, then Save as / Download. */
export function ExportDialog({ info, request, onClose }: Props) {
  const [format, setFormat] = useState<Format>('csv');
  const [rangeMode, setRangeMode] = useState<RangeMode>(request.range ? 'view' : 'all');
  const [custom, setCustom] = useState(() => {
    const r = request.range;
    const zone = inputZone(request.timeZone);
    return r ? { from: toInputValue(r.from, zone), to: toInputValue(r.to, zone) } : { from: '', to: '' };
  });
  const [timeZone, setTimeZone] = useState(request.timeZone);
  const [layout, setLayout] = useState<'long' | 'wide'>('long');
  const [resample, setResample] = useState<{ on: boolean; interval: number; aggregate: Aggregate }>({
    on: false,
    interval: intervals[2].us,
    aggregate: 'mean',
  });
  const [gaps, setGaps] = useState<'omit' | 'empty' | 'mark'>('omit');
  const [csv, setCsv] = useState({
    delimiter: ',' as (typeof delimiters)[number]['id'],
    decimalComma: false,
    bom: false,
    protectFormulas: true,
  });
  const [jobId, setJobId] = useState<string | null>(null);
  // Every job's latest progress, by id: a small export can finish (and say so) before export:run's
  // reply has told this dialog its id, so nothing may be dropped while the id is unknown.
  const [jobs, setJobs] = useState<Record<string, ExportJobProgress>>({});
  const progress = jobId === null ? null : (jobs[jobId] ?? null);
  const [error, setError] = useState<string | null>(null);
  const recent = useChannel('export:recent', {}, [progress?.state === 'done']);

  useEffect(() => api.on('export:progress', (p) => setJobs((all) => ({ ...all, [p.id]: p }))), []);

  const isCsv = format === 'csv';
  const running = jobId !== null && (progress === null || progress.state === 'running');

  const range = (): { from?: number; to?: number } | null => {
    if (rangeMode === 'all') return {};
    if (rangeMode === 'view' && request.range)
      return { from: Math.round(request.range.from), to: Math.round(request.range.to) };
    const from = fromInputValue(custom.from, inputZone(timeZone));
    const to = fromInputValue(custom.to, inputZone(timeZone));
    return from !== null && to !== null && to > from ? { from, to } : null;
  };

  const start = async () => {
    const r = range();
    if (!r) return setError('Enter a custom range whose end is after its start.');
    const input: RunInput = {
      format,
      streams: request.streamKeys,
      ...r,
      timeZone: format === 'parquet' ? 'UTC' : timeZone,
      layout: isCsv ? layout : 'long',
      gaps: !isCsv && gaps === 'mark' ? 'empty' : gaps,
      ...(resample.on ? { resample: { interval: resample.interval, aggregate: resample.aggregate } } : {}),
      csv: {
        delimiter: csv.decimalComma && csv.delimiter === ',' ? ';' : csv.delimiter,
        decimalSeparator: csv.decimalComma ? ',' : '.',
        bom: csv.bom,
        protectFormulas: csv.protectFormulas,
      },
    };
    setError(null);
    setJobId(null);
    const reply = await api.invoke('export:run', input);
    if (reply.ok) setJobId(reply.value.id);
    else setError(reply.error);
  };

  const done = progress?.state === 'done' ? progress.file : null;
  return (
    <Modal title={`Export ${request.title}`} onClose={onClose}>
      <div className="export-dialog">
        <p className="muted small">
          {request.streamKeys.length === 1 ? request.streamKeys[0] : `${request.streamKeys.length} streams`}
        </p>
        <fieldset disabled={running}>
          <div className="form-grid">
            <label htmlFor="export-format">Format</label>
            <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
              {formats.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>

            <span>Range</span>
            <div className="radio-row" role="radiogroup" aria-label="Range">
              {request.range ? (
                <Radio name="range" value="view" current={rangeMode} onChange={setRangeMode} label="Current view" />
              ) : null}
              <Radio name="range" value="all" current={rangeMode} onChange={setRangeMode} label="All data" />
              <Radio name="range" value="custom" current={rangeMode} onChange={setRangeMode} label="Custom" />
            </div>
            {rangeMode === 'view' && request.range ? (
              <p className="muted small span-2">
                {formatTime(request.range.from, inputZone(timeZone))} –{' '}
                {formatTime(request.range.to, inputZone(timeZone))}
              </p>
            ) : null}
            {rangeMode === 'custom' ? (
              <div className="range-inputs span-2">
                <input
                  type="datetime-local"
                  aria-label="Export from"
                  value={custom.from}
                  onChange={(e) => setCustom({ ...custom, from: e.target.value })}
                />
                <span className="muted">–</span>
                <input
                  type="datetime-local"
                  aria-label="Export to"
                  value={custom.to}
                  onChange={(e) => setCustom({ ...custom, to: e.target.value })}
                />
              </div>
            ) : null}

            <label htmlFor="export-zone">Time zone</label>
            <select
              id="export-zone"
              value={format === 'parquet' ? 'UTC' : timeZone}
              disabled={format === 'parquet'}
              title={format === 'parquet' ? 'Parquet holds UTC instants' : undefined}
              onChange={(e) => setTimeZone(e.target.value)}
            >
              <option value="UTC">UTC</option>
              <option value="local">This computer ({Intl.DateTimeFormat().resolvedOptions().timeZone})</option>
              {request.timeZone !== 'UTC' && request.timeZone !== 'local' ? (
                <option value={request.timeZone}>{request.timeZone}</option>
              ) : null}
            </select>

            <span>Layout</span>
            <div className="radio-row" role="radiogroup" aria-label="Layout">
              <Radio
                name="layout"
                value="long"
                current={isCsv ? layout : 'long'}
                onChange={setLayout}
                label="Long (a row per point)"
              />
              <Radio
                name="layout"
                value="wide"
                current={isCsv ? layout : 'long'}
                onChange={setLayout}
                label="Wide (a column per stream)"
                disabled={!isCsv}
              />
            </div>

            <label htmlFor="export-resample">
              <input
                id="export-resample"
                type="checkbox"
                checked={resample.on}
                onChange={(e) => setResample({ ...resample, on: e.target.checked })}
              />{' '}
              Resample
            </label>
            <div className="inline-fields">
              <select
                aria-label="Resample interval"
                disabled={!resample.on}
                value={resample.interval}
                onChange={(e) => setResample({ ...resample, interval: Number(e.target.value) })}
              >
                {intervals.map((i) => (
                  <option key={i.us} value={i.us}>
                    {i.label}
                  </option>
                ))}
              </select>
              <select
                aria-label="Aggregate"
                disabled={!resample.on}
                value={resample.aggregate}
                onChange={(e) => setResample({ ...resample, aggregate: e.target.value as Aggregate })}
              >
                {aggregates.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </div>

            <label htmlFor="export-gaps">Empty buckets</label>
            <select id="export-gaps" value={gaps} onChange={(e) => setGaps(e.target.value as typeof gaps)}>
              <option value="omit">Leave out</option>
              <option value="empty">Empty value</option>
              {isCsv ? <option value="mark">Mark as “gap”</option> : null}
            </select>
          </div>

          {isCsv ? (
            <details className="csv-options" open>
              <summary>CSV options</summary>
              <div className="form-grid">
                <label htmlFor="export-delimiter">Delimiter</label>
                <select
                  id="export-delimiter"
                  value={csv.decimalComma && csv.delimiter === ',' ? ';' : csv.delimiter}
                  onChange={(e) => setCsv({ ...csv, delimiter: e.target.value as typeof csv.delimiter })}
                >
                  {delimiters.map((d) => (
                    <option key={d.id} value={d.id} disabled={csv.decimalComma && d.id === ','}>
                      {d.label}
                    </option>
                  ))}
                </select>
                <Check
                  label="Decimal comma (1,5)"
                  checked={csv.decimalComma}
                  onChange={(v) => setCsv({ ...csv, decimalComma: v })}
                />
                <Check
                  label="Byte order mark (for Excel)"
                  checked={csv.bom}
                  onChange={(v) => setCsv({ ...csv, bom: v })}
                />
                <Check
                  label="Protect against spreadsheet formulas"
                  checked={csv.protectFormulas}
                  onChange={(v) => setCsv({ ...csv, protectFormulas: v })}
                />
              </div>
            </details>
          ) : null}
        </fieldset>

        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        {jobId ? <JobProgress progress={progress} /> : null}

        <div className="modal-actions">
          {running ? (
            <button onClick={() => void api.invoke('export:cancel', { id: jobId })}>Cancel export</button>
          ) : (
            <button className={done ? '' : 'primary'} onClick={() => void start()}>
              {done ? 'Export again' : 'Export'}
            </button>
          )}
          {done ? <TakeCopy info={info} file={done} primary onError={setError} /> : null}
          <button onClick={onClose}>Close</button>
        </div>

        <RecentExports info={info} records={recent.value ?? []} onError={setError} />
      </div>
    </Modal>
  );
}

function Radio<T extends string>(props: {
  name: string;
  value: NoInfer<T>;
  current: T;
  onChange(v: NoInfer<T>): void;
  label: string;
  disabled?: boolean;
}) {
  return (
    <label className="radio">
      <input
        type="radio"
        name={props.name}
        value={props.value}
        checked={props.current === props.value}
        disabled={props.disabled}
        onChange={() => props.onChange(props.value)}
      />{' '}
      {props.label}
    </label>
  );
}

function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange(v: boolean): void }) {
  return (
    <label className="check span-2">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
    </label>
  );
}

function JobProgress({ progress }: { progress: ExportJobProgress | null }) {
  const p: Omit<ExportJobProgress, 'id' | 'file'> = progress ?? {
    state: 'running',
    rows: 0,
    totalRows: 0,
    rowsPerSecond: 0,
    etaSeconds: null,
    error: null,
  };
  const text = {
    running: `${p.rows.toLocaleString('en-US')} of ${p.totalRows.toLocaleString('en-US')} rows · ${Math.round(p.rowsPerSecond).toLocaleString('en-US')} rows/s${p.etaSeconds === null ? '' : ` · ${formatDuration(p.etaSeconds)} left`}`,
    done: `Done: ${p.rows.toLocaleString('en-US')} rows`,
    cancelled: 'Cancelled: no file was written.',
    failed: `Failed: ${p.error ?? 'unknown error'}`,
  }[p.state];
  return (
    <div className={`export-progress ${p.state}`} data-testid="export-progress">
      <progress
        max={p.totalRows || 1}
        value={p.state === 'done' ? p.totalRows || 1 : p.rows}
        aria-label="Export progress"
      />
      <span className={p.state === 'failed' ? 'error' : 'muted small'} role="status">
        {text}
      </span>
    </div>
  );
}

/** "Save as…" with the native dialog (desktop) or a download through a one-time link (browser). */
function TakeCopy({
  info,
  file,
  primary,
  onError,
}: {
  info: AppInfo;
  file: ExportRecord;
  primary?: boolean;
  onError(e: string): void;
}) {
  const [note, setNote] = useState<string | null>(null);
  const take = async () => {
    try {
      if (info.mode === 'electron') {
        const { path } = await call('export:saveAs', { id: file.id });
        setNote(path ? `Saved to ${path}` : null);
        return;
      }
      const { url, name } = await call('export:ticket', { id: file.id });
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
    } catch (err) {
      onError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <>
      <button
        className={primary ? 'primary' : ''}
        onClick={() => void take()}
        // In the recent list, the name tells the buttons apart.
        aria-label={primary ? undefined : `${info.mode === 'electron' ? 'Save as' : 'Download'} ${file.name}`}
      >
        {info.mode === 'electron' ? 'Save as…' : 'Download'}
      </button>
      {note ? <span className="muted small">{note}</span> : null}
    </>
  );
}

function RecentExports({
  info,
  records,
  onError,
}: {
  info: AppInfo;
  records: ExportRecord[];
  onError(e: string): void;
}) {
  if (records.length === 0) return null;
  return (
    <section className="recent-exports" aria-label="Recent exports">
      <h3>Recent exports</h3>
      <ul>
        {records.map((r) => (
          <li key={r.id}>
            <span className="recent-name" title={r.path}>
              {r.name}
            </span>
            <span className="muted small">
              {r.rows.toLocaleString('en-US')} rows · {formatBytes(r.size)} ·{' '}
              {formatTime(r.finishedAt * 1000, undefined)}
            </span>
            <TakeCopy info={info} file={r} onError={onError} />
          </li>
        ))}
      </ul>
    </section>
  );
}
