/**
 * The chart for keyboards and screen readers: a text summary of what is drawn (streams, range, min,
 * max, last value), and keys that move a cursor through the points, zoom and pan, with the values at
 * the cursor announced politely. The canvas itself stays for eyes and mice.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import type uPlot from 'uplot';
import type { StreamView } from '../../src-main/api/contract';
import { useTranslation } from '../i18n';
import { formatDateTime } from '../ui/format';
import { formatValue } from './format';
import { fromSeconds, US_PER_MS, type Range } from './time';
import type { ChartData } from './useChartData';

interface Props {
  plot: uPlot | null;
  streams: StreamView[];
  data: ChartData | null;
  range: Range;
  zone: string | undefined;
  onRange(range: Range): void;
}

/** The last drawn value of one series (for buckets, the last bucket's maximum). */
function lastValue(values: uPlot.AlignedData[number] | undefined): number | null {
  if (!values) return null;
  for (let i = values.length - 1; i >= 0; i--)
    if (values[i] !== null && values[i] !== undefined) return values[i] ?? null;
  return null;
}

const withUnit = (text: string, unit: string) => (unit && text !== '—' ? `${text} ${unit}` : text);

export function ChartAccess({ plot, streams, data, range, zone, onRange }: Props) {
  const { t } = useTranslation();
  const summaryId = useId();
  const helpId = useId();
  const [index, setIndex] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const time = (us: number) => formatDateTime(us / US_PER_MS, zone);

  const summary = [
    t('chart.summaryRange', { from: time(range.from), to: time(range.to) }),
    ...streams.map((s, i) => {
      const st = data?.stats[i];
      if (!st || st.count === 0) return t('chart.summaryEmpty', { name: s.name });
      return t('chart.summaryStream', {
        name: s.name,
        count: st.count,
        min: withUnit(formatValue(s, st.min), s.unit),
        max: withUnit(formatValue(s, st.max), s.unit),
        last: withUnit(formatValue(s, lastValue(data?.data[1 + 2 * i])), s.unit),
      });
    }),
  ].join(' ');

  const moveTo = (i: number) => {
    if (!plot) return;
    const xs = plot.data[0];
    const at = Math.max(0, Math.min(xs.length - 1, i));
    setIndex(at);
    plot.setCursor({ left: plot.valToPos(xs[at], 'x'), top: plot.over.clientHeight / 2 });
    const values = streams.map((s, k) => {
      const v = plot.data[1 + 2 * k]?.[at] ?? null;
      return t('chart.cursorValue', { name: s.name, value: withUnit(formatValue(s, v), s.unit) });
    });
    setAnnouncement(`${time(fromSeconds(xs[at]))}: ${values.join('; ')}`);
  };

  const zoom = (factor: number) => {
    const xs = plot?.data[0];
    const anchor = index !== null && xs?.[index] !== undefined ? fromSeconds(xs[index]) : (range.from + range.to) / 2;
    onRange({ from: anchor - (anchor - range.from) * factor, to: anchor + (range.to - anchor) * factor });
    setAnnouncement(t('chart.zoomed'));
  };

  const pan = (share: number) => {
    const shift = (range.to - range.from) * share;
    onRange({ from: range.from + shift, to: range.to + shift });
    setAnnouncement(t('chart.panned'));
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const last = (plot?.data[0].length ?? 0) - 1;
    const actions: Record<string, () => void> = {
      ArrowLeft: () => moveTo(index === null ? last : index - 1),
      ArrowRight: () => moveTo(index === null ? 0 : index + 1),
      Home: () => moveTo(0),
      End: () => moveTo(last),
      'Shift+ArrowLeft': () => pan(-0.25),
      'Shift+ArrowRight': () => pan(0.25),
      '+': () => zoom(0.5),
      '=': () => zoom(0.5),
      '-': () => zoom(2),
    };
    const action = actions[e.shiftKey && e.key.startsWith('Arrow') ? `Shift+${e.key}` : e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  return (
    <div
      className="chart-access"
      tabIndex={0}
      role="group"
      aria-label={t('chart.keysLabel', { streams: streams.map((s) => s.name).join(', ') })}
      aria-describedby={`${summaryId} ${helpId}`}
      onKeyDown={onKeyDown}
      onBlur={() => setIndex(null)}
    >
      <p id={summaryId} className="chart-summary muted small" data-testid="chart-summary">
        {summary}
      </p>
      <p id={helpId} className="visually-hidden">
        {t('chart.keysHelp')}
      </p>
      <p className="visually-hidden" aria-live="polite" data-testid="chart-announcement">
        {announcement}
      </p>
    </div>
  );
}
