import type { Scale, SimOptions } from '../common/faults';
import { hashSeed, unit } from '../common/rng';
import { sampleTimesNewestFirst } from '../common/sample-times';
import { diurnal, enumState, round, sampleTimes, storm } from '../common/signals';
import type { TruthStream } from '../common/types';

/**
 * The simulated Opti account: facilities (sites), their metrics as DataStreams, the Resources
 * (metadata versions) behind each stream, and every DataPoint as a pure function of time.
 */

export const DAY_MS = 86_400_000;
/** The Public API serves only the last 3 days of DataPoints. */
export const WINDOW_MS = 3 * DAY_MS;

/** DateTime.MaxValue.Ticks: a DataPoint id is this minus the .NET ticks of its time (newer → smaller). */
const MAX_TICKS = 3155378975999999999n;
/** .NET ticks (100 ns since 0001-01-01) at the Unix epoch. */
const UNIX_EPOCH_TICKS = 621355968000000000n;
const TICKS_PER_MS = 10_000n;

export function idOfTime(ms: number): bigint {
  return MAX_TICKS - (UNIX_EPOCH_TICKS + BigInt(ms) * TICKS_PER_MS);
}

/** The earliest whole millisecond whose id is ≤ `id`. */
export function earliestMsWithIdAtMost(id: bigint): number {
  const ticks = MAX_TICKS - id - UNIX_EPOCH_TICKS;
  return Number(ticks / TICKS_PER_MS + (ticks % TICKS_PER_MS > 0n ? 1n : 0n));
}

/** The latest whole millisecond whose id is ≥ `id`. */
export function latestMsWithIdAtLeast(id: bigint): number {
  const ticks = MAX_TICKS - id - UNIX_EPOCH_TICKS;
  return Number(ticks >= 0n ? ticks / TICKS_PER_MS : (ticks - TICKS_PER_MS + 1n) / TICKS_PER_MS);
}

/** How a stream's values travel on the wire: JSON numbers, numeric strings ("42") or words ("ONLINE"). */
export type ValueStyle = 'number' | 'numeric-string' | 'word';

export interface OptiResource {
  resourceId: number;
  title: string;
  /** As served: ISO text, one of them without an offset (real responses do this; treat as UTC). */
  validFrom: string;
  validFromMs: number;
  unitName: string;
  unitAbbreviation: string;
  lon: number;
  lat: number;
}

export interface OptiStream {
  id: number;
  style: ValueStyle;
  stepMs: number;
  /** Ascending by validFromMs; a renamed stream has two. */
  resources: OptiResource[];
  /** Timestamps end in `Z` instead of `+00:00` (both occur). */
  zulu: boolean;
  /** The signal's seed. */
  seed: number;
  /** Listed for the account key; false = a stream the key may not see (403). */
  visibleToAccountKey: boolean;
  /** Listed for the restricted key. */
  visibleToRestrictedKey: boolean;
  /** A clean value at a sample time. */
  valueAt(tsMs: number): number | string;
}

interface MetricTemplate {
  product: string;
  metric: string;
  unitName: string;
  unitAbbreviation: string;
  style: ValueStyle;
  value(seed: number, tsMs: number): number | string;
}

const MODES = ['ONLINE', 'OFFLINE', 'AUTO', 'MANUAL'];

const METRICS: MetricTemplate[] = [
  {
    product: 'CMAC',
    metric: 'Water Level',
    unitName: 'feet',
    unitAbbreviation: 'ft',
    style: 'number',
    value: (s, t) => storm(s, t, 2.1, 3.5),
  },
  {
    product: 'Rain Gauge',
    metric: 'Rainfall',
    unitName: 'inches',
    unitAbbreviation: 'in',
    style: 'number',
    value: (s, t) => round(Math.max(0, storm(s, t, 0, 0.4) - 0.02), 3),
  },
  {
    product: 'CMAC',
    metric: 'Valve Position',
    unitName: 'percent',
    unitAbbreviation: '%',
    style: 'numeric-string',
    value: (s, t) => String(Math.round(Math.min(100, Math.max(0, diurnal(s, t, 40, 35))))),
  },
  {
    product: 'CMAC',
    metric: 'Mode',
    unitName: 'state',
    unitAbbreviation: '',
    style: 'word',
    value: (s, t) => MODES[enumState(s, t, MODES.length)],
  },
  {
    product: 'Flow Meter',
    metric: 'Outlet Flow',
    unitName: 'cubic feet per second',
    unitAbbreviation: 'cfs',
    style: 'number',
    value: (s, t) => storm(s, t, 0.3, 12),
  },
  {
    product: 'CMAC',
    metric: 'Battery Voltage',
    unitName: 'volts',
    unitAbbreviation: 'V',
    style: 'number',
    value: (s, t) => diurnal(s, t, 12.6, 0.4),
  },
];

const SITES = [
  'Harbor Pond',
  'Elm Street Cistern',
  'Riverside Basin',
  'Mill Creek Vault',
  'Oak Park Bioretention',
  'Bay Road Detention',
];

const SCALES: Record<Scale, { sites: number; stepMs: number }> = {
  small: { sites: 1, stepMs: 5 * 60_000 }, // 6 streams × 864 points
  medium: { sites: 4, stepMs: 60_000 }, // 24 streams × 4,320 points
  large: { sites: 17, stepMs: 15_000 }, // 102 streams × 17,280 points
};

function siteName(i: number): string {
  return i < SITES.length ? SITES[i] : `${SITES[i % SITES.length]} ${Math.floor(i / SITES.length) + 1}`;
}

/** ISO text without milliseconds' trailing 'Z', for validFrom values. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/**
 * Builds the account. `nowMs` anchors the one rename (36 h before the start of the simulated day),
 * so the rename falls inside the 3-day window and the two resources split the stream's points.
 */
export function buildCatalog(opts: SimOptions, nowMs: number): OptiStream[] {
  const { sites, stepMs } = SCALES[opts.scale];
  const renameMs = Math.floor(nowMs / DAY_MS) * DAY_MS - 36 * 3_600_000;
  const streams: OptiStream[] = [];
  for (let site = 0; site < sites; site++) {
    const lon = -83 + unit(opts.seed, 'lon', site) * 2;
    const lat = 42 + unit(opts.seed, 'lat', site);
    METRICS.forEach((m, k) => {
      const index = site * METRICS.length + k;
      const id = 27_000 + index * 7 + (hashSeed(opts.seed, 'id') % 5);
      const seed = hashSeed(opts.seed, 'opti', id);
      const resource = (n: number, title: string, validFromMs: number, withOffset: boolean): OptiResource => ({
        resourceId: 82_000 + index * 10 + n,
        title,
        validFrom: withOffset ? `${isoSeconds(validFromMs)}+00:00` : isoSeconds(validFromMs),
        validFromMs,
        unitName: m.unitName,
        unitAbbreviation: m.unitAbbreviation,
        lon,
        lat,
      });
      const title = `${siteName(site)} - ${m.product}: ${m.metric}`;
      const createdMs = Date.UTC(2019, 2, 1) + index * DAY_MS;
      const renamed = index === 0;
      const resources = renamed
        ? [
            resource(0, title, createdMs, false),
            resource(1, `${siteName(site)} - ${m.product}: ${m.metric} (Primary)`, renameMs, true),
          ]
        : [resource(0, title, createdMs, true)];
      streams.push({
        id,
        style: m.style,
        stepMs,
        resources,
        zulu: k % 2 === 1,
        seed,
        visibleToAccountKey: true,
        visibleToRestrictedKey: index % 2 === 0,
        valueAt: (t) => m.value(seed, t),
      });
    });
  }
  // One more stream of the account that the key has lost access to: asking for it gives 403.
  const last = streams[streams.length - 1];
  streams.push({
    ...last,
    id: last.id + 1000,
    visibleToAccountKey: false,
    visibleToRestrictedKey: false,
    resources: last.resources.map((r) => ({ ...r, resourceId: r.resourceId + 5000 })),
  });
  return streams;
}

/** The resource that describes the stream's values at `tsMs`. */
export function resourceAt(stream: OptiStream, tsMs: number): OptiResource {
  let current = stream.resources[0];
  for (const r of stream.resources) if (r.validFromMs <= tsMs) current = r;
  return current;
}

/** Hostile mode: about one point in a hundred carries a malformed value instead of the clean one. */
export const MALFORMED_VALUES = ['NaN', 'Infinity', '12,5', '1e400'] as const;
export type MalformedValue = (typeof MALFORMED_VALUES)[number];

export function malformedValueAt(opts: SimOptions, stream: OptiStream, tsMs: number): MalformedValue | null {
  if (opts.faults !== 'hostile') return null;
  const r = unit(opts.seed, 'malformed', stream.id, tsMs);
  return r < 0.01 ? MALFORMED_VALUES[Math.floor(r * 400) % MALFORMED_VALUES.length] : null;
}

/** Sample times in [fromMs, toMs], newest first, outages removed. */
export function timesNewestFirst(stream: OptiStream, fromMs: number, toMs: number): Generator<number> {
  return sampleTimesNewestFirst(stream.seed, stream.stepMs, fromMs, toMs + 1);
}

/** A value as the truth holds it: numeric strings become numbers, words stay text. */
function truthValue(stream: OptiStream, value: number | string): number | string {
  return stream.style === 'numeric-string' ? Number(value) : value;
}

/** What a complete sync with the account key yields at `nowMs`: the last 3 days (points exist strictly before now), malformed points left out. */
export function optiTruth(opts: SimOptions, streams: OptiStream[], nowMs: number): TruthStream[] {
  return streams
    .filter((s) => s.visibleToAccountKey)
    .map((stream) => ({
      key: `opti/${stream.id}`,
      points: function* () {
        for (const t of sampleTimes(stream.seed, stream.stepMs, nowMs - WINDOW_MS, nowMs)) {
          if (malformedValueAt(opts, stream, t) !== null) continue;
          yield { ts: t * 1000, value: truthValue(stream, stream.valueAt(t)) };
        }
      },
    }));
}
