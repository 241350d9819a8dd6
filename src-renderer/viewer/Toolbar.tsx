import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ChartExportButton } from '../export/ExportButtons';
import { useTranslation } from '../i18n';
import { DateTimeField } from '../ui/DateTimeField';
import { SavedViews } from './SavedViews';
import { formatSpan, fromInputValue, presets, toInputValue, type Range } from './time';
import type { ViewerState } from './viewState';
import { useToolbarOverflow } from './useToolbarOverflow';

interface Props {
  viewer: ViewerState;
  zone: string | undefined;
  /** The zone "source" stands for, shown in its option. */
  sourceZone: string | null;
  onMessage(message: string): void;
}

/** Controls that leave the row for the More menu when it is narrow, most important first. */
const OPTIONAL = ['presets', 'panZoom', 'range', 'span', 'timeZone', 'export', 'views'] as const;
type OptionalItem = (typeof OPTIONAL)[number];

/**
 * Above the charts, in one row at any width: chart or table always; range presets, pan and zoom,
 * the custom range, its span, the time zone, export and saved views beside it while there is room,
 * in that order of importance, and otherwise in a More menu (see useToolbarOverflow).
 */
export function Toolbar({ viewer, zone, sourceZone, onMessage }: Props) {
  const { t, i18n } = useTranslation();
  const { rowRef, overflow } = useToolbarOverflow(OPTIONAL, i18n.language);
  const { range } = viewer;
  const optional: Record<OptionalItem, ReactNode> = {
    presets: (
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
    ),
    panZoom: <PanZoom viewer={viewer} />,
    range: <RangeInputs range={range} zone={zone} onRange={viewer.setRange} />,
    span: range ? <span className="muted small span-label">{formatSpan(range.to - range.from)}</span> : null,
    timeZone: (
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
    ),
    export: <ChartExportButton viewer={viewer} zone={zone} />,
    views: <SavedViews viewer={viewer} onMessage={onMessage} />,
  };
  const inRow = (key: OptionalItem) =>
    overflow.has(key) ? null : (
      <div className="toolbar-item" data-item={key}>
        {optional[key]}
      </div>
    );
  return (
    <div className="toolbar chart-toolbar" role="toolbar" aria-label={t('toolbar.label')} ref={rowRef}>
      {inRow('presets')}
      {inRow('range')}
      {inRow('panZoom')}
      {inRow('span')}
      {inRow('timeZone')}
      <div className="toolbar-item toolbar-end" data-item="display" data-fixed>
        <div className="segmented" role="group" aria-label={t('toolbar.display')}>
          <button aria-pressed={viewer.mode === 'chart'} onClick={() => viewer.setMode('chart')}>
            {t('toolbar.chart')}
          </button>
          <button aria-pressed={viewer.mode === 'table'} onClick={() => viewer.setMode('table')}>
            {t('toolbar.table')}
          </button>
        </div>
      </div>
      {inRow('export')}
      {inRow('views')}
      <MoreMenu hidden={overflow.size === 0}>
        {OPTIONAL.filter((key) => overflow.has(key)).map((key) => (
          <div key={key} className="toolbar-menu-item">
            {optional[key]}
          </div>
        ))}
      </MoreMenu>
    </div>
  );
}

/** Earlier, zoom in and out, later, and back to the preset. */
function PanZoom({ viewer }: { viewer: ViewerState }) {
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
    <div className="segmented" role="group" aria-label={t('toolbar.panZoom')}>
      <button
        onClick={() => move(-0.5)}
        disabled={!range}
        title={t('toolbar.earlierTitle')}
        aria-label={t('toolbar.earlier')}
      >
        ◀
      </button>
      <button onClick={() => zoom(0.5)} disabled={!range} title={t('toolbar.zoomIn')} aria-label={t('toolbar.zoomIn')}>
        +
      </button>
      <button onClick={() => zoom(2)} disabled={!range} title={t('toolbar.zoomOut')} aria-label={t('toolbar.zoomOut')}>
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
      <button
        onClick={viewer.resetZoom}
        disabled={viewer.preset !== null}
        title={t('toolbar.resetTitle')}
        aria-label={t('toolbar.reset')}
      >
        ↺
      </button>
    </div>
  );
}

/** The More button and what did not fit in the row; Escape or a click elsewhere closes it. */
function MoreMenu({ hidden, children }: { hidden: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => !box.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);
  return (
    <div
      className="toolbar-item toolbar-more"
      data-item="more"
      hidden={hidden}
      ref={box}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          box.current?.querySelector('button')?.focus();
        }
      }}
    >
      <button
        aria-expanded={open}
        aria-controls="toolbar-menu"
        title={t('toolbar.moreTitle')}
        aria-label={t('toolbar.more')}
        onClick={() => setOpen(!open)}
      >
        ⋯
      </button>
      <div id="toolbar-menu" className="toolbar-menu" role="group" aria-label={t('toolbar.more')} hidden={!open}>
        {children}
      </div>
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
