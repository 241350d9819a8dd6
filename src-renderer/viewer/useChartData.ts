/**
 * The level-of-detail loop of one chart (DESIGN.md convention 9): for the visible range it asks the
 * store for about one bucket per pixel (min/max, or raw points when zoomed in), plus the range's
 * statistics and each stream's recorded gaps. Requests wait ~100 ms for zooming or panning to settle,
 * and a reply that arrives after a newer request is dropped.
 */
import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import type { RangeStatsView } from '../../src-main/api/contract';
import { call } from '../api';
import { alignSeries } from './align';
import type { Range } from './time';

export const REQUERY_DELAY_MS = 100;

export interface ChartData {
  data: uPlot.AlignedData;
  stats: RangeStatsView[];
  /** Per stream: whether the reply holds raw points (zoomed in) rather than min/max buckets. */
  raw: boolean[];
  /** The range this data was fetched for. */
  range: Range;
}

export interface ChartDataState {
  value: ChartData | null;
  error: string | null;
  loading: boolean;
}

export function useChartData(
  streamIds: readonly number[],
  range: Range | null,
  buckets: number,
  dataVersion: number,
): ChartDataState {
  /** The last answer, and which request (`requestKey`) it answers. */
  const [state, setState] = useState<{ value: ChartData | null; error: string | null; key: string }>({
    value: null,
    error: null,
    key: '',
  });
  const latest = useRef(0);
  const gapsCache = useRef(new Map<number, { version: number; gaps: Range[] }>());
  const idsKey = streamIds.join(',');
  const wanted = range !== null && buckets >= 1 && streamIds.length > 0;
  const requestKey = wanted ? `${idsKey}|${range.from}|${range.to}|${buckets}|${dataVersion}` : '';

  useEffect(() => {
    if (!range || buckets < 1 || streamIds.length === 0) return;
    const request = ++latest.current;
    const timer = setTimeout(() => {
      const gapsOf = async (streamId: number): Promise<Range[]> => {
        const cached = gapsCache.current.get(streamId);
        if (cached && cached.version === dataVersion) return cached.gaps;
        const details = await call('streams:details', { streamId });
        gapsCache.current.set(streamId, { version: dataVersion, gaps: details.gaps });
        return details.gaps;
      };
      const { from, to } = { from: Math.floor(range.from), to: Math.ceil(range.to) };
      void Promise.all([
        Promise.all(streamIds.map((streamId) => call('points:series', { streamId, from, to, buckets }))),
        Promise.all(streamIds.map((streamId) => call('points:stats', { streamId, from, to }))),
        Promise.all(streamIds.map(async (streamId) => [streamId, await gapsOf(streamId)] as const)),
      ]).then(
        ([series, stats, gaps]) => {
          if (request !== latest.current) return;
          const data = alignSeries(series, new Map(gaps), { from, to });
          setState({
            value: { data, stats, raw: series.map((s) => s.raw), range: { from, to } },
            error: null,
            key: requestKey,
          });
        },
        (err: unknown) => {
          if (request !== latest.current) return;
          setState((s) => ({ ...s, error: err instanceof Error ? err.message : String(err), key: requestKey }));
        },
      );
    }, REQUERY_DELAY_MS);
    return () => clearTimeout(timer);
    // The request is compared by value (ids, range ends, buckets, version), not by array identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [requestKey]);

  return { value: state.value, error: state.error, loading: wanted && state.key !== requestKey };
}
