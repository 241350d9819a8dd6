import { hashSeed, unit } from '../common/rng';
import { counter, diurnal, inOutage, round, storm } from '../common/signals';
import type { Scale } from '../common/faults';

/** The simulated account: sites → devices → sensors (each with its channel) → measurements in µs. */

export interface Site {
  id: string;
  name: string;
  vertical: 'haccp' | 'legionella' | 'server_room' | 'energy';
  timezone: string;
  /** Not in the vendor doc [guess]: where the site is, WGS 84. */
  location: { lat: number; lon: number };
}
export interface Device {
  id: string;
  siteId: string;
  localId: string;
  name: string;
  model: string;
  fwVersion: string;
}
export interface Channel {
  sensorId: string;
  channelId: string;
  deviceId: string;
  kind: string;
  label: string;
  unit: string;
  okMin: number | null;
  okMax: number | null;
  /** Sample period in µs; null for a sensor that has never reported. */
  periodUs: number | null;
  seed: number;
  value: (seed: number, tMs: number) => number;
}
export interface Fleet {
  sites: Site[];
  devices: Device[];
  channels: Channel[];
  /** Where history begins (µs): the devices' `created_at`. */
  originUs: number;
}

const DAY_MS = 86_400_000;
export const HISTORY_DAYS: Record<Scale, number> = { small: 3, medium: 60, large: 365 };
const PERIOD_US: Record<Scale, number> = { small: 300e6, medium: 300e6, large: 120e6 };

/** Physical limits of each kind accepted by ingest (422 out_of_range outside). */
export const KIND_RANGES: Record<string, [number, number]> = {
  temperature: [-90, 200],
  humidity: [0, 100],
  power: [0, 10_000],
  energy: [0, 1e12],
  co2: [0, 50_000],
  water_level: [-10, 100],
};

interface ChannelSpec {
  kind: keyof typeof KIND_RANGES;
  label: string;
  unit: string;
  ok: [number, number] | null;
  silent?: boolean;
  value: Channel['value'];
}
interface DeviceSpec {
  localId: string;
  name: string;
  model: string;
  channels: ChannelSpec[];
}
interface SiteSpec {
  name: string;
  vertical: Site['vertical'];
  timezone: string;
  location: Site['location'];
  devices: DeviceSpec[];
}

const FLEET: SiteSpec[] = [
  {
    name: 'Bistro Rheinufer',
    location: { lat: 50.9375, lon: 6.9603 },
    vertical: 'haccp',
    timezone: 'Europe/Berlin',
    devices: [
      {
        localId: 'shelly-ht-01',
        name: 'Cold room',
        model: 'Shelly H&T Gen3',
        channels: [
          { kind: 'temperature', label: 'Cold room', unit: '°C', ok: [0, 7], value: (s, t) => diurnal(s, t, 4, 0.8) },
          { kind: 'humidity', label: 'Cold room', unit: '%', ok: null, value: (s, t) => diurnal(s + 1, t, 80, -5) },
        ],
      },
      {
        localId: 'esp-freezer-2',
        name: 'Freezer 2',
        model: 'ESPHome DS18B20',
        channels: [
          {
            kind: 'temperature',
            label: 'Freezer',
            unit: '°C',
            ok: [-25, -15],
            value: (s, t) => diurnal(s, t, -19, 1.2),
          },
        ],
      },
    ],
  },
  {
    name: 'Klinik Nord – Warmwasser',
    location: { lat: 53.5753, lon: 10.0153 },
    vertical: 'legionella',
    timezone: 'Europe/Berlin',
    devices: [
      {
        localId: 'ttn-boiler-a',
        name: 'Boiler A',
        model: 'Milesight EM300-TH',
        channels: [
          { kind: 'temperature', label: 'Flow', unit: '°C', ok: [60, 75], value: (s, t) => diurnal(s, t, 62, 1.5) },
          { kind: 'temperature', label: 'Return', unit: '°C', ok: [55, 70], value: (s, t) => diurnal(s + 1, t, 56, 2) },
        ],
      },
    ],
  },
  {
    name: 'Rechenzentrum Süd',
    location: { lat: 48.1374, lon: 11.5755 },
    vertical: 'server_room',
    timezone: 'Europe/Zurich',
    devices: [
      {
        localId: 'rack-12',
        name: 'Rack 12',
        model: 'OpenSense Edge',
        channels: [
          {
            kind: 'temperature',
            label: 'Cold aisle',
            unit: '°C',
            ok: [18, 27],
            value: (s, t) => diurnal(s, t, 22.5, 1),
          },
          {
            kind: 'power',
            label: 'PDU A',
            unit: 'kW',
            ok: null,
            value: (s, t) => round(Math.max(0, diurnal(s, t, 11, 2.5)), 3),
          },
          { kind: 'energy', label: 'PDU A', unit: 'kWh', ok: null, value: (s, t) => counter(s, t, 11) },
          {
            kind: 'water_level',
            label: 'Raised floor leak',
            unit: 'mm',
            ok: [0, 1],
            value: (s, t) => storm(s, t, 0, 0.5),
          },
          { kind: 'co2', label: 'Door sensor (new)', unit: 'ppm', ok: null, silent: true, value: () => 0 },
        ],
      },
    ],
  },
];

const idOf = (prefix: string, seed: number, ...parts: (string | number)[]): string =>
  `${prefix}_${hashSeed(seed, prefix, ...parts)
    .toString(36)
    .padStart(7, '0')}`;

export function buildFleet(seed: number, scale: Scale, startMs: number): Fleet {
  const originUs = (Math.floor(startMs / DAY_MS) * DAY_MS - HISTORY_DAYS[scale] * DAY_MS) * 1000;
  const fleet: Fleet = { sites: [], devices: [], channels: [], originUs };
  FLEET.forEach((siteSpec, si) => {
    const site: Site = {
      id: idOf('site', seed, si),
      name: siteSpec.name,
      vertical: siteSpec.vertical,
      timezone: siteSpec.timezone,
      location: siteSpec.location,
    };
    fleet.sites.push(site);
    siteSpec.devices.forEach((deviceSpec, di) => {
      const device: Device = {
        id: idOf('dev', seed, si, di),
        siteId: site.id,
        localId: deviceSpec.localId,
        name: deviceSpec.name,
        model: deviceSpec.model,
        fwVersion: `1.${di + 3}.${si}`,
      };
      fleet.devices.push(device);
      deviceSpec.channels.forEach((c, ci) => {
        fleet.channels.push({
          sensorId: idOf('snr', seed, si, di, ci),
          channelId: idOf('chn', seed, si, di, ci),
          deviceId: device.id,
          kind: c.kind,
          label: c.label,
          unit: c.unit,
          okMin: c.ok?.[0] ?? null,
          okMax: c.ok?.[1] ?? null,
          periodUs: c.silent ? null : Math.round(PERIOD_US[scale] * (1 + ci * 0.2)),
          seed: hashSeed(seed, 'opensense', si, di, ci),
          value: c.value,
        });
      });
    });
  });
  return fleet;
}

/** A channel created by ingest for a (type, label) its device had not reported before. */
export function ingestChannel(seed: number, device: Device, kind: string, label: string, unitText: string): Channel {
  return {
    sensorId: idOf('snr', seed, device.id, kind, label),
    channelId: idOf('chn', seed, device.id, kind, label),
    deviceId: device.id,
    kind,
    label,
    unit: unitText,
    okMin: null,
    okMax: null,
    periodUs: null,
    seed: 0,
    value: () => 0,
  };
}

/** Sample `slot` lies at an irregular microsecond within the first half of its period. */
function sampleAt(channel: Channel, periodUs: number, slot: number): number {
  return slot * periodUs + Math.floor(unit(channel.seed, 'jitter', slot) * periodUs * 0.5);
}

/** Generated samples in [fromUs, toUs), ascending, within [originUs, nowUs]. */
export function* generatedSamples(
  channel: Channel,
  fromUs: number,
  toUs: number,
  originUs: number,
  nowUs: number,
): Generator<[number, number]> {
  const period = channel.periodUs;
  if (period === null) return;
  const from = Math.max(fromUs, originUs);
  const to = Math.min(toUs, nowUs + 1);
  for (let slot = Math.floor(from / period); slot * period < to; slot++) {
    const t = sampleAt(channel, period, slot);
    const ms = Math.floor(t / 1000);
    if (t < from || t >= to || inOutage(channel.seed, ms)) continue;
    yield [t, channel.value(channel.seed, ms)];
  }
}

/** The generated sample at exactly `tsUs`, if there is one (ingest deduplicates against it). */
export function generatedAt(channel: Channel, tsUs: number, originUs: number, nowUs: number): boolean {
  for (const [t] of generatedSamples(channel, tsUs, tsUs + 1, originUs, nowUs)) if (t === tsUs) return true;
  return false;
}
