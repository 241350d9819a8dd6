/**
 * Streams of states (text, and enumerations) read as a state timeline: each value holds from its
 * point until the next point, as Grafana's state timeline draws it. Pure functions of their inputs.
 */
import type { RawPoints, StreamView } from '../../src-main/api/contract';
import { formatValue } from './format';
import type { Range } from './time';

/** One run of the same state, µs; `to` is the next point's time (or the range's end for the last). */
export interface StateSpan {
  from: number;
  to: number;
  state: string;
}

/** Points as state runs: consecutive equal states merge; a missing value ends the run before it. */
export function stateSpans(stream: Pick<StreamView, 'kind' | 'enumLabels'>, raw: RawPoints, end: number): StateSpan[] {
  const spans: StateSpan[] = [];
  for (let i = 0; i < raw.ts.length; i++) {
    const text = raw.texts?.[i] ?? null;
    const value = raw.values[i];
    const state = text ?? (Number.isNaN(value) ? null : formatValue(stream, value));
    const to = i + 1 < raw.ts.length ? raw.ts[i + 1] : end;
    const last = spans[spans.length - 1];
    if (state === null) continue;
    if (last && last.state === state && last.to === raw.ts[i]) last.to = to;
    else spans.push({ from: raw.ts[i], to, state });
  }
  return spans;
}

/** Each state's share of the time covered within `range`, largest first. */
export function stateShares(spans: readonly StateSpan[], range: Range): { state: string; share: number }[] {
  const time = new Map<string, number>();
  let total = 0;
  for (const s of spans) {
    const d = Math.min(s.to, range.to) - Math.max(s.from, range.from);
    if (d <= 0) continue;
    time.set(s.state, (time.get(s.state) ?? 0) + d);
    total += d;
  }
  return [...time.entries()]
    .map(([state, t]) => ({ state, share: total > 0 ? t / total : 0 }))
    .sort((a, b) => b.share - a.share || a.state.localeCompare(b.state));
}

/** `AUTO 64 % · OFFLINE 36 %` (whole percent; `< 1 %` for a sliver). */
export function sharesText(shares: readonly { state: string; share: number }[]): string {
  return shares
    .map(({ state, share }) => `${state} ${share > 0 && share < 0.01 ? '< 1' : Math.round(share * 100)} %`)
    .join(' · ');
}

/** The states in order of first appearance: each keeps its colour however the range moves. */
export function stateOrder(stream: Pick<StreamView, 'kind' | 'enumLabels'>, spans: readonly StateSpan[]): string[] {
  const order = stream.kind === 'enum' && stream.enumLabels ? Object.values(stream.enumLabels) : ([] as string[]);
  for (const s of spans) if (!order.includes(s.state)) order.push(s.state);
  return order;
}
