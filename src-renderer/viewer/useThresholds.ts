import { useEffect, useState } from 'react';
import type { StreamRangeView } from '../../src-main/api/contract';
import { api } from '../api';
import type { Range } from './time';

/** A stream's range on a chart, and how many of its values in view fall outside it. */
export interface Threshold {
  streamId: number;
  min: number | null;
  max: number | null;
  origin: 'user' | 'vendor';
  /** Values outside the range in the visible range; null while counting. */
  outside: number | null;
}

function thresholdOf(streamId: number, r: StreamRangeView): Threshold | null {
  if (!r.effective) return null;
  return { streamId, ...r.effective, origin: r.user ? 'user' : 'vendor', outside: null };
}

/** The ranges of a chart's streams (the user's, else the vendor's) with their excursions over the visible range. */
export function useThresholds(streamIds: readonly number[], range: Range, dataVersion: number): Threshold[] {
  const [thresholds, setThresholds] = useState<Threshold[]>([]);
  const ids = streamIds.join(',');
  const from = Math.floor(range.from);
  const to = Math.ceil(range.to);
  useEffect(() => {
    let live = true;
    const wanted = ids ? ids.split(',').map(Number) : [];
    void Promise.all(
      wanted.map(async (streamId) => {
        const details = await api.invoke('streams:details', { streamId });
        const t = details.ok ? thresholdOf(streamId, details.value.ranges) : null;
        if (!t || to <= from) return t;
        const counted = await api.invoke('ranges:excursions', { streamId, from, to });
        return { ...t, outside: counted.ok ? counted.value.count : null };
      }),
    ).then((found) => {
      if (live) setThresholds(found.filter((t): t is Threshold => t !== null));
    });
    return () => {
      live = false;
    };
  }, [ids, from, to, dataVersion]);
  return thresholds;
}
