import type { StreamView } from '../../src-main/api/contract';
import { useTranslation } from '../i18n';
import { formatTime } from '../ui/format';
import { stateOrder } from './states';
import type { Range } from './time';
import type { StateRuns } from './useStateSpans';

/** Bands narrower than this many percent of the row keep their label to the tooltip. */
const LABEL_MIN_PERCENT = 6;

/**
 * A text stream as a state timeline: one coloured band per run of the same value, labelled where it
 * fits, on the chart's time axis (`inset`: where uPlot's plot area starts and how wide it is, in px).
 */
export function StateTimeline({
  stream,
  runs,
  range,
  colors,
  zone,
  inset,
}: {
  stream: StreamView;
  runs: StateRuns | undefined;
  range: Range;
  colors: readonly string[];
  zone: string | undefined;
  inset: { left: number; width: number } | null;
}) {
  const { t } = useTranslation();
  const spans = runs?.spans ?? [];
  const order = stateOrder(stream, spans);
  const span = range.to - range.from;
  const percent = (us: number) => ((Math.min(Math.max(us, range.from), range.to) - range.from) / span) * 100;
  return (
    <div
      className="state-timeline"
      data-testid="state-timeline"
      data-stream-key={stream.key}
      data-states={order.join('|')}
      style={inset ? { marginLeft: inset.left, width: inset.width } : undefined}
    >
      <span className="state-timeline-name">{stream.name}</span>
      <div
        className="state-timeline-row"
        role="img"
        aria-label={t('chart.stateRuns', { name: stream.name, count: spans.length })}
      >
        {spans.map((s) => {
          const left = percent(s.from);
          const width = percent(s.to) - left;
          if (width <= 0) return null;
          const color = colors[order.indexOf(s.state) % colors.length];
          return (
            <div
              key={s.from}
              className="state-band"
              data-state={s.state}
              style={{ left: `${left}%`, width: `${width}%`, background: color }}
              title={`${s.state}: ${formatTime(s.from, zone)} – ${formatTime(s.to, zone)}`}
            >
              {width >= LABEL_MIN_PERCENT ? s.state : ''}
            </div>
          );
        })}
        {runs && spans.length === 0 ? <span className="state-timeline-empty">{t('chart.noValues')}</span> : null}
      </div>
      {runs?.truncated ? <span className="muted small">{t('chart.firstRunsOnly')}</span> : null}
    </div>
  );
}
