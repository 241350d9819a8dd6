import { hashSeed, unit } from '../common/rng';
import { diurnal, enumState, inOutage, round } from '../common/signals';
import type { Scale } from '../common/faults';

/** The simulated organisation: two systems, seven sensors, records as pure functions of time. */

export type Unit = string | { value: number; unit: string }[];
export type MetaData = Record<string, string> | [];

export interface FieldSpec {
  /** The key used in `values`, `units` and `meta_data`. */
  key: string;
  /** The key used in `names`: usually `key`, but the doc shows they can differ (`door_countt`). */
  nameKey: string;
  name: string;
  unit: Unit;
  meta: MetaData;
  /** Pulse counts are served as consumption per 15-minute bucket, stamped at the bucket's end. */
  pulse: boolean;
  value: (seed: number, tMs: number) => number;
}

export interface Sensor {
  sensorId: string;
  systemId: number;
  typeId: number;
  /** Mean interval between transmissions. */
  periodMs: number;
  fields: FieldSpec[];
  seed: number;
  /** First and last possible transmission times (ms). */
  firstMs: number;
  lastMs: () => number;
}

export interface RtSystem {
  systemId: number;
  name: string;
  timezone: string;
  sensors: Sensor[];
}

export interface SensorRecord {
  tMs: number;
  values: Record<string, number>;
}

export interface SensorType {
  type_id: number;
  name: string;
  fields: string[];
}

const MINUTE = 60_000;
const DAY_MS = 86_400_000;
export const PULSE_BUCKET_MS = 15 * MINUTE;
export const HISTORY_DAYS: Record<Scale, number> = { small: 3, medium: 30, large: 600 };

const field = (
  key: string,
  name: string,
  unitOf: Unit,
  value: FieldSpec['value'],
  extra: Partial<FieldSpec> = {},
): FieldSpec => ({
  key,
  nameKey: key,
  name,
  unit: unitOf,
  meta: {},
  pulse: false,
  value,
  ...extra,
});
const states = (...names: string[]): Unit => names.map((n, value) => ({ value, unit: n }));
const current = (k: number) => (seed: number, t: number) => round(Math.max(0, diurnal(seed + k, t, 12, 6)), 2);
const energy = (k: number) => (seed: number, t: number) => round(Math.max(0, diurnal(seed + k, t, 3, 2)), 3);
const status = (k: number, perDay: number) => (seed: number, t: number) => enumState(seed + k, t, 2, perDay);
const count = (k: number) => (seed: number, t: number) =>
  Math.floor(unit(seed, 'pulses', k, Math.floor(t / PULSE_BUCKET_MS)) * 6);

export const SENSOR_TYPES: SensorType[] = [
  { type_id: 1, name: 'SmartRF Temperature', fields: ['temperature', 'temperature_min', 'temperature_max'] },
  { type_id: 2, name: 'SmartRF Pulse/Status', fields: ['status', 'pulse_count'] },
  { type_id: 4, name: 'SmartRF 3-Channel Meter', fields: ['channel_1_energy', 'channel_2_energy', 'channel_3_energy'] },
  { type_id: 5, name: 'SmartRF Battery Monitor', fields: ['Battery'] },
  { type_id: 108, name: 'SmartRF Temperature/Humidity', fields: ['temperature', 'humidity'] },
  {
    type_id: 113,
    name: 'SmartRF Dual Status/Pulse',
    fields: ['channel_1_status', 'channel_1_pulse_count', 'channel_2_status', 'channel_2_pulse_count'],
  },
  {
    type_id: 116,
    name: 'SmartRF 3-Phase Meter',
    fields: [
      'channel_1_energy',
      'channel_1_current',
      'channel_2_energy',
      'channel_2_current',
      'channel_3_energy',
      'channel_3_current',
    ],
  },
  {
    type_id: 1009,
    name: 'LoRaWAN Door/Light Monitor',
    fields: ['temperature', 'door_status', 'door_count', 'light_status', 'light_count'],
  },
  { type_id: 2001, name: 'LoRaWAN Indoor Air Quality', fields: ['temperature', 'humidity', 'co2'] },
];

type SensorSpec = Omit<Sensor, 'seed' | 'firstMs' | 'lastMs'> & { idle?: boolean };

const SPECS: SensorSpec[] = [
  {
    sensorId: '6110551',
    systemId: 2571,
    typeId: 5,
    periodMs: 60 * MINUTE,
    fields: [field('Battery', '6110551', 'V', (s, t) => diurnal(s, t, 3.6, 0.02, 0.2))],
  },
  {
    sensorId: '6322905',
    systemId: 2571,
    typeId: 108,
    periodMs: 5 * MINUTE,
    fields: [
      field('temperature', 'Export Test Temp', '°C', (s, t) => diurnal(s, t, 19.5, 2.5)),
      field('humidity', 'Export Test Humidity', '%RH', (s, t) => diurnal(s + 1, t, 55, -8)),
    ],
  },
  {
    sensorId: '6321402',
    systemId: 2571,
    typeId: 116,
    periodMs: 10 * MINUTE,
    fields: [1, 2, 3].flatMap((k) => [
      field(`channel_${k}_energy`, `Export Test Threephase E${k}`, 'kWh', energy(k), { pulse: true, meta: [] }),
      field(`channel_${k}_current`, `Export Test Threephase C${k}`, 'A', current(k), { meta: [] }),
    ]),
  },
  {
    sensorId: '9704474',
    systemId: 2571,
    typeId: 1009,
    periodMs: 10 * MINUTE,
    fields: [
      field('temperature', 'Blah Temperature', '°C', (s, t) => diurnal(s, t, 6, 1.5), {
        meta: { custom_meta_field: 'custom meta value' },
      }),
      field('door_status', 'Blah Door', states('standby', 'running'), status(1, 12)),
      field('door_count', 'Blah Door Count', '', count(1), { pulse: true, nameKey: 'door_countt' }),
      field('light_status', 'Blah Light Status', states('armed', 'disarmed'), status(2, 6)),
      field('light_count', 'Blah Light Count', '', count(2), { pulse: true }),
    ],
  },
  {
    sensorId: '11000005800001',
    systemId: 2571,
    typeId: 2001,
    periodMs: 5 * MINUTE,
    fields: [
      field('temperature', 'Meeting Room Temperature', '°C', (s, t) => diurnal(s, t, 21, 1.5)),
      field('humidity', 'Meeting Room Humidity', '%RH', (s, t) => diurnal(s + 1, t, 45, -6)),
      field('co2', 'Meeting Room CO2', 'ppm', (s, t) => Math.round(diurnal(s + 2, t, 650, 250))),
    ],
  },
  {
    sensorId: '6311678',
    systemId: 3044,
    typeId: 113,
    periodMs: 8 * MINUTE,
    fields: [
      field('channel_1_status', '6311678 Status 1', states('off', 'on'), status(1, 8)),
      field('channel_1_pulse_count', '6311678 Pulse Count 1', 'kWh', energy(1), { pulse: true, meta: [] }),
      field('channel_2_status', '6311678 Status 2', states('armed', 'disarmed'), status(2, 4)),
      field('channel_2_pulse_count', '6311678 Pulse 2', 'Unit', count(3), { pulse: true, meta: [] }),
    ],
  },
  {
    sensorId: '6400012',
    systemId: 3044,
    typeId: 1,
    periodMs: 10 * MINUTE,
    idle: true,
    fields: [field('temperature', 'Cold Store 2 (decommissioned)', '°C', (s, t) => diurnal(s, t, -18, 1))],
  },
];

/**
 * Systems and sensors of the organisation. History starts `HISTORY_DAYS` before the day of `startMs`;
 * the idle sensor stopped transmitting after 60% of it.
 */
export function organisation(seed: number, scale: Scale, startMs: number, nowMs: () => number): RtSystem[] {
  const firstMs = Math.floor(startMs / DAY_MS) * DAY_MS - HISTORY_DAYS[scale] * DAY_MS;
  const idleFromMs = firstMs + 0.6 * HISTORY_DAYS[scale] * DAY_MS;
  const sensors: Sensor[] = SPECS.map(({ idle, ...spec }) => ({
    ...spec,
    seed: hashSeed(seed, 'realtime', spec.sensorId),
    firstMs,
    lastMs: idle ? () => Math.min(idleFromMs, nowMs()) : nowMs,
  }));
  return [
    {
      systemId: 2571,
      name: '~ Test System ~',
      timezone: 'Europe/London',
      sensors: sensors.filter((s) => s.systemId === 2571),
    },
    {
      systemId: 3044,
      name: 'Harbour Warehouse',
      timezone: 'America/New_York',
      sensors: sensors.filter((s) => s.systemId === 3044),
    },
  ];
}

/** Transmission `slot` happens at an irregular whole second inside its period, like a real radio. */
function transmissionAt(sensor: Sensor, slot: number): number {
  return slot * sensor.periodMs + Math.floor((unit(sensor.seed, 'tx', slot) * 0.9 * sensor.periodMs) / 1000) * 1000;
}

function* transmissions(sensor: Sensor, fromMs: number, toMs: number): Generator<SensorRecord> {
  const plain = sensor.fields.filter((f) => !f.pulse);
  if (plain.length === 0) return;
  const from = Math.max(fromMs, sensor.firstMs);
  const to = Math.min(toMs, sensor.lastMs());
  for (let slot = Math.floor(from / sensor.periodMs); slot * sensor.periodMs <= to; slot++) {
    const t = transmissionAt(sensor, slot);
    if (t < from || t > to || inOutage(sensor.seed, t)) continue;
    yield { tMs: t, values: Object.fromEntries(plain.map((f) => [f.key, f.value(sensor.seed, t)])) };
  }
}

/** The newest time a pulse bucket may end: the earlier of the last transmission and the last whole bucket. */
function lastPulseEnd(sensor: Sensor): number {
  return (
    Math.floor(Math.min(sensor.lastMs(), lastTransmission(sensor) ?? -Infinity) / PULSE_BUCKET_MS) * PULSE_BUCKET_MS
  );
}

function* pulseBuckets(sensor: Sensor, fromMs: number, toMs: number): Generator<SensorRecord> {
  const pulses = sensor.fields.filter((f) => f.pulse);
  if (pulses.length === 0) return;
  const to = Math.min(toMs, lastPulseEnd(sensor));
  const from = Math.max(fromMs, sensor.firstMs + PULSE_BUCKET_MS);
  for (let end = Math.ceil(from / PULSE_BUCKET_MS) * PULSE_BUCKET_MS; end <= to; end += PULSE_BUCKET_MS) {
    if (inOutage(sensor.seed, end)) continue;
    yield { tMs: end, values: Object.fromEntries(pulses.map((f) => [f.key, f.value(sensor.seed, end)])) };
  }
}

/** Records within [fromMs, toMs] (both ends inclusive), ascending: transmissions merged with pulse buckets. */
export function* sensorRecords(sensor: Sensor, fromMs: number, toMs: number): Generator<SensorRecord> {
  const a = transmissions(sensor, fromMs, toMs);
  const b = pulseBuckets(sensor, fromMs, toMs);
  let x = a.next();
  let y = b.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value.tMs < y.value.tMs)) {
      yield x.value;
      x = a.next();
    } else if (x.done || y.value.tMs < x.value.tMs) {
      yield y.value;
      y = b.next();
    } else {
      yield { tMs: x.value.tMs, values: { ...x.value.values, ...y.value.values } };
      x = a.next();
      y = b.next();
    }
  }
}

/** The last transmission at or before the sensor's last possible time, or null if it never sent. */
function lastTransmission(sensor: Sensor): number | null {
  const to = sensor.lastMs();
  for (
    let slot = Math.floor(to / sensor.periodMs);
    slot * sensor.periodMs >= sensor.firstMs - sensor.periodMs;
    slot--
  ) {
    const t = transmissionAt(sensor, slot);
    if (t <= to && t >= sensor.firstMs && !inOutage(sensor.seed, t)) return t;
  }
  return null;
}

/** What getLatestRecordDate reports: for sensors with pulse points, capped at the last whole bucket. */
export function latestRecordDate(sensor: Sensor): number | null {
  const last = lastTransmission(sensor);
  if (last === null) return null;
  return sensor.fields.some((f) => f.pulse)
    ? Math.min(last, Math.floor(sensor.lastMs() / PULSE_BUCKET_MS) * PULSE_BUCKET_MS)
    : last;
}
