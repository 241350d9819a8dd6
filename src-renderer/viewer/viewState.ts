/**
 * What the viewer shows: the charts (which streams on which chart), the shared time range, the time
 * zone, the stream whose details are open. Shared by the sidebar (which adds streams) and the viewer.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { StreamView, Tree, ViewSpec } from '../../src-main/api/contract';
import { api } from '../api';
import { extentOf, presetRange, type Preset, type Range, type TimeZoneChoice } from './time';

export interface ChartSpec {
  id: number;
  streamIds: number[];
}

/** A preset anchored at the moment it was chosen (or the store last changed), or a fixed range. */
type RangeChoice = { preset: Preset; at: number } | { custom: Range };

export interface ViewerState {
  charts: ChartSpec[];
  /** The visible range, µs; null while nothing is charted or the charted streams hold no points. */
  range: Range | null;
  preset: Preset | null;
  timeZone: TimeZoneChoice;
  detailsId: number | null;
  mode: 'chart' | 'table';
  /** Bumped whenever the store changes (a sync landed points): charts re-query their range. */
  dataVersion: number;
  chartedIds: number[];
  addStream(streamId: number, chartId?: number): void;
  addChart(streamId: number): void;
  removeStream(chartId: number, streamId: number): void;
  setPreset(preset: Preset): void;
  setRange(range: Range): void;
  /** Back to the last preset after zooming or panning. */
  resetZoom(): void;
  setTimeZone(tz: TimeZoneChoice): void;
  showDetails(streamId: number | null): void;
  setMode(mode: 'chart' | 'table'): void;
  toSpec(): ViewSpec | null;
  /** Reopens a saved view; returns how many of its streams this workspace no longer has. */
  openSpec(spec: ViewSpec): number;
}

const MAX_STREAMS_PER_CHART = 32;
const MAX_CHARTS = 12;

let nextChartId = 1;

export function useViewerState(tree: Tree | null): ViewerState {
  const [charts, setCharts] = useState<ChartSpec[]>([]);
  const [choice, setChoice] = useState<RangeChoice>(() => ({ preset: 'all', at: Date.now() }));
  const [lastPreset, setLastPreset] = useState<Preset>('all');
  const [timeZone, setTimeZone] = useState<TimeZoneChoice>('UTC');
  const [detailsId, setDetailsId] = useState<number | null>(null);
  const [mode, setMode] = useState<'chart' | 'table'>('chart');
  const [dataVersion, setDataVersion] = useState(0);

  useEffect(
    () =>
      api.on('store:changed', () => {
        setDataVersion((v) => v + 1);
        // A relative preset follows the clock while data lands.
        setChoice((c) => ('preset' in c ? { preset: c.preset, at: Date.now() } : c));
      }),
    [],
  );

  const chartedIds = useMemo(() => [...new Set(charts.flatMap((c) => c.streamIds))], [charts]);
  const byId = useMemo(() => new Map((tree?.streams ?? []).map((s) => [s.id, s])), [tree]);
  const extent = useMemo(
    () => extentOf(chartedIds.map((id) => byId.get(id)).filter((s): s is StreamView => !!s)),
    [chartedIds, byId],
  );
  const range = useMemo(
    () => ('preset' in choice ? presetRange(choice.preset, choice.at, extent) : choice.custom),
    [choice, extent],
  );

  const addStream = useCallback((streamId: number, chartId?: number) => {
    setCharts((cs) => {
      if (cs.length === 0) return [{ id: nextChartId++, streamIds: [streamId] }];
      const target = cs.find((c) => c.id === chartId) ?? cs[cs.length - 1];
      if (target.streamIds.includes(streamId) || target.streamIds.length >= MAX_STREAMS_PER_CHART) return cs;
      return cs.map((c) => (c === target ? { ...c, streamIds: [...c.streamIds, streamId] } : c));
    });
  }, []);

  const addChart = useCallback((streamId: number) => {
    setCharts((cs) => (cs.length >= MAX_CHARTS ? cs : [...cs, { id: nextChartId++, streamIds: [streamId] }]));
  }, []);

  const removeStream = useCallback((chartId: number, streamId: number) => {
    setCharts((cs) =>
      cs
        .map((c) => (c.id === chartId ? { ...c, streamIds: c.streamIds.filter((s) => s !== streamId) } : c))
        .filter((c) => c.streamIds.length > 0),
    );
  }, []);

  const preset = 'preset' in choice ? choice.preset : null;

  const toSpec = useCallback((): ViewSpec | null => {
    if (charts.length === 0) return null;
    const keyOf = (id: number) => byId.get(id)?.key;
    return {
      charts: charts.map((c) => ({ streamKeys: c.streamIds.map(keyOf).filter((k): k is string => !!k) })),
      range:
        'preset' in choice
          ? { preset: choice.preset }
          : { from: Math.round(choice.custom.from), to: Math.round(choice.custom.to) },
      timeZone,
    };
  }, [charts, byId, choice, timeZone]);

  const openSpec = useCallback(
    (spec: ViewSpec): number => {
      const idByKey = new Map((tree?.streams ?? []).map((s) => [s.key, s.id]));
      let missing = 0;
      const next: ChartSpec[] = [];
      for (const c of spec.charts) {
        const ids = c.streamKeys.map((k) => idByKey.get(k)).filter((id): id is number => id !== undefined);
        missing += c.streamKeys.length - ids.length;
        if (ids.length > 0) next.push({ id: nextChartId++, streamIds: ids });
      }
      setCharts(next);
      if ('preset' in spec.range) {
        setLastPreset(spec.range.preset);
        setChoice({ preset: spec.range.preset, at: Date.now() });
      } else setChoice({ custom: { from: spec.range.from, to: spec.range.to } });
      setTimeZone(spec.timeZone);
      return missing;
    },
    [tree],
  );

  return {
    charts,
    range,
    preset,
    timeZone,
    detailsId,
    mode,
    dataVersion,
    chartedIds,
    addStream,
    addChart,
    removeStream,
    setPreset: useCallback((p: Preset) => {
      setLastPreset(p);
      setChoice({ preset: p, at: Date.now() });
    }, []),
    setRange: useCallback((r: Range) => setChoice({ custom: r }), []),
    resetZoom: useCallback(() => setChoice({ preset: lastPreset, at: Date.now() }), [lastPreset]),
    setTimeZone,
    showDetails: setDetailsId,
    setMode,
    toSpec,
    openSpec,
  };
}
