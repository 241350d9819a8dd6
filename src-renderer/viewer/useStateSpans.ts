/**
 * The state runs of a chart's text and enumerated streams over the visible range, for the state
 * timeline and the legend's share of time per state. Raw points, capped: a range with more points
 * than the cap draws the runs it read, and the timeline says so.
 */
import { useEffect, useRef, useState } from 'react';
import type { StreamView } from '../../src-main/api/contract';
import { call } from '../api';
import { stateSpans, type StateSpan } from './states';
import type { Range } from './time';
import { REQUERY_DELAY_MS } from './useChartData';

export const STATE_POINT_LIMIT = 50_000;

export interface StateRuns {
  spans: StateSpan[];
  truncated: boolean;
}

export const isStateStream = (s: StreamView) => s.kind === 'text' || s.kind === 'enum';

export function useStateSpans(streams: readonly StreamView[], range: Range, dataVersion: number) {
  const [runs, setRuns] = useState<Map<number, StateRuns>>(new Map());
  const latest = useRef(0);
  const states = streams.filter(isStateStream);
  const key = `${states.map((s) => s.id).join(',')}|${range.from}|${range.to}|${dataVersion}`;
  useEffect(() => {
    if (states.length === 0) return;
    const request = ++latest.current;
    const from = Math.floor(range.from);
    const to = Math.ceil(range.to);
    const timer = setTimeout(() => {
      void Promise.all(
        states.map(async (s) => {
          const raw = await call('points:raw', { streamId: s.id, from, to, limit: STATE_POINT_LIMIT });
          return [s.id, { spans: stateSpans(s, raw, to), truncated: raw.truncated }] as const;
        }),
      ).then(
        (entries) => request === latest.current && setRuns(new Map(entries)),
        () => request === latest.current && setRuns(new Map()),
      );
    }, REQUERY_DELAY_MS);
    return () => clearTimeout(timer);
    // Compared by value (ids, range ends, version), not by array identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return runs;
}
