/**
 * Opening the export dialog from anywhere (the chart toolbar, the tree) without threading callbacks
 * through every component: callers `requestExport`, the one dialog host mounted by App listens.
 */
import { useEffect, useState } from 'react';
import type { Range } from '../viewer/time';

export interface ExportRequest {
  /** What is exported, in words: "current view", "Hydro / Pump 1". */
  title: string;
  streamKeys: string[];
  /** The visible range when exported from the chart; null from the tree (all data). */
  range: Range | null;
  /** The zone the chart shows times in: 'UTC', 'local' or an IANA name. */
  timeZone: string;
}

const listeners = new Set<(request: ExportRequest) => void>();

export function requestExport(request: ExportRequest): void {
  for (const l of listeners) l(request);
}

/** The latest request, until `close` is called. */
export function useExportRequest(): [ExportRequest | null, () => void] {
  const [request, setRequest] = useState<ExportRequest | null>(null);
  useEffect(() => {
    listeners.add(setRequest);
    return () => void listeners.delete(setRequest);
  }, []);
  return [request, () => setRequest(null)];
}
