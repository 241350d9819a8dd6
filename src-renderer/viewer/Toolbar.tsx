import { useState } from 'react';
import { ChartExportButton } from '../export/ExportButtons';
import { useTranslation } from '../i18n';
import { DateTimeField } from '../ui/DateTimeField';
import { SavedViews } from './SavedViews';
import { formatSpan, fromInputValue, presets, toInputValue, type Range } from './time';
import type { ViewerState } from './viewState';

interface Props {
  viewer: ViewerState;
  zone: string | undefined;
  /** The zone "source" stands for, shown in its option. */
  sourceZone: string | null;
  onMessage(message: string): void;
}

/** Above the charts: range presets and custom range, pan and zoom, time zone, table toggle, saved views. */
export function Toolbar({ viewer, zone, sourceZone, onMessage }: Props) {
  const { t } = useTranslation();
  const { range } = viewer;
  const move = (fraction: number) =>
    range &&
    viewer.setRange({
      from: range.from + (range.to - range.from) * fraction,
      to: range.to + (range.to - range.from) * fraction,
    });
  const zoom = (factor: number) => {
    if (!range) return;
    const mid = (range.from + range.to) / 2;
    const half = ((range.to - range.from) * factor) / 2;
    viewer.setRange({ from: mid - half, to: mid + half });
  };
  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      <div className="segmented" role="group" aria-label={t('toolbar.timeRange')}>
        {presets.map((p) => (
          <button
            key={p.id}
            aria-pressed={viewer.preset === p.id}
            onClick={() => viewer.setPreset(p.id)}
            data-preset={p.id}
          >
            {t(`toolbar.presets.${p.id}`)}
          </button>
        ))}
      </div>
      <RangeInputs range={range} zone={zone} onRange={viewer.setRange} />
      <div className="segmented" role="group" aria-label={t('toolbar.panZoom')}>
        <button
          onClick={() => move(-0.5)}
          disabled={!range}
          title={t('toolbar.earlierTitle')}
          aria-label={t('toolbar.earlier')}
        >
          ◀
        </button>
        <button
          onClick={() => zoom(0.5)}
          disabled={!range}
          title={t('toolbar.zoomIn')}
          aria-label={t('toolbar.zoomIn')}
        >
          +
        </button>
        <button
          onClick={() => zoom(2)}
          disabled={!range}
          title={t('toolbar.zoomOut')}
          aria-label={t('toolbar.zoomOut')}
        >
          −
        </button>
        <button
          onClick={() => move(0.5)}
          disabled={!range}
          title={t('toolbar.laterTitle')}
          aria-label={t('toolbar.later')}
        >
          ▶
        </button>
        <button onClick={viewer.resetZoom} disabled={viewer.preset !== null} title={t('toolbar.resetTitle')}>
          {t('toolbar.reset')}
        </button>
      </div>
      {range ? <span className="muted small span-label">{formatSpan(range.to - range.from)}</span> : null}
      <select
        value={viewer.timeZone}
        onChange={(e) => viewer.setTimeZone(e.target.value as typeof viewer.timeZone)}
        aria-label={t('toolbar.timeZone')}
        title={t('toolbar.timeZoneTitle', { zone: zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone })}
      >
        <option value="UTC">UTC</option>
        <option value="local">{t('toolbar.localTime')}</option>
        <option value="source">{sourceZone ? t('toolbar.sourceTime') : t('toolbar.sourceTimeUtc')}</option>
      </select>
      <span className="toolbar-spacer" />
      <div className="segmented" role="group" aria-label={t('toolbar.display')}>
        <button aria-pressed={viewer.mode === 'chart'} onClick={() => viewer.setMode('chart')}>
          {t('toolbar.chart')}
        </button>
        <button aria-pressed={viewer.mode === 'table'} onClick={() => viewer.setMode('table')}>
          {t('toolbar.table')}
        </button>
      </div>
      <ChartExportButton viewer={viewer} zone={zone} />
      <SavedViews viewer={viewer} onMessage={onMessage} />
    </div>
  );
}

/** From / to as wall-clock time in the chosen zone; applied on Enter or when the field loses focus. */
function RangeInputs({
  range,
  zone,
  onRange,
}: {
  range: Range | null;
  zone: string | undefined;
  onRange(r: Range): void;
}) {
  const { t } = useTranslation();
  const shown = range
    ? { from: toInputValue(range.from, zone), to: toInputValue(range.to, zone) }
    : { from: '', to: '' };
  const [draft, setDraft] = useState(shown);
  // A new range from elsewhere (zoom, preset) replaces what was being typed.
  const [typedFor, setTypedFor] = useState(shown);
  if (typedFor.from !== shown.from || typedFor.to !== shown.to) {
    setTypedFor(shown);
    setDraft(shown);
  }
  const commit = () => {
    if (draft.from === shown.from && draft.to === shown.to) return;
    const from = fromInputValue(draft.from, zone);
    const to = fromInputValue(draft.to, zone);
    if (from !== null && to !== null && to > from) onRange({ from, to });
  };
  const field = (which: 'from' | 'to', label: string) => (
    <DateTimeField
      aria-label={label}
      value={draft[which]}
      disabled={!range}
      onChange={(v) => setDraft({ ...draft, [which]: v })}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
  return (
    <div className="range-inputs">
      {field('from', t('toolbar.from'))}
      <span className="muted">–</span>
      {field('to', t('toolbar.to'))}
    </div>
  );
}
