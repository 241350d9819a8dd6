import { useEffect, useRef, useState } from 'react';
import type { StreamView } from '../../src-main/api/contract';
import { api } from '../api';

/** The newest stored value of each listed stream; re-read only for streams whose last point moved. */
export function useLastValues(streams: StreamView[]): Map<number, number | string | null> {
  const [values, setValues] = useState(new Map<number, number | string | null>());
  const seen = useRef(new Map<number, number>());
  useEffect(() => {
    const wanted = streams.filter((s) => s.lastTs !== null && seen.current.get(s.id) !== s.lastTs);
    if (wanted.length === 0) return;
    for (const s of wanted) seen.current.set(s.id, s.lastTs as number);
    void Promise.all(
      wanted.map(async (s) => {
        const r = await api.invoke('points:raw', {
          streamId: s.id,
          from: s.lastTs as number,
          to: (s.lastTs as number) + 1,
          limit: 1,
        });
        return [s.id, r.ok && r.value.ts.length > 0 ? (r.value.texts?.[0] ?? r.value.values[0]) : null] as const;
      }),
    ).then((pairs) => setValues((v) => new Map([...v, ...pairs])));
  }, [streams]);
  return values;
}
