import type uPlot from 'uplot';
import type { StreamView } from '../../src-main/api/contract';
import { scaleKey } from './chartOptions';
import { withAlpha } from './theme';
import type { Threshold } from './useThresholds';

/**
 * Draws each stream's range as a band behind the data (uPlot `drawClear` hook): filled between its
 * ends in the stream's colour, with dashed edges; an open end runs to the plot's edge.
 */
export function drawThresholdBands(
  u: uPlot,
  thresholds: readonly Threshold[],
  streams: readonly StreamView[],
  colors: readonly string[],
): void {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  for (const t of thresholds) {
    const i = streams.findIndex((s) => s.id === t.streamId);
    if (i === -1) continue;
    const scale = scaleKey(streams[i]);
    const yTop = t.max === null ? top : u.valToPos(t.max, scale, true);
    const yBottom = t.min === null ? top + height : u.valToPos(t.min, scale, true);
    const y0 = Math.max(top, Math.min(yTop, yBottom));
    const y1 = Math.min(top + height, Math.max(yTop, yBottom));
    if (!(y1 > y0)) continue;
    ctx.fillStyle = withAlpha(colors[i], 0.1);
    ctx.fillRect(left, y0, width, y1 - y0);
    ctx.strokeStyle = withAlpha(colors[i], 0.7);
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1;
    for (const [value, y] of [
      [t.max, yTop],
      [t.min, yBottom],
    ] as const)
      if (value !== null && y >= top && y <= top + height) {
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(left + width, y);
        ctx.stroke();
      }
  }
  ctx.restore();
}
