import { useEffect, useState } from 'react';
import type { AppInfo, ChannelInput, ExportJobProgress } from '../../src-main/api/contract';
import { api } from '../api';
import { Modal } from '../ui/Modal';
import { useChannel } from '../useApi';
import { fromInputValue, toInputValue } from '../viewer/time';
import { CsvOptions, noCsvOptions, type CsvChoices } from './CsvOptions';
import type { ExportRequest } from './exportRequests';
import { Radio } from './fields';
import { JobProgress } from './JobProgress';
import { RangeSection, type RangeMode } from './RangeSection';
import { RecentExports, TakeCopy } from './RecentExports';
import { noResample, ResampleFields, type ResampleChoice } from './ResampleFields';
import { useTranslation } from '../i18n';

type RunInput = ChannelInput<'export:run'>;
type Format = RunInput['format'];

const formats: { id: Format; label: string }[] = [
  { id: 'csv', label: 'CSV' },
  { id: 'xlsx', label: 'Excel (xlsx)' },
  { id: 'json', label: 'JSON Lines' },
  { id: 'parquet', label: 'Parquet' },
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
  const { t } = useTranslation();
  const [format, setFormat] = useState<Format>('csv');
  const [rangeMode, setRangeMode] = useState<RangeMode>(request.range ? 'view' : 'all');
  const [custom, setCustom] = useState(() => {
    const r = request.range;
    const zone = inputZone(request.timeZone);
    return r ? { from: toInputValue(r.from, zone), to: toInputValue(r.to, zone) } : { from: '', to: '' };
  });
  const [timeZone, setTimeZone] = useState(request.timeZone);
  const [layout, setLayout] = useState<'long' | 'wide'>('long');
  const [resample, setResample] = useState<ResampleChoice>(noResample);
  const [gaps, setGaps] = useState<'omit' | 'empty' | 'mark'>('omit');
  const [csv, setCsv] = useState<CsvChoices>(noCsvOptions);
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
    if (!r) return setError(t('export.badRange'));
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
    <Modal title={t('export.title', { what: request.title })} onClose={onClose}>
      <div className="export-dialog">
        <p className="muted small">
          {request.streamKeys.length === 1
            ? request.streamKeys[0]
            : t('status.streams', { count: request.streamKeys.length })}
        </p>
        <fieldset disabled={running}>
          <div className="form-grid">
            <label htmlFor="export-format">{t('export.format')}</label>
            <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
              {formats.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>

            <RangeSection
              request={request}
              mode={rangeMode}
              onMode={setRangeMode}
              custom={custom}
              onCustom={setCustom}
              zone={inputZone(timeZone)}
            />

            <label htmlFor="export-zone">{t('toolbar.timeZone')}</label>
            <select
              id="export-zone"
              value={format === 'parquet' ? 'UTC' : timeZone}
              disabled={format === 'parquet'}
              title={format === 'parquet' ? t('export.parquetUtc') : undefined}
              onChange={(e) => setTimeZone(e.target.value)}
            >
              <option value="UTC">UTC</option>
              <option value="local">
                {t('export.thisComputer', { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })}
              </option>
              {request.timeZone !== 'UTC' && request.timeZone !== 'local' ? (
                <option value={request.timeZone}>{request.timeZone}</option>
              ) : null}
            </select>

            <span>{t('export.layout')}</span>
            <div className="radio-row" role="radiogroup" aria-label={t('export.layout')}>
              <Radio
                name="layout"
                value="long"
                current={isCsv ? layout : 'long'}
                onChange={setLayout}
                label={t('export.long')}
              />
              <Radio
                name="layout"
                value="wide"
                current={isCsv ? layout : 'long'}
                onChange={setLayout}
                label={t('export.wide')}
                disabled={!isCsv}
              />
            </div>

            <ResampleFields value={resample} onChange={setResample} />

            <label htmlFor="export-gaps">{t('export.emptyBuckets')}</label>
            <select id="export-gaps" value={gaps} onChange={(e) => setGaps(e.target.value as typeof gaps)}>
              <option value="omit">{t('export.gapsOmit')}</option>
              <option value="empty">{t('export.gapsEmpty')}</option>
              {isCsv ? <option value="mark">{t('export.gapsMark')}</option> : null}
            </select>
          </div>

          {isCsv ? <CsvOptions value={csv} onChange={setCsv} /> : null}
        </fieldset>

        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        {jobId ? <JobProgress progress={progress} /> : null}

        <div className="modal-actions">
          {running ? (
            <button onClick={() => void api.invoke('export:cancel', { id: jobId })}>{t('export.cancel')}</button>
          ) : (
            <button className={done ? '' : 'primary'} onClick={() => void start()}>
              {done ? t('export.again') : t('export.run')}
            </button>
          )}
          {done ? <TakeCopy info={info} file={done} primary onError={setError} /> : null}
          <button onClick={onClose}>{t('common.close')}</button>
        </div>

        <RecentExports info={info} records={recent.value ?? []} onError={setError} />
      </div>
    </Modal>
  );
}
